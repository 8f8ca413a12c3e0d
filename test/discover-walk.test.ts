import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, isCandidate } from '../src/discover/walk.js';

const dirs: string[] = [];
function tmp(): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), 'ldlint-discover-')));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function touch(root: string, ...files: string[]): void {
  for (const f of files) {
    const p = join(root, f);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, f.endsWith('ignore') ? '' : 'Resources: {}\n');
  }
}
function put(root: string, file: string, text: string): void {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
}
async function rel(root: string, paths: string[], opts: { maxFileSize?: number; cwd?: string } = {}) {
  const r = await discover(paths, { cwd: opts.cwd ?? root, ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}) });
  return {
    files: r.files.map((f) => (f.explicit ? `${relative(root, f.path)} (explicit)` : relative(root, f.path))),
    errors: r.errors.map((e) => `${relative(root, e.path)}: ${e.message}`),
    skipped: r.skipped.map((s) => `${relative(root, s.path)}: ${s.reason}`),
    raw: r,
  };
}

describe('discover', () => {
  it('walks directories for template extensions, sorted, with absolute paths', async () => {
    const root = tmp();
    touch(root, 'b.yaml', 'a.yml', 'c/d.json', 'c/e.template', 'f.templ', 'g.tmpl', 'H.YAML', 'readme.md', 'x.ts', 'c/z/template.txt');
    const r = await rel(root, ['.']);
    expect(r.files).toEqual(['H.YAML', 'a.yml', 'b.yaml', 'c/d.json', 'c/e.template', 'f.templ', 'g.tmpl']);
    expect(r.raw.files.every((f) => f.path.startsWith(root + '/'))).toBe(true);
    expect(r.errors).toEqual([]);
    expect(isCandidate('stack.template.json')).toBe(true);
    expect(isCandidate('notes.txt')).toBe(false);
  });

  it('always includes explicit files, whatever their name', async () => {
    const root = tmp();
    touch(root, 'template', 'sub/a.yaml', 'node_modules/pkg/t.yaml');
    put(root, '.gitignore', 'template\n');
    const r = await rel(root, ['template', 'sub', 'node_modules/pkg/t.yaml']);
    expect(r.files).toEqual(['node_modules/pkg/t.yaml (explicit)', 'sub/a.yaml', 'template (explicit)']);
  });

  it('marks a file both named and walked as explicit, once', async () => {
    const root = tmp();
    touch(root, 'a.yaml', 'b.yaml');
    const r = await rel(root, ['.', 'a.yaml', './a.yaml']);
    expect(r.files).toEqual(['a.yaml (explicit)', 'b.yaml']);
  });

  it('resolves relative paths against cwd', async () => {
    const root = tmp();
    touch(root, 'proj/t.yaml');
    const r = await rel(root, ['t.yaml'], { cwd: join(root, 'proj') });
    expect(r.files).toEqual(['proj/t.yaml (explicit)']);
  });

  it('skips node_modules, .git, .aws-sam, cdk.out and .serverless when walking', async () => {
    const root = tmp();
    touch(root, 'ok.yaml', 'node_modules/x/t.yaml', '.git/t.json', '.aws-sam/build/template.yaml', 'cdk.out/Stack.template.json', '.serverless/cloudformation-template-update-stack.json', 'deep/node_modules/t.yaml');
    expect((await rel(root, ['.'])).files).toEqual(['ok.yaml']);
    // Named on the command line, such a directory is walked.
    expect((await rel(root, ['cdk.out'])).files).toEqual(['cdk.out/Stack.template.json']);
  });

  it('honours .gitignore files, nested ones for their subtree, with negation', async () => {
    const root = tmp();
    mkdirSync(join(root, '.git'));
    touch(root, 'keep.yaml', 'build/out.yaml', 'gen.json', 'svc/a.yaml', 'svc/local.yaml', 'svc/sub/local.yaml', 'other/local.yaml', 'logs/x.json', 'logs/keep.json');
    put(root, '.gitignore', '/build/\ngen.json\nlogs/*\n!logs/keep.json\n');
    put(root, 'svc/.gitignore', 'local.yaml\n');
    const r = await rel(root, ['.']);
    expect(r.files).toEqual(['keep.yaml', 'logs/keep.json', 'other/local.yaml', 'svc/a.yaml']);
  });

  it('applies .gitignore files above the scanned directory up to the repository root', async () => {
    const root = tmp();
    mkdirSync(join(root, '.git', 'info'), { recursive: true });
    touch(root, 'src/a.yaml', 'src/generated/b.yaml', 'src/c.yaml', 'src/d.yaml');
    put(root, '.gitignore', 'generated/\n');
    put(root, '.git/info/exclude', 'c.yaml\n');
    const r = await rel(root, ['src']);
    expect(r.files).toEqual(['src/a.yaml', 'src/d.yaml']);
    // A directory named explicitly is walked even when an outer .gitignore excludes it.
    expect((await rel(root, ['src/generated'])).files).toEqual(['src/generated/b.yaml']);
  });

  it('matches what git itself ignores', async () => {
    const root = tmp();
    try {
      execFileSync('git', ['init', '-q', root], { stdio: 'ignore' });
    } catch {
      mkdirSync(join(root, '.git'));
    }
    touch(root, 'a.yaml', 'b/c.yaml', 'b/d/e.yml', 'f/g.json', 'f/h.json', 'i.json');
    put(root, '.gitignore', '*.json\n!f/h.json\n');
    put(root, 'b/.gitignore', 'd\n');
    const r = await rel(root, ['.']);
    expect(r.files).toEqual(['a.yaml', 'b/c.yaml', 'f/h.json']);
    let fromGit: string[] | undefined;
    try {
      fromGit = execFileSync('git', ['-C', root, 'ls-files', '--others', '--exclude-standard'], { encoding: 'utf8' })
        .split('\n')
        .filter((f) => f && isCandidate(f))
        .sort();
    } catch {
      fromGit = undefined; // git not installed: the expectation above stands alone
    }
    if (fromGit) expect(r.files).toEqual(fromGit);
  });

  it('returns the given paths that do not exist apart, as given', async () => {
    const root = tmp();
    touch(root, 'a.yaml');
    const r = await rel(root, ['a.yaml', 'nodir/', 'missing.yaml', 'a.yaml/x', 'nodir/']);
    expect(r.files).toEqual(['a.yaml (explicit)']);
    expect(r.errors).toEqual([]);
    expect(r.raw.missing).toEqual(['nodir/', 'missing.yaml', 'a.yaml/x']);
  });

  it('follows symlinks that stay inside the scanned root, once per real file', async () => {
    const root = tmp();
    const outside = tmp();
    touch(outside, 'secret.yaml', 'dir/o.yaml');
    touch(root, 'proj/real/t.yaml', 'proj/a.yaml');
    symlinkSync(join(root, 'proj', 'real'), join(root, 'proj', 'alias'));
    symlinkSync(join(root, 'proj', 'a.yaml'), join(root, 'proj', 'z-link.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'proj', 'out.yaml'));
    symlinkSync(join(outside, 'dir'), join(root, 'proj', 'outdir'));
    symlinkSync(join(root, 'proj', 'nowhere.yaml'), join(root, 'proj', 'broken.yaml'));
    const r = await rel(root, ['proj']);
    expect(r.files).toEqual(['proj/a.yaml', 'proj/real/t.yaml']);
    expect(r.skipped).toEqual([
      'proj/broken.yaml: broken symbolic link',
      'proj/out.yaml: symbolic link leads outside the scanned directory',
      'proj/outdir: symbolic link leads outside the scanned directory',
    ]);
    expect(r.errors).toEqual([]);
    // A link whose target is only reachable through the link is followed.
    const root2 = tmp();
    touch(root2, 'store/v2/t.yaml');
    mkdirSync(join(root2, 'app'));
    symlinkSync(join(root2, 'store', 'v2'), join(root2, 'app', 'current'));
    expect((await rel(root2, ['app'])).files).toEqual([]);
    expect((await rel(root2, ['.'])).files).toEqual(['store/v2/t.yaml']);
  });

  it('terminates on symlink loops', async () => {
    const root = tmp();
    touch(root, 'a/t.yaml', 'b/u.yaml');
    symlinkSync(join(root, 'b'), join(root, 'a', 'to-b'));
    symlinkSync(join(root, 'a'), join(root, 'b', 'to-a'));
    symlinkSync(root, join(root, 'a', 'up'));
    symlinkSync('.', join(root, 'self'));
    symlinkSync(join(root, 'loop1'), join(root, 'loop2'));
    symlinkSync(join(root, 'loop2'), join(root, 'loop1'));
    const r = await rel(root, ['.']);
    expect(r.files).toEqual(['a/t.yaml', 'b/u.yaml']);
    expect(r.skipped).toEqual([
      'loop1: symbolic link not followed: too many levels of symbolic links',
      'loop2: symbolic link not followed: too many levels of symbolic links',
    ]);
    // An explicit path that is a loop is an error, not a hang.
    expect((await rel(root, ['loop1'])).errors).toEqual(['loop1: too many levels of symbolic links']);
  });

  it('never opens FIFOs and other special files', async () => {
    const root = tmp();
    touch(root, 'a.yaml');
    let made = true;
    try {
      execFileSync('mkfifo', [join(root, 'pipe.yaml')], { stdio: 'ignore' });
    } catch {
      made = false;
    }
    const r = await rel(root, made ? ['.', 'pipe.yaml'] : ['.']);
    expect(r.files).toEqual(['a.yaml']);
    if (made) expect(r.errors).toEqual(['pipe.yaml: not a regular file or directory']);
  });

  it('leaves out files above maxFileSize', async () => {
    const root = tmp();
    touch(root, 'small.yaml');
    put(root, 'big.json', 'x'.repeat(2000));
    const walked = await rel(root, ['.'], { maxFileSize: 1000 });
    expect(walked.files).toEqual(['small.yaml']);
    expect(walked.skipped).toEqual(['big.json: larger than the maximum file size (2000 > 1000 bytes)']);
    const named = await rel(root, ['big.json'], { maxFileSize: 1000 });
    expect(named.errors).toEqual(['big.json: file is larger than the maximum file size (2000 > 1000 bytes)']);
  });

  it('reports an unreadable directory and carries on', async () => {
    const root = tmp();
    touch(root, 'a.yaml', 'locked/b.yaml');
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const r = await rel(root, ['.']);
      if (process.getuid?.() === 0) {
        // root reads it anyway.
        expect(r.files).toEqual(['a.yaml', 'locked/b.yaml']);
      } else {
        expect(r.files).toEqual(['a.yaml']);
        expect(r.errors).toEqual(['locked: permission denied']);
      }
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});
