/**
 * The CLI draws the progress bar (`\r`-redrawn, src/formatters/progress.ts) only when stderr is a
 * TTY and no machine-readable report goes to stdout, so CI logs and piped reports never carry it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLEAN = readFileSync(path.join(ROOT, 'fixtures/ci/clean/template.yaml'), 'utf8');
/** The bar appears from this many files on (src/cli/main.ts). */
const FILES = 24;

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write: (s: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ldlint-progress-'));
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, `stack-${String(i).padStart(2, '0')}.yaml`), CLEAN);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], tty: { stdout: boolean; stderr: boolean }) {
  const stdout = fakeStream(tty.stdout);
  const stderr = fakeStream(tty.stderr);
  const code = await main(args, { cwd: dir, env: { NO_COLOR: '1' }, stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('progress bar in the CLI', () => {
  it('is drawn on a TTY stderr when the report on stdout is for people (control case)', async () => {
    const r = await run(['.'], { stdout: true, stderr: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r');
    expect(r.stderr).toContain(`${FILES}/${FILES} files`);
    expect(r.stdout).not.toContain('\r');
  });

  it('is not drawn when stderr is not a TTY', async () => {
    const r = await run(['.'], { stdout: true, stderr: false });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).not.toContain('\r');
  });

  it('is not drawn when stderr is not a TTY, whatever the format', async () => {
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown']) {
      const r = await run(['.', '-f', format], { stdout: false, stderr: false });
      expect(r.code, format).toBe(0);
      expect(r.stderr, format).not.toContain('\r');
      expect(r.stdout, format).not.toContain('\r');
    }
  });

  it('is not drawn when a machine format goes to stdout, even on a TTY stderr', async () => {
    for (const format of ['json', 'sarif', 'junit', 'github', 'gitlab', 'markdown']) {
      const r = await run(['.', '-f', format], { stdout: false, stderr: true });
      expect(r.code, format).toBe(0);
      expect(r.stderr, format).not.toContain('\r');
      expect(r.stdout, format).not.toContain('\r');
    }
    // Next to a stylish report too: stdout still carries a machine report.
    const mixed = await run(['.', '-f', 'stylish', '-f', 'json'], { stdout: true, stderr: true });
    expect(mixed.stderr).not.toContain('\r');
    expect(mixed.stdout).not.toContain('\r');
    expect(() => JSON.parse(mixed.stdout.slice(mixed.stdout.indexOf('{')))).not.toThrow();
  });

  it('is drawn when the machine report goes to a file and stylish to stdout', async () => {
    const r = await run(['.', '-f', 'stylish', '-f', 'sarif=out.sarif'], { stdout: true, stderr: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r');
    expect(JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    rmSync(path.join(dir, 'out.sarif'));
  });

  it('is not drawn with --no-progress', async () => {
    const r = await run(['.', '--no-progress'], { stdout: true, stderr: true });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\r');
  });
});
