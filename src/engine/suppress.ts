/**
 * Suppressions with an audit trail.
 *
 * Inline (in the template): `Metadata.ldlint.suppress` on a resource or at the template's top level,
 * Serverless `custom.ldlint.suppress` (optionally narrowed by `functions` / `resources`), and YAML
 * comment directives (`# ldlint-disable-next-line`, `# ldlint-disable` / `# ldlint-enable`).
 * Central: the config's `ignore` list. Baseline: see src/baseline.
 *
 * Every suppression names a check id or a whole business rule (`BR-LD-3`), gives a reason and may
 * expire (YYYY-MM-DD, the last day it applies). One that is malformed, unknown, expired or names a
 * check the policy lists as `nonSuppressible` does not apply and is reported as
 * `ldlint/suppression-invalid` (error); a valid one that matches nothing as `ldlint/suppression-unused`
 * (warning). A matched finding is kept with `Finding.suppression` set; the run drops it from the
 * report unless `--report-suppressed`.
 */
import path from 'node:path';
import { pathGlobs } from './globs.js';
import { get, toRange, type Loc, type SMap, type SNode, type SourceFile } from '../parse/index.js';
import { codeDirectives, scanCommentDirectives, scanDirectives, type Directive } from '../parse/directives.js';
import { commentsOf } from '../parse/comments.js';
import { codeComments, codeLoc } from '../parse/code.js';
import { treeSitterReady } from '../parse/tree-sitter.js';
import type { Project, Resource, Template } from '../model/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { ENGINE_FINDING_IDS } from '../config/schema.js';
import { engineFinding, NEVER_SUPPRESSED } from './engine-findings.js';
import { closest } from '../config/suggest.js';
import { BaselineMatcher } from '../baseline/index.js';
import { fingerprint, resourceLabel, toFinding } from './run.js';
import { BUSINESS_RULES, type Finding, type RiskEntry, type Rule, type Severity } from './types.js';
import { groupBy } from '../group-by.js';

export type SuppressionKind = 'inline' | 'config' | 'baseline';

export const SUPPRESSION_INVALID = 'ldlint/suppression-invalid';
export const SUPPRESSION_UNUSED = 'ldlint/suppression-unused';

export { NEVER_SUPPRESSED };

/** One suppression, wherever it is written. */
export interface Suppression {
  kind: SuppressionKind;
  /** Check id or business rule as written ('' when missing). */
  id: string;
  reason?: string;
  expires?: string;
  /** Where it is written: display path and 1-based position. */
  file: string;
  line: number;
  column: number;
  /** The node or comment (inline suppressions), for the finding about the suppression. */
  loc?: Loc;
  /** The resource it is written on (inline metadata). */
  resource?: Resource;
  /** How it is written, for messages and fingerprints: `Metadata.ldlint.suppress[0] of MyFn`. */
  origin: string;
  /** A structural problem (not a map, id not a string, unknown directive). */
  malformed?: string;
  /** Whether the suppression's scope (file, resources, lines) covers a finding; ids are matched apart. */
  covers(f: Finding): boolean;
  /** Why it does not apply (set by validation). */
  problem?: string;
  /** Findings it covered (set by applySuppressions); 0 when unused. */
  matched: number;
}

type SuppressionFields = Pick<Suppression, 'kind' | 'id' | 'file' | 'line' | 'column' | 'origin' | 'covers'> &
  Partial<Pick<Suppression, 'reason' | 'expires' | 'loc' | 'resource' | 'malformed'>>;

/** A suppression with every field present (one object shape, whatever the source: files may hold thousands). */
export function makeSuppression(p: SuppressionFields): Suppression {
  return {
    kind: p.kind,
    id: p.id,
    reason: p.reason,
    expires: p.expires,
    file: p.file,
    line: p.line,
    column: p.column,
    loc: p.loc,
    resource: p.resource,
    origin: p.origin,
    malformed: p.malformed,
    covers: p.covers,
    problem: undefined,
    matched: 0,
  };
}

