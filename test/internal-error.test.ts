/**
 * Issue 9: a defect in one rule (or in modelling a file) becomes an `ldlint/internal-error` finding
 * naming the rule and the resource, the run exits 2, and every other rule still reports.
 */
import { describe, expect, it } from 'vitest';
import { lintSource } from '../src/lint.js';
import { localReader } from '../src/io/read.js';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import { defineRule, type Rule } from '../src/engine/types.js';
import { exitCode } from '../src/cli/exit.js';
import { rules } from '../rules/index.js';
import { loadServerless } from '../src/model/serverless/index.js';
import { ROOT } from './support/lint.js';
import type { LoadOptions } from '../src/model/load.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  ldlint:
    suppress:
      - { id: ldlint/internal-error, reason: hide the crash }
Resources:
  First:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: x }
      Timeout: 900
  Second:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: x }
      Timeout: 900
`;

const meta = (id: string) => ({
  id,
  businessRule: 'BR-LD-3' as const,
  description: 'a rule that fails, for the test',
  defaultSeverity: 'error' as const,
  schema: { type: 'object', properties: {}, additionalProperties: false },
  defaultOptions: {},
  docs: { rationale: 'test', remediation: { cloudformation: 'x', sam: 'x', serverless: 'x', cdk: 'x' } },
});

/** Reads each function's Timeout and fails on the second function. */
const failsOnSecond: Rule<any> = defineRule({
  meta: meta('test/fails-on-second'),
  check(ctx) {
    for (const fn of ctx.project.functions) {
      fn.get('Timeout');
      if (fn.name === 'Second') throw new TypeError('cannot read properties of undefined (reading "x")');
    }
  },
});

/** Throws something that is not an Error, before touching any resource. */
const throwsString: Rule<any> = defineRule({
  meta: meta('test/throws-string'),
  check() {
    throw 'not an error object';
  },
});

/** Overflows the stack. */
const overflows: Rule<any> = defineRule({
  meta: meta('test/overflows'),
  check(ctx) {
    const down = (n: number): number => down(n + 1) + 1;
    ctx.project.functions[0]!.get('MemorySize');
    down(0);
  },
});

/** Reports, then fails on a later function without reading it. */
const reportsThenFails: Rule<any> = defineRule({
  meta: meta('test/reports-then-fails'),
  check(ctx) {
    const [first] = ctx.project.functions;
    ctx.report({ resource: first!.resource, at: first!.resource.keyLoc, message: 'a finding before the failure' });
    throw new Error('later failure');
  },
});

function lint(extra: Rule<any>[], text = TEMPLATE, file = 'internal/template.yaml', load: Partial<LoadOptions> = {}) {
  return lintSource(
    { path: file, text },
    [...extra, ...rules],
    { rules: new Map(), settings: DEFAULT_SETTINGS, strict: false, today: '2026-06-01' },
    { overrides: new Map(), readLocal: localReader(ROOT, ROOT), serverless: loadServerless, serverlessOptions: { projectRoot: ROOT, cwd: ROOT }, ...load },
    true,
    { knownIds: new Set([...rules.map((r) => r.meta.id), 'ldlint/internal-error']) },
  );
}

describe('a rule that throws', () => {
  it('becomes ldlint/internal-error naming the rule and the resource; the other rules still report; exit 2', () => {
    const baseline = lint([]);
    const out = lint([failsOnSecond]);
    const internal = out.findings.filter((f) => f.ruleId === 'ldlint/internal-error');
    expect(internal).toHaveLength(1);
    const [f] = internal;
    expect(f!.message).toMatch(/^Rule test\/fails-on-second failed on Second: cannot read properties of undefined/);
    expect(f!.resource).toBe('Second');
    expect(f!.severity).toBe('error');
    expect([f!.file, f!.line, f!.column]).toEqual(['internal/template.yaml', 15, 3]);
    // Every finding of the real rules is still there.
    const key = (x: { ruleId: string; line: number; column: number; message: string }) => `${x.ruleId}:${x.line}:${x.column}:${x.message}`;
    const others = out.findings.filter((x) => x.ruleId !== 'ldlint/internal-error').map(key).sort();
    expect(others).toEqual(baseline.findings.map(key).sort());
    expect(others.filter((k) => k.startsWith('RP-LD-1/long-running:'))).toHaveLength(2);
    expect(exitCode(out.findings, 'error')).toBe(2);
    expect(exitCode(out.findings, 'none')).toBe(2);
    expect(exitCode(baseline.findings, 'none')).toBe(0);
  });

  it('cannot be suppressed inline: the suppression is reported invalid and the error stays', () => {
    const out = lint([failsOnSecond]);
    const internal = out.findings.filter((f) => f.ruleId === 'ldlint/internal-error');
    expect(internal.every((f) => f.suppression === undefined)).toBe(true);
    expect(out.findings.some((f) => f.ruleId === 'ldlint/suppression-invalid' && /cannot be suppressed/.test(f.message))).toBe(true);
    expect(exitCode(out.findings, 'error')).toBe(2);
  });

  it('handles values that are not errors, stack overflows and failures after a report, each rule on its own', () => {
    const out = lint([throwsString, overflows, reportsThenFails, failsOnSecond]);
    const messages = out.findings.filter((f) => f.ruleId === 'ldlint/internal-error').map((f) => `${f.resource ?? '-'}|${f.message}`);
    expect(messages).toHaveLength(4);
    expect(messages).toContainEqual(expect.stringMatching(/^-\|Rule test\/throws-string failed: not an error object$/));
    expect(messages).toContainEqual(expect.stringMatching(/^First\|Rule test\/overflows failed on First: Maximum call stack size exceeded/));
    expect(messages).toContainEqual(expect.stringMatching(/^First\|Rule test\/reports-then-fails failed on First: later failure/));
    expect(messages).toContainEqual(expect.stringMatching(/^Second\|Rule test\/fails-on-second failed on Second/));
    // The finding reported before the failure is kept.
    expect(out.findings.some((f) => f.ruleId === 'test/reports-then-fails' && f.message === 'a finding before the failure')).toBe(true);
    expect(out.findings.filter((f) => f.ruleId === 'RP-LD-1/long-running')).toHaveLength(2);
    expect(exitCode(out.findings, 'error')).toBe(2);
  });

  it('a failure while modelling a file is an internal error of that file, located, exit 2', () => {
    const throwing: LoadOptions['serverless'] = () => {
      throw new Error('loader defect');
    };
    const out = lint([], 'service: svc\nprovider: { name: aws }\nfunctions: { a: { handler: h.a } }\n', 'internal/serverless.yml', { serverless: throwing });
    expect(out.findings).toHaveLength(1);
    const [f] = out.findings;
    expect(f!.ruleId).toBe('ldlint/internal-error');
    expect(f!.message).toMatch(/could not model this file: loader defect/);
    expect([f!.file, f!.line, f!.column]).toEqual(['internal/serverless.yml', 1, 1]);
    expect(exitCode(out.findings, 'none')).toBe(2);
  });
});
