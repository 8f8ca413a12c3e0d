#!/usr/bin/env node
// `npm run bench`: ldlint against a parse-only baseline measured in the same run.
// Results: a table on stdout and bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigTemplate, serverlessYml, writeTemplates, writeTerraformRoot } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CLI = path.join(ROOT, 'bin/ldlint.js');
const HOOK = path.join(HERE, 'rss-hook.mjs');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

/** Runs a node command, returns {ms, rssMb, wasm} of the best of REPEAT runs (wasm: it compiled WebAssembly, i.e. loaded tree-sitter). */
function measure(args, repeat = REPEAT) {
  let best;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', HOOK, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const ms = performance.now() - t0;
    if (r.status === null || r.status > 2) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const rssMb = Number(r.output[3]?.toString() || 0) / 1024;
    if (!best || ms < best.ms) best = { ms, rssMb, wasm: r.output[5]?.toString() === 'true' };
  }
  return best;
}

function listFile(files) {
  const f = path.join(tmp, `list-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(f, files.join('\n'));
  return f;
}

const bytes = (files) => files.reduce((n, f) => n + statSync(f).size, 0);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-bench-'));
const rows = [];

function scenario(name, files, lintArgs, baseline = 'parse-only.mjs') {
  const base = measure([path.join(HERE, baseline), listFile(files)]);
  const lint = measure([CLI, ...lintArgs, '-f', 'json', '-o', path.join(tmp, 'out.json')]);
  const mb = bytes(files) / 1e6;
  rows.push({
    scenario: name, files: files.length, mb: +mb.toFixed(2),
    ldlintMs: Math.round(lint.ms), baselineMs: Math.round(base.ms), ratio: +(lint.ms / base.ms).toFixed(2),
    filesPerSec: Math.round(files.length / (lint.ms / 1000)), mbPerSec: +(mb / (lint.ms / 1000)).toFixed(2),
    peakRssMb: Math.round(lint.rssMb), baselineRssMb: Math.round(base.rssMb),
  });
}

try {
  const corpus = path.resolve(ROOT, '../shared/corpus');
  if (existsSync(path.join(corpus, 'MANIFEST.tsv'))) {
    const files = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)
      .map((l) => l.split('\t')).map((c) => path.join(corpus, c[0].replace('/', '__'), c[2]));
    scenario('corpus', files, [corpus]);
  }
  // The functions' code: ldlint with code next to a baseline that parses the same templates and
  // source files (yaml + tree-sitter), and next to itself with --no-code, in the same run.
  const codeCorpus = path.resolve(ROOT, '../shared/corpus-code');
  if (existsSync(path.join(codeCorpus, 'MANIFEST.tsv'))) {
    const entries = readFileSync(path.join(codeCorpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const file = (c) => path.join(codeCorpus, c[0].replace('/', '__'), c[2]);
    const parsed = entries.filter((c) => c[3] === 'template' || c[3] === 'serverless' || /\.(py|js|mjs|cjs|ts|mts|java)$/.test(c[2])).map(file);
    const base = measure([path.join(HERE, 'parse-code-only.mjs'), listFile(parsed)]);
    const withCode = measure([CLI, codeCorpus, '-f', 'json', '-o', path.join(tmp, 'code.json')]);
    const noCode = measure([CLI, codeCorpus, '--no-code', '-f', 'json', '-o', path.join(tmp, 'nocode.json')]);
    const mb = bytes(parsed) / 1e6;
    const row = (scenario, m, baseline, ratioTo) => ({
      scenario, files: parsed.length, mb: +mb.toFixed(2), ldlintMs: Math.round(m.ms), baselineMs: Math.round(baseline.ms), ratio: +(m.ms / baseline.ms).toFixed(2),
      filesPerSec: Math.round(parsed.length / (m.ms / 1000)), mbPerSec: +(mb / (m.ms / 1000)).toFixed(2), peakRssMb: Math.round(m.rssMb), baselineRssMb: Math.round(baseline.rssMb), ...ratioTo,
    });
    rows.push(row('code corpus vs parse-only (yaml + tree-sitter)', withCode, base));
    rows.push(row('code corpus: with code vs --no-code', withCode, noCode, { target: '<= 1.5' }));
  }
  for (const n of [500, 2500, 5000]) {
    const dir = path.join(tmp, `gen-${n}`);
    scenario(`generated ${n}`, writeTemplates(dir, n), [dir]);
  }
  const big = path.join(tmp, 'big', 'template.yaml');
  mkdirSync(path.dirname(big), { recursive: true });
  writeFileSync(big, bigTemplate());
  scenario('500 resources / 200 functions', [big], [big]);
  const sls = path.join(tmp, 'sls', 'serverless.yml');
  mkdirSync(path.dirname(sls), { recursive: true });
  writeFileSync(sls, serverlessYml());
  scenario('serverless.yml, 300 functions', [sls], [sls]);

  // Terraform: the corpus and a generated root module, against the same tree-sitter parser reading
  // the same files with no evaluation (bench/parse-only-hcl.mjs).
  const tfCorpus = path.resolve(ROOT, '../shared/corpus-terraform');
  if (existsSync(path.join(tfCorpus, 'MANIFEST.tsv'))) {
    const files = readFileSync(path.join(tfCorpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)
      .map((l) => l.split('\t')).filter((c) => c[3] === 'terraform' || c[3] === 'tfvars').map((c) => path.join(tfCorpus, c[0].replace('/', '__'), c[2]));
    scenario('terraform corpus', files, [tfCorpus], 'parse-only-hcl.mjs');
  }
  const tfRoot = path.join(tmp, 'tf-root');
  scenario('terraform root, 300 functions in 20 module instances', writeTerraformRoot(tfRoot), [tfRoot], 'parse-only-hcl.mjs');

  // Start-up: one small CloudFormation template; tree-sitter (WebAssembly) must not load.
  const small = path.join(ROOT, 'examples/sam-app/template.yaml');
  const node0 = measure(['-e', '0'], 5);
  const one = measure([CLI, small, '-f', 'json', '-o', path.join(tmp, 'one.json')], 5);
  rows.push({ scenario: 'one small template vs node -e 0', files: 1, ldlintMs: Math.round(one.ms), baselineMs: Math.round(node0.ms), ratio: +(one.ms / node0.ms).toFixed(2), peakRssMb: Math.round(one.rssMb), treeSitter: one.wasm ? 'loaded' : 'not loaded' });
  if (one.wasm) console.error('bench: a CloudFormation-only run loaded tree-sitter (WebAssembly); it must not');

  // Per file, a run of 500 also pays start-up and JIT warm-up, which 5,000 spread thinner; the
  // marginal time per file (between two sizes) is what grows when the work is not linear.
  const ms = (n) => rows.find((r) => r.scenario === `generated ${n}`).ldlintMs;
  const perFile = { 500: ms(500) / 500, 5000: ms(5000) / 5000 };
  const marginal = { '500-2500': (ms(2500) - ms(500)) / 2000, '2500-5000': (ms(5000) - ms(2500)) / 2500 };
  const linearity = {
    perFile5000vs500: +(perFile[5000] / perFile[500]).toFixed(2),
    marginal2500to5000vs500to2500: +(marginal['2500-5000'] / marginal['500-2500']).toFixed(2),
  };

  console.table(rows);
  console.log(`time per file: ${perFile[500].toFixed(2)} ms for 500 templates, ${perFile[5000].toFixed(2)} ms for 5,000 (${linearity.perFile5000vs500}x; start-up and warm-up spread over more files)`);
  const base = (n) => rows.find((r) => r.scenario === `generated ${n}`).baselineMs / n;
  linearity.baselinePerFile5000vs500 = +(base(5000) / base(500)).toFixed(2);
  console.log(`parse-only baseline per file, 5,000 vs 500: ${linearity.baselinePerFile5000vs500}x`);
  console.log(`marginal time per file: ${marginal['500-2500'].toFixed(2)} ms from 500 to 2,500, ${marginal['2500-5000'].toFixed(2)} ms from 2,500 to 5,000 (${linearity.marginal2500to5000vs500to2500}x; 1.0 is linear)`);
  const result = { date: new Date().toISOString(), node: process.version, cpus: os.availableParallelism(), rows, linearity };
  writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(result, null, 2) + '\n');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