/** What validation needs: the run's date, the ids that exist, the policy. */
export interface SuppressionPolicy {
  today: string;
  knownIds: ReadonlySet<string>;
  nonSuppressible: ReadonlySet<string>;
}

/** Check ids a suppression may name: the catalogue's and the engine's own findings. */
export function knownIdsOf(rules: readonly Rule<any>[]): Set<string> {
  return new Set([...rules.map((r) => r.meta.id), ...ENGINE_FINDING_IDS]);
}

const BUSINESS_RULE_IDS: ReadonlySet<string> = new Set(Object.keys(BUSINESS_RULES));
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Why a suppression does not apply, or undefined when it is valid. */
export function problemOf(s: Suppression, policy: SuppressionPolicy): string | undefined {
  if (s.malformed) return s.malformed;
  const what = s.id ? `Suppression of ${s.id}` : 'Suppression';
  if (!s.id) return `${what} names no check id: give \`id\` (a check such as BR-LD-3/timeout, or a business rule such as BR-LD-3); it does not apply.`;
  if (NEVER_SUPPRESSED.has(s.id)) return `${s.id} cannot be suppressed; the suppression does not apply.`;
  if (!policy.knownIds.has(s.id) && !BUSINESS_RULE_IDS.has(s.id)) {
    const guess = closest(s.id, [...policy.knownIds, ...BUSINESS_RULE_IDS]);
    return `Suppression names unknown check "${s.id}"${guess ? ` (did you mean ${guess}?)` : ''}; it does not apply (see: ldlint rules).`;
  }
  if (policy.nonSuppressible.has(s.id)) return `${s.id} cannot be suppressed by policy (nonSuppressible in the configuration); the suppression does not apply and its findings are reported.`;
  if (s.reason === undefined || s.reason.trim() === '') return `${what} has no reason: say why the finding is accepted (\`reason\`${s.kind === 'inline' && s.origin.startsWith('comment') ? ', after ` -- `' : ''}); it does not apply.`;
  if (s.expires !== undefined) {
    if (!isValidDate(s.expires)) return `${what} has an invalid expiry date "${s.expires}" (expected YYYY-MM-DD); it does not apply.`;
    if (s.expires < policy.today) return `${what} expired on ${s.expires}; it no longer applies.`;
  }
  return undefined;
}

/**
 * The ids a suppression may name to cover a finding: its check, its business rule and, for an
 * `ldlint/unverifiable` finding, the check it is about (in its path: `BR-LD-3/timeout:Timeout`) and
 * that check's business rule.
 */
export function idsFor(f: Finding): string[] {
  const ids = [f.ruleId];
  if (BUSINESS_RULE_IDS.has(f.businessRule)) ids.push(f.businessRule);
  const about = checkOf(f);
  if (about !== f.ruleId) {
    ids.push(about);
    const br = about.slice(0, about.indexOf('/'));
    if (BUSINESS_RULE_IDS.has(br)) ids.push(br);
  }
  return ids;
}

/** Does the suppression's id name the finding's check (directly, by business rule, or via an unverifiable about it)? */
export function idMatches(id: string, f: Finding): boolean {
  return idsFor(f).includes(id);
}

function checkOf(f: Finding): string {
  if (f.ruleId === 'ldlint/unverifiable' && f.path && f.path.includes(':')) return f.path.slice(0, f.path.indexOf(':'));
  return f.ruleId;
}

