import { existsSync } from 'node:fs';
import path from 'node:path';
import { discover } from './discover/walk.js';
import { createConfigResolver, type ResolvedConfig } from './config/index.js';
import { localReader, readText, DEFAULT_MAX_FILE_SIZE } from './io/read.js';
import { lintSource, type FileOutcome } from './lint.js';
import { toFinding } from './engine/run.js';
import type { Finding, LintResult, Rule } from './engine/types.js';
import type { LoadOptions } from './model/load.js';
import { rules as allRules } from '../rules/index.js';
import { SourceFile } from './parse/index.js';
import { knownIdsOf, RunSuppressions } from './engine/suppress.js';
import { BaselineMatcher, readBaseline } from './baseline/index.js';
import { cloudAssemblyDirOf } from './model/cdk.js';
import { cdkOptionsOf, lintCloudAssembly } from './cdk/engine.js';

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
  rules?: readonly Rule<any>[];
  /** Called after each file (progress). */
  onFile?: (done: number, total: number) => void;
  /** false: ignore inline suppressions (`--no-inline-suppressions`, audit runs); config `ignore` still applies. */
  inlineSuppressions?: boolean;
  /** Keep suppressed findings in the result (with `suppression` set); otherwise they are dropped. */
  reportSuppressed?: boolean;
  /** `--baseline FILE` (relative to cwd): findings it records become suppressed; stale entries are listed. */
  baseline?: string;
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
}

const TEMPLATE_HINT = /AWSTemplateFormatVersion|Resources|"?service"?\s*:/;

/** Lints files and directories: discovery, config per file, parse, model, rules. */
export async function lintPaths(paths: string[], options: LintOptions): Promise<LintRun> {
  const rules = options.rules ?? allRules;
  const cwd = options.cwd;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const given = paths.length ? paths : ['.'];
  // CDK cloud assemblies named on the command line (`cdk.out/`, its manifest.json): one project each.
  const assemblies = [...new Set(given.map((p) => cloudAssemblyDirOf(path.resolve(cwd, p))).filter((d): d is string => d !== undefined))];
  const found = await discover(given.filter((p) => cloudAssemblyDirOf(path.resolve(cwd, p)) === undefined), { cwd, maxFileSize });
  const configFor = createConfigResolver(rules, { config: options.config });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const serverless = await loadServerlessHook();
  const knownIds = knownIdsOf(allRules);
  const suppressions = new RunSuppressions({
    cwd, today, knownIds,
    ...(options.baseline ? { baseline: new BaselineMatcher(readBaseline(path.resolve(cwd, options.baseline)), { cwd, file: options.baseline }) } : {}),
  });
  const outcomes: FileOutcome[] = [];
  const notes: LintRun['notes'] = [];
  const findings: Finding[] = [];
  const display = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);

  for (const e of found.errors) {
    findings.push(fileError(display(path.resolve(cwd, e.path)), e.message));
  }
  // Walked files left out (too large, symbolic links out of the tree or broken) are told, not silent.
  for (const s of found.skipped) notes.push({ path: display(s.path), note: `not linted: ${s.reason}${/maximum file size/.test(s.reason) ? ' (see --max-file-size)' : ''}` });
  let done = 0;
  for (const f of found.files) {
    const shown = display(f.path);
    const alt = options.readSource?.(f.path);
    const read = alt === undefined ? readText(f.path, maxFileSize) : alt === null ? null : { ok: true as const, text: alt };
    options.onFile?.(++done, found.files.length);
    if (read === null) continue;
    if (!read.ok) {
      if (f.explicit || /\.(ya?ml|json|template)$/i.test(f.path)) findings.push(fileError(shown, read.message));
      continue;
    }
    const base = path.basename(f.path).toLowerCase();
    if (!f.explicit && !TEMPLATE_HINT.test(read.text) && !base.startsWith('serverless.')) continue;
    const config: ResolvedConfig = configFor(path.dirname(f.path));
    const parameters = new Map<string, string>(Object.entries(config.settings.parameters ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [k, v] of options.parameters ?? []) parameters.set(k, v);
    const root = projectRootOf(f.path, cwd);
    const load: LoadOptions = {
      overrides: parameters,
      readLocal: localReader(cwd, root, maxFileSize),
      serverless,
      serverlessOptions: {
        stage: options.serverless?.stage,
        region: options.serverless?.region,
        env: options.serverless?.allowEnv ? process.env : undefined,
        projectRoot: root,
        cwd,
      },
    };
    const outcome = lintSource({ path: shown, text: read.text }, rules, {
      rules: config.rules,
      settings: config.settings,
      strict: options.strict || config.strict,
      today,
    }, load, f.explicit, { inline: options.inlineSuppressions !== false, nonSuppressible: config.nonSuppressible, knownIds });
    outcome.findings = suppressions.apply(outcome.findings, config, [shown, ...(outcome.project?.templates.map((t) => t.file.path) ?? [])]);
    outcomes.push(outcome);
    if (outcome.note && f.explicit) notes.push({ path: shown, note: outcome.note });
    findings.push(...outcome.findings);
  }
  for (const dir of assemblies) {
    const config: ResolvedConfig = configFor(dir);
    const parameters = new Map<string, string>(Object.entries(config.settings.parameters ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [k, v] of options.parameters ?? []) parameters.set(k, v);
    const run = { rules: config.rules, settings: config.settings, strict: options.strict || config.strict, today };
    const inline = { inline: options.inlineSuppressions !== false, nonSuppressible: config.nonSuppressible, knownIds };
    for (const outcome of lintCloudAssembly(dir, { rules, run, overrides: parameters, readLocal: localReader(cwd, dir, maxFileSize), cdk: cdkOptionsOf(config), inline, display, maxFileSize })) {
      outcome.findings = suppressions.apply(outcome.findings, config, [outcome.path]);
      outcomes.push(outcome);
      findings.push(...outcome.findings);
    }
  }
  const finished = suppressions.finish();
  findings.push(...finished.findings);
  const reported = options.reportSuppressed ? findings : findings.filter((f) => !f.suppression);
  reported.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    result: {
      findings: reported,
      files: outcomes.map((o) => ({ path: o.path, flavour: o.flavour })),
      rules: rules.map((r) => r.meta as never),
      ...(finished.staleBaseline ? { staleBaseline: finished.staleBaseline } : {}),
    },
    outcomes,
    notes,
  };
}

/** The Serverless loader when it is built in; `null` keeps the "not yet supported" note. */
async function loadServerlessHook(): Promise<LoadOptions['serverless']> {
  try {
    const mod = (await import('./model/serverless/index.js' as string)) as { loadServerless?: LoadOptions['serverless'] };
    return mod.loadServerless;
  } catch {
    return undefined;
  }
}

/** Files a template may read: its repository (nearest `.git` above it), else the working directory. */
function projectRootOf(file: string, cwd: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return file.startsWith(cwd) ? cwd : path.dirname(file);
  }
}

function fileError(file: string, message: string): Finding {
  return toFinding('ldlint/parse-error', 'ldlint', 'error', { resource: null, at: { file: new SourceFile(file, ''), start: 0, end: 0 }, message: `${file}:1:1: ${message}`, path: 'read' });
}
