import { appendFileSync } from 'node:fs';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { displayRepoPath, joined, sortFindings } from './common.js';
import { markdown } from './markdown.js';
import type { FormatContext, ReportWriter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a workflow command's message (data). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(f: Finding, ctx: FormatContext): string {
  // Suppressed findings are accepted risk: shown as notices, never as errors or warnings.
  const cmd = f.suppression ? 'notice' : COMMAND[f.severity];
  const title = f.suppression ? `${f.ruleId} (suppressed)` : f.ruleId;
  const said = f.suppression ? `${f.message} (suppressed: ${f.suppression.reason})` : f.message;
  // The help on the annotation's second line.
  const message = f.help ? `${said}\nhelp: ${f.help}` : said;
  const props: [string, string | number][] = [
    ['file', displayRepoPath(ctx, f.file)],
    ['line', f.line],
    ['col', f.column],
    ['endLine', f.endLine],
    ['endColumn', f.endColumn],
    ['title', title],
  ];
  const p = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${cmd} ${p}::${escapeData(message)}`;
}

/**
 * GitHub Actions workflow commands, one per finding (file paths relative to the repository root),
 * each with its help. When GITHUB_STEP_SUMMARY is set, the Markdown report is appended to that file.
 */
export const githubReport: ReportWriter = function* (result: LintResult, ctx: FormatContext) {
  for (const f of sortFindings(result.findings)) yield `${command(f, ctx)}\n`;
  const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, markdown(result, ctx));
    } catch (e) {
      yield `::warning::${escapeData(`ldlint could not write the step summary: ${(e as Error).message}`)}\n`;
    }
  }
};

export const github = joined(githubReport);

export default githubReport;