/**
 * Applies valid suppressions: each finding they cover gets `suppression` (the first match wins; every
 * match counts as a use). Findings of non-suppressible checks and engine problems stay as they are.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], nonSuppressible: ReadonlySet<string>): Finding[] {
  // Index the valid suppressions by id (position = priority: the first written wins).
  const valid = suppressions.map((s, order) => ({ s, order })).filter(({ s }) => !s.problem);
  const byId = groupBy(valid, ({ s }) => s.id);
  if (byId.size === 0) return [...findings];
  return findings.map((f) => {
    if (NEVER_SUPPRESSED.has(f.ruleId) || nonSuppressible.has(f.ruleId) || nonSuppressible.has(checkOf(f))) return f;
    let first: { s: Suppression; order: number } | undefined;
    for (const id of idsFor(f)) {
      for (const c of byId.get(id) ?? []) {
        if (!c.s.covers(f)) continue;
        c.s.matched++;
        if (!first || c.order < first.order) first = c;
      }
    }
    let out = f;
    if (first) {
      const s = first.s;
      out = { ...f, suppression: { kind: s.kind, reason: s.reason!.trim(), ...(s.expires ? { expires: s.expires } : {}), file: s.file, line: s.line } };
    }
    return out;
  });
}

/** `ldlint/suppression-invalid` for invalid suppressions, `ldlint/suppression-unused` for valid unused ones. */
export function suppressionFindings(suppressions: readonly Suppression[], severities: { invalid?: Severity | 'off'; unused?: Severity | 'off' } = {}): Finding[] {
  const out: Finding[] = [];
  // Per file and finding id: the first MAX_LISTED are listed, the rest summed up in one more finding.
  const listed = new Map<string, { n: number; last: Suppression; ruleId: string; severity: Severity }>();
  for (const s of suppressions) {
    const ruleId = s.problem ? SUPPRESSION_INVALID : s.matched > 0 ? undefined : SUPPRESSION_UNUSED;
    if (!ruleId) continue;
    const sev = (s.problem ? severities.invalid ?? 'error' : severities.unused ?? 'warning') as Severity | 'off';
    if (sev === 'off') continue;
    const key = `${s.file}\0${ruleId}`;
    const count = listed.get(key) ?? { n: 0, last: s, ruleId, severity: sev };
    count.n++;
    count.last = s;
    listed.set(key, count);
    if (count.n > MAX_LISTED) continue;
    out.push(findingAt(s, ruleId, sev, s.problem ?? `Unused suppression of ${s.id} (${s.origin}): it matched no finding; remove it.`));
  }
  for (const c of listed.values()) {
    if (c.n <= MAX_LISTED) continue;
    const more = c.n - MAX_LISTED;
    const what = c.ruleId === SUPPRESSION_INVALID ? 'invalid' : 'unused';
    out.push(findingAt({ ...c.last, origin: 'more', id: '' }, c.ruleId, c.severity, `${more} more ${what} suppression${more === 1 ? '' : 's'} in ${c.last.file} (only the first ${MAX_LISTED} are listed; the last is here).`));
  }
  return out;
}

/** Findings about suppressions listed per file and kind before the rest are counted in one finding. */
export const MAX_LISTED = 100;

function findingAt(s: Suppression, ruleId: string, severity: Severity, message: string): Finding {
  const fpPath = `suppression:${s.origin}:${s.id}`;
  if (s.loc) return toFinding(ruleId, 'ldlint', severity, { resource: s.resource ?? null, at: s.loc, message, path: fpPath });
  return {
    ruleId,
    businessRule: 'ldlint',
    severity,
    message,
    help: engineFinding(ruleId).help,
    file: s.file,
    line: s.line,
    column: s.column,
    endLine: s.line,
    endColumn: s.column,
    resource: null,
    resourceType: null,
    flavour: null,
    fingerprint: fingerprint(ruleId, s.file, null, fpPath),
    path: fpPath,
  };
}

// ---------------------------------------------------------------------------------------------
// Inline suppressions

