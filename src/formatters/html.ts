/**
 * `--format html`: one self-contained page (CSS, JS and SVG inline; nothing from the network) for
 * a security officer reviewing a release: what was checked and how, an overview per business rule,
 * a function x business-rule matrix, the findings with filters and their source, the risk register
 * (every suppression and ISSO exception), what could not be verified, and new versus baseline.
 * It prints to PDF (a print stylesheet) and works from the keyboard. Written in pieces: a row at a time.
 */
import { BUSINESS_RULES, type BusinessRule, type ConfigInForce, type Finding, type LintResult, type RiskEntry, type Severity } from '../engine/types.js';
import { countFindings, joined, plural, ruleDocsUrl, sortFindings } from './common.js';
import { BUSINESS_RULE_ORDER, overviewOf, type Overview, type RuleOverview, type Standing } from './overview.js';
import { SourceLines } from './source.js';
import { messageOf } from './stylish.js';
import type { FormatContext, ReportWriter } from './types.js';

/** An exception or suppression expiring within this many days is highlighted. */
export const EXPIRING_DAYS = 30;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const h = escapeHtml;

const STANDING_LABEL: Record<Standing, string> = { error: '✖ error', warning: '▲ warning', info: '● info', suppressed: '◌ suppressed', pass: '✓ pass' };
const SEVERITY_MARK: Record<Severity, string> = { error: '✖', warning: '▲', info: '●' };

