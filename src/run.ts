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
  const found = await discover(paths.length ? paths : ['.'], { cwd, maxFileSize });
  const configFor = createConfigResolver(rules, { config: options.config });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const serverless = await loadServerlessHook();
  const outcomes: FileOutcome[] = [];
  const notes: LintRun['notes'] = [];
  const findings: Finding[] = [];
  const display = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);

  for (const e of found.errors) {
    findings.push(fileError(display(path.resolve(cwd, e.path)), e.message));
  }
  let done = 0;
  for (const f of found.files) {
    const shown = display(f.path);
    const read = readText(f.path, maxFileSize);
    options.onFile?.(++done, found.files.length);
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
    }, load, f.explicit);
    outcomes.push(outcome);
    if (outcome.note && f.explicit) notes.push({ path: shown, note: outcome.note });
    findings.push(...outcome.findings);
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    result: {
      findings,
      files: outcomes.map((o) => ({ path: o.path, flavour: o.flavour })),
      rules: rules.map((r) => r.meta as never),
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
