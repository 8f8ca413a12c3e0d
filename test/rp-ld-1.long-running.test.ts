import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

testRule('RP-LD-1/long-running', {
  invalid: {
    'cfn-long.yaml': [
      { resource: 'NightlyExport', line: 21, column: 16, severity: 'warning', message: /^function NightlyExport \(FunctionName "claims-nightly-export"\) has `Timeout` 600 s, at or above the long-running threshold of 600 s$/, help: /^Split the work into shorter steps \(Step Functions, a queue\) with `Timeout` under 600 s/ },
      { resource: 'Reindex', line: 29, column: 16, message: /^function Reindex has `Timeout` 900 s, at or above the long-running threshold of 600 s/ },
      { resource: 'Enrollment', line: 40, column: 27, message: /^function Enrollment has `DurableConfig\.ExecutionTimeout` 86400 s, longer than the 900 s one invocation may run$/ },
    ],
    'cfn-long.json': {
      options: { rules: { 'RP-LD-1/long-running': { severity: 'warning', options: { longRunningSeconds: 300 } } } },
      findings: [{ resource: 'Reconcile', line: 10, column: 20, message: /`Timeout` 300 s, at or above the long-running threshold of 300 s/ }],
    },
    'sam-globals.yaml': [{ resource: 'Ingest', line: 6, column: 14, message: /^function Ingest has `Timeout` 900 s/ }],
  },
});

const tpl = (props: string) => `Parameters:
  T:
    Type: Number
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
${props}`;

const unverifiable = (out: ReturnType<typeof lintText>) =>
  out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('RP-LD-1/long-running')).map((f) => [f.line, f.column, f.message]);

it('reports unknown timeouts as unverifiable instead of guessing', () => {
  const out = lintText('t.yaml', tpl('      Timeout: !Ref T\n      DurableConfig:\n        ExecutionTimeout: !ImportValue shared-timeout\n'));
  expect(findingsOf(out, 'RP-LD-1/long-running')).toEqual([]);
  expect(unverifiable(out)).toEqual([
    [13, 16, 'RP-LD-1/long-running: `Timeout` cannot be verified: parameter T has no default.'],
    [15, 27, 'RP-LD-1/long-running: `DurableConfig.ExecutionTimeout` cannot be verified: Fn::ImportValue from another stack.'],
  ]);
});

it('checks each branch of a condition it cannot decide', () => {
  const out = lintText('t.yaml', tpl('      Timeout: !If [IsProd, 60, 720]\n'));
  expect(findingsOf(out, 'RP-LD-1/long-running').map((f) => [f.line, f.column, f.message.split(':')[0]])).toEqual([
    [13, 33, 'function F has `Timeout` 720 s when condition IsProd is false, at or above the long-running threshold of 600 s'],
  ]);
});

it('uses the parameter default and the given overrides', () => {
  const text = tpl('      Timeout: !Ref T\n').replace('Type: Number\n', 'Type: Number\n    Default: 60\n');
  expect(findingsOf(lintText('t.yaml', text), 'RP-LD-1/long-running')).toEqual([]);
  expect(findingsOf(lintText('t.yaml', text, { parameters: { T: '900' } }), 'RP-LD-1/long-running').map((f) => f.path)).toEqual(['Timeout']);
});

it('does not count an absent Timeout or a durable execution of at most 900 s', () => {
  const out = lintText('t.yaml', tpl('      DurableConfig: {ExecutionTimeout: 900}\n'));
  expect(findingsOf(out, 'RP-LD-1/long-running')).toEqual([]);
  expect(unverifiable(out)).toEqual([]);
});