/** `YYYY-MM-DD` plus days. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** How an expiry stands on the report's date: `expired`, `expiring` (within EXPIRING_DAYS) or ''. */
export function expiryState(expires: string | undefined, today: string): 'expired' | 'expiring' | '' {
  if (!expires || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return '';
  if (expires < today) return 'expired';
  return expires <= addDays(today, EXPIRING_DAYS) ? 'expiring' : '';
}

function checkOf(f: Finding): string {
  return f.ruleId === 'ldlint/unverifiable' && f.path?.includes(':') ? f.path.slice(0, f.path.indexOf(':')) : f.ruleId;
}

function table(id: string, caption: string, head: string[], className = ''): string {
  return `<table id="${id}"${className ? ` class="${className}"` : ''}><caption>${caption}</caption><thead><tr>${head.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>\n`;
}

/** A stacked bar: failing, with warnings, passing (or errors, warnings, infos when no functions are listed). */
function bar(r: RuleOverview): string {
  const parts: [string, number, string][] = r.functions
    ? [['error', r.functions.failing, 'failing'], ['warning', r.functions.warnings, 'with warnings'], ['pass', r.functions.passing, 'passing']]
    : [['error', r.counts.errors, 'errors'], ['warning', r.counts.warnings, 'warnings'], ['info', r.counts.infos, 'infos']];
  const total = parts.reduce((n, p) => n + p[1], 0);
  const label = `${r.businessRule}: ${parts.map(([, n, what]) => `${n} ${what}`).join(', ')}${r.functions ? ` of ${plural(total, 'function')}` : ''}`;
  const W = 240;
  let x = 0;
  const rects = parts.map(([cls, n]) => {
    const w = total ? (n / total) * W : 0;
    const rect = w > 0 ? `<rect class="b-${cls}" x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="18"/>` : '';
    x += w;
    return rect;
  });
  const empty = total === 0 ? `<rect class="b-none" x="0" y="0" width="${W}" height="18"/>` : '';
  return `<svg class="bar" viewBox="0 0 ${W} 18" width="${W}" height="18" role="img" aria-label="${h(label)}"><title>${h(label)}</title>${empty}${rects.join('')}</svg>`;
}

function header(result: LintResult, ctx: FormatContext): string {
  const run = ctx.run;
  const s = result.stats;
  const facts: [string, string][] = [
    ['Project', h(run?.project ?? '—')],
    ['Commit', run?.commit ? `<code>${h(run.commit)}</code>` : 'not a git checkout'],
    ['Date', h(run?.date ?? '—')],
    ['ldlint', h(ctx.toolVersion)],
    ['Templates', String(s?.templates ?? result.files.length)],
    ['Functions', s ? String(s.functions) : '—'],
  ];
  return `<header>
<h1>ldlint report${run ? `: ${h(run.project)}` : ''}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
${configSection(s?.configs)}
</header>
`;
}

function configSection(configs: ConfigInForce[] | undefined): string {
  if (!configs) return '';
  if (configs.length === 0) return '<p>Configuration: no template was linted.</p>';
  const one = (c: ConfigInForce, i: number) => {
    const rows = c.rules.map((r) => `<tr><th scope="row"><code>${h(r.id)}</code></th><td>${h(r.severity)}</td><td><code>${h(JSON.stringify(r.options))}</code></td></tr>`).join('\n');
    return `<h3>${c.file ? `<code>${h(c.file)}</code>` : 'Defaults (ldlint:recommended; no configuration file)'}</h3>
${table(`config-${i}`, 'Checks: severity and options in force', ['Check', 'Severity', 'Options'])}${rows}</tbody></table>`;
  };
  return `<details id="config"><summary>Configuration in force (${plural(configs.length, 'file')})</summary>
${configs.map(one).join('\n')}
</details>`;
}

function totals(result: LintResult): string {
  const c = countFindings(result.findings);
  const items: [string, number, string][] = [['errors', c.errors, 'error'], ['warnings', c.warnings, 'warning'], ['infos', c.infos, 'info'], ['suppressed', c.suppressed, 'suppressed']];
  return `<section id="totals" aria-labelledby="totals-h"><h2 id="totals-h">Totals</h2>
<ul class="totals">${items.map(([k, n, cls]) => `<li class="s-${cls}" data-total="${k}"><span class="n">${n}</span> ${k}</li>`).join('')}</ul>
</section>
`;
}

function overviewSection(o: Overview): string {
  const withFns = o.rules.some((r) => r.functions);
  const head = ['Business rule', 'Chart', ...(withFns ? ['Failing', 'With warnings', 'Passing'] : []), 'Errors', 'Warnings', 'Infos', 'Suppressed'];
  const rows = o.rules.map((r) => {
    const fns = r.functions ? [r.functions.failing, r.functions.warnings, r.functions.passing].map((n) => `<td class="num">${n}</td>`).join('') : '';
    return `<tr><th scope="row"><a href="#findings" data-br="${r.businessRule}">${r.businessRule}</a><br><span class="title">${h(r.title)}</span></th><td>${bar(r)}</td>${fns}<td class="num">${r.counts.errors}</td><td class="num">${r.counts.warnings}</td><td class="num">${r.counts.infos}</td><td class="num">${r.counts.suppressed}</td></tr>`;
  });
  const note = withFns
    ? 'A function fails a business rule when it has an error finding of it, and has warnings when its worst finding is a warning.'
    : 'The run listed no functions: the charts show findings by severity.';
  return `<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Business rules</h2>
<p>${note}</p>
${table('overview-table', 'Functions and findings per business rule', head)}${rows.join('\n')}
</tbody></table>
</section>
`;
}

function* matrixSection(o: Overview): Generator<string> {
  if (o.matrix.length === 0) return;
  yield `<section id="matrix" aria-labelledby="matrix-h"><h2 id="matrix-h">Functions by business rule</h2>
<p>Each cell is the worst finding of the business rule for the function.</p>
${table('matrix-table', `${plural(o.matrix.length, 'function')} by business rule, worst severity`, ['Function', ...BUSINESS_RULE_ORDER])}`;
  for (const m of o.matrix) {
    const cells = BUSINESS_RULE_ORDER.map((br) => `<td class="s-${m.standing[br]}">${STANDING_LABEL[m.standing[br]]}</td>`).join('');
    yield `<tr><th scope="row">${h(m.fn.name)}<br><span class="loc">${h(m.fn.file)}:${m.fn.line}</span></th>${cells}</tr>\n`;
  }
  yield '</tbody></table>\n</section>\n';
}

const FILTERS: [key: string, label: string, of: (f: Finding) => string][] = [
  ['br', 'Business rule', (f) => f.businessRule],
  ['check', 'Check', (f) => f.ruleId],
  ['severity', 'Severity', (f) => (f.suppression ? 'suppressed' : f.severity)],
  ['file', 'File', (f) => f.file],
  ['function', 'Function', (f) => f.resource ?? '(none)'],
  ['flavour', 'Flavour', (f) => f.flavour ?? '(none)'],
];

function filterForm(findings: readonly Finding[]): string {
  const selects = FILTERS.map(([key, label, of]) => {
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(of(f), (counts.get(of(f)) ?? 0) + 1);
    const options = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([v, n]) => `<option value="${h(v)}">${h(v)} (${n})</option>`).join('');
    return `<div><label for="f-${key}">${label}</label><select id="f-${key}" name="${key}"><option value="">All</option>${options}</select></div>`;
  });
  return `<form id="filters" class="filters" role="search" aria-label="Filter findings">${selects.join('')}<div><button type="reset">Clear filters</button></div></form>`;
}

