#!/usr/bin/env node
// A seeded, stratified sample of findings for a hand review: up to N per check, drawn from a JSON
// report (`ldlint DIR -f json -o report.json`). Usage:
//   node scripts/sample-findings.mjs report.json [--seed S] [--per N] [--only REGEX] [--context L]
// Prints each finding with the source lines around it, read from the report's cwd (--root DIR).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const report = JSON.parse(readFileSync(args[0], 'utf8'));
const seed = opt('seed', 'ldlint');
const per = Number(opt('per', 4));
const only = opt('only') ? new RegExp(opt('only')) : undefined;
const context = Number(opt('context', 3));
const root = opt('root', process.cwd());

// mulberry32 over a string hash: the same seed draws the same sample.
let h = 1779033703;
for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 3432918353), (h = (h << 13) | (h >>> 19));
let state = h >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const byRule = new Map();
for (const f of report.findings) {
  if (only && !only.test(f.ruleId)) continue;
  if (!byRule.has(f.ruleId)) byRule.set(f.ruleId, []);
  byRule.get(f.ruleId).push(f);
}
const lines = new Map();
const source = (file) => {
  if (!lines.has(file)) {
    try {
      lines.set(file, readFileSync(path.resolve(root, file), 'utf8').split('\n'));
    } catch {
      lines.set(file, []);
    }
  }
  return lines.get(file);
};
let n = 0;
for (const id of [...byRule.keys()].sort()) {
  const all = byRule.get(id);
  const pool = [...all];
  const picked = [];
  while (picked.length < per && pool.length) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  console.log(`\n=== ${id}: ${picked.length} of ${all.length}`);
  for (const f of picked) {
    n++;
    console.log(`\n[${n}] ${f.file}:${f.line}:${f.column} ${f.severity} ${f.resource ?? '-'}\n    ${f.message}${f.help ? `\n    help: ${f.help}` : ''}`);
    const src = source(f.file);
    for (let l = Math.max(1, f.line - context); l <= Math.min(src.length, f.line + context); l++) console.log(`${l === f.line ? '>' : ' '}${String(l).padStart(5)} | ${src[l - 1]}`);
  }
}
console.log(`\n${n} findings sampled with seed ${JSON.stringify(seed)}`);
