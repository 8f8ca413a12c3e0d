/**
 * LdlintChecks over cdk-nag 2 (an aspect; `NagSuppressions`), installed for the tests as the alias
 * cdk-nag-v2. The same class definition serves cdk-nag 3 (test/cdk.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Aspects, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { defineLdlintChecks, type LdlintChecksPack } from '../src/cdk/nag-pack.js';
import { lintPaths } from '../src/run.js';
import type { Finding } from '../src/engine/types.js';
import { buildTestApp, type TestApp } from './cdk-app.js';

const nag2 = createRequire(import.meta.url)('cdk-nag-v2');
const TODAY = '2026-06-01';
let t: TestApp;
let pack: LdlintChecksPack;
let cli: Finding[];

/** cdk-nag 2 annotations of the app: [level, rule id, construct path]. */
function annotations(root: IConstruct): { level: string; ruleId: string; path: string; message: string }[] {
  const out = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      const level = /^aws:cdk:(error|warning|info)$/.exec(m.type)?.[1];
      const text = typeof m.data === 'string' ? m.data : '';
      const id = /^(ldlint-[^:\s]+): /.exec(text)?.[1];
      if (level && id) out.push({ level, ruleId: id, path: c.node.path, message: text });
    }
  }
  return out;
}

beforeAll(async () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-nag2-'));
  const outdir = path.join(cwd, 'cdk.out');
  t = buildTestApp(outdir);
  const LdlintChecks = defineLdlintChecks(nag2);
  pack = new LdlintChecks({ cwd, today: TODAY, reports: false });
  Aspects.of(t.app).add(pack as IAspect);
  nag2.NagSuppressions.addResourceSuppressions(t.bad, [{ id: 'ldlint-BR-LD-3/memory', reason: 'The default 128 MB is enough for this handler.' }], true);
  t.app.synth();
  cli = (await lintPaths([outdir], { cwd, today: TODAY })).result.findings;
}, 120_000);

describe('LdlintChecks (cdk-nag 2 aspect)', () => {
  it('annotates the constructs involved with ldlint rule ids, at cdk-nag levels and with the finding message', () => {
    const a = annotations(t.app);
    expect(a).toContainEqual(expect.objectContaining({ level: 'error', ruleId: 'ldlint-BR-LD-3/timeout', path: 'Service/Bad/Resource' }));
    expect(a).toContainEqual(expect.objectContaining({ level: 'warning', ruleId: 'ldlint-BR-LD-4/tmp-persistence', path: 'Service/Bad/Resource' }));
    expect(a).toContainEqual(expect.objectContaining({ level: 'error', ruleId: 'ldlint-BR-LD-3/reserved-concurrency', path: 'Service/Workers/Worker/Resource' }));
    const timeout = a.find((x) => x.ruleId === 'ldlint-BR-LD-3/timeout')!;
    expect(timeout.message).toMatch(/does not set `timeout`.*\(cdk\.out\/Service\.template\.json:\d+\)/);
    expect(a.some((x) => x.path.startsWith('Service/Good/'))).toBe(false);
  });

  it('honours NagSuppressions with a reason', () => {
    const a = annotations(t.app);
    expect(a.some((x) => x.ruleId === 'ldlint-BR-LD-3/memory' && x.path === 'Service/Bad/Resource')).toBe(false);
    expect(a.some((x) => x.ruleId === 'ldlint-BR-LD-3/memory' && x.path === 'Service/Workers/Worker/Resource')).toBe(true);
    expect(pack.findings.some((f) => f.ruleId === 'BR-LD-3/memory' && f.constructPath === 'Service/Bad/Resource')).toBe(true);
  });

  it('finds what `ldlint cdk.out/` finds in the stacks the aspect visits (aspects do not enter stages)', () => {
    const got = [...new Set(annotations(t.app).map((x) => `${x.ruleId} ${x.path}`))].sort();
    const expected = [...new Set(cli.filter((f) => f.resource !== null && f.severity !== 'info' && !f.constructPath?.startsWith('Prod/')).map((f) => `ldlint-${f.ruleId} ${f.constructPath}`))]
      .filter((p) => p !== 'ldlint-BR-LD-3/memory Service/Bad/Resource')
      .sort();
    expect(got).toEqual(expected);
  });
});
