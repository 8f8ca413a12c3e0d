import { BUSINESS_RULES, type BusinessRule, type Finding, type LintResult, type Severity } from '../engine/types.js';
import { countFindings, joined, plural, ruleDocsUrl, severitySummary, sortFindings } from './common.js';
import { groupBy } from '../group-by.js';
import { BUSINESS_RULE_ORDER, overviewOf } from './overview.js';
import type { FormatContext, ReportWriter } from './types.js';

const ENGINE_TITLE = 'Engine diagnostics (files or values ldlint could not check)';

const SEVERITY_LABEL: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' };

/** Escapes text for a GFM table cell: Markdown punctuation, `|` and line breaks. */
export function escapeCell(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/\r\n?|\n/g, '<br>');
}

/** A code span that is safe inside a table cell. */
function code(text: string): string {
  const t = text.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  const fence = t.includes('`') ? '``' : '`';
  const pad = fence === '``' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function ruleCell(ctx: FormatContext, ruleId: string): string {
  const url = ruleDocsUrl(ctx, ruleId);
  return url ? `[${escapeCell(ruleId)}](${url.replace(/[()\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : code(ruleId);
}

function location(f: Finding): string {
  return code(`${f.file}:${f.line}:${f.column}`);
}

function resourceCell(f: Finding): string {
  return f.resource === null ? '—' : code(f.resource);
}

/** The message, and the help below it. */
function messageCell(f: Finding): string {
  return f.help ? `${escapeCell(f.message)}<br>*Fix:* ${escapeCell(f.help)}` : escapeCell(f.message);
}

function titleOf(br: BusinessRule): string {
  return br === 'ldlint' ? ENGINE_TITLE : BUSINESS_RULES[br];
}

/**
 * Markdown report for pull-request comments, step summaries and security officers: the overview
 * (per business rule: functions failing and passing, findings by severity; the HTML report leads
 * with the same), a table per business rule, and the accepted risks (suppressed findings).
 */
export const markdownReport: ReportWriter = function* (result: LintResult, ctx: FormatContext) {
  const findings = sortFindings(result.findings);
  const active = findings.filter((f) => !f.suppression);
  const suppressed = findings.filter((f) => f.suppression);
  const c = countFindings(findings);
  const out: string[] = ['# ldlint report', ''];
  const checked = result.stats ? `${plural(result.stats.templates, 'template')} and ${plural(result.stats.functions, 'function')}` : plural(result.files.length, 'file');

  if (findings.length === 0) {
    out.push(`✅ No findings in ${checked}.`, '');
  } else {
    const problems = c.errors + c.warnings + c.infos;
    const icon = c.errors > 0 ? '❌' : problems > 0 ? '⚠️' : '✅';
    let line = `${icon} **${plural(problems, 'problem')}** (${severitySummary(c)}) in ${checked}`;
    if (c.suppressed > 0) line += `; ${c.suppressed} suppressed (accepted risk)`;
    out.push(`${line}.`, '');
  }

  // The overview: every business rule, the engine row only when it has findings.
  const overview = overviewOf(result);
  const byRule = groupBy(active, (f) => f.businessRule);
  const withFunctions = overview.rules.some((r) => r.functions);
  const fnHead = withFunctions ? ['Functions failing', 'With warnings', 'Passing'] : [];
  out.push(row(['Business rule', 'Title', ...fnHead, 'Errors', 'Warnings', 'Infos']), `| --- | --- |${' ---: |'.repeat(fnHead.length + 3)}`);
  for (const r of overview.rules) {
    const fns = r.functions ? [String(r.functions.failing), String(r.functions.warnings), String(r.functions.passing)] : withFunctions ? ['—', '—', '—'] : [];
    out.push(row([r.businessRule, escapeCell(r.title), ...fns, String(r.counts.errors), String(r.counts.warnings), String(r.counts.infos)]));
  }
  const rulesShown: BusinessRule[] = [...BUSINESS_RULE_ORDER];
  if (byRule.has('ldlint')) {
    rulesShown.push('ldlint');
    const n = countFindings(byRule.get('ldlint')!);
    out.push(row(['ldlint', escapeCell(ENGINE_TITLE), ...fnHead.map(() => '—'), String(n.errors), String(n.warnings), String(n.infos)]));
  }
  out.push(row(['**Total**', '', ...fnHead.map(() => ''), `**${c.errors}**`, `**${c.warnings}**`, `**${c.infos}**`]), '');
  yield `${out.join('\n')}\n`;

  for (const br of rulesShown) {
    const group = byRule.get(br);
    if (!group) continue;
    yield `## ${br}: ${escapeCell(titleOf(br))}\n\n${row(['Severity', 'Rule', 'Resource', 'Location', 'Message'])}\n| --- | --- | --- | --- | --- |\n`;
    for (const f of group) yield `${row([SEVERITY_LABEL[f.severity], ruleCell(ctx, f.ruleId), resourceCell(f), location(f), messageCell(f)])}\n`;
    yield '\n';
  }

  const tail: string[] = [];
  if (suppressed.length > 0) {
    tail.push('## Accepted risk (suppressed)', '');
    tail.push(
      row(['Severity', 'Rule', 'Resource', 'Location', 'Message', 'Suppressed by', 'Reason', 'Expires']),
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of suppressed) {
      const s = f.suppression!;
      const where = s.file ? `${s.kind} (${code(s.line !== undefined ? `${s.file}:${s.line}` : s.file)})` : s.kind;
      tail.push(
        row([
          SEVERITY_LABEL[f.severity],
          ruleCell(ctx, f.ruleId),
          resourceCell(f),
          location(f),
          messageCell(f),
          where,
          escapeCell(s.reason),
          s.expires ? escapeCell(s.expires) : 'never',
        ]),
      );
    }
    tail.push('');
  }

  if (result.staleBaseline && result.staleBaseline.length > 0) {
    tail.push('## Stale baseline entries', '', 'These baseline entries no longer match any finding and can be removed:', '');
    for (const e of result.staleBaseline) tail.push(`- ${code(e)}`);
    tail.push('');
  }

  tail.push(`<sub>Generated by ldlint ${escapeCell(ctx.toolVersion)}</sub>`, '');
  yield tail.join('\n');
};

export const markdown = joined(markdownReport);

export default markdownReport;