/** Suppression entries (`[{id, reason, expires?}]`) of a node, each with its location. */
function entriesOf(node: SNode | undefined, origin: string, on = ''): { node: SNode; origin: string; fields: Record<string, SNode | undefined>; malformed?: string }[] {
  if (!node) return [];
  if (on) return entriesOf(node, origin).map((e) => ({ ...e, origin: `${e.origin} of ${on}` }));
  const list = node.kind === 'seq' ? node.items : node.kind === 'map' ? [node] : [];
  if (node.kind === 'scalar') {
    return [{ node, origin, fields: {}, malformed: `${origin} must be a list of {id, reason, expires?}; it does not apply.` }];
  }
  return list.map((item, i) => {
    const o = node.kind === 'seq' ? `${origin}[${i}]` : origin;
    if (item.kind !== 'map') return { node: item, origin: o, fields: {}, malformed: `${o} must be a map {id, reason, expires?}; it does not apply.` };
    const fields: Record<string, SNode | undefined> = {};
    for (const e of item.entries) fields[e.key] = e.value;
    return { node: item, origin: o, fields };
  });
}

function scalarText(n: SNode | undefined): string | undefined {
  return n?.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

function stringList(n: SNode | undefined): string[] | undefined {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value === null ? [] : [String(n.value)];
  if (n.kind === 'seq') return n.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [String(i.value)] : []));
  return [];
}

function inlineEntry(
  e: ReturnType<typeof entriesOf>[number],
  file: SourceFile,
  covers: (f: Finding) => boolean,
  resource?: Resource,
): Suppression {
  const idNode = e.fields.id;
  const id = scalarText(idNode) ?? '';
  const r = toRange(e.node.loc);
  const malformed = e.malformed ?? (idNode && idNode.kind !== 'scalar' ? `${e.origin}: id must be a string; it does not apply.` : undefined);
  return makeSuppression({
    kind: 'inline',
    id,
    reason: scalarText(e.fields.reason),
    expires: scalarText(e.fields.expires),
    file: file.path,
    line: r.line,
    column: r.column,
    loc: e.node.loc,
    resource,
    origin: e.origin,
    malformed,
    covers,
  });
}

const directiveCache = new WeakMap<SourceFile, Directive[]>();

/** The comment directives of a template file (scanned once per file). */
export function directivesOf(file: SourceFile): Directive[] {
  let d = directiveCache.get(file);
  if (!d) {
    const hcl = commentsOf(file);
    d = hcl ? scanCommentDirectives(file.text, hcl.comments, hcl.extents) : /\.json$/i.test(file.path) ? [] : scanDirectives(file.text);
    directiveCache.set(file, d);
  }
  return d;
}

function directiveSuppressions(t: Template): Suppression[] {
  return (t.files ?? [t.file]).flatMap((f) => fileDirectiveSuppressions(f));
}

function fileDirectiveSuppressions(file: SourceFile): Suppression[] {
  const out: Suppression[] = [];
  const never = () => false;
  // No object spread here: files may hold tens of thousands of directives, and spreads are slow.
  const make = (d: Directive, id: string, covers: (f: Finding) => boolean, malformed?: string) =>
    makeSuppression({
      kind: 'inline', id, reason: d.reason, expires: d.expires, file: file.path, line: d.line, column: d.column,
      loc: { file, start: d.start, end: d.end }, origin: `comment ${d.word} at line ${d.line}`, malformed, covers,
    });
  for (const d of directivesOf(file)) {
    if (d.kind === 'enable') continue;
    if (d.kind === 'unknown') {
      out.push(make(d, '', never, `Unknown directive "${d.word}": use ldlint-disable-next-line, ldlint-disable or ldlint-enable; it does not apply.`));
      continue;
    }
    if (d.ids.length === 0) {
      out.push(make(d, '', never));
      continue;
    }
    for (const id of d.ids) {
      const range = d.ranges.get(id)!;
      out.push(make(d, id, (f) => f.line >= range.from && f.line <= range.to && f.file === file.path));
    }
  }
  return out;
}

/** Names findings use for the resources generated from (or equal to) a logical id. */
function namesFor(t: Template, logicalId: string): Set<string> {
  const names = new Set([logicalId]);
  const own = t.resources.get(logicalId);
  if (own) names.add(resourceLabel(own));
  for (const r of t.resources.values()) if (r.generatedFrom === logicalId) names.add(r.logicalId).add(resourceLabel(r));
  return names;
}

