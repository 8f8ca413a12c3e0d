/**
 * Diff mode for pull requests: what NEW introduces compared with OLD.
 *
 * - Findings are compared by fingerprint (check, file, resource, property path), so a finding on an
 *   unchanged function caused by a changed or removed neighbour (a deleted subscription filter)
 *   counts as new, and line moves do not.
 * - Governance-relevant changes are computed on the effective templates (SAM and Serverless as the
 *   model expands them): `@aws-cdk/cloudformation-diff` finds the changed resources and properties,
 *   which are then interpreted (timeout raised, reserved concurrency removed, subscription filter
 *   removed); role permissions and sensitivity are compared on the model.
 *
 * `@aws-cdk/cloudformation-diff` is heavy: it is imported lazily, only here.
 */
import { toJsonFinding } from '../formatters/json.js';
import { statSync } from 'node:fs';
import path from 'node:path';
import { lintPaths, type LintOptions, type LintRun } from '../run.js';
import { fingerprint } from '../engine/run.js';
import type { BusinessRule, Finding, LintResult, RuleMeta, Settings } from '../engine/types.js';
import type { LambdaFunction, Project, Resource, Template } from '../model/types.js';
import { asNumber, show, type Value } from '../model/value.js';
import { toPlain } from '../parse/index.js';
import { statementAllows } from '../engine/iam-match.js';
import { classification } from '../engine/sensitivity.js';
import { logGroupIdentity, namesGroup } from '../engine/log-groups.js';
import { createConfigResolver } from '../config/index.js';
import { rules as allRules } from '../../rules/index.js';
import { UsageError } from '../parameters.js';
import { gitRoot, readerAt, resolveRef } from './git.js';
import { importExternal } from '../io/import-external.js';

export type ChangeKind =
  | 'timeout-raised'
  | 'reserved-concurrency-removed'
  | 'subscription-filter-removed'
  | 'invoke-permission-gained'
  | 'sensitive-classification-added';

/** A change between OLD and NEW that matters for governance. */
export interface GovernanceChange {
  kind: ChangeKind;
  businessRule: BusinessRule;
  /** Function, filter or role the change is about (as findings name resources). */
  resource: string;
  /** Where: in NEW, or in OLD for something NEW removed (`side: 'old'`). */
  file: string;
  line: number;
  column: number;
  side: 'old' | 'new';
  message: string;
  /** The change weakens a control (every change ldlint lists today does). */
  regression: boolean;
}

export interface DiffResult {
  /** What was compared: paths, or `REF` and the working tree. */
  old: string;
  new: string;
  /** Findings of NEW that OLD does not have. */
  introduced: Finding[];
  /** Findings of OLD that NEW no longer has. */
  resolved: Finding[];
  changes: GovernanceChange[];
  /** NEW's files and rules, for the report formatters. */
  files: LintResult['files'];
  rules: RuleMeta<unknown>[];
  notes: { path: string; note: string }[];
  /** Paths given that do not exist in NEW, as given. */
  missing: string[];
}

interface Side {
  run: LintRun;
  /** File identity shared by OLD and NEW (display path -> key). */
  fileKey(displayPath: string): string;
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** `ldlint diff OLD NEW`: two files or two directories. */
export async function diffPaths(oldPath: string, newPath: string, options: LintOptions): Promise<DiffResult> {
  const cwd = options.cwd;
  const oldAbs = path.resolve(cwd, oldPath);
  const newAbs = path.resolve(cwd, newPath);
  const kind = (p: string, shown: string) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`diff: no such file or directory: ${shown}`);
    return st.isDirectory() ? 'dir' : 'file';
  };
  const oldKind = kind(oldAbs, oldPath);
  const newKind = kind(newAbs, newPath);
  if (oldKind !== newKind) throw new UsageError(`diff: compare two files or two directories (${oldPath} is a ${oldKind === 'dir' ? 'directory' : 'file'}, ${newPath} is not)`);
  const sideOptions = { ...options, reportSuppressed: false, baseline: undefined, readSource: undefined, keepProjects: true };
  const [oldRun, newRun] = [await lintPaths([oldAbs], sideOptions), await lintPaths([newAbs], sideOptions)];
  const keyed = (abs: string) => (display: string) => {
    const file = path.resolve(cwd, display);
    if (oldKind === 'dir') return toPosix(path.relative(abs, file));
    // Two files: the file itself is "the template" on both sides; files it includes keep their names.
    return file === abs ? `<template>/${path.basename(newAbs)}` : toPosix(path.relative(path.dirname(abs), file));
  };
  return compare({ run: oldRun, fileKey: keyed(oldAbs) }, { run: newRun, fileKey: keyed(newAbs) }, oldPath, newPath, options);
}

