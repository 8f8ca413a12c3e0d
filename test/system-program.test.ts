/**
 * The policy of tests that need a system program (test/support/system-program.ts), run for real: a
 * small test file is run by vitest on a PATH that holds node and nothing else, so that pre-commit
 * is missing; once as on a developer's machine (skipped, the reason in the summary), once with
 * CI set (failed, with how to install it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ciIsSet, findProgram } from './support/system-program.js';
import { ROOT } from './support/lint.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-system-program-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bin = path.join(tmp, 'bin');
mkdirSync(bin);
symlinkSync(process.execPath, path.join(bin, 'node'));
const helper = pathToFileURL(path.join(ROOT, 'test/support/system-program.ts')).href;
const needs = `import { describe, expect, it } from 'vitest';
import { requireProgram } from ${JSON.stringify(helper)};
describe('with pre-commit', () => {
  requireProgram('pre-commit', { install: 'apt-get install -y pre-commit' });
  it('uses pre-commit', () => { throw new Error('ran without pre-commit'); });
  it('uses it again', () => { throw new Error('ran without pre-commit'); });
});
describe('with node', () => {
  const node = requireProgram('node', { install: 'nodejs.org' });
  it('uses node', () => { expect(node.command).toBe('node'); expect(node.version).toMatch(/^v\\d+/); });
});
`;
writeFileSync(path.join(tmp, 'needs.test.ts'), needs);
writeFileSync(
  path.join(tmp, 'vitest.config.mjs'),
  `export default { test: { include: ['needs.test.ts'], reporters: ['default', ${JSON.stringify(path.join(ROOT, 'test/support/skip-reasons.ts'))}] } };\n`,
);

function vitest(env: Record<string, string>): { code: number | null; output: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI' && !k.startsWith('VITEST')));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run'], {
    cwd: tmp,
    env: { ...clean, PATH: bin, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('a test that needs a system program', () => {
  it('is skipped when the program is missing, with the reason in the summary', () => {
    const r = vitest({});
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+1 passed \| 2 skipped/);
    expect(r.output).toContain('needs.test.ts: 2 tests skipped: pre-commit is not installed (install: apt-get install -y pre-commit; required when CI is set)');
  });

  it('fails when CI is set and the program is missing, saying how to install it', () => {
    const r = vitest({ CI: 'true' });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('pre-commit is required because CI is set, and it is not installed (or does not run). Install it: apt-get install -y pre-commit');
    expect(r.output).toMatch(/Tests\s+1 passed \| 2 skipped/);
  });

  it('is skipped, not failed, when CI is set and .ci/run could not provide the program', () => {
    const r = vitest({ CI: 'true', LDLINT_OPTIONAL_PROGRAMS: 'terraform, pre-commit' });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+1 passed \| 2 skipped/);
    expect(r.output).toContain('needs.test.ts: 2 tests skipped: pre-commit is not installed (install: apt-get install -y pre-commit; not provided on this machine: LDLINT_OPTIONAL_PROGRAMS)');
  });

  it('is skipped when the program runs but lacks what the tests need, and fails then when CI is set', () => {
    writeFileSync(path.join(tmp, 'needs.test.ts'), `import { describe, it } from 'vitest';
import { requireProgram } from ${JSON.stringify(helper)};
describe('with node and its plugins', () => {
  requireProgram('node', { install: 'nodejs.org', missing: () => 'no plugins in /nonexistent' });
  it('uses the plugins', () => { throw new Error('ran without the plugins'); });
});
`);
    let r = vitest({});
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('needs.test.ts: 1 test skipped: no plugins in /nonexistent (install: nodejs.org; required when CI is set)');
    r = vitest({ CI: 'true' });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('node is required because CI is set, and no plugins in /nonexistent. Install it: nodejs.org');
    writeFileSync(path.join(tmp, 'needs.test.ts'), needs);
  });

  it('probes without registering anything', () => {
    expect(findProgram('ldlint-no-such-program', { env: { PATH: bin } })).toEqual({ command: undefined });
    expect(findProgram(['ldlint-no-such-program', 'node'], { env: { PATH: bin } }).command).toBe('node');
  });

  it('reads CI as most CI systems set it', () => {
    for (const v of ['true', '1', 'yes', 'TRUE']) expect(ciIsSet({ CI: v }), v).toBe(true);
    for (const v of [undefined, '', '0', 'false', 'False']) expect(ciIsSet({ CI: v }), String(v)).toBe(false);
  });
});
