import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, initConfigText, INIT_FILE_NAME } from '../config/index.js';
import { rules } from '../../rules/index.js';
import { lintPaths, type LintOptions } from '../run.js';
import { parseParameterFlag, parseParametersFile, UsageError } from '../parameters.js';
import { writeChunks, writeChunksAtomic, writeFileAtomic } from '../io/write.js';
import { exitCode, type FailOn } from './exit.js';
import { explainText, listText } from './catalogue.js';
import { inspectProject } from '../inspect.js';
import { unmatchedInputs, type RunInputs } from './unmatched.js';
import { VERSION } from '../version.js';
import type { FormatContext } from '../formatters/types.js';

const DOCS_BASE = 'https://github.com/ldlint/ldlint/blob/main/docs/rules';
const UNMATCHED_OPTION = ['--no-error-on-unmatched-pattern', 'do not fail when a path does not exist or the paths hold no template (exit 2 otherwise)'] as const;

interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Runs the CLI and returns the exit code (never throws for bad input). */
export async function main(argv: string[], io: Io = { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let code = 0;
  const out = (s: string) => io.stdout.write(s);
  const err = (s: string) => io.stderr.write(s);
  const program = new Command('ldlint')
    .description('Governance linter for AWS Lambda: CMS BR-LD / RP-LD business rules for CloudFormation, SAM, Serverless Framework and CDK')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showSuggestionAfterError(true)
    .enablePositionalOptions();

  // --var and --var-file apply in command-line order (the last wins), as Terraform's do.
  const tfVars: ({ name: string; value: string } | { file: string })[] = [];
  const tfVar = (v: string) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects name=value, got "${v}"`);
    tfVars.push({ name: v.slice(0, eq), value: v.slice(eq + 1) });
    return tfVars;
  };
  const tfVarFile = (f: string) => {
    tfVars.push({ file: f });
    return tfVars;
  };
  const common = (cmd: Command) =>
    cmd
      .option('--var <name=value>', 'Terraform input variable (repeatable; with --var-file, the last one wins)', tfVar)
      .option('--var-file <file>', 'Terraform variable definitions file (.tfvars or .tfvars.json; repeatable)', tfVarFile)
      .option('--tf-dir <dir>', 'Terraform configuration directory of a plan JSON file (findings point into its .tf files)')
      .option('-c, --config <file>', 'config file (default: nearest ldlint.config.* / .ldlintrc* above each file)')
      .option('-p, --parameter <key=value>', 'template parameter value (repeatable)', collect, [])
      .option('--parameters <file>', 'parameter values: [{ParameterKey, ParameterValue}], {"Parameters": {...}} or a map')
      .option('--stage <stage>', 'Serverless stage for ${opt:stage} / ${sls:stage}')
      .option('--region <region>', 'Serverless region for ${opt:region}')
      .option('--allow-env', 'resolve Serverless ${env:...} variables and Terraform TF_VAR_ ones (off: reports could leak CI secrets)')
      .option('--max-file-size <bytes>', 'skip files larger than this, with an error', toInt)
      .option('--no-code', "do not read the functions' own code (handlers and their local modules): the code checks are skipped");

  common(program.argument('[paths...]', 'files and directories to lint', []))
    .option('-f, --format <format[=file]>', 'report format: stylish, codeframe, json, sarif, junit, github, gitlab, markdown, html; name=file writes to a file (repeatable)', collect, [])
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <level>', 'lowest severity that fails the run').choices(['error', 'warning', 'info', 'none']).default('error'))
    .option('--max-warnings <n>', 'fail when there are more warnings than this', toInt)
    .option('--strict', 'report unverifiable values as warnings')
    .option('--no-color', 'no colours in stylish output')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--no-inline-suppressions', 'audit run: ignore inline suppressions (Metadata, custom.ldlint, # ldlint- comments); config ignores still apply')
    .option('--report-suppressed', 'include suppressed findings in the report, with reason, expiry and where the suppression is')
    .option('--baseline <file>', 'report only findings not recorded in this baseline (see: ldlint baseline); list stale entries')
    .option('--changed-since <git-ref>', 'report the findings introduced since a git ref, those resolved, and governance-relevant changes')
    .option(...UNMATCHED_OPTION)
    .action(async (paths: string[], o) => {
      code = await lintCommand(paths, o, io);
    });

  common(program.command('baseline').argument('[paths...]', 'files and directories to lint', []).description('record the current findings in a baseline file, to report only new ones with --baseline'))
    .option('-o, --output <file>', 'baseline file to write', '.ldlint-baseline.json')
    .option('--strict', 'report unverifiable values as warnings')
    .option('--no-inline-suppressions', 'record the findings inline suppressions hide too')
    .option(...UNMATCHED_OPTION)
    .action(async (paths: string[], o) => {
      try {
        code = await (await import('../baseline/command.js')).baselineCommand(paths, o.output, lintOptions(o, io), io, o.errorOnUnmatchedPattern === false);
      } catch (e) {
        code = reportError(e, err);
      }
    });

  common(program.command('diff').argument('<old>', 'old template or directory').argument('<new>', 'new template or directory').description('findings NEW introduces and resolves compared with OLD, and governance-relevant changes'))
    .addOption(new Option('--format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <level>', 'lowest severity of a new finding that fails the run').choices(['error', 'warning', 'info', 'none']).default('error'))
    .option('--strict', 'report unverifiable values as warnings')
    .option('--no-inline-suppressions', 'ignore inline suppressions on both sides')
    .option('--no-color', 'no colours in the output')
    .action(async (oldPath: string, newPath: string, o) => {
      try {
        code = await (await import('../diff/command.js')).diffCommand(oldPath, newPath, lintOptions(o, io), o, io);
      } catch (e) {
        code = reportError(e, err);
      }
    });

  common(program.command('inspect').argument('<paths...>', 'templates to show').description("show each function's effective configuration as ldlint models it"))
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'text']).default('json'))
    .option(...UNMATCHED_OPTION)
    .action(async (paths: string[], o) => {
      code = await inspectCommand(paths, o, io);
    });

  program
    .command('rules')
    .description('list the checks and the findings ldlint reports itself')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((o) => {
      out(listText(rules, o.format));
    });

  program
    .command('explain')
    .argument('<id>', 'check id, e.g. BR-LD-3/timeout, or engine finding, e.g. ldlint/parse-error')
    .description('explain a check (business rule, trigger, fix, options, suppression) or an engine finding')
    .action((id: string) => {
      const r = explainText(rules, id);
      if ('error' in r) {
        err(`ldlint: ${r.error}\n`);
        code = 2;
      } else out(r.text);
    });

  program
    .command('init')
    .description(`write a commented starter ${INIT_FILE_NAME}`)
    .option('--force', 'overwrite an existing file')
    .action((o) => {
      const target = path.join(io.cwd, INIT_FILE_NAME);
      if (existsSync(target) && !o.force) {
        err(`ldlint: ${INIT_FILE_NAME} already exists (use --force to overwrite)\n`);
        code = 2;
        return;
      }
      writeFileAtomic(target, initConfigText(rules));
      out(`Wrote ${INIT_FILE_NAME}. Edit it, then run: ldlint .\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportError(e, err);
  }
  return code;
}

