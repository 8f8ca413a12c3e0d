import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-3/reserved-concurrency';
const max = (n: number) => ({ rules: { [ID]: { severity: 'error' as const, options: { maxReservedConcurrency: n } } } });

testRule('BR-LD-3/reserved-concurrency', {
  valid: { 'cfn-at-max.json': max(100) },
  invalid: {
    'cfn-missing.yaml': [
      { resource: 'ClaimsIntake', line: 8, column: 3, severity: 'error', message: /^function ClaimsIntake \(FunctionName "claims-intake"\) does not set `ReservedConcurrentExecutions`, so only the account's limit caps its concurrency and cost$/, help: /^Set `ReservedConcurrentExecutions: <n>`, the most parallel executions the budget allows, on the `AWS::Lambda::Function`$/ },
      { resource: 'LegacyExport', line: 24, column: 37, severity: 'info', message: /^function LegacyExport has `ReservedConcurrentExecutions` 0, so every invocation is throttled and the function is disabled$/ },
      { resource: 'Reports', line: 33, column: 7, severity: 'error', message: /^function Reports does not set `ReservedConcurrentExecutions` when condition IsProd is false,/ },
      { resource: 'Typo', line: 42, column: 37, severity: 'error', message: /^function Typo has `ReservedConcurrentExecutions` "ten", not a whole number/ },
    ],
    'cfn-over-max.json': {
      options: max(100),
      findings: [{ resource: 'Ingest', line: 10, column: 41, severity: 'error', message: /^function Ingest has `ReservedConcurrentExecutions` 200, above the maximum of 100$/, help: /^Lower it to `"ReservedConcurrentExecutions": 100` or less$/ }],
    },
    'sam-globals-override.yaml': [
      { resource: 'Backfill', line: 19, column: 37, severity: 'info', message: /function Backfill has `ReservedConcurrentExecutions` 0, so every invocation is throttled/ },
      { resource: 'Unlimited', line: 20, column: 3, severity: 'error', message: /function Unlimited does not set `ReservedConcurrentExecutions`/ },
    ],
    'sam-missing.yaml': [{ resource: 'Thumbnailer', line: 8, column: 3, severity: 'error', message: /function Thumbnailer does not set `ReservedConcurrentExecutions`/ }],
  },
});

const fn = (props: string) => `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n${props}`;

it('reports an unverifiable value instead of guessing', () => {
  const out = lintText('t.yaml', `Parameters:\n  C:\n    Type: Number\n${fn('      ReservedConcurrentExecutions: !Ref C\n')}`);
  expect(findingsOf(out, ID)).toEqual([]);
  const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID));
  expect(u.map((f) => [f.resource, f.line, f.column, f.message])).toEqual([['F', 9, 37, `${ID}: \`ReservedConcurrentExecutions\` cannot be verified: parameter C has no default.`]]);
});

it('uses a parameter override and the maximum in the message', () => {
  const text = `Parameters:\n  C:\n    Type: Number\n    Default: 5\n${fn('      ReservedConcurrentExecutions: !Ref C\n')}`;
  expect(findingsOf(lintText('t.yaml', text, max(10)), ID)).toEqual([]);
  const out = lintText('t.yaml', text, { ...max(10), parameters: { C: '11' } });
  expect(findingsOf(out, ID).map((f) => [f.line, f.column, f.message])).toEqual([[10, 37, 'function F has `ReservedConcurrentExecutions` 11, above the maximum of 10']]);
  const missing = lintText('t.yaml', fn(''), max(10));
  expect(findingsOf(missing, ID)[0]!.help).toMatch(/^Set `ReservedConcurrentExecutions: <n>` \(at most 10\), /);
});

it('reports negative and fractional values as invalid and 0 as info even when the rule is a warning', () => {
  const out = lintText('t.yaml', `${fn('      ReservedConcurrentExecutions: -1\n')}  G:\n    Type: AWS::Lambda::Function\n    Properties:\n      ReservedConcurrentExecutions: '0'\n`, { rules: { [ID]: 'warning' } });
  expect(findingsOf(out, ID).map((f) => [f.resource, f.severity, f.message])).toEqual([
    ['F', 'warning', 'function F has `ReservedConcurrentExecutions` -1, which is invalid: it must be a whole number, 0 or more'],
    ['G', 'info', expect.stringMatching(/^function G has `ReservedConcurrentExecutions` 0, so every invocation is throttled/)],
  ]);
});

it('gives distinct fingerprints to findings on distinct functions', () => {
  const out = lintText('t.yaml', `${fn('')}  G:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n`);
  const got = findingsOf(out, ID);
  expect(got.map((f) => f.path)).toEqual(['ReservedConcurrentExecutions', 'ReservedConcurrentExecutions']);
  expect(new Set(got.map((f) => f.fingerprint)).size).toBe(2);
});