function metadataSuppress(metadata: SNode | undefined): SNode | undefined {
  return get(get(metadata, 'ldlint'), 'suppress');
}

/**
 * Inline suppressions of a project's templates: template and resource `Metadata.ldlint.suppress`
 * (resources as written: a SAM resource's suppression also covers what it generates), Serverless
 * `custom.ldlint.suppress`, and comment directives.
 */
export function inlineSuppressions(project: Project): Suppression[] {
  const out: Suppression[] = [];
  for (const t of project.templates) {
    const file = t.file;
    const inFile = (f: Finding) => f.file === file.path;
    const written: SMap = t.flavour === 'serverless' ? t.root : (t.sourceRoot ?? t.root);
    const top = t.flavour === 'serverless' ? undefined : metadataSuppress(get(written, 'Metadata'));
    for (const e of entriesOf(top, 'Metadata.ldlint.suppress')) out.push(inlineEntry(e, file, inFile));

    const resources = get(written, 'Resources');
    if (resources?.kind === 'map') {
      for (const r of resources.entries) {
        if (r.value.kind !== 'map') continue;
        const node = metadataSuppress(get(r.value, 'Metadata'));
        if (!node) continue;
        const model = t.resources.get(r.key);
        const names = namesFor(t, r.key);
        for (const e of entriesOf(node, 'Metadata.ldlint.suppress', r.key)) {
          out.push(inlineEntry(e, file, (f) => inFile(f) && f.resource !== null && names.has(f.resource), model));
        }
      }
    }

    if (t.flavour === 'serverless' && t.sourceRoot) {
      const node = get(get(get(t.sourceRoot, 'custom'), 'ldlint'), 'suppress');
      for (const e of entriesOf(node, 'custom.ldlint.suppress')) {
        const functions = stringList(e.fields.functions);
        const resourceGlobs = stringList(e.fields.resources);
        // Globs from the template: compiled to a linear-time matcher (a hostile glob cannot hang the run).
        const fnMatch = functions?.length ? pathGlobs(functions) : undefined;
        const resMatch = resourceGlobs?.length ? pathGlobs(resourceGlobs) : undefined;
        const globProblem = fnMatch?.problem ?? resMatch?.problem;
        const resNames = resourceGlobs?.length
          ? new Set([...t.resources.values()].filter((r) => resMatch!(r.logicalId)).flatMap((r) => [r.logicalId, ...(r.generatedFrom ? [] : [resourceLabel(r)])]))
          : undefined;
        const covers = (f: Finding) => {
          if (!inFile(f)) return false;
          if (!fnMatch && !resMatch) return true;
          if (f.resource === null) return false;
          return !!fnMatch?.(f.resource) || !!resMatch?.(f.resource) || !!resNames?.has(f.resource);
        };
        out.push(inlineEntry(globProblem && !e.malformed ? { ...e, malformed: `${e.origin}: ${globProblem}; it does not apply.` } : e, file, covers));
      }
    }

    out.push(...directiveSuppressions(t));
  }
  out.push(...codeSuppressions(project));
  return out;
}

/**
 * Comment directives in the functions' code: each code file once, its findings by file and line
 * (inline code: lines of the template, shifted by where the code starts in it).
 */
