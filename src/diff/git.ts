/** The few git commands diff mode needs, run with execFile (no shell). */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../parameters.js';

/** A git problem the user can fix (exit 2). */
export class GitError extends UsageError {}

const MAX_BUFFER = 256 * 1024 * 1024;

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

/** The repository's top-level directory (real path). */
export function gitRoot(cwd: string): string {
  let out: string;
  try {
    out = git(cwd, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new GitError('--changed-since needs git, which is not installed (or not on PATH)');
    throw new GitError(`--changed-since: ${cwd} is not inside a git repository`);
  }
  return realpathSync(out.trim());
}

/** The commit a ref names; a clear error (with the shallow-clone remedy) when it is not there. */
export function resolveRef(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new GitError(`--changed-since: "${ref}" is not a git ref`);
  const sha = tryGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])?.trim();
  if (sha) return sha;
  const shallow = tryGit(root, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
  const remedy = shallow
    ? 'this is a shallow clone without that history: run `git fetch --unshallow` (or fetch the ref), or in GitHub Actions check out with `fetch-depth: 0`'
    : 'fetch it first (e.g. `git fetch origin main`); in CI check out the full history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)';
  throw new GitError(`--changed-since: git ref "${ref}" is not in this repository; ${remedy}`);
}

/** Paths (relative to the top level, with `/`) of the files in a commit. */
export function filesAt(root: string, commit: string): Set<string> {
  const out = git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
  return new Set(out.split('\0').filter(Boolean));
}

/** A file's text at a commit (`git show COMMIT:path`). */
export function showFile(root: string, commit: string, rel: string): string {
  return git(root, ['show', `${commit}:${rel}`]);
}

/**
 * A reader for lintPaths' `readSource`: the file's text at the commit, null when the file does not
 * exist there, undefined (read the disk) for files outside the repository.
 */
export function readerAt(root: string, commit: string): (absPath: string) => string | null | undefined {
  const files = filesAt(root, commit);
  return (absPath: string) => {
    let real: string;
    try {
      real = realpathSync(absPath);
    } catch {
      real = absPath;
    }
    const rel = path.relative(root, real).split(path.sep).join('/');
    if (rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
    return files.has(rel) ? showFile(root, commit, rel) : null;
  };
}

/** The commit checked out at `cwd`, or undefined outside a repository (or without git). */
export function headCommit(cwd: string): string | undefined {
  return tryGit(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD'])?.trim() || undefined;
}
