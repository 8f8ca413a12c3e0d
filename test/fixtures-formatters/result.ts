import path from 'node:path';
import type { Finding, LintResult, RuleMeta, RunStats } from '../../src/engine/types.js';
import type { FormatContext } from '../../src/formatters/types.js';

export const REPO_ROOT = path.resolve('/tmp/ldlint-fmt-repo');
export const CWD = path.join(REPO_ROOT, 'packages', 'app');

export function makeCtx(over: Partial<FormatContext> = {}): FormatContext {
  return {
    cwd: CWD,
    color: false,
    repoRoot: REPO_ROOT,
    docsBaseUrl: 'https://example.org/ldlint/docs/rules/',
    toolVersion: '0.1.0',
    env: {},
    ...over,
  };
}

const remediation = {
  cloudformation: 'Set `Timeout` on AWS::Lambda::Function.',
  sam: 'Set `Timeout` in Globals.Function.',
  serverless: 'Set `timeout` under provider.',
  cdk: 'Pass `timeout: Duration.seconds(30)`.',
};

export const RULES: RuleMeta<unknown>[] = [
  {
    id: 'BR-LD-1/sensitive-data',
    businessRule: 'BR-LD-1',
    description: 'Lambda functions must not process CMS sensitive data.',
    defaultSeverity: 'error',
    schema: { type: 'object', additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: 'Sensitive data must stay on approved platforms.', remediation },
  },
  {
    id: 'BR-LD-3/timeout',
    businessRule: 'BR-LD-3',
    description: 'Functions must set an explicit timeout.',
    defaultSeverity: 'warning',
    schema: { type: 'object', additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: 'Unbounded run time drives cost.', remediation },
  },
  {
    id: 'BR-LD-2/logging',
    businessRule: 'BR-LD-2',
    description: 'Functions must ship logs to the enterprise SIEM.',
    defaultSeverity: 'error',
    schema: { type: 'object', additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: 'Security logging is mandatory.', remediation },
  },
];

export const TEMPLATE = 'stacks/api/template.yaml';
export const BROKEN = 'stacks/broken.json';
export const CLEAN = 'stacks/clean.yaml';

function finding(over: Partial<Finding> & Pick<Finding, 'ruleId' | 'businessRule' | 'severity' | 'message' | 'file' | 'line' | 'column'>): Finding {
  return {
    endLine: over.line,
    endColumn: over.column + 10,
    resource: null,
    resourceType: null,
    flavour: 'sam',
    fingerprint: `${over.ruleId}|${over.file}|${over.resource ?? ''}`,
    ...over,
  };
}

export const FINDINGS: Finding[] = [
  finding({
    ruleId: 'BR-LD-3/timeout',
    businessRule: 'BR-LD-3',
    severity: 'warning',
    message: 'Timeout is 900 s, above the limit: 300 s, 50% over\nsecond line',
    file: TEMPLATE,
    line: 30,
    column: 7,
    endLine: 30,
    endColumn: 19,
    resource: 'OrdersFn',
    resourceType: 'AWS::Serverless::Function',
    fingerprint: 'fp-timeout-orders',
    path: 'Properties.Timeout',
    help: 'Set `Timeout` to at most 300 s in Globals.Function or on OrdersFn.',
  }),
  finding({
    ruleId: 'BR-LD-1/sensitive-data',
    businessRule: 'BR-LD-1',
    severity: 'error',
    message: 'Function is tagged data-class=<PII> & "restricted" | do not use Lambda',
    file: TEMPLATE,
    line: 12,
    column: 5,
    endLine: 14,
    endColumn: 3,
    resource: 'OrdersFn',
    resourceType: 'AWS::Serverless::Function',
    fingerprint: 'fp-sensitive-orders',
    constructPath: 'ApiStack/Orders/Fn',
    help: 'Move the <PII> processing off Lambda, or record the ISSO approval in Metadata.ldlint.exception.',
  }),
  finding({
    ruleId: 'BR-LD-3/timeout',
    businessRule: 'BR-LD-3',
    severity: 'info',
    message: 'Reserved concurrency is 0',
    file: TEMPLATE,
    line: 31,
    column: 7,
    resource: 'OrdersFn',
    resourceType: 'AWS::Serverless::Function',
    fingerprint: 'fp-concurrency-orders',
  }),
  finding({
    ruleId: 'BR-LD-3/timeout',
    businessRule: 'BR-LD-3',
    severity: 'warning',
    message: 'Timeout is not set',
    file: TEMPLATE,
    line: 50,
    column: 3,
    resource: 'ReportFn',
    resourceType: 'AWS::Serverless::Function',
    fingerprint: 'fp-timeout-report',
    suppression: { kind: 'inline', reason: 'Batch job | approved by CISO', expires: '2026-12-31', file: TEMPLATE, line: 49 },
  }),
  finding({
    ruleId: 'ldlint/parse-error',
    businessRule: 'ldlint',
    severity: 'error',
    message: 'Unexpected token } in JSON',
    file: BROKEN,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    resource: null,
    resourceType: null,
    flavour: null,
    fingerprint: 'fp-parse-broken',
  }),
];

export function makeResult(over: Partial<LintResult> = {}): LintResult {
  return {
    findings: FINDINGS.map((f) => ({ ...f })),
    files: [
      { path: TEMPLATE, flavour: 'sam' },
      { path: BROKEN, flavour: null },
      { path: CLEAN, flavour: 'cloudformation' },
    ],
    rules: RULES,
    ...over,
  };
}

/** What a run reports besides findings: counts, functions, the risk register, configs, time. */
export function makeStats(over: Partial<RunStats> = {}): RunStats {
  return {
    templates: 2,
    functions: 3,
    durationMs: 420,
    functionList: [
      { name: 'OrdersFn', file: TEMPLATE, line: 10, flavour: 'sam' },
      { name: 'ReportFn', file: TEMPLATE, line: 45, flavour: 'sam' },
      { name: 'CleanFn', file: CLEAN, line: 4, flavour: 'cloudformation' },
    ],
    risks: [
      { kind: 'inline', id: 'BR-LD-3/timeout', resource: 'ReportFn', reason: 'Batch job | approved by CISO', expires: '2026-12-31', file: TEMPLATE, line: 49, column: 9, status: 'applied', matched: 1 },
      { kind: 'config', id: 'BR-LD-2', resource: null, reason: 'Legacy <logging> stack', expires: '2026-01-31', file: 'ldlint.config.yaml', line: 3, column: 5, status: 'invalid', matched: 0, problem: 'Suppression of BR-LD-2 expired on 2026-01-31; it no longer applies.' },
      { kind: 'exception', id: 'BR-LD-1', resource: 'CleanFn', reason: 'ISSO-42', approvedBy: 'J. Doe (ISSO)', expires: '2027-09-30', file: CLEAN, line: 8, column: 9, status: 'valid' },
    ],
    configs: [{ file: null, rules: [{ id: 'BR-LD-3/timeout', severity: 'warning', options: { maxTimeoutSeconds: 300 } }] }],
    ...over,
  };
}

export function emptyResult(): LintResult {
  return { findings: [], files: [{ path: CLEAN, flavour: 'cloudformation' }], rules: RULES };
}
