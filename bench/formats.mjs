#!/usr/bin/env node
// `npm run bench:formats`: peak memory of every report format on one SAM template with 10,000
// functions (some 60,000 findings), each written to a file. Results: a table and bench/formats.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manyFunctionsTemplate } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CLI = path.join(ROOT, 'bin/ldlint.js');
const HOOK = path.join(HERE, 'rss-hook.mjs');
const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 10_000);
const FORMATS = ['stylish', 'codeframe', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown', 'html'];
/** The ceiling the reports must stay under (issue 13, item 16). */
const LIMIT_MB = 400;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-formats-'));
try {
  const template = path.join(tmp, 'big', 'template.yaml');
  mkdirSync(path.dirname(template), { recursive: true });
  writeFileSync(template, manyFunctionsTemplate(FUNCTIONS));
  const rows = [];
  for (const format of FORMATS) {
    const out = path.join(tmp, `report.${format}`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', HOOK, CLI, template, '-f', `${format}=${out}`], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { ...process.env, GITHUB_STEP_SUMMARY: '' } });
    const ms = performance.now() - t0;
    if (r.status === null || r.status > 1) throw new Error(`${format} exited ${r.status}: ${r.stderr}`);
    const peakRssMb = Math.round(Number(r.output[3]?.toString() || 0) / 1024);
    rows.push({ format, functions: FUNCTIONS, reportMb: +(statSync(out).size / 1e6).toFixed(1), ms: Math.round(ms), peakRssMb, underLimit: peakRssMb < LIMIT_MB });
  }
  console.table(rows);
  writeFileSync(path.join(HERE, 'formats.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, limitMb: LIMIT_MB, rows }, null, 2) + '\n');
  if (rows.some((r) => !r.underLimit)) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
