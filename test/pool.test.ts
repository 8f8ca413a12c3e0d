/**
 * The worker pool: when it is used, and that it reports exactly what the main thread reports.
 * The pool exists only in the bundle, so the equality check runs the built CLI (`npm test` builds).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POOL_MIN_FILES, threadsFor } from '../src/pool/pool.js';
import { ensureBuilt } from './support/hostile.js';
import { ROOT } from './support/lint.js';

describe('threadsFor', () => {
  it('lints small runs on the main thread', () => {
    expect(threadsFor(POOL_MIN_FILES - 1, 8)).toBe(0);
    expect(threadsFor(POOL_MIN_FILES, 8)).toBe(3);
  });

  it('uses no pool on two cores and one thread fewer than the cores from three up', () => {
    expect(threadsFor(5000, 1)).toBe(0);
    expect(threadsFor(5000, 2)).toBe(0);
    expect(threadsFor(5000, 3)).toBe(2);
    expect(threadsFor(5000, 16)).toBe(15);
  });

  it('takes LDLINT_WORKERS, bounded by one thread per 16 files', () => {
    expect(threadsFor(5000, 2, '2')).toBe(2);
    expect(threadsFor(5000, 8, '0')).toBe(0);
    expect(threadsFor(64, 8, '6')).toBe(4);
    expect(threadsFor(5000, 8, 'many')).toBe(0);
    expect(threadsFor(5000, 4, '')).toBe(3);
  });
});

describe('the pool reports what the main thread reports', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ldlint-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on 60+ templates of every flavour', () => {
    ensureBuilt();
    // The fixtures of six checks (CloudFormation, SAM, Serverless), each in a folder of its own.
    let n = 0;
    for (const rule of ['br-ld-2/log-retention', 'br-ld-2/log-forwarding', 'br-ld-3/timeout', 'br-ld-1/sensitive-env-vars', 'br-ld-3/memory', 'rp-ld-1/long-running']) {
      for (const kind of ['valid', 'invalid']) {
        const from = path.join(ROOT, 'fixtures', rule, kind);
        for (const f of readdirSync(from)) {
          const to = path.join(dir, `t${n++}`);
          mkdirSync(to);
          cpSync(path.join(from, f), path.join(to, f), { recursive: true });
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(POOL_MIN_FILES);
    const run = (workers: string) => {
      try {
        return execFileSync(process.execPath, [path.join(ROOT, 'bin/ldlint.js'), dir, '-f', 'json'], { env: { ...process.env, LDLINT_WORKERS: workers }, cwd: dir, maxBuffer: 1 << 26 }).toString();
      } catch (e) {
        return String((e as { stdout: Buffer }).stdout);
      }
    };
    const pooled = JSON.parse(run('2')) as { findings: unknown[] };
    const serial = JSON.parse(run('0')) as { findings: unknown[] };
    expect(pooled.findings.length).toBeGreaterThan(n);
    expect(pooled).toEqual(serial);
  });
});
