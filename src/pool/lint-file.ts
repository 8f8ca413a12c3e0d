import { existsSync } from 'node:fs';
import path from 'node:path';
import { createConfigResolver, type ResolvedConfig } from '../config/index.js';
import { toFinding } from '../engine/run.js';
import { knownIdsOf, suppressionSeverities } from '../engine/suppress.js';
import type { Finding, Rule } from '../engine/types.js';
import { DEFAULT_MAX_FILE_SIZE, localReader, readText } from '../io/read.js';
import { lintLoaded, loadForLint, needsCodeParser, type FileOutcome } from '../lint.js';
import { initTreeSitter } from '../parse/tree-sitter.js';
import type { LoadOptions } from '../model/load.js';
import { SourceFile } from '../parse/index.js';
import { rules as allRules } from '../../rules/index.js';

/** What linting one discovered file needs; plain data, so that a worker thread can receive it. */
export interface FileJobOptions {
  cwd: string;
  config?: string;
  parameters: [string, string][];
  strict: boolean;
  maxFileSize: number;
  today: string;
  serverless?: { stage?: string; region?: string; allowEnv?: boolean };
  terraform?: TerraformRunOptions;
  inlineSuppressions: boolean;
  /** false: `--no-code`, the functions' code is not read (config `code: false` turns it off per config). */
  code?: boolean;
}

/** `--var` / `--var-file` in command-line order, `--tf-dir`. */
export interface TerraformRunOptions {
  vars?: ({ name: string; value: string } | { file: string })[];
  tfDir?: string;
}

export interface FileJob {
  path: string;
  explicit: boolean;
  /** A Terraform / OpenTofu root module: `path` is its directory. */
  terraform?: boolean;
  /** The directory named on the command line that holds it (the project, outside a repository). */
  scanned?: string;
}

/** The result of one file: an outcome, a read error, or nothing (not a candidate). */
export interface FileResult {
  shown: string;
  outcome?: FileOutcome;
  /** Paths of the templates the outcome's project read (the file and its nested stacks). */
  templatePaths?: string[];
  error?: Finding;
}

const TEMPLATE_HINT = /AWSTemplateFormatVersion|Resources|"?service"?\s*:/;

export function displayPath(cwd: string, abs: string): string {
  return path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
}

/**
 * Builds the per-file pipeline (read, config, parse, model, rules, inline suppressions) once per
 * run or worker; `readSource` (diff mode) replaces reading from disk. Linting a file is
 * asynchronous so that a stage may start a lazily loaded parser (tree-sitter) before its
 * synchronous model and rules run.
 */
