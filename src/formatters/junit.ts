import type { Finding, LintResult, Severity } from '../engine/types.js';
import { SEVERITY_RANK, sortFindings } from './common.js';
import { groupBy } from '../group-by.js';
import type { Formatter } from './types.js';
import { attrs, escapeXmlText } from './xml.js';

interface TestCase {
  name: string;
  findings: Finding[];
}

function worst(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), 'info');
}

function line(f: Finding): string {
  const base = `${f.line}:${f.column} ${f.message}`;
  return f.suppression ? `${base} (suppressed: ${f.suppression.reason})` : base;
}

function renderCase(file: string, tc: TestCase): { xml: string; failed: boolean; skipped: boolean } {
  const open = `    <testcase${attrs({ classname: file, name: tc.name })}`;
  if (tc.findings.length === 0) return { xml: `${open}/>`, failed: false, skipped: false };
  const active = tc.findings.filter((f) => !f.suppression);
  if (active.length === 0) {
    const reasons = [...new Set(tc.findings.map((f) => f.suppression!.reason))].join('; ');
    const body = tc.findings.map(line).join('\n');
    return {
      xml: `${open}>\n      <skipped${attrs({ message: `suppressed: ${reasons}` })}>${escapeXmlText(body)}</skipped>\n    </testcase>`,
      failed: false,
      skipped: true,
    };
  }
  const message = active.length === 1 ? active[0]!.message : `${active.length} findings: ${active[0]!.message}`;
  // Active findings first, then the suppressed ones of the same rule and resource, for context.
  const body = [...active, ...tc.findings.filter((f) => f.suppression)].map(line).join('\n');
  return {
    xml: `${open}>\n      <failure${attrs({ message, type: worst(active) })}>${escapeXmlText(body)}</failure>\n    </testcase>`,
    failed: true,
    skipped: false,
  };
}

/**
 * JUnit XML: one suite per file read, one testcase per (rule, resource) with findings, a passing
 * `ldlint` testcase for a file without findings. Suppressed-only testcases are `<skipped>`.
 */
export const junit: Formatter = (result: LintResult): string => {
  const byFile = groupBy(sortFindings(result.findings), (f) => f.file);
  const files = [...new Set([...result.files.map((f) => f.path), ...byFile.keys()])];

  let tests = 0;
  let failures = 0;
  let skippedTotal = 0;
  const suites: string[] = [];
  for (const file of files) {
    const findings = byFile.get(file) ?? [];
    const cases: TestCase[] =
      findings.length === 0
        ? [{ name: 'ldlint', findings: [] }]
        : [...groupBy(findings, (f) => `${f.ruleId}\u0000${f.resource ?? ''}`).values()].map((g) => ({
            name: g[0]!.resource === null ? g[0]!.ruleId : `${g[0]!.ruleId} ${g[0]!.resource}`,
            findings: g,
          }));
    const rendered = cases.map((tc) => renderCase(file, tc));
    const f = rendered.filter((r) => r.failed).length;
    const s = rendered.filter((r) => r.skipped).length;
    tests += rendered.length;
    failures += f;
    skippedTotal += s;
    suites.push(
      `  <testsuite${attrs({ name: file, tests: rendered.length, failures: f, errors: 0, skipped: s })}>\n` +
        `${rendered.map((r) => r.xml).join('\n')}\n  </testsuite>`,
    );
  }

  const head = `<testsuites${attrs({ name: 'ldlint', tests, failures, errors: 0, skipped: skippedTotal })}`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (suites.length === 0) lines.push(`${head}/>`);
  else lines.push(`${head}>`, ...suites, '</testsuites>');
  return `${lines.join('\n')}\n`;
};

export default junit;
