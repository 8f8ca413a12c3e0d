/** A worker thread of the lint pool: lints batches of files with the run's options. */
import { createFileLinter, type FileJob, type FileJobOptions, type FileResult } from './lint-file.js';

let current: { key: string; linter: Awaited<ReturnType<typeof createFileLinter>> } | undefined;

export default async function lintBatch(task: { options: FileJobOptions; files: FileJob[] }): Promise<FileResult[]> {
  const key = JSON.stringify(task.options);
  if (current?.key !== key) current = { key, linter: await createFileLinter(task.options) };
  // Projects stay in the worker: only findings and notes cross back.
  const results: FileResult[] = [];
  for (const f of task.files) {
    const r = await current.linter.lint(f);
    if (r.outcome) {
      const { path, flavour, findings, inventory, note } = r.outcome;
      r.outcome = { path, flavour, findings, ...(inventory ? { inventory } : {}), ...(note ? { note } : {}) };
    }
    results.push(r);
  }
  return results;
}
