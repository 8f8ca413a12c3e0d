import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintSource, type FileOutcome } from '../../src/lint.js';
import { localReader } from '../../src/io/read.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import type { RuleSetting } from '../../src/engine/run.js';
import type { Finding, Settings } from '../../src/engine/types.js';
import { rules } from '../../rules/index.js';
import { loadServerless } from '../../src/model/serverless/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface LintOptions {
  rules?: Record<string, RuleSetting | RuleSetting['severity']>;
  settings?: Partial<Settings>;
  today?: string;
  strict?: boolean;
  parameters?: Record<string, string>;
  /** Serverless `--stage` / `--region` / `--allow-env` (the project root is the repository). */
  serverless?: { stage?: string; region?: string; env?: NodeJS.ProcessEnv };
  /** Read the functions' code (needs `await initTreeSitter()` first); `root` bounds what is read (default: the repository). */
  code?: boolean | { root: string };
}

/** Lints text as if it were the file at `file` (relative to the repository root). */
export function lintText(file: string, text: string, opts: LintOptions = {}): FileOutcome {
  const ruleSettings = new Map<string, RuleSetting>();
  for (const [id, s] of Object.entries(opts.rules ?? {})) ruleSettings.set(id, typeof s === 'string' ? { severity: s, options: {} } : s);
  return lintSource(
    { path: file, text },
    rules,
    { rules: ruleSettings, settings: { ...DEFAULT_SETTINGS, ...opts.settings }, strict: opts.strict ?? false, today: opts.today ?? '2026-06-01' },
    {
      overrides: new Map(Object.entries(opts.parameters ?? {})),
      readLocal: localReader(ROOT, ROOT),
      serverless: loadServerless,
      serverlessOptions: { ...opts.serverless, projectRoot: ROOT, cwd: ROOT },
      ...(opts.code ? { code: { cwd: ROOT, root: typeof opts.code === 'object' ? opts.code.root : ROOT } } : {}),
    },
  );
}

/** Lints a file of the repository (path relative to its root). */
export function lintFile(file: string, opts: LintOptions = {}): FileOutcome {
  return lintText(file, readFileSync(path.join(ROOT, file), 'utf8'), opts);
}

export function findingsOf(outcome: FileOutcome, ruleId: string): Finding[] {
  return outcome.findings.filter((f) => f.ruleId === ruleId);
}
