import path from 'node:path';
import { discover } from './discover/walk.js';
import type { ResolvedConfig } from './config/index.js';
import { localReader, DEFAULT_MAX_FILE_SIZE } from './io/read.js';
import { dedupe, type FileOutcome } from './lint.js';
import type { ConfigInForce, Finding, FunctionEntry, LintResult, RiskEntry, Rule, RunStats } from './engine/types.js';
import { rules as allRules } from '../rules/index.js';
import { createFileLinter, displayPath, fileError, type FileJob, type FileJobOptions, type TerraformRunOptions } from './pool/lint-file.js';
import { terraformRoots } from './discover/terraform-roots.js';
import { lintInPool, poolSize } from './pool/pool.js';
import { knownIdsOf, RunSuppressions, suppressionSeverities } from './engine/suppress.js';
import { BaselineMatcher, readBaseline } from './baseline/index.js';
import { cloudAssemblyDirOf } from './model/cdk.js';
import { cdkOptionsOf, lintCloudAssembly } from './cdk/engine.js';
import { initTreeSitter } from './parse/tree-sitter.js';

export interface LintOptions {
  cwd: string;
  /** `--config FILE`; otherwise the nearest config above each file. */
  config?: string;
  /** `--parameter` / `--parameters` (win over config `settings.parameters`). */
  parameters?: ReadonlyMap<string, string>;
  strict?: boolean;
  maxFileSize?: number;
  today?: string;
  serverless?: { stage?: string; region?: string; allowEnv?: boolean };
  /** `--var` / `--var-file` (command-line order), `--tf-dir`. */
  terraform?: TerraformRunOptions;
  rules?: readonly Rule<any>[];
  /** Called after each file (progress). */
  onFile?: (done: number, total: number) => void;
  /** false: ignore inline suppressions (`--no-inline-suppressions`, audit runs); config `ignore` still applies. */
  inlineSuppressions?: boolean;
  /** false: `--no-code`, the functions' own code is not read (nor is tree-sitter loaded for it). */
  code?: boolean;
  /** Keep suppressed findings in the result (with `suppression` set); otherwise they are dropped. */
  reportSuppressed?: boolean;
  /** `--baseline FILE` (relative to cwd): findings it records become suppressed; stale entries are listed. */
  baseline?: string;
  /** Keep each outcome's project (the model) for callers that read it; dropped otherwise to bound memory. */
  keepProjects?: boolean;
  /**
   * Reads a discovered file from elsewhere (e.g. `git show REF:path` for diff mode): the text, `null`
   * when the file does not exist there (skipped), or undefined to read the file on disk.
   */
  readSource?: (absPath: string) => string | null | undefined;
}

export interface LintRun {
  result: LintResult;
  outcomes: FileOutcome[];
  /** Notes about files that gave no model (not templates, unsupported). */
  notes: { path: string; note: string }[];
  /** Paths given that do not exist, as given (the CLI makes them an error: src/cli/unmatched.ts). */
  missing: string[];
}