function snippetHtml(source: SourceLines, f: Finding): string {
  const s = source.snippet(f);
  if (!s) return '';
  const numW = String(s.first + s.lines.length - 1).length;
  const lines = s.lines.map((l, i) => {
    const n = s.first + i;
    const text = `${String(n).padStart(numW)} | ${l}`;
    return n === f.line ? `<mark>${h(text)}</mark>` : h(text);
  });
  return `<details><summary>Source</summary><pre><code>${lines.join('\n')}</code></pre></details>`;
}

function* findingsSection(findings: readonly Finding[], ctx: FormatContext): Generator<string> {
  const source = new SourceLines(ctx);
  yield `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>
${findings.length ? filterForm(findings) : ''}
<p id="shown" role="status" aria-live="polite">Showing ${findings.length} of ${plural(findings.length, 'finding')}</p>
${table('findings-table', 'Findings', ['Severity', 'Check', 'Location', 'Function or resource', 'Message and fix', 'Source'])}`;
  for (const f of findings) {
    const data = FILTERS.map(([key, , of]) => ` data-${key}="${h(of(f))}"`).join('');
    const sev = f.suppression ? 'suppressed' : f.severity;
    const url = ruleDocsUrl(ctx, f.ruleId);
    const check = url ? `<a href="${h(url)}"><code>${h(f.ruleId)}</code></a>` : `<code>${h(f.ruleId)}</code>`;
    const help = f.help ? `<p class="help"><span class="k">Fix:</span> ${h(f.help)}</p>` : '';
    yield `<tr${data}><td class="s-${sev}">${SEVERITY_MARK[f.severity]} ${sev === 'suppressed' ? `${f.severity}, suppressed` : f.severity}</td><td>${check}<br><span class="title">${h(f.businessRule)}</span></td><td class="loc">${h(f.file)}:${f.line}:${f.column}</td><td>${f.resource === null ? '—' : `<code>${h(f.resource)}</code>`}</td><td><p>${h(messageOf(f))}</p>${help}</td><td>${snippetHtml(source, f)}</td></tr>\n`;
  }
  yield '</tbody></table>\n</section>\n';
}

const STATUS_TEXT: Record<RiskEntry['status'], string> = {
  applied: 'applied',
  unused: 'unused (matches no finding)',
  invalid: 'invalid (does not apply)',
  valid: 'valid',
  expired: 'expired',
  unknown: 'cannot be verified',
};