/** `--changed-since REF`: the working tree's files against their versions at REF (`git show REF:path`). */
export async function diffChangedSince(paths: string[], ref: string, options: LintOptions): Promise<DiffResult> {
  const root = gitRoot(options.cwd);
  const commit = resolveRef(root, ref);
  const sideOptions = { ...options, reportSuppressed: false, baseline: undefined, keepProjects: true };
  const newRun = await lintPaths(paths, { ...sideOptions, readSource: undefined });
  const oldRun = await lintPaths(paths, { ...sideOptions, readSource: readerAt(root, commit), onFile: undefined });
  const same = (display: string) => display;
  return compare({ run: oldRun, fileKey: same }, { run: newRun, fileKey: same }, ref, 'working tree', options);
}

/** The findings of a diff as a lint result (for the report formatters): the new ones only. */
export function diffAsLintResult(d: DiffResult): LintResult {
  return { findings: d.introduced, files: d.files, rules: d.rules };
}

// ---------------------------------------------------------------------------------------------
// Comparison

async function compare(oldSide: Side, newSide: Side, oldLabel: string, newLabel: string, options: LintOptions): Promise<DiffResult> {
  const key = (side: Side) => (f: Finding) => fingerprint(f.ruleId, side.fileKey(f.file), f.resource, f.path ?? f.message);
  const introduced = subtract(newSide.run.result.findings, oldSide.run.result.findings, key(newSide), key(oldSide));
  const resolved = subtract(oldSide.run.result.findings, newSide.run.result.findings, key(oldSide), key(newSide));
  const changes = await governanceChanges(oldSide, newSide, options);
  return {
    old: oldLabel,
    new: newLabel,
    introduced,
    resolved,
    changes,
    files: newSide.run.result.files,
    rules: newSide.run.result.rules,
    notes: newSide.run.notes,
    missing: newSide.run.missing,
  };
}

/** Findings of `a` beyond the occurrences `b` has of the same key (a multiset difference). */
function subtract(a: readonly Finding[], b: readonly Finding[], keyA: (f: Finding) => string, keyB: (f: Finding) => string): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(keyB(f), (left.get(keyB(f)) ?? 0) + 1);
  const out: Finding[] = [];
  for (const f of a) {
    const k = keyA(f);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(f);
  }
  return out;
}

interface SideModel {
  templates: Map<string, { template: Template; project: Project }>;
}

function modelOf(side: Side): SideModel {
  const templates = new Map<string, { template: Template; project: Project }>();
  for (const o of side.run.outcomes) {
    if (!o.project) continue;
    for (const t of o.project.templates) {
      const k = side.fileKey(t.file.path);
      if (!templates.has(k)) templates.set(k, { template: t, project: o.project });
    }
  }
  return { templates };
}

/** The effective template as CloudFormation JSON (SAM and Serverless: the resources the model expands). */
export function effectiveTemplate(t: Template): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const [id, r] of t.resources) {
    resources[id] = {
      Type: r.type,
      Properties: r.properties ? plain(r.properties) : {},
      ...(r.metadata ? { Metadata: plain(r.metadata) } : {}),
      ...(r.condition ? { Condition: r.condition } : {}),
    };
  }
  return { Resources: resources };
}

/** toPlain, with ordinary objects (toPlain's maps have no prototype). */
function plain(node: Parameters<typeof toPlain>[0]): unknown {
  return JSON.parse(JSON.stringify(toPlain(node)));
}

type FullDiff = typeof import('@aws-cdk/cloudformation-diff').fullDiff;

