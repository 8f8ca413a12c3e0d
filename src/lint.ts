import { SourceFile, toRange, type ParseIssue } from './parse/index.js';
import { loadSource, type LoadOptions, type SourceInput } from './model/load.js';
import type { Project } from './model/types.js';
import { runRules, toFinding, type RunConfig } from './engine/run.js';
import type { Finding, Rule } from './engine/types.js';

export interface FileOutcome {
  path: string;
  flavour: string | null;
  findings: Finding[];
  project?: Project;
  /** Why the file produced no model (not a template, unsupported). */
  note?: string;
}

/** Lints one file's text: parse, model, rules. Never throws on bad input. */
export function lintSource(input: SourceInput, rules: readonly Rule<any>[], config: RunConfig, load: LoadOptions, explicit = true): FileOutcome {
  let outcome: ReturnType<typeof loadSource>;
  try {
    outcome = loadSource(input, load);
  } catch (e) {
    // A defect in reading or modelling this file must not take down the whole run.
    const at = { file: new SourceFile(input.path, input.text), start: 0, end: 0 };
    const message = `ldlint could not model this file: ${(e as Error)?.message ?? String(e)}. Please report this with the template.`;
    return { path: input.path, flavour: null, findings: [toFinding('ldlint/internal-error', 'ldlint', 'error', { resource: null, at, message, path: 'model' })] };
  }
  const issueFindings = outcome.issues.map((i) => issueFinding(i, 'warning'));
  switch (outcome.kind) {
    case 'parse-error':
      return { path: input.path, flavour: null, findings: [issueFinding(outcome.error, 'error'), ...issueFindings] };
    case 'not-template':
      return { path: input.path, flavour: null, findings: [], note: explicit ? 'not a CloudFormation, SAM or Serverless Framework template' : undefined };
    case 'unsupported':
      return { path: input.path, flavour: 'serverless', findings: issueFindings, note: outcome.reason };
    case 'template': {
      const findings = [...issueFindings, ...runRules(outcome.project, rules, config)];
      return { path: input.path, flavour: outcome.flavour, findings: dedupe(findings), project: outcome.project };
    }
  }
}

function issueFinding(issue: ParseIssue, severity: 'error' | 'warning'): Finding {
  const id = issue.kind === 'duplicate-key' ? 'ldlint/duplicate-key' : 'ldlint/parse-error';
  const r = toRange(issue.loc);
  return toFinding(id, 'ldlint', severity, {
    resource: null,
    at: issue.loc,
    message: issue.kind === 'duplicate-key' ? issue.message : `${r.file}:${r.line}:${r.column}: ${issue.message}`,
    path: `${id}:${r.line}:${r.column}`,
  });
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}|${f.file}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
