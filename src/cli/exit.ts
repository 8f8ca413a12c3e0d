import type { Finding, Severity } from '../engine/types.js';
import { FAILS_THE_RUN } from '../engine/engine-findings.js';

export type FailOn = Severity | 'none';
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** 2 when a file could not be read or parsed (or a rule failed), 1 when a finding reaches --fail-on, else 0. */
export function exitCode(findings: Finding[], failOn: FailOn, maxWarnings?: number): 0 | 1 | 2 {
  const active = findings.filter((f) => !f.suppression);
  if (active.some((f) => FAILS_THE_RUN.has(f.ruleId))) return 2;
  if (failOn !== 'none' && active.some((f) => RANK[f.severity] >= RANK[failOn])) return 1;
  if (maxWarnings !== undefined && active.filter((f) => f.severity === 'warning').length > maxWarnings) return 1;
  return 0;
}
