import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { countFindings, plural, severitySummary, sortFindings } from './common.js';
import { groupBy } from '../group-by.js';
import type { FormatContext, Formatter } from './types.js';

function severityColor(chalk: ChalkInstance, s: Severity): (text: string) => string {
  return s === 'error' ? chalk.red : s === 'warning' ? chalk.yellow : chalk.blue;
}

function messageOf(f: Finding): string {
  // Keep one finding on one line.
  const msg = f.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return f.suppression ? `${msg} (suppressed: ${f.suppression.reason})` : msg;
}

/** Human-readable output, grouped by file; an empty string when there are no findings. */
export const stylish: Formatter = (result: LintResult, ctx: FormatContext): string => {
  if (result.findings.length === 0) return '';
  const chalk = new Chalk({ level: ctx.color ? 1 : 0 });
  const findings = sortFindings(result.findings);

  const rows = findings.map((f) => ({
    f,
    pos: `${f.line}:${f.column}`,
    sev: f.severity,
    msg: messageOf(f),
  }));
  // Columns are aligned over the whole report (widths measured on the plain text).
  const posW = Math.max(...rows.map((r) => r.pos.length));
  const sevW = Math.max(...rows.map((r) => r.sev.length));
  const msgW = Math.max(...rows.map((r) => r.msg.length));

  const out: string[] = [];
  for (const [file, group] of groupBy(rows, (r) => r.f.file)) {
    out.push('', chalk.underline(file));
    for (const r of group) {
      const pos = r.pos.padStart(posW);
      const sev = r.sev.padEnd(sevW);
      const msg = r.msg.padEnd(msgW);
      if (r.f.suppression) {
        out.push(chalk.dim(`  ${pos}  ${sev}  ${msg}  ${r.f.ruleId}`).trimEnd());
      } else {
        out.push(`  ${chalk.dim(pos)}  ${severityColor(chalk, r.sev)(sev)}  ${msg}  ${chalk.dim(r.f.ruleId)}`);
      }
    }
  }

  const c = countFindings(findings);
  const problems = c.errors + c.warnings + c.infos;
  let summary = `✖ ${plural(problems, 'problem')} (${severitySummary(c)})`;
  if (c.suppressed > 0) summary += `, ${c.suppressed} suppressed`;
  const paint = c.errors > 0 ? chalk.red.bold : c.warnings > 0 ? chalk.yellow.bold : problems > 0 ? chalk.blue.bold : chalk.green.bold;
  out.push('', paint(summary), '');
  return out.join('\n');
};

export default stylish;
