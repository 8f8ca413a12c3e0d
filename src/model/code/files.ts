/**
 * The file system as the code locator sees it: only inside the project root (symbolic links
 * resolved, so a link cannot lead out of it), regular files up to a size limit, directory walks
 * bounded in depth and entries and safe against link loops. Memoized per run of one project.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { readText } from '../../io/read.js';

/** Code files above this size are not read (a minified bundle of that size is not a handler to review). */
export const MAX_CODE_FILE_SIZE = 4 * 1024 * 1024;

/** Directories a search for a Java class never enters: build output, dependencies, tool state. */
const SKIPPED_DIRS = new Set(['node_modules', 'target', 'build', 'dist', 'out', 'bin', 'cdk.out', '.aws-sam', '.serverless', '.gradle', '.git', '__pycache__', 'venv', '.venv']);
const MAX_WALK_DEPTH = 12;
const MAX_WALK_ENTRIES = 20_000;

export type Read = { ok: true; text: string } | { ok: false; reason: string };

export class CodeFs {
  private readonly realRoot: string;
  private readonly reals = new Map<string, string | null>();
  private readonly texts = new Map<string, Read>();
  private readonly kinds = new Map<string, 'file' | 'dir' | undefined>();
  private readonly listings = new Map<string, Dirent[]>();
  private readonly names = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly root: string,
    private readonly maxFileSize = MAX_CODE_FILE_SIZE,
  ) {
    this.realRoot = safeRealpath(root) ?? path.resolve(root);
  }

  /** The real path of `abs` when it exists inside the project root; undefined otherwise. */
  inside(abs: string): string | undefined {
    let real = this.reals.get(abs);
    if (real === undefined) {
      const r = safeRealpath(abs);
      real = r !== undefined && (r === this.realRoot || r.startsWith(this.realRoot + path.sep)) ? r : null;
      this.reals.set(abs, real);
    }
    return real ?? undefined;
  }

  /** Whether `abs` lies inside the project root as written (before links are resolved). */
  within(abs: string): boolean {
    const root = path.resolve(this.root);
    return abs === root || abs.startsWith(root + path.sep);
  }

  /** Whether anything is at `abs` (a link that leads out of the root included). */
  exists(abs: string): boolean {
    return existsSync(abs);
  }

  isFile(abs: string): boolean {
    return this.kind(abs) === 'file';
  }

  isDir(abs: string): boolean {
    return this.kind(abs) === 'dir';
  }

  private kind(abs: string): 'file' | 'dir' | undefined {
    if (this.kinds.has(abs)) return this.kinds.get(abs);
    const k = this.absent(abs) ? undefined : this.statKind(abs);
    this.kinds.set(abs, k);
    return k;
  }

  private statKind(abs: string): 'file' | 'dir' | undefined {
    const real = this.inside(abs);
    if (!real) return undefined;
    try {
      const st = statSync(real);
      return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Whether `abs` is surely not there: its name is missing from its directory's (memoized) listing.
   * Following imports probes many candidate files; this answers most of them without a realpath.
   */
  private absent(abs: string): boolean {
    const dir = path.dirname(abs);
    if (dir === abs || !this.inside(dir)) return false;
    let names = this.names.get(dir);
    if (!names) this.names.set(dir, (names = new Set(this.list(dir).map((e) => e.name))));
    return !names.has(path.basename(abs));
  }

  /** A code file's text (size-limited, binary and invalid UTF-8 refused). */
  read(abs: string): Read {
    let r = this.texts.get(abs);
    if (!r) {
      const real = this.inside(abs);
      const got = real ? readText(real, this.maxFileSize) : { ok: false as const, message: 'not inside the project' };
      r = got.ok ? got : { ok: false, reason: got.message.replace(/ \(--max-file-size\)$/, '') };
      this.texts.set(abs, r);
    }
    return r;
  }

  /** Entries of a directory inside the root ([] when it cannot be read). */
  list(abs: string): Dirent[] {
    let entries = this.listings.get(abs);
    if (!entries) this.listings.set(abs, (entries = this.readDir(abs)));
    return entries;
  }

  private readDir(abs: string): Dirent[] {
    const real = this.inside(abs);
    if (!real) return [];
    try {
      return readdirSync(real, { withFileTypes: true });
    } catch {
      return [];
    }
  }

  /**
   * Files under `dir` whose path ends with `suffix` (`com/acme/Handler.java`), sorted, skipping
   * build output and dependency directories; each real directory is entered once (link loops).
   */
  findBySuffix(dir: string, suffix: string): string[] {
    const found: string[] = [];
    const seen = new Set<string>();
    let entries = 0;
    const walk = (d: string, depth: number): void => {
      const real = this.inside(d);
      if (!real || seen.has(real) || depth > MAX_WALK_DEPTH) return;
      seen.add(real);
      for (const e of [...this.list(d)].sort((a, b) => a.name.localeCompare(b.name))) {
        if (++entries > MAX_WALK_ENTRIES) return;
        const p = path.join(d, e.name);
        if (e.isDirectory() || (e.isSymbolicLink() && this.isDir(p))) {
          if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
        } else if (p.split(path.sep).join('/').endsWith(`/${suffix}`) && this.isFile(p)) found.push(p);
      }
    };
    walk(dir, 0);
    return found;
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    // The native call is one system call; the JavaScript one lstats every component of the path.
    return realpathSync.native(p);
  } catch {
    return undefined;
  }
}
