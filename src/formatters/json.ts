import type { Finding, LintResult } from '../engine/types.js';
import { countFindings, sortFindings } from './common.js';
import type { FormatContext, Formatter } from './types.js';

/** Version of the JSON output format; bumped on incompatible changes. */
export const JSON_FORMAT_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  businessRule: Finding['businessRule'];
  severity: Finding['severity'];
  message: string;
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
  summary: { errors: number; warnings: number; infos: number; files: number; suppressed: number };
  /** Baseline entries that no longer occur (only when a baseline was given and some are stale). */
  staleBaseline?: string[];
}

export function toJsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    businessRule: f.businessRule,
    severity: f.severity,
    message: f.message,
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

export function toJsonReport(result: LintResult, ctx: FormatContext): JsonReport {
  const c = countFindings(result.findings);
  const report: JsonReport = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'ldlint', version: ctx.toolVersion },
    findings: sortFindings(result.findings).map(toJsonFinding),
    summary: {
      errors: c.errors,
      warnings: c.warnings,
      infos: c.infos,
      files: result.files.length,
      suppressed: c.suppressed,
    },
  };
  if (result.staleBaseline && result.staleBaseline.length > 0) report.staleBaseline = [...result.staleBaseline];
  return report;
}

/**
 * Machine-readable report. `summary.errors/warnings/infos` count findings that are not suppressed;
 * `summary.suppressed` counts the suppressed ones that were reported anyway.
 */
export const json: Formatter = (result, ctx) => `${JSON.stringify(toJsonReport(result, ctx), null, 2)}\n`;

export default json;