/** Lints files and directories: discovery, config per file, parse, model, rules. */
export async function lintPaths(paths: string[], options: LintOptions): Promise<LintRun> {
  const started = performance.now();
  const rules = options.rules ?? allRules;
  const cwd = options.cwd;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const given = paths.length ? paths : ['.'];
  // CDK cloud assemblies named on the command line (`cdk.out/`, its manifest.json): one project each.
  const assemblies = [...new Set(given.map((p) => cloudAssemblyDirOf(path.resolve(cwd, p))).filter((d): d is string => d !== undefined))];
  const found = await discover(given.filter((p) => cloudAssemblyDirOf(path.resolve(cwd, p)) === undefined), { cwd, maxFileSize });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const jobOptions: FileJobOptions = {
    cwd,
    config: options.config,
    parameters: [...(options.parameters ?? [])],
    strict: !!options.strict,
    maxFileSize,
    today,
    serverless: options.serverless,
    ...(options.terraform ? { terraform: options.terraform } : {}),
    inlineSuppressions: options.inlineSuppressions !== false,
    code: options.code !== false,
  };
  // Terraform configuration files are linted by root module (a directory), the others one by one.
  const tf = terraformRoots(found.files);
  const givenAbs = given.map((g) => path.resolve(cwd, g));
  const scannedRoot = (dir: string) => givenAbs.filter((g) => dir === g || dir.startsWith(g + path.sep)).sort((a, b) => a.length - b.length)[0];
  const jobs: FileJob[] = [...tf.rest, ...tf.roots.map((r) => ({ path: r.path, explicit: r.explicit, terraform: true, ...(scannedRoot(r.path) ? { scanned: scannedRoot(r.path) } : {}) }))];
  const { lint, configFor } = await createFileLinter(jobOptions, rules, options.readSource);
  const knownIds = knownIdsOf(allRules);
  const suppressions = new RunSuppressions({
    cwd, today, knownIds,
    ...(options.baseline ? { baseline: new BaselineMatcher(readBaseline(path.resolve(cwd, options.baseline)), { cwd, file: options.baseline }) } : {}),
  });
  const outcomes: FileOutcome[] = [];
  const notes: LintRun['notes'] = [];
  const findings: Finding[] = [];
  const display = (abs: string) => displayPath(cwd, abs);

  for (const e of found.errors) {
    findings.push(fileError(display(path.resolve(cwd, e.path)), e.message));
  }
  // Walked files left out (too large, symbolic links out of the tree or broken) are told, not silent.
  for (const s of found.skipped) notes.push({ path: display(s.path), note: `not linted: ${s.reason}${/maximum file size/.test(s.reason) ? ' (see --max-file-size)' : ''}` });
  // Worker threads only for the default rule set and files on disk (custom rules and readers are functions).
  const threads = rules === allRules && !options.readSource && !options.keepProjects ? poolSize(jobs.length) : 0;
  const total = jobs.length;
  const results = threads > 0
    ? await lintInPool(jobs, jobOptions, threads, (done) => options.onFile?.(done, total))
    : await lintSerially();
  async function lintSerially() {
    const out = [];
    for (const [i, f] of jobs.entries()) {
      const r = await lint(f);
      // Projects are large: kept only for callers that read them (inspect, diff), and dropped at
      // once otherwise, as the workers drop theirs, so that a run's memory does not grow with them.
      if (!options.keepProjects && r.outcome) delete r.outcome.project;
      options.onFile?.(i + 1, total);
      out.push(r);
    }
    return out;
  }
  const inventory = new RunInventory();
  for (const [i, r] of results.entries()) {
    if (r.error) findings.push(r.error);
    const outcome = r.outcome;
    if (!outcome) continue;
    const job = jobs[i]!;
    const config: ResolvedConfig = configFor(job.terraform ? job.path : path.dirname(job.path));
    inventory.add(outcome, r.templatePaths ?? [], config);
    outcome.findings = suppressions.apply(outcome.findings, config, [r.shown, ...(r.templatePaths ?? [])]);
    outcomes.push(outcome);
    if (outcome.note && job.explicit) notes.push({ path: r.shown, note: outcome.note });
    findings.push(...outcome.findings);
  }
  for (const dir of assemblies) {
    const config: ResolvedConfig = configFor(dir);
    const parameters = new Map<string, string>(Object.entries(config.settings.parameters ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [k, v] of options.parameters ?? []) parameters.set(k, v);
    const run = { rules: config.rules, settings: config.settings, strict: options.strict || config.strict, today };
    const inline = { inline: options.inlineSuppressions !== false, nonSuppressible: config.nonSuppressible, knownIds, severities: suppressionSeverities(config.rules) };
    // An assembly's functions are nearly always asset code: tree-sitter is started before its (synchronous)
    // linting. Assets are staged in the assembly; unstaged ones name their source in the project.
    const code = options.code !== false && config.code !== false ? { cwd, root: dir.startsWith(cwd + path.sep) ? cwd : dir, maxFileSize, display } : undefined;
    if (code) await initTreeSitter();
    for (const outcome of lintCloudAssembly(dir, { rules, run, overrides: parameters, readLocal: localReader(cwd, dir, maxFileSize), cdk: cdkOptionsOf(config), inline, display, maxFileSize, code })) {
      outcome.findings = suppressions.apply(outcome.findings, config, [outcome.path]);
      inventory.add(outcome, outcome.flavour ? [outcome.path] : [], config);
      outcomes.push(outcome);
      findings.push(...outcome.findings);
    }
  }
  const finished = suppressions.finish();
  findings.push(...finished.findings);
  inventory.risks.push(...finished.risks);
  // A nested template linted on its own and through its parent gives the same findings twice.
  const unique = dedupe(findings);
  inventory.countMatches(unique);
  const reported = options.reportSuppressed ? unique : unique.filter((f) => !f.suppression);
  reported.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    result: {
      findings: reported,
      files: outcomes.map((o) => ({ path: o.path, flavour: o.flavour })),
      rules: rules.map((r) => r.meta as never),
      ...(finished.staleBaseline ? { staleBaseline: finished.staleBaseline } : {}),
      stats: inventory.stats(performance.now() - started, options.baseline !== undefined ? { file: options.baseline, matched: finished.baselineMatched ?? 0 } : undefined),
    },
    outcomes,
    notes,
    missing: found.missing,
  };
}




