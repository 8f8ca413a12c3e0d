import type { LintResult } from '../engine/types.js';

/** What every formatter gets besides the result. */
export interface FormatContext {
  /** Working directory the paths in `Finding.file` are relative to. */
  cwd: string;
  /** Whether ANSI colour may be used (stylish and codeframe use colour). */
  color: boolean;
  /** Repository root: SARIF, GitLab and GitHub paths are relative to it. */
  repoRoot: string;
  /** Base URL of the rule documentation; a rule's page is `${docsBaseUrl}/${id.toLowerCase()}.md`. */
  docsBaseUrl: string;
  toolVersion: string;
  env: NodeJS.ProcessEnv;
  /** Width to wrap to: the terminal's, when the report goes to one; undefined (files, pipes): no wrapping. */
  width?: number;
  /** What the run was about, for reports a person signs off (HTML): the project, its commit, the date. */
  run?: { project: string; commit?: string; date: string };
}

/**
 * Turns a lint result into the text to print. The text ends with a newline unless it is empty;
 * the caller writes it as it is.
 */
export type Formatter = (result: LintResult, ctx: FormatContext) => string;

/**
 * A formatter that gives its report in pieces, so that a large report is written as it is made
 * and never held whole (one template with 10,000 functions gives some 60,000 findings). The pieces
 * joined are the report.
 */
export type ReportWriter = (result: LintResult, ctx: FormatContext) => Iterable<string>;
