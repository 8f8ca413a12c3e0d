/**
 * A run that lints nothing must not pass: a mistyped path in CI would pass forever. As ESLint does
 * for a pattern that matches nothing, a path that does not exist, or paths that yield no template
 * at all, end the run with exit code 2, unless `--no-error-on-unmatched-pattern` allows it (the
 * pre-commit hooks pass it: a commit may stage no template).
 */
import type { Finding } from '../engine/types.js';

/** What a run read, as lintPaths (and the diff of the working tree) report it. */
export interface RunInputs {
  /** Paths given that do not exist, as given. */
  missing: readonly string[];
  /** Each input read; `flavour` is set when it gave a model (a template, a project). */
  files: readonly { flavour: string | null }[];
  findings: readonly Finding[];
}

/**
 * Inputs that were linted: those that gave a model, whatever their kind (CloudFormation, SAM,
 * Serverless, CDK, Terraform), and templates that do not parse (reported as such, and counted:
 * the run already fails on them).
 */
export function lintedInputs(run: RunInputs): number {
  return run.files.filter((f) => f.flavour !== null).length + run.findings.filter((f) => f.ruleId === 'ldlint/parse-error').length;
}

/** What to tell on stderr (without the `ldlint: ` prefix) and whether it makes the run exit with 2. */
export function unmatchedInputs(paths: readonly string[], run: RunInputs, allow: boolean): { messages: string[]; fails: boolean } {
  const messages = run.missing.map((p) => `${p}: no such file or directory${allow ? ' (passed over: --no-error-on-unmatched-pattern)' : ''}`);
  const given = paths.length ? paths : ['.'];
  const none = lintedInputs(run) === 0;
  // When no path exists, the lines above say it all.
  if (none && !allow && run.missing.length < given.length) messages.push(`no templates found in ${given.join(' ')} (--no-error-on-unmatched-pattern allows a run that lints nothing)`);
  return { messages, fails: !allow && (none || run.missing.length > 0) };
}
