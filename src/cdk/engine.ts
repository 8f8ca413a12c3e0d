/**
 * The engine over a CDK stack set: one project from all stack templates, the rules, inline
 * suppressions, and config `cdk` (generated functions, skipped construct paths).
 *
 * Used by the CLI for cloud assemblies (`ldlint cdk.out/`) and by the CDK plugins. This module
 * must never import aws-cdk-lib, constructs or cdk-nag: the CLI imports it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseConfigText } from '../config/source.js';
import type { ResolvedConfig } from '../config/types.js';
import { runRules, toFinding, type RunConfig } from '../engine/run.js';
import { dedupe, issueFinding } from '../lint.js';
import { applyInlineSuppressions, type InlineOptions } from '../engine/suppress.js';
import { projectInventory, type FileInventory } from '../engine/inventory.js';
import type { Finding, Rule } from '../engine/types.js';
import { SourceFile } from '../parse/index.js';
import { buildCdkProject, readCloudAssembly, type CdkOptions, type StackSource } from '../model/cdk.js';
import type { ParameterOverrides } from '../model/evaluate.js';
import type { LocalReader } from '../model/project.js';
import type { Project } from '../model/types.js';
import { followProjectImports, locateProjectCode, type CodeOptions } from '../model/code/index.js';
import { codeNotes } from '../engine/code-notes.js';
import { releaseSyntax } from '../parse/code.js';
import { treeSitterReady } from '../parse/tree-sitter.js';

export interface StackSetRun {
  rules: readonly Rule<any>[];
  run: RunConfig;
  overrides: ParameterOverrides;
  readLocal?: LocalReader;
  cdk?: CdkOptions;
  inline?: InlineOptions;
  /** Read the functions' code (asset directories); its imports are followed when tree-sitter is started. */
  code?: CodeOptions;
}

export interface StackSetResult {
  /** Findings of every template, inline suppressions applied (suppressed ones keep `suppression`). */
  findings: Finding[];
  project?: Project;
  /** The functions checked and the suppressions and exceptions read. */
  inventory?: FileInventory;
}

/** Lints the stack templates of one app as one project. Never throws on bad input. */
export function lintStackSet(stacks: readonly StackSource[], o: StackSetRun): StackSetResult {
  let built: ReturnType<typeof buildCdkProject>;
  try {
    built = buildCdkProject(stacks, { overrides: o.overrides, readLocal: o.readLocal, cdk: o.cdk });
  } catch (e) {
    const first = stacks[0];
    const at = { file: new SourceFile(first?.path ?? 'cdk.out', first?.text ?? ''), start: 0, end: 0 };
    const message = `ldlint could not model this cloud assembly: ${(e as Error)?.message ?? String(e)}. Please report this with the assembly.`;
    return { findings: [toFinding('ldlint/internal-error', 'ldlint', 'error', { resource: null, at, message, path: 'model' })] };
  }
  const issueFindings = [...built.errors.map((i) => issueFinding(i, 'error', o.run.strict)), ...built.warnings.map((i) => issueFinding(i, 'warning', o.run.strict))];
  if (!built.project) return { findings: issueFindings };
  const project = built.project;
  const code = o.code && treeSitterReady();
  try {
    if (o.code) {
      locateProjectCode(project, o.code);
      if (code) followProjectImports(project, o.code);
    }
  } catch (e) {
    const at = { file: project.templates[0]!.file, start: 0, end: 0 };
    return { findings: [toFinding('ldlint/internal-error', 'ldlint', 'error', { resource: null, at, message: `ldlint could not read the code of this cloud assembly's functions: ${(e as Error)?.message ?? String(e)}`, path: 'code' })] };
  }
  try {
    const raw = dedupe([...issueFindings, ...codeNotes(project, o.run), ...runRules(project, o.rules, o.run)]).filter((f) => !built.skips(f.file, f.resource, f.constructPath));
    const { findings, risks } = applyInlineSuppressions(project, raw, o.run.today, o.rules, o.inline ?? {});
    const inventory = projectInventory(project, o.run.settings, o.run.today);
    inventory.risks.push(...risks);
    return { findings, project, inventory };
  } finally {
    if (code) releaseSyntax();
  }
}

/** What the CLI needs to lint one cloud assembly directory. */
export interface AssemblyRun extends StackSetRun {
  display: (abs: string) => string;
  maxFileSize?: number;
}

/** One outcome per template file (the assembly's project shared), as `lintPaths` reports files. */
export interface AssemblyOutcome {
  path: string;
  flavour: string | null;
  findings: Finding[];
  project?: Project;
  inventory?: FileInventory;
}

/** Lints a cloud assembly directory (`cdk.out`): every stack template of it as one project. */
export function lintCloudAssembly(dir: string, o: AssemblyRun): AssemblyOutcome[] {
  const assembly = readCloudAssembly(dir, { display: o.display, maxFileSize: o.maxFileSize });
  const manifest = o.display(`${dir}/manifest.json`);
  const issues = assembly.issues.map((i) =>
    toFinding('ldlint/parse-error', 'ldlint', 'error', { resource: null, at: { file: new SourceFile(i.file, ''), start: 0, end: 0 }, message: `${i.file}:1:1: ${i.message}`, path: `cdk:${i.message}` }),
  );
  const { findings, project, inventory } = lintStackSet(assembly.stacks, o);
  // The project is shared: only the first template's outcome carries it (so `inspect` shows it once).
  const outcomes: AssemblyOutcome[] = assembly.stacks.map((s, i) => ({ path: s.path, flavour: 'cdk', findings: [], ...(project && i === 0 ? { project } : {}), ...(inventory && i === 0 ? { inventory } : {}) }));
  const byPath = new Map(outcomes.map((x) => [x.path, x]));
  let rest: AssemblyOutcome | undefined;
  for (const f of [...issues, ...findings]) {
    const target = byPath.get(f.file);
    if (target) target.findings.push(f);
    else (rest ??= { path: manifest, flavour: null, findings: [] }).findings.push(f);
  }
  if (rest) outcomes.unshift(rest);
  if (outcomes.length === 0) {
    outcomes.push({
      path: manifest,
      flavour: null,
      findings: [toFinding('ldlint/parse-error', 'ldlint', 'error', { resource: null, at: { file: new SourceFile(manifest, ''), start: 0, end: 0 }, message: `${manifest}:1:1: the cloud assembly has no stack templates`, path: 'cdk:empty' })],
    });
  }
  return outcomes;
}

/**
 * Config `cdk` of a resolved config, with `settings.includeGeneratedFunctions`. The resolver does
 * not carry `cdk` (yet), so it is read from the config file itself; a config object that carries
 * `cdk` wins.
 */
export function cdkOptionsOf(config: ResolvedConfig): CdkOptions {
  const includeGenerated = config.settings.includeGeneratedFunctions;
  const carried = (config as ResolvedConfig & { cdk?: CdkOptions }).cdk;
  if (carried) return { includeGenerated, ...carried };
  if (!config.file || !existsSync(config.file)) return { includeGenerated };
  const cached = cache.get(config);
  if (cached) return cached;
  let out: CdkOptions = { includeGenerated };
  try {
    const data = parseConfigText(config.file, readFileSync(config.file, 'utf8')).data as { cdk?: CdkOptions } | undefined;
    if (data && typeof data.cdk === 'object' && data.cdk !== null) out = { ...data.cdk, includeGenerated };
  } catch {
    // the config loader has already reported an unreadable config
  }
  cache.set(config, out);
  return out;
}
const cache = new WeakMap<ResolvedConfig, CdkOptions>();
