import type { LintResult } from '../engine/types.js';

/** What every formatter gets besides the result. */
export interface FormatContext {
  /** Working directory the paths in `Finding.file` are relative to. */
  cwd: string;
  /** Whether ANSI colour may be used (only `stylish` uses colour). */
  color: boolean;
  /** Repository root: SARIF, GitLab and GitHub paths are relative to it. */
  repoRoot: string;
  /** Base URL of the rule documentation; a rule's page is `${docsBaseUrl}/${id.toLowerCase()}.md`. */
  docsBaseUrl: string;
  toolVersion: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Turns a lint result into the text to print. The text ends with a newline unless it is empty;
 * the caller writes it as it is.
 */
export type Formatter = (result: LintResult, ctx: FormatContext) => string;