async function governanceChanges(oldSide: Side, newSide: Side, options: LintOptions): Promise<GovernanceChange[]> {
  const oldModel = modelOf(oldSide);
  const newModel = modelOf(newSide);
  const keys = [...new Set([...oldModel.templates.keys(), ...newModel.templates.keys()])].sort();
  if (keys.length === 0) return [];
  const { fullDiff } = await importExternal<{ fullDiff: FullDiff }>('@aws-cdk/cloudformation-diff');
  const settingsFor = settingsResolver(options);
  const changes: GovernanceChange[] = [];
  for (const k of keys) {
    const o = oldModel.templates.get(k);
    const n = newModel.templates.get(k);
    const diff = fullDiff(o ? effectiveTemplate(o.template) : {}, n ? effectiveTemplate(n.template) : {});
    const changed = new Set<string>();
    diff.resources.forEachDifference((id, change) => {
      changed.add(id);
      const before = o?.template.resources.get(id);
      const after = n?.template.resources.get(id);
      if (change.isRemoval && before?.type === 'AWS::Logs::SubscriptionFilter' && o) {
        changes.push(filterRemoved(before, o.project));
        return;
      }
      if (!change.isUpdate || !before || !after || after.type !== 'AWS::Lambda::Function') return;
      const fnBefore = o!.project.functions.find((f) => f.resource === before);
      const fnAfter = n!.project.functions.find((f) => f.resource === after);
      if (!fnBefore || !fnAfter) return;
      const updates = change.propertyUpdates;
      if (updates.Timeout) {
        const was = numberOr(fnBefore.get('Timeout'), fnBefore.defaults.Timeout);
        const now = numberOr(fnAfter.get('Timeout'), fnAfter.defaults.Timeout);
        if (was !== undefined && now !== undefined && now > was) {
          changes.push(change_('timeout-raised', 'BR-LD-3', fnAfter.name, 'new', fnAfter.get('Timeout').loc,
            `function ${fnAfter.name}: Timeout raised from ${was} s to ${now} s (worst-case cost and run time grow).`));
        }
      }
      const rc = updates.ReservedConcurrentExecutions;
      if (rc && rc.newValue === undefined && rc.oldValue !== undefined) {
        changes.push(change_('reserved-concurrency-removed', 'BR-LD-3', fnAfter.name, 'new', after.keyLoc,
          `function ${fnAfter.name}: ReservedConcurrentExecutions (${show(fnBefore.get('ReservedConcurrentExecutions'))}) removed: its parallelism and cost are no longer bounded.`));
      }
    });
    if (!n) continue;
    const iamChanged = [...changed].some((id) => {
      const r = n.template.resources.get(id) ?? o?.template.resources.get(id);
      return !!r && (r.type === 'AWS::IAM::Role' || r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy' || r.type === 'AWS::Lambda::Function');
    });
    if (iamChanged) changes.push(...invokeGained(o, n));
    changes.push(...newlySensitive(o, n, settingsFor(n.template)));
  }
  return changes.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.kind, b.kind));
}

function numberOr(v: Value, fallback: number): number | undefined {
  if (v.kind === 'absent') return fallback;
  return asNumber(v);
}

function change_(kind: ChangeKind, businessRule: BusinessRule, resource: string, side: 'old' | 'new', loc: Resource['keyLoc'], message: string): GovernanceChange {
  const p = loc.file.position(loc.start);
  return { kind, businessRule, resource, file: loc.file.path, line: p.line, column: p.column, side, message, regression: true };
}

function filterRemoved(filter: Resource, project: Project): GovernanceChange {
  const group = filter.get('LogGroupName');
  const ids = project.functions.map((fn) => logGroupIdentity(project, fn)).filter((g) => namesGroup(group, g, filter) === true);
  const dest = filter.get('DestinationArn');
  const what = ids.length
    ? `${ids[0]!.label} of function${ids.length > 1 ? 's' : ''} ${ids.map((g) => g.fn.name).join(', ')}`
    : `log group ${show(group)}`;
  return change_('subscription-filter-removed', 'BR-LD-2', filter.logicalId, 'old', filter.keyLoc,
    `subscription filter ${filter.logicalId} removed: ${what} no longer forwards to ${show(dest)} (enterprise security logging).`);
}

const INVOKE = 'lambda:InvokeFunction';

function invokingRoles(project: Project, template: Template): Map<string, { role: Resource; fns: LambdaFunction[]; statement?: { loc: Resource['keyLoc']; origin: string } }> {
  const out = new Map<string, { role: Resource; fns: LambdaFunction[]; statement?: { loc: Resource['keyLoc']; origin: string } }>();
  for (const fn of project.functions) {
    const role = fn.role?.resource;
    if (!role || role.template !== template) continue;
    const entry = out.get(role.logicalId) ?? { role, fns: [] };
    entry.fns.push(fn);
    const s = fn.role!.statements.find((st) => st.effect === 'Allow' && statementAllows(st, INVOKE));
    if (s && !entry.statement) entry.statement = { loc: s.loc, origin: s.origin };
    out.set(role.logicalId, entry);
  }
  return out;
}