export async function createFileLinter(
  options: FileJobOptions,
  rules: readonly Rule<any>[] = allRules,
  readSource?: (absPath: string) => string | null | undefined,
): Promise<{ lint(f: FileJob): Promise<FileResult>; configFor(dir: string): ResolvedConfig }> {
  const { cwd, today } = options;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const configFor = createConfigResolver(rules, { config: options.config });
  const serverless = await loadServerlessHook();
  const knownIds = knownIdsOf(allRules);
  const repoRoots = new Map<string, string | null>();
  const runConfig = (config: ResolvedConfig) => ({ rules: config.rules, settings: config.settings, strict: options.strict || config.strict, today });
  const inlineOptions = (config: ResolvedConfig) => ({ inline: options.inlineSuppressions, nonSuppressible: config.nonSuppressible, knownIds, severities: suppressionSeverities(config.rules) });
  const lint = async (f: FileJob): Promise<FileResult> => {
    const shown = displayPath(cwd, f.path);
    if (f.terraform) return lintTerraform(f, shown);
    const alt = readSource?.(f.path);
    const read = alt === undefined ? readText(f.path, maxFileSize) : alt === null ? null : { ok: true as const, text: alt };
    if (read === null) return { shown };
    if (!read.ok) {
      return f.explicit || /\.(ya?ml|json|template)$/i.test(f.path) ? { shown, error: fileError(shown, read.message) } : { shown };
    }
    // A Terraform plan (`terraform show -json`): recognised by its keys.
    if (/\.json$/i.test(f.path) && read.text.includes('"planned_values"') && read.text.includes('"format_version"')) {
      const r = await lintPlan(f, shown, read.text);
      if (r) return r;
    }
    const base = path.basename(f.path).toLowerCase();
    if (!f.explicit && !TEMPLATE_HINT.test(read.text) && !base.startsWith('serverless.')) return { shown };
    const config = configFor(path.dirname(f.path));
    const parameters = new Map<string, string>(Object.entries(config.settings.parameters ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [k, v] of options.parameters) parameters.set(k, v);
    const root = projectRootOf(f.path, cwd, repoRoots);
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
      code: codeOptions(config, root),
    };
    const input = { path: shown, text: read.text };
    const loaded = loadForLint(input, load);
    // tree-sitter starts only for a file whose functions have code to parse.
    if (needsCodeParser(loaded)) await initTreeSitter();
    const outcome = lintLoaded(input, loaded, rules, runConfig(config), load, f.explicit, inlineOptions(config));
    return { shown, outcome, templatePaths: outcome.project?.templates.map((t) => t.file.path) ?? [] };
  };
  /** Where the functions' code may be read from, unless `--no-code` or config `code: false`. */
  const codeOptions = (config: ResolvedConfig, root: string) => (options.code !== false && config.code !== false ? { cwd, root, maxFileSize } : undefined);
  const lintTerraform = async (f: FileJob, shown: string): Promise<FileResult> => {
    const config = configFor(f.path);
    // The repository, else the working directory or the directory named on the command line.
    const root = repoRootOf(f.path, repoRoots) ?? (f.path.startsWith(cwd) ? cwd : f.scanned ?? f.path);
    const { lintTerraformModule } = await import('../lint-terraform.js');
    const r = await lintTerraformModule(f.path, shown, rules, runConfig(config), {
      cwd,
      projectRoot: root,
      maxFileSize,
      vars: options.terraform?.vars,
      env: options.serverless?.allowEnv ? process.env : undefined,
    }, localReader(cwd, root, maxFileSize), inlineOptions(config), codeOptions(config, root));
    return { shown, outcome: r.outcome, templatePaths: r.files };
  };
  const lintPlan = async (f: FileJob, shown: string, text: string): Promise<FileResult | undefined> => {
    const config = configFor(path.dirname(f.path));
    const root = projectRootOf(f.path, cwd, repoRoots);
    const { lintTerraformPlan } = await import('../lint-terraform.js');
    const r = await lintTerraformPlan(f.path, shown, text, rules, runConfig(config), {
      cwd,
      projectRoot: root,
      maxFileSize,
      vars: options.terraform?.vars,
      ...(options.terraform?.tfDir ? { tfDir: options.terraform.tfDir } : {}),
    }, localReader(cwd, root, maxFileSize), inlineOptions(config), codeOptions(config, root));
    return r ? { shown, outcome: r.outcome, templatePaths: r.files } : undefined;
  };
  return { lint, configFor };
}

/** The Serverless loader, loaded on first use (its variable resolver is only needed for serverless.yml). */
async function loadServerlessHook(): Promise<LoadOptions['serverless']> {
  const mod = await import('../model/serverless/index.js');
  return mod.loadServerless;
}

/** Files a template may read: its repository (nearest `.git` above it), else the working directory. */
function projectRootOf(file: string, cwd: string, memo: Map<string, string | null>): string {
  return repoRootOf(path.dirname(file), memo) ?? (file.startsWith(cwd) ? cwd : path.dirname(file));
}

/** The nearest directory at or above `dir` holding `.git`, memoized per directory. */
function repoRootOf(dir: string, memo: Map<string, string | null>): string | null {
  let root = memo.get(dir);
  if (root !== undefined) return root;
  const parent = path.dirname(dir);
  root = existsSync(path.join(dir, '.git')) ? dir : parent === dir ? null : repoRootOf(parent, memo);
  memo.set(dir, root);
  return root;
}

export function fileError(file: string, message: string): Finding {
  return toFinding('ldlint/parse-error', 'ldlint', 'error', { resource: null, at: { file: new SourceFile(file, ''), start: 0, end: 0 }, message: `${file}:1:1: ${message}`, path: 'read' });
}
