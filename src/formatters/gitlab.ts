import { createHash } from 'node:crypto';
import type { LintResult, Severity } from '../engine/types.js';
import { displayRepoPath, sortFindings } from './common.js';
import type { FormatContext, Formatter } from './types.js';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITY: Record<Severity, GitlabSeverity> = { error: 'major', warning: 'minor', info: 'info' };

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

/**
 * GitLab Code Quality report (a JSON array). Suppressed findings are left out: GitLab has no notion
 * of accepted risk and would show them as open issues.
 */
export const gitlab: Formatter = (result: LintResult, ctx: FormatContext): string => {
  const seen = new Set<string>();
  const issues: GitlabIssue[] = [];
  for (const f of sortFindings(result.findings)) {
    if (f.suppression) continue;
    // The engine fingerprint is stable across line moves but may repeat; number the repeats.
    let fingerprint = '';
    for (let n = 0; ; n++) {
      fingerprint = createHash('sha256')
        .update(n === 0 ? f.fingerprint : `${f.fingerprint}#${n}`)
        .digest('hex');
      if (!seen.has(fingerprint)) break;
    }
    seen.add(fingerprint);
    const begin = Math.max(1, f.line);
    issues.push({
      description: f.message,
      check_name: f.ruleId,
      fingerprint,
      severity: SEVERITY[f.severity],
      location: { path: displayRepoPath(ctx, f.file), lines: { begin, end: Math.max(begin, f.endLine) } },
    });
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
};

export default gitlab;