/**
 * What the run read, gathered over its outcomes: templates, functions, the suppressions and
 * exceptions (once each: a nested template is linted on its own and through its parent) and the
 * configurations in force.
 */
class RunInventory {
  private readonly templates = new Set<string>();
  private readonly functions = new Map<string, FunctionEntry>();
  private readonly riskKeys = new Set<string>();
  readonly risks: RiskEntry[] = [];
  private readonly configs = new Set<ResolvedConfig>();

  add(outcome: FileOutcome, templatePaths: readonly string[], config: ResolvedConfig): void {
    for (const t of templatePaths) this.templates.add(t);
    if (!outcome.inventory) return;
    this.configs.add(config);
    for (const f of outcome.inventory.functions) this.functions.set(`${f.file}\0${f.line}\0${f.name}`, f);
    for (const r of outcome.inventory.risks) {
      const key = `${r.kind}\0${r.file}\0${r.line}\0${r.column}\0${r.id}\0${r.resource}`;
      if (this.riskKeys.has(key)) continue;
      this.riskKeys.add(key);
      this.risks.push(r);
    }
  }

  /**
   * How many of the run's findings each suppression covers, counted on the findings as reported
   * (a nested template's are counted once, though it was linted twice).
   */
  countMatches(findings: readonly Finding[]): void {
    const key = (kind: string, file: string | undefined, line: number | undefined) => `${kind}\0${file}\0${line}`;
    const counts = new Map<string, number>();
    for (const f of findings) {
      const s = f.suppression;
      if (s && s.kind !== 'baseline') counts.set(key(s.kind, s.file, s.line), (counts.get(key(s.kind, s.file, s.line)) ?? 0) + 1);
    }
    for (const r of this.risks) if (r.kind !== 'exception' && r.status === 'applied') r.matched = counts.get(key(r.kind, r.file, r.line)) ?? 0;
  }

  stats(durationMs: number, baseline: RunStats['baseline']): RunStats {
    const functionList = [...this.functions.values()];
    const configs: ConfigInForce[] = [...this.configs].map((c) => ({
      file: c.file ?? null,
      rules: [...c.rules].map(([id, r]) => ({ id, severity: r.severity, options: r.options })),
    }));
    return {
      templates: this.templates.size,
      functions: functionList.length,
      durationMs: Math.round(durationMs),
      functionList,
      risks: this.risks,
      configs,
      ...(baseline ? { baseline } : {}),
    };
  }
}