function codeSuppressions(project: Project): Suppression[] {
  const out: Suppression[] = [];
  const seen = new Set<string>();
  if (!treeSitterReady()) return out;
  for (const fn of project.functions) {
    for (const file of fn.code?.files ?? []) {
      const key = `${file.displayPath}\0${file.origin?.line ?? 0}`;
      if (seen.has(key) || !file.text.includes('ldlint-')) continue;
      seen.add(key);
      const shown = file.origin ? file.origin.template.path : file.displayPath;
      const shift = file.origin ? file.origin.line - 1 : 0;
      for (const d of codeDirectives(file.text, codeComments(file))) {
        const at = codeLoc(file, { startIndex: d.start, endIndex: d.end, startPosition: { row: d.line - 1, column: d.column - 1 }, endPosition: { row: d.line - 1, column: d.column - 1 + d.end - d.start } });
        const make = (id: string, covers: (f: Finding) => boolean, malformed?: string) => {
          const r = toRange(at);
          return makeSuppression({ kind: 'inline', id, reason: d.reason, expires: d.expires, file: shown, line: r.line, column: r.column, loc: at, origin: `comment ${d.word} at line ${r.line}`, malformed, covers });
        };
        if (d.kind === 'enable') continue;
        if (d.kind === 'unknown') {
          out.push(make('', () => false, `Unknown directive "${d.word}": use ldlint-disable-next-line, ldlint-disable or ldlint-enable; it does not apply.`));
          continue;
        }
        if (d.ids.length === 0) {
          out.push(make('', () => false));
          continue;
        }
        for (const id of d.ids) {
          const range = d.ranges.get(id)!;
          out.push(make(id, (f) => f.file === shown && f.line - shift >= range.from && f.line - shift <= range.to));
        }
      }
    }
  }
  return out;
}

export interface InlineOptions {
  /** false for audit runs (`--no-inline-suppressions`): inline suppressions are ignored altogether. */
  inline?: boolean;
  nonSuppressible?: readonly string[];
  /** Ids a suppression may name (default: the rules given to the run, and the engine's findings). */
  knownIds?: ReadonlySet<string>;
  /** Severities of the engine's suppression findings (config `rules`), when set. */
  severities?: { invalid?: Severity | 'off'; unused?: Severity | 'off' };
}

/** The configured severities (config `rules`) of the findings about suppressions, where set. */
export function suppressionSeverities(rules: ReadonlyMap<string, { severity: Severity | 'off' }>): NonNullable<InlineOptions['severities']> {
  return { invalid: rules.get(SUPPRESSION_INVALID)?.severity, unused: rules.get(SUPPRESSION_UNUSED)?.severity };
}

/**
 * Applies a project's inline suppressions to its findings and adds the findings about them; `risks`
 * lists every inline suppression for the risk register.
 */
export function applyInlineSuppressions(project: Project, findings: Finding[], today: string, rules: readonly Rule<any>[], options: InlineOptions = {}): { findings: Finding[]; risks: RiskEntry[] } {
  if (options.inline === false) return { findings, risks: [] };
  const suppressions = inlineSuppressions(project);
  if (suppressions.length === 0) return { findings, risks: [] };
  const policy: SuppressionPolicy = { today, knownIds: options.knownIds ?? knownIdsOf(rules), nonSuppressible: new Set(options.nonSuppressible ?? []) };
  for (const s of suppressions) s.problem = problemOf(s, policy);
  const applied = applySuppressions(findings, suppressions, policy.nonSuppressible);
  return { findings: [...applied, ...suppressionFindings(suppressions, options.severities)], risks: suppressions.map(riskOf) };
}

