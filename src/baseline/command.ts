/** `ldlint baseline [paths]`: records the current findings in a baseline file. */
import path from 'node:path';
import { lintPaths, type LintOptions } from '../run.js';
import { writeFileAtomic } from '../io/write.js';
import { baselineText, createBaseline, NOT_BASELINED } from './index.js';
import { FAILS_THE_RUN } from '../engine/engine-findings.js';
import { unmatchedInputs } from '../cli/unmatched.js';

export interface BaselineIo {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Lints the paths and writes the baseline (atomically). Findings that suppressions already hide are
 * not recorded; problems of the run itself (parse errors, invalid suppressions) are not recorded
 * and are listed on stderr, with exit code 2 for parse errors.
 */
export async function baselineCommand(paths: string[], output: string, options: LintOptions, io: BaselineIo, allowUnmatched = false): Promise<number> {
  const run = await lintPaths(paths, { ...options, baseline: undefined, reportSuppressed: false });
  // A baseline of a run that linted nothing (a mistyped path) would be committed as if it were clean.
  const unmatched = unmatchedInputs(paths, { ...run.result, missing: run.missing }, allowUnmatched);
  for (const m of unmatched.messages) io.stderr.write(`ldlint: ${m}\n`);
  if (unmatched.fails) {
    io.stderr.write(`ldlint: ${output} not written\n`);
    return 2;
  }
  const doc = createBaseline(run.result.findings, { cwd: options.cwd, file: output });
  const target = path.resolve(options.cwd, output);
  writeFileAtomic(target, baselineText(doc));
  const recorded = doc.entries.reduce((n, e) => n + (e.count ?? 1), 0);
  io.stdout.write(`Wrote ${recorded} finding${recorded === 1 ? '' : 's'} (${doc.entries.length} entr${doc.entries.length === 1 ? 'y' : 'ies'}) to ${path.relative(options.cwd, target) || target}. Review it and commit it; run: ldlint --baseline ${output}\n`);
  const skipped = run.result.findings.filter((f) => NOT_BASELINED.has(f.ruleId));
  for (const f of skipped) io.stderr.write(`ldlint: not recorded: ${f.file}:${f.line}:${f.column} ${f.ruleId}: ${f.message}\n`);
  for (const n of run.notes) io.stderr.write(`ldlint: ${n.path}: ${n.note}\n`);
  return skipped.some((f) => FAILS_THE_RUN.has(f.ruleId)) ? 2 : 0;
}
