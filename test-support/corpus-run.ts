/**
 * `npm run corpus`: lints every file of ../shared/corpus (when present) with every check and fails
 * on any crash, on a parse error outside the files known to be broken upstream, on a template
 * without a model, and on a Serverless file with a non-AWS provider that gets Lambda findings.
 * Then the templates of ../shared/corpus-code (projects with their handler code), with the same
 * failures, and statistics of the code located: functions whose code was found (by language, with
 * the files read), not found (an ldlint/unverifiable note), or not there to read (images).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintPaths } from '../src/run.js';
import type { LambdaFunction } from '../src/model/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(process.env.LDLINT_CORPUS ?? path.join(ROOT, '../shared/corpus'));
const CODE_CORPUS = path.resolve(process.env.LDLINT_CODE_CORPUS ?? path.join(ROOT, '../shared/corpus-code'));
const BROKEN_UPSTREAM = new Set([
  'aws-samples__serverless-patterns/apigw-custom-domain-edge/template.yaml',
  'aws-samples__serverless-patterns/rds-sns-event-notification/template.yaml',
]);

const TF_CORPUS = path.resolve(process.env.LDLINT_TF_CORPUS ?? path.join(ROOT, '../shared/corpus-terraform'));

/**
 * The Terraform corpus, linted as a walk finds it (root modules, child modules through their
 * callers): no crash, no stack trace in any message, a model for every root module, and no parse
 * error (every file of it is accepted by Terraform).
 */
async function terraformCorpus(): Promise<string[]> {
  if (!existsSync(path.join(TF_CORPUS, 'MANIFEST.tsv'))) {
    console.log(`corpus: ${TF_CORPUS} not present, nothing to run`);
    return [];
  }
  const problems: string[] = [];
  const started = Date.now();
  try {
    const run = await lintPaths(['.'], { cwd: TF_CORPUS, today: '2026-01-01' });
    for (const f of run.result.findings) {
      if (f.ruleId === 'ldlint/internal-error') problems.push(`${f.file}: internal error: ${f.message}`);
      if (f.ruleId === 'ldlint/parse-error') problems.push(`${f.file}:${f.line}:${f.column}: unexpected parse error: ${f.message}`);
      if (/\n\s+at .+:\d+:\d+/.test(f.message)) problems.push(`${f.file}: stack trace in a message`);
    }
    const modules = run.result.files.filter((f) => f.flavour === 'terraform').length;
    const unmodelled = run.outcomes.filter((o) => o.flavour === null && /\.tf$|^[^.]*$/.test(o.path));
    for (const o of unmodelled) problems.push(`${o.path}: no model`);
    console.log(`corpus-terraform: ${modules} root modules, ${run.result.findings.length} findings, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    problems.push(`corpus-terraform: crash: ${(e as Error).stack ?? e}`);
  }
  return problems;
}

/** Code located over a corpus, per function. */
interface CodeStats {
  functions: number;
  found: Map<string, number>;
  files: number;
  notFound: number;
  reasons: Map<string, number>;
  noCode: number;
}

async function main(): Promise<number> {
  const tfProblems = await terraformCorpus();
  for (const p of tfProblems) console.log(`  FAIL ${p}`);
  const templates = await runCorpus(CORPUS, 'corpus');
  const code = await runCorpus(CODE_CORPUS, 'corpus-code', (kind) => kind === 'template' || kind === 'serverless');
  return tfProblems.length ? 1 : templates || code;
}

async function runCorpus(corpus: string, label: string, linted: (kind: string) => boolean = () => true): Promise<number> {
  if (!existsSync(path.join(corpus, 'MANIFEST.tsv'))) {
    console.log(`${label}: ${corpus} not present, nothing to run`);
    return 0;
  }
  const rows = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')).filter((r) => linted(r[3]!));
  const stats: CodeStats = { functions: 0, found: new Map(), files: 0, notFound: 0, reasons: new Map(), noCode: 0 };
  const problems: string[] = [];
  const started = Date.now();
  let findings = 0;
  for (const [repo, , p, kind] of rows) {
    const rel = `${repo!.replace('/', '__')}/${p}`;
    const file = path.join(corpus, rel);
    try {
      const run = await lintPaths([file], { cwd: corpus, today: '2026-01-01', keepProjects: true });
      findings += run.result.findings.length;
      const parseErrors = run.result.findings.filter((f) => f.ruleId === 'ldlint/parse-error');
      const internal = run.result.findings.filter((f) => f.ruleId === 'ldlint/internal-error');
      for (const f of internal) problems.push(`${rel}: internal error: ${f.message}`);
      if (BROKEN_UPSTREAM.has(rel)) {
        if (parseErrors.length !== 1 || parseErrors[0]!.line < 1) problems.push(`${rel}: expected one located parse error`);
        continue;
      }
      for (const f of parseErrors) problems.push(`${rel}:${f.line}:${f.column}: unexpected parse error: ${f.message}`);
      const outcome = run.outcomes[0];
      for (const fn of outcome?.project?.functions ?? []) count(stats, fn);
      if (!outcome?.project && !(kind === 'serverless' && outcome?.note)) problems.push(`${rel}: no model (${outcome?.note ?? 'no outcome'})`);
      if (kind === 'serverless' && outcome?.note && /not aws/.test(outcome.note)) {
        const lambda = run.result.findings.filter((f) => /^(BR|RP)-LD/.test(f.ruleId));
        if (lambda.length) problems.push(`${rel}: non-AWS provider got ${lambda.length} Lambda findings`);
      }
    } catch (e) {
      problems.push(`${rel}: crash: ${(e as Error).stack ?? e}`);
    }
  }
  console.log(`${label}: ${rows.length} files, ${findings} findings, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const found = [...stats.found.values()].reduce((a, b) => a + b, 0);
  const languages = [...stats.found].sort().map(([l, n]) => `${l} ${n}`).join(', ');
  console.log(`${label}: ${stats.functions} functions: code found ${found}${languages ? ` (${languages}; ${stats.files} files read)` : ''}, not found ${stats.notFound}, no code to read ${stats.noCode}`);
  for (const [reason, n] of [...stats.reasons].sort((a, b) => b[1] - a[1])) console.log(`  not found: ${n} x ${reason}`);
  for (const p of problems) console.log(`  FAIL ${p}`);
  console.log(problems.length ? `${label}: ${problems.length} problems` : `${label}: every file gives a model or a located parse error`);
  return problems.length ? 1 : 0;
}

/** Counts one function's located code (a project read through several templates counts each time). */
function count(stats: CodeStats, fn: LambdaFunction): void {
  stats.functions++;
  if (fn.code) {
    stats.found.set(fn.code.language, (stats.found.get(fn.code.language) ?? 0) + 1);
    stats.files += fn.code.files.length;
  } else if (fn.codeProblem) {
    stats.notFound++;
    // The kind of reason, without the names of this project's files.
    const kind = fn.codeProblem.reason.replace(/ \S*[/.]\S*/g, ' …').replace(/handler \S+/, 'handler …');
    stats.reasons.set(kind, (stats.reasons.get(kind) ?? 0) + 1);
  } else stats.noCode++;
}

process.exitCode = await main();
