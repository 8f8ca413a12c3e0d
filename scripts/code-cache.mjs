// Writes dist/bundle/ldlint.cache: the V8 code cache of the CLI bundle after one run on the
// bundled example, so that it also holds the functions a run compiles lazily. Run by
// scripts/bundle.mjs; bin/load-cli.js reads it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE, loadCli } from '../bin/load-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { cli, script } = loadCli({ useCache: false });
const out = mkdtempSync(path.join(os.tmpdir(), 'ldlint-cache-'));
try {
  const quiet = { write: () => true, isTTY: false };
  await cli.main([path.join(root, 'examples/sam-app/template.yaml'), '-f', 'json', '-o', path.join(out, 'report.json')], { cwd: root, env: {}, stdout: quiet, stderr: quiet });
} finally {
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(CODE_CACHE, script.createCachedData());
