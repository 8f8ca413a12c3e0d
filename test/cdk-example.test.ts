/** examples/cdk-app synthesizes offline with both plugins (needs the compiled `ldlint/cdk`: `npm test` builds first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { ROOT } from './support/lint.js';

const built = path.join(ROOT, 'dist/src/cdk/index.js');
const fresh = existsSync(built) && statSync(built).mtimeMs >= statSync(path.join(ROOT, 'src/cdk/index.ts')).mtimeMs;
const app = path.join(ROOT, 'examples/cdk-app/app.mjs');

describe.skipIf(!fresh)('examples/cdk-app', () => {
  it('synthesizes; the plugins and `ldlint cdk.out` find nothing (one suppression with a reason)', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-example-'));
    const r = spawnSync(process.execPath, [app], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir, LDLINT_EXAMPLE_BROKEN: '' } });
    expect(r.stderr).not.toMatch(/ldlint/);
    expect(r.status).toBe(0);
    const run = await lintPaths([outdir], { cwd: ROOT, reportSuppressed: true });
    expect(run.result.findings.filter((f) => f.severity !== 'info' && !f.suppression)).toEqual([]);
    expect(run.result.findings.filter((f) => f.suppression).map((f) => [f.ruleId, f.constructPath])).toEqual([['RP-LD-1/long-running', 'Orders/NightlyReport/Resource']]);
  });
  it('fails synthesis with the findings when a function breaks the rules', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-example-'));
    const r = spawnSync(process.execPath, [app], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir, LDLINT_EXAMPLE_BROKEN: '1' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/does not set `timeout`/);
    expect(r.stderr).toMatch(/Orders\/Unbounded\/Resource/);
    expect(r.stderr).toMatch(/ldlint-BR-LD-3\/timeout/);
  });
});
