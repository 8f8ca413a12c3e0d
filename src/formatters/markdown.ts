import { BUSINESS_RULES, type BusinessRule, type Finding, type LintResult, type Severity } from '../engine/types.js';
import { countFindings, plural, ruleDocsUrl, severitySummary, sortFindings } from './common.js';
import { groupBy } from '../group-by.js';
import type { FormatContext, Formatter } from './types.js';

const BUSINESS_RULE_ORDER = Object.keys(BUSINESS_RULES) as Exclude<BusinessRule, 'ldlint'>[];
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

function titleOf(br: BusinessRule): string {
  return br === 'ldlint' ? ENGINE_TITLE : BUSINESS_RULES[br];
}

/**
 * Markdown report for pull-request comments, step summaries and security officers: a summary per
 * business rule, a table per business rule, and the accepted risks (suppressed findings).
 */
export const markdown: Formatter = (result: LintResult, ctx: FormatContext): string => {
  const findings = sortFindings(result.findings);
  const active = findings.filter((f) => !f.suppression);
  const suppressed = findings.filter((f) => f.suppression);
  const c = countFindings(findings);
  const out: string[] = ['# ldlint report', ''];
  const fileCount = plural(result.files.length, 'file');

  if (findings.length === 0) {
    out.push(`✅ No findings in ${fileCount}.`, '');
  } else {
    const problems = c.errors + c.warnings + c.infos;
    const icon = c.errors > 0 ? '❌' : problems > 0 ? '⚠️' : '✅';
    let line = `${icon} **${plural(problems, 'problem')}** (${severitySummary(c)}) in ${fileCount}`;
    if (c.suppressed > 0) line += `; ${c.suppressed} suppressed (accepted risk)`;
    out.push(`${line}.`, '');

    // Summary table: every business rule, the engine row only when it has findings.
    const byRule = groupBy(active, (f) => f.businessRule);
    const rulesShown: BusinessRule[] = [...BUSINESS_RULE_ORDER];
    if (byRule.has('ldlint')) rulesShown.push('ldlint');
    out.push(row(['Business rule', 'Title', 'Errors', 'Warnings', 'Infos']), '| --- | --- | ---: | ---: | ---: |');
    for (const br of rulesShown) {
      const n = countFindings(byRule.get(br) ?? []);
      out.push(row([br, escapeCell(titleOf(br)), String(n.errors), String(n.warnings), String(n.infos)]));
    }
    out.push(row(['**Total**', '', `**${c.errors}**`, `**${c.warnings}**`, `**${c.infos}**`]), '');

    for (const br of rulesShown) {
      const group = byRule.get(br);
      if (!group) continue;
      out.push(`## ${br}: ${escapeCell(titleOf(br))}`, '');
      out.push(row(['Severity', 'Rule', 'Resource', 'Location', 'Message']), '| --- | --- | --- | --- | --- |');
      for (const f of group) {
        out.push(row([SEVERITY_LABEL[f.severity], ruleCell(ctx, f.ruleId), resourceCell(f), location(f), escapeCell(f.message)]));
      }
      out.push('');
    }

    if (suppressed.length > 0) {
      out.push('## Accepted risk (suppressed)', '');
      out.push(
        row(['Severity', 'Rule', 'Resource', 'Location', 'Message', 'Suppressed by', 'Reason', 'Expires']),
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
      );
      for (const f of suppressed) {
        const s = f.suppression!;
        const where = s.file ? `${s.kind} (${code(s.line !== undefined ? `${s.file}:${s.line}` : s.file)})` : s.kind;
        out.push(
          row([
            SEVERITY_LABEL[f.severity],
            ruleCell(ctx, f.ruleId),
            resourceCell(f),
            location(f),
            escapeCell(f.message),
            where,
            escapeCell(s.reason),
            s.expires ? escapeCell(s.expires) : 'never',
          ]),
        );
      }
      out.push('');
    }
  }

  if (result.staleBaseline && result.staleBaseline.length > 0) {
    out.push('## Stale baseline entries', '', 'These baseline entries no longer match any finding and can be removed:', '');
    for (const e of result.staleBaseline) out.push(`- ${code(e)}`);
    out.push('');
  }

  out.push(`<sub>Generated by ldlint ${escapeCell(ctx.toolVersion)}</sub>`, '');
  return out.join('\n');
};

export default markdown;
