// Writes the V8 code caches of the bundles (dist/bundle/ldlint.cache, worker.cache) after one run
// of each on the bundled examples (CloudFormation, SAM, Serverless), so that they also hold the
// functions a run compiles lazily. Run by scripts/bundle.mjs; bin/load-bundle.js reads them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachePath, loadBundle } from '../bin/load-bundle.js';
import { DEFAULT_MAX_FILE_SIZE } from '../dist/src/io/read.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = ['cloudformation/template.yaml', 'sam-app/template.yaml', 'serverless/serverless.yml'].map((f) => path.join(root, 'examples', f));

const cli = loadBundle('ldlint', { useCache: false });
const out = mkdtempSync(path.join(os.tmpdir(), 'ldlint-cache-'));
try {
  const quiet = { write: () => true, isTTY: false };
  await cli.exports.main([...examples, '-f', 'json', '-o', path.join(out, 'report.json')], { cwd: root, env: {}, stdout: quiet, stderr: quiet });
} finally {
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(cachePath('ldlint'), cli.script.createCachedData());

const worker = loadBundle('worker', { useCache: false });
const options = { cwd: root, parameters: [], strict: false, maxFileSize: DEFAULT_MAX_FILE_SIZE, today: '2026-01-01', inlineSuppressions: true };
await worker.exports.default({ options, files: examples.map((f) => ({ path: f, explicit: true })) });
writeFileSync(cachePath('worker'), worker.script.createCachedData());