function* riskSection(risks: readonly RiskEntry[] | undefined, today: string): Generator<string> {
  yield `<section id="risks" aria-labelledby="risks-h"><h2 id="risks-h">Risk register</h2>\n`;
  if (!risks) {
    yield '<p>The run did not list its suppressions and exceptions.</p>\n</section>\n';
    return;
  }
  const sorted = [...risks].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const expired = sorted.filter((r) => expiryState(r.expires, today) === 'expired' || r.status === 'expired').length;
  const expiring = sorted.filter((r) => expiryState(r.expires, today) === 'expiring').length;
  yield `<p>Every suppression and ISSO exception the templates and configuration hold: ${plural(sorted.filter((r) => r.kind !== 'exception').length, 'suppression')}, ${plural(sorted.filter((r) => r.kind === 'exception').length, 'exception')}; <span class="expired-text">${expired} expired</span>, <span class="expiring-text">${expiring} expiring within ${EXPIRING_DAYS} days</span> (on ${h(today)}).</p>
${table('risk-table', 'Suppressions and ISSO exceptions', ['Kind', 'Check or rule', 'Function or resource', 'Reason or reference', 'Approved by', 'Expires', 'Location', 'Status'])}`;
  for (const r of sorted) {
    const exp = r.status === 'expired' ? 'expired' : expiryState(r.expires, today);
    const kind = r.kind === 'exception' ? 'ISSO exception' : r.kind === 'config' ? 'suppression (config)' : 'suppression (inline)';
    const status = `${STATUS_TEXT[r.status]}${r.matched ? `, ${plural(r.matched, 'finding')}` : ''}${r.problem ? `: ${h(r.problem)}` : ''}`;
    const expires = r.expires ? `${h(r.expires)}${exp === 'expired' ? ' <strong>(expired)</strong>' : exp === 'expiring' ? ' <strong>(expires soon)</strong>' : ''}` : 'never';
    yield `<tr${exp ? ` class="${exp}"` : ''} data-kind="${r.kind}"><td>${kind}</td><td><code>${h(r.id || '(none)')}</code></td><td>${r.resource ? `<code>${h(r.resource)}</code>` : '—'}</td><td>${h(r.reason ?? '—')}</td><td>${h(r.approvedBy ?? '—')}</td><td>${expires}</td><td class="loc">${h(r.file)}:${r.line}:${r.column}</td><td>${status}</td></tr>\n`;
  }
  yield '</tbody></table>\n</section>\n';
}

function* unverifiableSection(findings: readonly Finding[]): Generator<string> {
  const gaps = findings.filter((f) => f.ruleId === 'ldlint/unverifiable');
  yield `<section id="unverifiable" aria-labelledby="unverifiable-h"><h2 id="unverifiable-h">What could not be verified</h2>\n`;
  if (gaps.length === 0) {
    yield '<p>Nothing: every check could decide on the values it read.</p>\n</section>\n';
    return;
  }
  yield `<p>${plural(gaps.length, 'check')} could not decide, because a value depends on something ldlint cannot see (a parameter without a value, an import, a runtime lookup). These are gaps in the review, not passes.</p>
${table('unverifiable-table', 'Unverifiable checks', ['Check', 'Function or resource', 'Location', 'Why'])}`;
  for (const f of gaps) {
    yield `<tr><td><code>${h(checkOf(f))}</code></td><td>${f.resource === null ? '—' : `<code>${h(f.resource)}</code>`}</td><td class="loc">${h(f.file)}:${f.line}:${f.column}</td><td>${h(f.message)}</td></tr>\n`;
  }
  yield '</tbody></table>\n</section>\n';
}

function baselineSection(result: LintResult): string {
  const b = result.stats?.baseline;
  if (!b) return '';
  const c = countFindings(result.findings);
  const stale = result.staleBaseline ?? [];
  return `<section id="baseline" aria-labelledby="baseline-h"><h2 id="baseline-h">New versus baseline</h2>
<dl class="facts"><div><dt>Baseline</dt><dd><code>${h(b.file)}</code></dd></div><div><dt>New findings</dt><dd data-baseline="new">${c.errors + c.warnings + c.infos}</dd></div><div><dt>Accepted by the baseline</dt><dd data-baseline="matched">${b.matched}</dd></div><div><dt>Stale entries</dt><dd data-baseline="stale">${stale.length}</dd></div></dl>
${stale.length ? `<details><summary>Stale entries (no longer found)</summary><ul>${stale.map((e) => `<li><code>${h(e)}</code></li>`).join('')}</ul></details>` : ''}
</section>
`;
}

