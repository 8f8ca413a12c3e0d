import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { countFindings, joined, sortFindings, summaryLine, wrap } from './common.js';
import { groupBy } from '../group-by.js';
import type { FormatContext, ReportWriter } from './types.js';

export function severityColor(chalk: ChalkInstance, s: Severity | 'ok'): (text: string) => string {
  return s === 'error' ? chalk.red : s === 'warning' ? chalk.yellow : s === 'info' ? chalk.blue : chalk.green;
}

/** One finding's message on one line, with the suppression's reason when it is suppressed. */
export function messageOf(f: Finding): string {
  const msg = oneLine(f.message);
  return f.suppression ? `${msg} (suppressed: ${oneLine(f.suppression.reason)})` : msg;
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Messages longer than this are not padded to: the rule id follows them. */
const MAX_MESSAGE_COLUMN = 100;
/** Narrower than this, the message column would be a ribbon: the rule id goes after the message. */
const MIN_MESSAGE_COLUMN = 30;
const HELP = 'help: ';

/**
 * Human-readable output, grouped by file: `line:col  severity  message  ruleId`, the help on a dim
 * line below, and a summary line (counts, templates, functions, time), also when there are no
 * findings. On a terminal (`ctx.width`) every line is wrapped to its width at word boundaries.
 */
export const stylishReport: ReportWriter = function* (result: LintResult, ctx: FormatContext) {
  const chalk = new Chalk({ level: ctx.color ? 1 : 0 });
  const findings = sortFindings(result.findings);
  const width = ctx.width;
  const rows = findings.map((f) => ({ f, pos: `${f.line}:${f.column}`, msg: messageOf(f) }));
  // Columns are aligned over the whole report (widths measured on the plain text).
  const posW = Math.max(0, ...rows.map((r) => r.pos.length));
  const sevW = Math.max(0, ...rows.map((r) => r.f.severity.length));
  const ruleW = Math.max(0, ...rows.map((r) => r.f.ruleId.length));
  const lead = 2 + posW + 2 + sevW + 2;
  const pad = ' '.repeat(lead);
  const longest = Math.min(MAX_MESSAGE_COLUMN, Math.max(0, ...rows.map((r) => r.msg.length)));
  const room = width === undefined ? Infinity : width - lead;
  // The message column: as wide as the longest message, narrowed to what the terminal leaves.
  const msgW = Math.min(longest, room - 2 - ruleW);
  const ruleColumn = msgW >= MIN_MESSAGE_COLUMN || width === undefined;

  for (const [file, group] of groupBy(rows, (r) => r.f.file)) {
    yield `\n${chalk.underline(file)}\n`;
    for (const r of group) {
      const out: string[] = [];
      const suppressed = !!r.f.suppression;
      const dimIf = (s: string) => (suppressed ? chalk.dim(s) : s);
      const pos = chalk.dim(r.pos.padStart(posW));
      const sev = suppressed ? chalk.dim(r.f.severity.padEnd(sevW)) : severityColor(chalk, r.f.severity)(r.f.severity.padEnd(sevW));
      const rule = chalk.dim(r.f.ruleId);
      const head = `  ${pos}  ${sev}  `;
      if (ruleColumn) {
        const lines = width === undefined ? [r.msg] : wrap(r.msg, msgW);
        const first = lines[0]!;
        const gap = first.length < msgW ? ' '.repeat(msgW - first.length) : '';
        out.push(`${head}${dimIf(first)}${gap}  ${rule}`);
        for (const l of lines.slice(1)) out.push(`${pad}${dimIf(l)}`);
      } else {
        const lines = wrap(r.msg, room);
        const last = lines.length - 1;
        const fits = lines[last]!.length + 2 + r.f.ruleId.length <= room;
        lines.forEach((l, i) => out.push(`${i === 0 ? head : pad}${dimIf(l)}${i === last && fits ? `  ${rule}` : ''}`));
        if (!fits) out.push(`${pad}${rule}`);
      }
      if (r.f.help) {
        const help = wrap(oneLine(r.f.help), room - HELP.length);
        help.forEach((l, i) => out.push(chalk.dim(`${pad}${i === 0 ? HELP : ' '.repeat(HELP.length)}${l}`)));
      }
      yield `${out.join('\n')}\n`;
    }
  }

  const summary = summaryLine(result, countFindings(findings));
  const paint = (s: string) => chalk.bold(severityColor(chalk, summary.severity)(s));
  const text = width === undefined ? [summary.text] : wrap(summary.text, width);
  yield `${findings.length ? '\n' : ''}${text.map(paint).join('\n')}\n`;
};

export const stylish = joined(stylishReport);

export default stylishReport;
