/** Finds the template files to lint: explicit files as given, directories walked honouring .gitignore. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface DiscoveredFile {
  /** Absolute path (as reached, not symlink-resolved). */
  path: string;
  /** Named on the command line (as opposed to found by walking a directory). */
  explicit: boolean;
}

export interface DiscoverOptions {
  cwd: string;
  /** Files larger than this (bytes) are not returned: an error for an explicit file, `skipped` for a walked one. */
  maxFileSize?: number;
}

export interface DiscoverResult {
  /** Sorted by path; each real file at most once. */
  files: DiscoveredFile[];
  /** Unreadable paths and directories, oversized explicit files. Sorted by path. */
  errors: { path: string; message: string }[];
  /** Paths given that do not exist, as given (a typo to tell the user, not a file to report on). */
  missing: string[];
  /** Walked entries left out for a reason worth telling (symlink outside the root, broken symlink, too large). Sorted by path. */
  skipped: { path: string; reason: string }[];
}

/** File name endings that are candidates when walking a directory. */
export const TEMPLATE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.template', '.templ', '.tmpl', '.tf', '.tofu'];

/** Directories never entered while walking (they can still be named on the command line). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.aws-sam', 'cdk.out', '.serverless', '.terraform']);

export function isCandidate(name: string): boolean {
  const lower = name.toLowerCase();
  return TEMPLATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

interface Layer {
  dir: string;
  ig: Ignore;
}

/** Git semantics: the deepest .gitignore with a matching pattern decides; within one file the last match. */
function isIgnored(layers: readonly Layer[], path: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const rel = relative(layer.dir, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const r = layer.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

function errorMessage(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Bounds the number of file system calls in flight (large trees would otherwise hit EMFILE). */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

async function readIgnoreFile(file: string, dir: string, limiter: Limiter): Promise<Layer | undefined> {
  try {
    const text = await limiter.run(() => readFile(file, 'utf8'));
    return { dir, ig: ignore({ ignorecase: IGNORE_CASE }).add(text) };
  } catch {
    return undefined;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** .gitignore layers that apply above a scanned directory: from the repository root (if any) down to its parent. */
async function ancestorLayers(root: string, limiter: Limiter): Promise<Layer[]> {
  const chain: string[] = [];
  let dir = dirname(root);
  let repoRoot: string | undefined;
  if (await exists(join(root, '.git'))) return [];
  for (;;) {
    chain.unshift(dir);
    if (await exists(join(dir, '.git'))) {
      repoRoot = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (!repoRoot) return [];
  const layers: Layer[] = [];
  const exclude = await readIgnoreFile(join(repoRoot, '.git', 'info', 'exclude'), repoRoot, limiter);
  if (exclude) layers.push(exclude);
  for (const d of chain) {
    const l = await readIgnoreFile(join(d, '.gitignore'), d, limiter);
    if (l) layers.push(l);
  }
  return layers;
}

/**
 * Resolves the paths named on the command line (relative to `opts.cwd`) into files to lint.
 * Explicit files are always included. Directories are walked recursively: `.gitignore` files
 * (from the repository root down, nested ones for their subtree) are honoured, SKIPPED_DIRS are
 * never entered, and only TEMPLATE_EXTENSIONS files are taken. Symbolic links are followed only
 * when their real path stays inside the directory being walked; each real directory is entered
 * once, so link loops terminate. Each real file is returned once (under its smallest path).
 */
export async function discover(paths: string[], opts: DiscoverOptions): Promise<DiscoverResult> {
  const limiter = new Limiter(32);
  const found = new Map<string, DiscoveredFile>(); // by real path
  const errors: DiscoverResult['errors'] = [];
  const missing: string[] = [];
  const skipped: DiscoverResult['skipped'] = [];
  const visited = new Set<string>(); // real paths of directories entered
  const max = opts.maxFileSize;

  const add = (path: string, real: string, explicit: boolean) => {
    const prev = found.get(real);
    if (!prev) found.set(real, { path, explicit });
    else found.set(real, { path: path < prev.path ? path : prev.path, explicit: explicit || prev.explicit });
  };

  // Symlinked directories are walked after the plain tree, one at a time in path order, so that
  // which path a real directory is reached by never depends on timing.
  const deferred: { path: string; real: string; rootReal: string; layers: readonly Layer[] }[] = [];

  const walk = async (dir: string, realDir: string, rootReal: string, layers: readonly Layer[]): Promise<void> => {
    if (visited.has(realDir)) return;
    visited.add(realDir);
    let entries: Dirent[];
    try {
      entries = await limiter.run(() => readdir(dir, { withFileTypes: true }));
    } catch (e) {
      errors.push({ path: dir, message: errorMessage(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let here = layers;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const layer = await readIgnoreFile(join(dir, '.gitignore'), dir, limiter);
      if (layer) here = [...layers, layer];
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let real = join(realDir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let st: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          real = await limiter.run(() => realpath(path));
          st = await limiter.run(() => stat(real));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          skipped.push({ path, reason: code === 'ENOENT' ? 'broken symbolic link' : `symbolic link not followed: ${errorMessage(e)}` });
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (!inside(rootReal, real)) {
          if (isDir || (isFile && isCandidate(entry.name))) {
            skipped.push({ path, reason: 'symbolic link leads outside the scanned directory' });
          }
          continue;
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name) || isIgnored(here, path, true) || visited.has(real)) continue;
        if (entry.isSymbolicLink()) deferred.push({ path, real, rootReal, layers: here });
        else subdirs.push(walk(path, real, rootReal, here));
      } else if (isFile && isCandidate(entry.name) && !isIgnored(here, path, false)) {
        if (max !== undefined) {
          try {
            st ??= await limiter.run(() => stat(path));
          } catch (e) {
            errors.push({ path, message: errorMessage(e) });
            continue;
          }
          if (st.size > max) {
            skipped.push({ path, reason: `larger than the maximum file size (${st.size} > ${max} bytes)` });
            continue;
          }
        }
        add(path, real, false);
      }
    }
    await Promise.all(subdirs);
  };

  for (const given of paths) {
    const abs = resolve(opts.cwd, given);
    let st: Stats;
    let real: string;
    try {
      st = await limiter.run(() => stat(abs));
      real = await limiter.run(() => realpath(abs));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(given);
      else errors.push({ path: abs, message: errorMessage(e) });
      continue;
    }
    if (st.isDirectory()) {
      let layers = await ancestorLayers(abs, limiter);
      // A directory named on the command line is walked even if an outer .gitignore excludes it.
      if (isIgnored(layers, abs, true)) layers = [];
      await walk(abs, real, real, layers);
      while (deferred.length > 0) {
        const batch = deferred.splice(0).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        for (const d of batch) await walk(d.path, d.real, d.rootReal, d.layers);
      }
    } else if (st.isFile()) {
      if (max !== undefined && st.size > max) {
        errors.push({ path: abs, message: `file is larger than the maximum file size (${st.size} > ${max} bytes)` });
        continue;
      }
      add(abs, real, true);
    } else {
      errors.push({ path: abs, message: 'not a regular file or directory' });
    }
  }

  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const uniq = <T extends { path: string }>(list: T[]) => list.filter((x, i, all) => i === 0 || x.path !== all[i - 1]!.path);
  return {
    files: [...found.values()].sort(byPath),
    errors: uniq(errors.sort(byPath)),
    missing: [...new Set(missing)],
    skipped: uniq(skipped.sort(byPath)),
  };
}
