import { Chalk } from 'chalk';
import type { LintResult } from '../engine/types.js';
import { countFindings, joined, sortFindings, summaryLine, wrap } from './common.js';
import { SourceLines } from './source.js';
import { messageOf, oneLine, severityColor } from './stylish.js';
import type { FormatContext, ReportWriter } from './types.js';

/**
 * Each finding with the source lines around it and a marker under the reported range (ESLint's
 * codeframe, ruff's full output), its help, and the summary line.
 *
 * ```
 * error: Function Api has no reserved concurrency  BR-LD-3/reserved-concurrency
 *   --> template.yaml:12:5
 *    11 |   Api:
 *  > 12 |     Type: AWS::Serverless::Function
 *       |     ^^^^
 *   help: Set ReservedConcurrentExecutions on Api.
 * ```
 */
export const codeframeReport: ReportWriter = function* (result: LintResult, ctx: FormatContext) {
  const chalk = new Chalk({ level: ctx.color ? 1 : 0 });
  const findings = sortFindings(result.findings);
  const source = new SourceLines(ctx);
  const width = ctx.width ?? Infinity;
  const fit = (text: string, indent: string) => (width === Infinity ? [text] : wrap(text, width - indent.length)).map((l) => `${indent}${l}`);
  for (const f of findings) {
    const out: string[] = [];
    const sev = f.suppression ? chalk.dim(`${f.severity}:`) : severityColor(chalk, f.severity)(`${f.severity}:`);
    const head = fit(`${f.severity}: ${messageOf(f)}  ${f.ruleId}`, '');
    // Colour the severity and the rule id of the wrapped head, which are its first and last words.
    head[0] = `${sev}${head[0]!.slice(f.severity.length + 1)}`;
    const last = head.length - 1;
    if (head[last]!.endsWith(f.ruleId)) head[last] = `${head[last]!.slice(0, -f.ruleId.length)}${chalk.dim(f.ruleId)}`;
    out.push(...head, chalk.dim(`  --> ${f.file}:${f.line}:${f.column}`));
    const snippet = source.snippet(f);
    if (snippet) {
      const numW = String(snippet.first + snippet.lines.length - 1).length;
      snippet.lines.forEach((text, i) => {
        const n = snippet.first + i;
        out.push(`${n === f.line ? chalk.bold('>') : ' '} ${chalk.dim(`${String(n).padStart(numW)} |`)} ${text}`);
        if (n !== f.line) return;
        // The marker: from the start column to the end column, or to the line's end for a range of several lines.
        const from = Math.min(f.column - 1, text.length);
        const to = f.endLine === f.line && f.endColumn - 1 > from ? Math.min(f.endColumn - 1, text.length) : text.trimEnd().length;
        const marks = Math.max(1, to - from);
        out.push(`  ${chalk.dim(`${' '.repeat(numW)} |`)} ${' '.repeat(from)}${severityColor(chalk, f.severity)('^'.repeat(marks))}`);
      });
    }
    if (f.help) out.push(...fit(`help: ${oneLine(f.help)}`, '  ').map((l) => chalk.dim(l)));
    yield `${out.join('\n')}\n\n`;
  }
  const summary = summaryLine(result, countFindings(findings));
  yield `${fit(summary.text, '').map((l) => chalk.bold(severityColor(chalk, summary.severity)(l))).join('\n')}\n`;
};

export const codeframe = joined(codeframeReport);

export default codeframeReport;
