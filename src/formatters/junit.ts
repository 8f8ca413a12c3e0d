import type { Finding, LintResult, Severity } from '../engine/types.js';
import { joined, SEVERITY_RANK, sortFindings } from './common.js';
import { groupBy } from '../group-by.js';
import type { ReportWriter } from './types.js';
import { attrs, escapeXmlText } from './xml.js';

interface TestCase {
  name: string;
  findings: Finding[];
  active: Finding[];
}

function worst(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), 'info');
}

function line(f: Finding): string {
  const base = `${f.line}:${f.column} ${f.message}`;
  const shown = f.suppression ? `${base} (suppressed: ${f.suppression.reason})` : base;
  return f.help ? `${shown}\n  help: ${f.help}` : shown;
}

function renderCase(file: string, tc: TestCase): string {
  const open = `    <testcase${attrs({ classname: file, name: tc.name })}`;
  if (tc.findings.length === 0) return `${open}/>`;
  const { active } = tc;
  if (active.length === 0) {
    const reasons = [...new Set(tc.findings.map((f) => f.suppression!.reason))].join('; ');
    const body = tc.findings.map(line).join('\n');
    return `${open}>\n      <skipped${attrs({ message: `suppressed: ${reasons}` })}>${escapeXmlText(body)}</skipped>\n    </testcase>`;
  }
  const message = active.length === 1 ? active[0]!.message : `${active.length} findings: ${active[0]!.message}`;
  // Active findings first, then the suppressed ones of the same rule and resource, for context.
  const body = [...active, ...tc.findings.filter((f) => f.suppression)].map(line).join('\n');
  return `${open}>\n      <failure${attrs({ message, type: worst(active) })}>${escapeXmlText(body)}</failure>\n    </testcase>`;
}

/**
 * JUnit XML: one suite per file read, one testcase per (rule, resource) with findings, a passing
 * `ldlint` testcase for a file without findings. Suppressed-only testcases are `<skipped>`. The
 * failure text gives each finding with its help. Written suite by suite.
 */
export const junitReport: ReportWriter = function* (result: LintResult) {
  const byFile = groupBy(sortFindings(result.findings), (f) => f.file);
  const files = [...new Set([...result.files.map((f) => f.path), ...byFile.keys()])];
  // The totals head the document: counted first, each suite rendered when it is written.
  const suites = files.map((file) => {
    const findings = byFile.get(file) ?? [];
    const cases: TestCase[] =
      findings.length === 0
        ? [{ name: 'ldlint', findings: [], active: [] }]
        : [...groupBy(findings, (f) => `${f.ruleId}\u0000${f.resource ?? ''}`).values()].map((g) => ({
            name: g[0]!.resource === null ? g[0]!.ruleId : `${g[0]!.ruleId} ${g[0]!.resource}`,
            findings: g,
            active: g.filter((f) => !f.suppression),
          }));
    const failures = cases.filter((c) => c.active.length > 0).length;
    const skipped = cases.filter((c) => c.findings.length > 0 && c.active.length === 0).length;
    return { file, cases, failures, skipped };
  });
  const sum = (k: 'failures' | 'skipped') => suites.reduce((n, s) => n + s[k], 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const head = `<testsuites${attrs({ name: 'ldlint', tests, failures: sum('failures'), errors: 0, skipped: sum('skipped') })}`;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (suites.length === 0) {
    yield `${head}/>\n`;
    return;
  }
  yield `${head}>\n`;
  for (const s of suites) {
    yield `  <testsuite${attrs({ name: s.file, tests: s.cases.length, failures: s.failures, errors: 0, skipped: s.skipped })}>\n`;
    for (const c of s.cases) yield `${renderCase(s.file, c)}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
};

export const junit = joined(junitReport);

export default junitReport;