const CSS = `
:root{--fg:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--bg:#fff;--err:#a4001d;--err-bg:#fde8eb;--warn:#7a4a00;--warn-bg:#fff0d1;--info:#0a4f96;--info-bg:#e2eefb;--ok:#17592f;--ok-bg:#e3f3e8;--sup:#454545;--sup-bg:#ececec}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;padding:1rem 1.5rem 3rem;max-width:1400px}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem}
a{color:#0a4f96}:focus-visible{outline:3px solid #0a4f96;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:.5rem 0}.facts dt{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}.facts dd{margin:0;font-weight:600}
.totals{display:flex;gap:1rem;list-style:none;padding:0;margin:0;flex-wrap:wrap}.totals li{padding:.5rem 1rem;border-radius:6px;border:1px solid var(--line);font-weight:600}.totals .n{font-size:1.5rem;margin-right:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.3rem 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.title,.loc{color:var(--muted);font-size:.85rem}.loc{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}pre{margin:.3rem 0;padding:.4rem;background:#f6f6f6;overflow-x:auto}mark{background:#ffe58a;color:#000;display:inline-block;min-width:100%}
.s-error{background:var(--err-bg);color:var(--err)}.s-warning{background:var(--warn-bg);color:var(--warn)}.s-info{background:var(--info-bg);color:var(--info)}.s-pass{background:var(--ok-bg);color:var(--ok)}.s-suppressed{background:var(--sup-bg);color:var(--sup)}
.bar .b-error{fill:#c8102e}.bar .b-warning{fill:#e0a000}.bar .b-info{fill:#2f7fd8}.bar .b-pass{fill:#2e8b57}.bar .b-none{fill:#ddd}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0;padding:.6rem;background:#f6f6f6;border:1px solid var(--line)}.filters label{display:block;font-size:.8rem;font-weight:600}.filters select{max-width:18rem;font:inherit;padding:.2rem}
button{font:inherit;padding:.25rem .8rem}.help{margin:.2rem 0 0;color:var(--muted)}.help .k{font-weight:600}td p{margin:0}
tr.expired td{background:var(--err-bg)}tr.expiring td{background:var(--warn-bg)}.expired-text{color:var(--err);font-weight:600}.expiring-text{color:var(--warn);font-weight:600}
@media print{body{font-size:10pt;max-width:none;padding:0}.filters,.skip,#shown{display:none}a{color:inherit;text-decoration:none}tr{break-inside:avoid}h2{break-after:avoid}thead{display:table-header-group}pre{white-space:pre-wrap;background:none;border:1px solid var(--line)}
.s-error,.s-warning,.s-info,.s-pass,.s-suppressed,tr.expired td,tr.expiring td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings-table tbody tr'));
  var shown = document.getElementById('shown');
  var selects = Array.prototype.slice.call(form.querySelectorAll('select'));
  function apply() {
    var n = 0;
    rows.forEach(function (r) {
      var ok = selects.every(function (s) { return !s.value || r.getAttribute('data-' + s.name) === s.value; });
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = 'Showing ' + n + ' of ' + rows.length + ' finding' + (rows.length === 1 ? '' : 's');
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  // The overview's business rules filter the findings.
  Array.prototype.slice.call(document.querySelectorAll('#overview-table a[data-br]')).forEach(function (a) {
    a.addEventListener('click', function () { form.reset(); form.elements.br.value = a.getAttribute('data-br'); apply(); });
  });
  // Printing shows every source snippet.
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.slice.call(document.querySelectorAll('details:not([open])'));
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); });
})();
`;

export const htmlReport: ReportWriter = function* (result: LintResult, ctx: FormatContext) {
  const findings = sortFindings(result.findings);
  const today = (ctx.run?.date ?? new Date().toISOString()).slice(0, 10);
  const title = `ldlint report${ctx.run ? `: ${ctx.run.project}` : ''}`;
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="ldlint ${h(ctx.toolVersion)}">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to the findings</a>
${header(result, ctx)}<main>
${totals(result)}`;
  const overview = overviewOf({ ...result, findings });
  yield overviewSection(overview);
  yield* matrixSection(overview);
  yield* findingsSection(findings, ctx);
  yield* riskSection(result.stats?.risks, today);
  yield* unverifiableSection(findings);
  yield baselineSection(result);
  yield `</main>
<footer><p>Generated by ldlint ${h(ctx.toolVersion)}${ctx.run ? ` on ${h(ctx.run.date)}` : ''}. Business rules: ${(Object.keys(BUSINESS_RULES) as Exclude<BusinessRule, 'ldlint'>[]).map((br) => `${br} ${h(BUSINESS_RULES[br])}`).join('; ')}.</p></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
};

export const html = joined(htmlReport);

export default htmlReport;
