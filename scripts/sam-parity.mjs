#!/usr/bin/env node
// Compares `ldlint inspect` with the official SAM translator (scripts/sam-translate.py, needs the
// Python package aws-sam-translator and cfn-lint) on SAM templates: the corpus's by default, or the
// files given. Prints the share of functions whose governed properties agree; --min N fails below N%.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintPaths } from '../dist/src/run.js';
import { inspectProject } from '../dist/src/inspect.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROPS = ['Timeout', 'MemorySize', 'ReservedConcurrentExecutions', 'VpcConfig', 'Environment', 'Tags', 'EphemeralStorage', 'KmsKeyArn', 'Layers', 'Architectures', 'TracingConfig', 'DeadLetterConfig', 'LoggingConfig', 'Runtime', 'Handler'];

const args = process.argv.slice(2);
const minIdx = args.indexOf('--min');
const min = minIdx >= 0 ? Number(args.splice(minIdx, 2)[1]) : 0;
const verbose = args.includes('-v') ? args.splice(args.indexOf('-v'), 1) && true : false;
let files = args;
if (files.length === 0) {
  const corpus = path.resolve(ROOT, '../shared/corpus');
  if (!existsSync(corpus)) { console.log('sam-parity: no corpus, nothing to compare'); process.exit(0); }
  files = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split('\t')).filter((c) => c[3] === 'sam').map((c) => path.join(corpus, c[0].replace('/', '__'), c[2]));
}

const reference = {};
for (let i = 0; i < files.length; i += 100) {
  Object.assign(reference, JSON.parse(execFileSync('python3', [path.join(ROOT, 'scripts/sam-translate.py'), ...files.slice(i, i + 100)], { maxBuffer: 1 << 28 }).toString()));
}

const canon = (v) => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
/**
 * A layer with a local ContentUri gets its logical id suffix from the S3 location `sam package` writes,
 * which only exists at deploy time (sam-translate.py substitutes a placeholder). ldlint then keeps the
 * SAM id; count `{Ref: Id}` as agreeing with `{Ref: Id<10 hex>}` in that case only.
 */
function unpackagedLayers(got, expected) {
  if (!Array.isArray(got?.Layers) || !Array.isArray(expected?.Layers) || got.Layers.length !== expected.Layers.length) return expected;
  const layers = expected.Layers.map((e, i) => {
    const g = got.Layers[i];
    const m = typeof e?.Ref === 'string' ? /^(.+)[0-9a-f]{10}$/.exec(e.Ref) : null;
    return m && g?.Ref === m[1] ? g : e;
  });
  return { ...expected, Layers: layers };
}

let total = 0, agree = 0, skipped = 0;
const mismatches = {};
for (const file of files) {
  const ref = reference[file];
  if (!ref || ref.error) { skipped++; continue; }
  const run = await lintPaths([file], { cwd: process.cwd(), rules: [], keepProjects: true });
  const fns = Object.fromEntries(run.outcomes.flatMap((o) => (o.project ? inspectProject(o.project).functions : [])).map((f) => [f.logicalId, f.properties]));
  for (const [id, translated] of Object.entries(ref)) {
    total++;
    const got = fns[id];
    const expected = unpackagedLayers(got, translated);
    const bad = got ? PROPS.filter((p) => canon(got[p]) !== canon(expected[p])) : ['<missing function>'];
    if (bad.length === 0) agree++;
    else {
      for (const p of bad) (mismatches[p] ??= []).push(`${path.relative(process.cwd(), file)} ${id}${verbose && got ? `\n    ldlint: ${canon(got[p])}\n    sam:    ${canon(expected[p])}` : ''}`);
    }
  }
}
const pct = total ? (100 * agree) / total : 100;
console.log(`sam-parity: ${agree}/${total} functions agree (${pct.toFixed(1)}%); ${skipped} templates the translator rejects were skipped`);
for (const [p, list] of Object.entries(mismatches)) {
  console.log(`  ${p}: ${list.length}`);
  for (const l of list.slice(0, verbose ? 50 : 3)) console.log(`    ${l}`);
}
if (pct < min) process.exit(1);