function invokeGained(o: { template: Template; project: Project } | undefined, n: { template: Template; project: Project }): GovernanceChange[] {
  const before = o ? invokingRoles(o.project, o.template) : new Map();
  const out: GovernanceChange[] = [];
  for (const [id, e] of invokingRoles(n.project, n.template)) {
    if (!e.statement || before.get(id)?.statement) continue;
    const fns = e.fns.map((f) => f.name).join(', ');
    out.push(change_('invoke-permission-gained', 'RP-LD-1', id, 'new', e.statement.loc,
      `role ${id} (execution role of ${fns}) gained ${INVOKE} (${e.statement.origin}): functions invoking functions (RP-LD-1 chaining).`));
  }
  return out;
}

function newlySensitive(o: { template: Template; project: Project } | undefined, n: { template: Template; project: Project }, settings: Settings): GovernanceChange[] {
  const out: GovernanceChange[] = [];
  for (const fn of n.project.functions) {
    if (fn.resource.template !== n.template) continue;
    const now = classification(fn, settings);
    if (!now.sensitive || !now.via) continue;
    const prev = o?.project.functions.find((f) => f.resource.template === o.template && f.name === fn.name);
    if (prev && classification(prev, settings).sensitive) continue;
    out.push(change_('sensitive-classification-added', 'BR-LD-1', fn.name, 'new', now.via.loc.loc,
      `${prev ? 'function' : 'new function'} ${fn.name} is now classified sensitive (${now.via.key}: ${now.via.value}): BR-LD-1 (no CMS sensitive data on Lambda) applies.`));
  }
  return out;
}

function settingsResolver(options: LintOptions): (t: Template) => Settings {
  const configFor = createConfigResolver(allRules, { config: options.config });
  return (t) => configFor(path.dirname(path.resolve(options.cwd, t.file.path))).settings;
}

// ---------------------------------------------------------------------------------------------
// Output

export interface DiffRenderOptions {
  color?: boolean;
}

/** Stylish-like text: new findings, resolved findings, governance-relevant changes, a summary. */
export async function renderDiffText(d: DiffResult, opts: DiffRenderOptions = {}): Promise<string> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const sev = (s: string) => (s === 'error' ? chalk.red(s) : s === 'warning' ? chalk.yellow(s) : chalk.blue(s));
  const out: string[] = [chalk.bold(`ldlint diff: ${d.old} -> ${d.new}`)];
  const section = <T extends { file: string; line: number; column: number }>(title: string, rows: T[], line: (r: T) => string) => {
    out.push('', chalk.bold(`${title} (${rows.length})`));
    let file = '';
    for (const r of [...rows].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column)) {
      if (r.file !== file) {
        file = r.file;
        out.push('', chalk.underline(file));
      }
      out.push(`  ${chalk.dim(`${r.line}:${r.column}`.padStart(6))}  ${line(r)}`);
    }
  };
  const msg = (m: string) => m.replace(/\s*[\r\n]+\s*/g, ' ');
  section('New findings', d.introduced, (f) => `${sev(f.severity)}${' '.repeat(7 - f.severity.length)}  ${msg(f.message)}  ${chalk.dim(f.ruleId)}`);
  section('Resolved findings', d.resolved, (f) => chalk.dim(`${f.severity.padEnd(7)}  ${msg(f.message)}  ${f.ruleId}`));
  section('Governance-relevant changes', d.changes, (c) => `${(c.regression ? chalk.red('regression') : chalk.green('improvement'))}  ${c.side === 'old' ? chalk.dim('(old) ') : ''}${msg(c.message)}  ${chalk.dim(`${c.businessRule} ${c.kind}`)}`);
  const n = d.introduced.length;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of d.introduced) counts[f.severity]++;
  const summary = `${n === 0 ? '✔' : '✖'} ${plural(n, 'new problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}), ${d.resolved.length} resolved, ${plural(d.changes.length, 'governance change')}`;
  out.push('', (counts.error ? chalk.red.bold : n ? chalk.yellow.bold : chalk.green.bold)(summary), '');
  return out.join('\n');
}

/** Machine-readable diff report. */
export function renderDiffJson(d: DiffResult): string {
  // The json format's finding, plus the property path that the fingerprint is made from.
  const finding = (f: Finding) => ({ ...toJsonFinding(f), ...(f.path ? { path: f.path } : {}) });
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of d.introduced) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
  return JSON.stringify({
    old: d.old,
    new: d.new,
    summary: { introduced: d.introduced.length, ...counts, resolved: d.resolved.length, changes: d.changes.length, regressions: d.changes.filter((c) => c.regression).length },
    introduced: d.introduced.map(finding),
    resolved: d.resolved.map(finding),
    changes: d.changes,
  }, null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
