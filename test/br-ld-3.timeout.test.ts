import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

testRule('BR-LD-3/timeout', {
  invalid: {
    'cfn-missing.yaml': [
      { resource: 'NoTimeout', line: 3, column: 3, message: /^function NoTimeout \(FunctionName "claims-intake"\) does not set `Timeout`, so the default of 3 s applies$/, help: /^Set `Timeout: <seconds>` \(at most 900\) on the `AWS::Lambda::Function`$/ },
      { resource: 'TooLong', line: 18, column: 16, message: /`Timeout` 1200, which is invalid/ },
    ],
    'cfn-json-over-max.json': {
      options: { rules: { 'BR-LD-3/timeout': { severity: 'error', options: { maxTimeoutSeconds: 60 } } } },
      findings: [{ resource: 'Worker', line: 10, column: 20, message: /`Timeout` 300 s, above the maximum of 60 s$/, help: /^Lower it to `"Timeout": 60` or less/ }],
    },
    'sam-conditional.yaml': [
      { resource: 'Api', line: 17, column: 33, message: /`Timeout` 0 when condition IsProd is false, which is invalid/ },
      { resource: 'Batch', line: 18, column: 3, message: /does not set `Timeout`/, help: /or as `Globals\.Function\.Timeout` for all functions$/ },
    ],
  },
});

it('reports an unverifiable Timeout instead of guessing', () => {
  const out = lintText('t.yaml', `Parameters:\n  T:\n    Type: Number\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: !Ref T\n`);
  expect(findingsOf(out, 'BR-LD-3/timeout')).toEqual([]);
  const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('BR-LD-3/timeout'));
  expect(u.map((f) => [f.line, f.column, f.severity, f.message])).toEqual([[8, 16, 'info', 'BR-LD-3/timeout: `Timeout` cannot be verified: parameter T has no default.']]);
});
