/** CLI glue for diff mode: `ldlint diff OLD NEW` and `ldlint --changed-since REF`. */
import path from 'node:path';
import type { LintOptions } from '../run.js';
import type { FormatContext, ReportWriter } from '../formatters/types.js';
import { writeChunks, writeChunksAtomic, writeFileAtomic } from '../io/write.js';
import { exitCode, type FailOn } from '../cli/exit.js';
import { diffAsLintResult, diffChangedSince, diffPaths, renderDiffJson, renderDiffText, type DiffResult } from './index.js';

export { diffChangedSince };

export interface DiffIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface DiffOutput {
  name: string;
  file?: string;
}

/**
 * Writes a diff in each requested format: `stylish` and `json` are the diff reports (new findings,
 * resolved findings, governance-relevant changes); other formats (sarif, github, ...) get the new
 * findings as an ordinary lint result, e.g. for pull-request annotations.
 */
export async function writeDiffReports(d: DiffResult, outputs: DiffOutput[], formatters: ReportWriter[], ctx: FormatContext, io: DiffIo): Promise<void> {
  for (const [i, x] of outputs.entries()) {
    const pieces =
      x.name === 'stylish' ? [await renderDiffText(d, { color: ctx.color && !x.file })]
      : x.name === 'json' ? [renderDiffJson(d)]
      : formatters[i]!(diffAsLintResult(d), { ...ctx, color: ctx.color && !x.file });
    if (x.file) writeChunksAtomic(path.resolve(io.cwd, x.file), pieces);
    else await writeChunks(io.stdout, pieces);
  }
  for (const n of d.notes) io.stderr.write(`ldlint: ${n.path}: ${n.note}\n`);
}

/** `ldlint diff OLD NEW`; returns the exit code (new findings against --fail-on). */
export async function diffCommand(
  oldPath: string,
  newPath: string,
  options: LintOptions,
  o: { format?: string; output?: string; failOn?: string; color?: boolean },
  io: DiffIo,
): Promise<number> {
  const d = await diffPaths(oldPath, newPath, options);
  const color = o.color !== false && !o.output && !io.env.NO_COLOR && (io.env.FORCE_COLOR ? io.env.FORCE_COLOR !== '0' : !!io.stdout.isTTY);
  const text = o.format === 'json' ? renderDiffJson(d) : await renderDiffText(d, { color });
  if (o.output) writeFileAtomic(path.resolve(io.cwd, o.output), text);
  else io.stdout.write(text);
  for (const n of d.notes) io.stderr.write(`ldlint: ${n.path}: ${n.note}\n`);
  return exitCode(d.introduced, (o.failOn ?? 'error') as FailOn);
}
