import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FileJob, FileJobOptions, FileResult } from './lint-file.js';
import { importExternal } from '../io/import-external.js';

/** Below this many files, starting worker threads costs more than it saves. */
export const POOL_MIN_FILES = 48;

const WORKER = new URL('./worker.mjs', import.meta.url);

/** How many worker threads lint `files` files (0: the main thread lints them). */
export function poolSize(files: number): number {
  // The worker exists in the bundle (dist/bundle/worker.mjs); running from sources, lint serially.
  if (!existsSync(fileURLToPath(WORKER))) return 0;
  return threadsFor(files, availableParallelism(), process.env.LDLINT_WORKERS);
}

/**
 * One linting thread keeps about two cores busy: V8 collects garbage and compiles on threads of
 * its own. On two cores a second thread measured slower than one (for 500 to 5,000 templates and
 * the corpus), so the pool starts at three cores, with one thread fewer than there are cores.
 * `LDLINT_WORKERS=n` sets the number of threads (0: none). Small runs never pay for a pool.
 */
export function threadsFor(files: number, cores: number, requested?: string): number {
  if (files < POOL_MIN_FILES) return 0;
  const threads = requested !== undefined && requested.trim() !== '' ? Math.floor(Number(requested)) || 0 : cores >= 3 ? cores - 1 : 0;
  return Math.max(0, Math.min(threads, Math.ceil(files / 16)));
}

/**
 * Lints files on worker threads (tinypool, loaded only here), in batches so that the per-task
 * overhead stays small while the load stays balanced; results come back in input order.
 */
export async function lintInPool(files: FileJob[], options: FileJobOptions, threads: number, onBatch?: (done: number) => void): Promise<FileResult[]> {
  const { default: Tinypool } = await importExternal<typeof import('tinypool')>('tinypool');
  const pool = new Tinypool({
    filename: WORKER.href,
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    // About 16 batches per thread balance the load; each batch costs a message round trip (and
    // tinypool measures the worker's memory after each), so batches grow with the run, up to 64 files.
    const size = Math.max(8, Math.min(64, Math.ceil(files.length / (threads * 16))));
    const batches: FileJob[][] = [];
    for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
    let done = 0;
    const results = await Promise.all(batches.map(async (b) => {
      const r = (await pool.run({ options, files: b })) as FileResult[];
      done += b.length;
      onBatch?.(done);
      return r;
    }));
    return results.flat();
  } finally {
    await pool.destroy();
  }
}
