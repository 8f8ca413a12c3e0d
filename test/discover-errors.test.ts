import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

// Permission bits do not stop root, so unreadable directories are simulated.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    readdir: (async (path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('locked')) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
      }
      return (actual.readdir as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof actual.readdir,
  };
});

const { discover } = await import('../src/discover/walk.js');

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ldlint-discover-errors-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('an unreadable directory becomes an error and the walk carries on', async () => {
  mkdirSync(join(root, 'locked'));
  mkdirSync(join(root, 'open'));
  writeFileSync(join(root, 'locked', 'a.yaml'), '');
  writeFileSync(join(root, 'open', 'b.yaml'), '');
  const r = await discover(['.'], { cwd: root });
  expect(r.files).toEqual([{ path: join(root, 'open', 'b.yaml'), explicit: false }]);
  expect(r.errors).toEqual([{ path: join(root, 'locked'), message: 'permission denied' }]);
  const named = await discover(['locked'], { cwd: root });
  expect(named.errors).toEqual([{ path: join(root, 'locked'), message: 'permission denied' }]);
});