/** A suppression as the risk register lists it (after it was applied). */
export function riskOf(s: Suppression): RiskEntry {
  const status = s.problem ? 'invalid' : s.matched > 0 ? 'applied' : 'unused';
  return {
    kind: s.kind === 'config' ? 'config' : 'inline',
    id: s.id,
    resource: s.resource ? resourceLabel(s.resource) : null,
    ...(s.reason !== undefined ? { reason: s.reason.trim() } : {}),
    ...(s.expires !== undefined ? { expires: s.expires } : {}),
    file: s.file,
    line: s.line,
    column: s.column,
    status,
    matched: s.matched,
    ...(s.problem ? { problem: s.problem } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Config `ignore` and the baseline, over a whole run

interface ConfigSuppression extends Suppression {
  /** Does the entry's `files` cover a file (display path)? */
  appliesTo(displayFile: string): boolean;
  applicable?: boolean;
}

export interface RunSuppressionOptions {
  cwd: string;
  today: string;
  knownIds: ReadonlySet<string>;
  baseline?: BaselineMatcher;
}

/**
 * Config `ignore` entries and the baseline over a run: applied file by file, with the findings about
 * invalid and unused entries (an entry is unused only when it covers a linted file) and the stale
 * baseline entries at the end.
 */
export class RunSuppressions {
  private readonly byConfig = new Map<ResolvedConfig, ConfigSuppression[]>();

  constructor(private readonly opts: RunSuppressionOptions) {}

  private display(abs: string): string {
    return path.relative(this.opts.cwd, abs).split(path.sep).join('/') || path.basename(abs);
  }

  private configSuppressions(config: ResolvedConfig): ConfigSuppression[] {
    let list = this.byConfig.get(config);
    if (list) return list;
    const policy: SuppressionPolicy = { today: this.opts.today, knownIds: this.opts.knownIds, nonSuppressible: new Set(config.nonSuppressible) };
    const dir = config.file ? path.dirname(config.file) : this.opts.cwd;
    list = config.ignore.map((entry, i) => {
      const fileMatch = entry.files?.length ? pathGlobs(entry.files, { dot: true }) : undefined;
      const resMatch = entry.resources?.length ? pathGlobs(entry.resources, { dot: true }) : undefined;
      const appliesTo = (displayFile: string) => {
        if (!fileMatch) return true;
        const rel = path.relative(dir, path.resolve(this.opts.cwd, displayFile)).split(path.sep).join('/');
        return fileMatch(rel);
      };
      const shown = entry.source.file ? this.display(entry.source.file) : 'config';
      const s: ConfigSuppression = Object.assign(
        makeSuppression({
          kind: 'config',
          id: entry.id ?? '',
          reason: entry.reason,
          expires: entry.expires,
          file: shown,
          line: entry.source.line,
          column: entry.source.column,
          origin: `ignore[${i}] in ${shown}`,
          covers: (f: Finding) => appliesTo(f.file) && (!resMatch || (f.resource !== null && resMatch(f.resource))),
        }),
        { appliesTo, applicable: false },
      );
      const globProblem = fileMatch?.problem ?? resMatch?.problem;
      s.problem = globProblem ? `${s.origin}: ${globProblem}; it does not apply.` : problemOf(s, policy);
      return s;
    });
    this.byConfig.set(config, list);
    return list;
  }

  /** Applies the config's `ignore` entries and the baseline to the findings of files linted under one config. */
  apply(findings: readonly Finding[], config: ResolvedConfig, files: readonly string[]): Finding[] {
    const list = this.configSuppressions(config);
    for (const s of list) if (!s.applicable && files.some((f) => s.appliesTo(f))) s.applicable = true;
    for (const f of files) this.opts.baseline?.noteFile(f);
    const nonSuppressible = new Set(config.nonSuppressible);
    let out = applySuppressions(findings, list, nonSuppressible);
    if (this.opts.baseline) out = this.opts.baseline.apply(out, nonSuppressible);
    return out;
  }

  /** Findings about invalid and unused `ignore` entries, the entries for the risk register; stale baseline entries. */
  finish(): { findings: Finding[]; risks: RiskEntry[]; staleBaseline?: string[]; baselineMatched?: number } {
    const findings: Finding[] = [];
    const risks: RiskEntry[] = [];
    for (const [config, list] of this.byConfig) {
      const relevant = list.filter((s) => s.problem || s.applicable);
      findings.push(...suppressionFindings(relevant, suppressionSeverities(config.rules)));
      risks.push(...relevant.map(riskOf));
    }
    const baseline = this.opts.baseline;
    return { findings, risks, ...(baseline ? { staleBaseline: baseline.stale(), baselineMatched: baseline.matchedCount() } : {}) };
  }
}
