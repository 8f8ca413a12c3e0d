/**
 * Issue 9: hostile and odd inputs end with a located message and exit 0, 1 or 2 -- never a stack
 * trace, a hang, runaway memory or prototype pollution. Each input of test/support/hostile.ts is
 * written into a temporary directory and linted by the BUILT CLI (`npm test` builds dist first),
 * two children at a time.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, hostileCases, pool, runCli, unlockTree, writeCase, type HostileCase, type RunResult } from './support/hostile.js';

const TIMEOUT_MS = 10_000;
const MAX_RSS_KIB = 500 * 1024;
const STACK = /\n\s+at .+:\d+:\d+\)?/;

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

function findingsOf(stdout: string): JsonFinding[] | undefined {
  if (stdout.trim() === '') return undefined;
  try {
    return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
  } catch {
    return undefined;
  }
}

/** `HOSTILE_ONLY=regex` runs the matching cases only (when working on one); `HOSTILE_KEEP=1` keeps their files; `HOSTILE_REPORT=1` lists times. */
const only = process.env.HOSTILE_ONLY ? new RegExp(process.env.HOSTILE_ONLY) : undefined;
const cases = hostileCases().filter((c) => !only || only.test(c.name));
const results = new Map<string, RunResult>();
let root: string;

beforeAll(async () => {
  ensureBuilt();
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ldlint-hostile-')));
  await pool(cases, 2, async (c) => {
    const dir = path.join(root, c.name);
    writeCase(dir, c);
    const args = c.args ?? [Object.keys(c.files)[0]!];
    results.set(c.name, await runCli([...args, '-f', 'json'], { cwd: dir, ...(c.env ? { env: c.env } : {}), hookDir: root }));
  });
}, 15 * 60_000);

afterAll(() => {
  if (!root) return;
  // `HOSTILE_REPORT=1` prints the time and peak memory of each case (slowest first).
  if (process.env.HOSTILE_REPORT) {
    const rows = [...results].sort((a, b) => b[1].ms - a[1].ms).map(([n, r]) => `${String(r.ms).padStart(6)} ms ${String(Math.round((r.maxRssKiB ?? 0) / 1024)).padStart(4)} MB  exit ${r.code}  ${n}`);
    console.log(rows.join('\n'));
  }
  // `HOSTILE_KEEP=1` keeps the generated inputs for a closer look.
  if (process.env.HOSTILE_KEEP) return void console.log(`hostile inputs kept in ${root}`);
  unlockTree(root);
  rmSync(root, { recursive: true, force: true });
});

function check(c: HostileCase, r: RunResult): void {
  const summary = (findingsOf(r.stdout) ?? [])
    .filter((f) => f.ruleId.startsWith('ldlint/'))
    .slice(0, 10)
    .map((f) => `  ${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message.slice(0, 300)}`);
  const where = `${c.name}: exit ${r.code} (${r.signal ?? 'no signal'}) in ${r.ms} ms, ${Math.round((r.maxRssKiB ?? 0) / 1024)} MB\nstderr: ${r.stderr.slice(0, 2000)}\nldlint findings:\n${summary.join('\n')}`;
  expect(r.timedOut, `timed out after ${TIMEOUT_MS} ms: ${where}`).toBe(false);
  expect(r.ms, where).toBeLessThan(TIMEOUT_MS);
  expect(c.expect?.exit ?? [0, 1, 2], where).toContain(r.code);
  expect(r.stderr, where).not.toMatch(STACK);
  expect(r.stderr, where).not.toMatch(/internal error/i);
  const findings = findingsOf(r.stdout);
  if (r.stdout.trim() !== '') expect(findings, `stdout is not the JSON report: ${where}`).toBeDefined();
  const internal = (findings ?? []).filter((f) => f.ruleId === 'ldlint/internal-error');
  expect(internal.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`), where).toEqual([]);
  if (r.code === 2) {
    const located = (findings ?? []).some((f) => /^ldlint\//.test(f.ruleId) && f.file !== '' && f.line >= 1 && f.column >= 1 && f.severity === 'error') || /[^\s:]+:\d+:\d+/.test(r.stderr);
    // A run that linted nothing has no position to give: it names the paths instead.
    const unmatched = /^ldlint: (no templates found in .+|.+: no such file or directory)$/m.test(r.stderr);
    expect(located || unmatched, `exit 2 without a file:line:col message: ${where}`).toBe(true);
  }
  expect(r.maxRssKiB, `no RSS reported: ${where}`).toBeDefined();
  expect(r.maxRssKiB!, `peak RSS ${Math.round(r.maxRssKiB! / 1024)} MB: ${where}`).toBeLessThan(MAX_RSS_KIB);
  expect(r.polluted, `Object.prototype changed: ${where}`).toBe(false);
  const all = `${(findings ?? []).map((f) => f.message).join('\n')}\n${r.stderr}`;
  if (c.expect?.message) expect(all, where).toMatch(c.expect.message);
  for (const s of c.expect?.absent ?? []) {
    expect(r.stdout.includes(s), `${s} leaked to stdout: ${where}`).toBe(false);
    expect(r.stderr.includes(s), `${s} leaked to stderr: ${where}`).toBe(false);
  }
}

describe('hostile inputs: the built CLI never crashes, hangs, bloats or pollutes', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = results.get(c.name);
    expect(r, `${c.name} did not run`).toBeDefined();
    check(c, r!);
  });

  it('leaves Object.prototype alone when templates with prototype keys are linted in process', async () => {
    const { PROTO_TEMPLATES } = await import('./support/hostile.js');
    const { lintText } = await import('./support/lint.js');
    for (const [file, text] of PROTO_TEMPLATES) {
      const out = lintText(file, text, { parameters: Object.fromEntries([['__proto__', 'polluted'], ['constructor', 'x']]) });
      expect(out.findings.filter((f) => f.ruleId === 'ldlint/internal-error'), file).toEqual([]);
      expect(({} as Record<string, unknown>).polluted, file).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    }
  });
});