function reportError(e: unknown, err: (s: string) => void): number {
  if (e instanceof ConfigError || e instanceof UsageError) {
    err(`ldlint: ${e.message}\n`);
    return 2;
  }
  err(`ldlint: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  return 2;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

function toInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`expected a non-negative integer, got "${v}"`);
  return n;
}

function lintOptions(o: Record<string, any>, io: Io): LintOptions {
  const parameters = new Map<string, string>();
  if (o.parameters) {
    const file = path.resolve(io.cwd, o.parameters);
    if (!existsSync(file)) throw new UsageError(`--parameters: no such file ${o.parameters}`);
    for (const [k, v] of parseParametersFile(o.parameters, readFileSync(file, 'utf8'))) parameters.set(k, v);
  }
  for (const p of o.parameter as string[]) {
    const [k, v] = parseParameterFlag(p);
    parameters.set(k, v);
  }
  const tfVars = [...((o.var ?? o.varFile ?? []) as ({ name: string; value: string } | { file: string })[])];
  // As for --parameters (and as Terraform does): a variables file named on the command line must exist.
  for (const v of tfVars) if ('file' in v && !existsSync(path.resolve(io.cwd, v.file))) throw new UsageError(`--var-file: no such file ${v.file}`);
  return {
    cwd: io.cwd,
    config: o.config ? path.resolve(io.cwd, o.config) : undefined,
    parameters,
    strict: !!o.strict,
    maxFileSize: o.maxFileSize,
    serverless: { stage: o.stage, region: o.region, allowEnv: !!o.allowEnv },
    terraform: { vars: tfVars, ...(o.tfDir ? { tfDir: path.resolve(io.cwd, o.tfDir as string) } : {}) },
    inlineSuppressions: o.inlineSuppressions !== false,
    code: o.code !== false,
    reportSuppressed: !!o.reportSuppressed,
    ...(o.baseline ? { baseline: o.baseline as string } : {}),
  };
}

async function lintCommand(paths: string[], o: Record<string, any>, io: Io): Promise<number> {
  try {
    const { loadReportWriter } = await import('../formatters/index.js');
    const specs = (o.format as string[]).length ? (o.format as string[]) : ['stylish'];
    const outputs = specs.map((s) => {
      const eq = s.indexOf('=');
      return eq < 0 ? { name: s, file: o.output as string | undefined } : { name: s.slice(0, eq), file: s.slice(eq + 1) };
    });
    const formatters = await Promise.all(outputs.map((x) => loadReportWriter(x.name).catch((e: Error) => { throw new UsageError(e.message); })));
    const machineOnStdout = outputs.some((x) => !x.file && x.name !== 'stylish' && x.name !== 'codeframe');
    const color = o.color !== false && !io.env.NO_COLOR && (io.env.FORCE_COLOR ? io.env.FORCE_COLOR !== '0' : !!io.stdout.isTTY);
    const options = lintOptions(o, io);
    let progress: { tick(): void; done(): void } | undefined;
    if (o.progress !== false && io.stderr.isTTY && !machineOnStdout) {
      const { createProgress } = await import('../formatters/progress.js');
      options.onFile = (_done, total) => {
        if (!progress && total >= 20) progress = createProgress(total, { stream: io.stderr as NodeJS.WriteStream, enabled: true });
        progress?.tick();
      };
    }
    const repoRoot = findRepoRoot(io.cwd);
    const base: FormatContext = {
      cwd: io.cwd, color, repoRoot, docsBaseUrl: DOCS_BASE, toolVersion: VERSION, env: io.env,
      ...(outputs.some((x) => x.name === 'html') ? { run: await runFacts(repoRoot) } : {}),
    };
    // Wrapped to the terminal's width only when the report goes to one (not into files or pipes).
    const widthFor = (x: { file?: string }) => (!x.file && io.stdout.isTTY ? terminalWidth(io) : undefined);
    if (o.changedSince) {
      const diff = await import('../diff/command.js');
      const d = await diff.diffChangedSince(paths, o.changedSince, options);
      progress?.done();
      await diff.writeDiffReports(d, outputs, formatters, base, io);
      return withUnmatched(exitCode(d.introduced, o.failOn as FailOn, o.maxWarnings), paths, { missing: d.missing, files: d.files, findings: d.introduced }, o, io);
    }
    const run = await lintPaths(paths, options);
    progress?.done();
    for (const [i, x] of outputs.entries()) {
      const pieces = formatters[i]!(run.result, { ...base, color: color && !x.file, ...(widthFor(x) ? { width: widthFor(x) } : {}) });
      if (x.file) writeChunksAtomic(path.resolve(io.cwd, x.file), pieces);
      else await writeChunks(io.stdout, pieces);
    }
    for (const n of run.notes) io.stderr.write(`ldlint: ${n.path}: ${n.note}\n`);
    const stale = run.result.staleBaseline?.length ?? 0;
    if (stale) io.stderr.write(`ldlint: ${stale} baseline entr${stale === 1 ? 'y no longer occurs' : 'ies no longer occur'} (listed by --format json / markdown); refresh it with: ldlint baseline\n`);
    return withUnmatched(exitCode(run.result.findings, o.failOn as FailOn, o.maxWarnings), paths, { ...run.result, missing: run.missing }, o, io);
  } catch (e) {
    return reportError(e, (s) => io.stderr.write(s));
  }
}

async function inspectCommand(paths: string[], o: Record<string, any>, io: Io): Promise<number> {
  try {
    const run = await lintPaths(paths, { ...lintOptions(o, io), rules: [], keepProjects: true });
    const merged: Record<string, unknown[]> = { templates: [], functions: [], stateMachines: [], dataStores: [] };
    for (const outcome of run.outcomes) {
      if (!outcome.project) continue;
      const view = inspectProject(outcome.project);
      for (const k of Object.keys(merged)) merged[k]!.push(...((view[k] as unknown[]) ?? []));
    }
    const errors = run.result.findings.filter((f) => f.ruleId === 'ldlint/parse-error');
    const notes = run.notes.map((n) => ({ file: n.path, note: n.note }));
    if (o.format === 'json') io.stdout.write(JSON.stringify({ ...merged, notes, errors: errors.map((f) => ({ file: f.file, line: f.line, column: f.column, message: f.message })) }, null, 2) + '\n');
    else {
      for (const f of merged.functions as Record<string, any>[]) {
        io.stdout.write(`${f.source.file}:${f.source.line}:${f.source.column}  ${f.name} (${f.flavour})\n`);
        for (const [k, v] of Object.entries(f.properties as Record<string, unknown>)) if (k !== 'Code') io.stdout.write(`  ${k}: ${JSON.stringify(v)}\n`);
      }
      for (const n of notes) io.stdout.write(`${n.file}: ${n.note}\n`);
      for (const e of errors) io.stderr.write(`${e.message}\n`);
    }
    return withUnmatched(errors.length ? 2 : 0, paths, { ...run.result, missing: run.missing }, o, io);
  } catch (e) {
    return reportError(e, (s) => io.stderr.write(s));
  }
}

/** Tells what the paths did not match; a run that linted nothing exits 2 (src/cli/unmatched.ts). */
function withUnmatched(code: number, paths: string[], run: RunInputs, o: Record<string, any>, io: Io): number {
  const u = unmatchedInputs(paths, run, o.errorOnUnmatchedPattern === false);
  for (const m of u.messages) io.stderr.write(`ldlint: ${m}\n`);
  return u.fails ? 2 : code;
}

/** The terminal's width: COLUMNS when set (as tmux and shells do), else the stream's, else 80. */
function terminalWidth(io: Io): number {
  const columns = Number(io.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  const own = (io.stdout as { columns?: number }).columns;
  return own && own > 0 ? own : 80;
}

/** What the HTML report names: the project (package.json `name`, else its directory), the commit, the date. */
async function runFacts(repoRoot: string): Promise<NonNullable<FormatContext['run']>> {
  const { headCommit } = await import('../diff/git.js');
  const commit = existsSync(path.join(repoRoot, '.git')) ? headCommit(repoRoot) : undefined;
  let project = path.basename(repoRoot);
  try {
    const name = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name.trim()) project = name.trim();
  } catch {
    // no package.json (or not JSON): the directory's name
  }
  return { project, ...(commit ? { commit } : {}), date: new Date().toISOString() };
}

function findRepoRoot(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}
