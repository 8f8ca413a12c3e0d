import type { Finding, LintResult } from '../engine/types.js';
import { countFindings, joined, LazyArray, prettyJson, sortFindings } from './common.js';
import type { FormatContext, ReportWriter } from './types.js';

/**
 * Version of the JSON output format; bumped on changes. 2: findings carry `help` (how to fix), the
 * summary counts `templates` and `functions`.
 */
export const JSON_FORMAT_VERSION = 2;

export interface JsonFinding {
  ruleId: string;
  businessRule: Finding['businessRule'];
  severity: Finding['severity'];
  message: string;
  /** How to fix it, in the vocabulary of the file (absent when the check gives none). */
  help?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource: string | null;
  resourceType: string | null;
  flavour: string | null;
  fingerprint: string;
  constructPath?: string;
  suppression?: NonNullable<Finding['suppression']>;
}

export interface JsonReport {
  version: typeof JSON_FORMAT_VERSION;
  tool: { name: 'ldlint'; version: string };
  findings: JsonFinding[];
  summary: { errors: number; warnings: number; infos: number; files: number; suppressed: number; templates?: number; functions?: number };
  /** Baseline entries that no longer occur (only when a baseline was given and some are stale). */
  staleBaseline?: string[];
}

export function toJsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    businessRule: f.businessRule,
    severity: f.severity,
    message: f.message,
    ...(f.help !== undefined ? { help: f.help } : {}),
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    resource: f.resource,
    resourceType: f.resourceType,
    flavour: f.flavour,
    fingerprint: f.fingerprint,
  };
  if (f.constructPath !== undefined) out.constructPath = f.constructPath;
  if (f.suppression !== undefined) out.suppression = { ...f.suppression };
  return out;
}

/** The report with its findings as a LazyArray (written one by one). */
function jsonReport(result: LintResult, ctx: FormatContext): Omit<JsonReport, 'findings'> & { findings: LazyArray } {
  const c = countFindings(result.findings);
  const report: Omit<JsonReport, 'findings'> & { findings: LazyArray } = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'ldlint', version: ctx.toolVersion },
    findings: new LazyArray(function* () {
      for (const f of sortFindings(result.findings)) yield toJsonFinding(f);
    }),
    summary: {
      errors: c.errors,
      warnings: c.warnings,
      infos: c.infos,
      files: result.files.length,
      suppressed: c.suppressed,
      ...(result.stats ? { templates: result.stats.templates, functions: result.stats.functions } : {}),
    },
  };
  if (result.staleBaseline && result.staleBaseline.length > 0) report.staleBaseline = [...result.staleBaseline];
  return report;
}

/** The report as an object (for programmatic use). */
export function toJsonReport(result: LintResult, ctx: FormatContext): JsonReport {
  const r = jsonReport(result, ctx);
  return { ...r, findings: [...r.findings.items()] as JsonFinding[] };
}

/**
 * Machine-readable report. `summary.errors/warnings/infos` count findings that are not suppressed;
 * `summary.suppressed` counts the suppressed ones that were reported anyway.
 */
export const jsonReportWriter: ReportWriter = function* (result, ctx) {
  yield* prettyJson(jsonReport(result, ctx));
  yield '\n';
};

export const json = joined(jsonReportWriter);

export default jsonReportWriter;
