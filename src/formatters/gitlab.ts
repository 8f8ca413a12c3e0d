import { createHash } from 'node:crypto';
import type { LintResult, Severity } from '../engine/types.js';
import { displayRepoPath, joined, LazyArray, prettyJson, sortFindings } from './common.js';
import type { FormatContext, ReportWriter } from './types.js';

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
 * GitLab Code Quality report (a JSON array, written issue by issue). The description is the message
 * and its help, GitLab's only text. Suppressed findings are left out: GitLab has no notion of
 * accepted risk and would show them as open issues.
 */
export const gitlabReport: ReportWriter = function* (result: LintResult, ctx: FormatContext) {
  const seen = new Set<string>();
  const issues = function* (): Generator<GitlabIssue> {
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
      yield {
        description: f.help ? `${f.message} ${f.help}` : f.message,
        check_name: f.ruleId,
        fingerprint,
        severity: SEVERITY[f.severity],
        location: { path: displayRepoPath(ctx, f.file), lines: { begin, end: Math.max(begin, f.endLine) } },
      };
    }
  };
  yield* prettyJson(new LazyArray(issues));
  yield '\n';
};

export const gitlab = joined(gitlabReport);

export default gitlabReport;
