import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-3/memory';
const max = (n: number) => ({ rules: { [ID]: { severity: 'warning' as const, options: { maxMemoryMb: n } } } });

testRule('BR-LD-3/memory', {
  valid: { 'cfn-at-max.json': max(2048) },
  invalid: {
    'cfn-missing.yaml': [
      { resource: 'Intake', line: 3, column: 3, severity: 'warning', message: /^function Intake \(FunctionName "claims-intake"\) does not set `MemorySize`, so the default of 128 MB applies$/, help: /^Set `MemorySize: <MB>` \(128 to 10240\) on the `AWS::Lambda::Function`$/ },
      { resource: 'Tiny', line: 19, column: 19, message: /^function Tiny has `MemorySize` 64, which is invalid: Lambda accepts whole MB from 128 to 10240$/ },
      { resource: 'Huge', line: 28, column: 19, message: /^function Huge has `MemorySize` 16384, which is invalid/ },
      { resource: 'Words', line: 37, column: 19, message: /^function Words has `MemorySize` "1GB", not a number of MB from 128 to 10240$/ },
    ],
    'cfn-over-max.json': {
      options: max(2048),
      findings: [{ resource: 'Renderer', line: 10, column: 23, message: /^function Renderer has `MemorySize` 3008 MB, above the maximum of 2048 MB$/, help: /^Lower it to `"MemorySize": 2048` or less$/ }],
    },
    'sam-conditional.yaml': [
      { resource: 'Api', line: 18, column: 38, message: /^function Api has `MemorySize` 100 when condition IsProd is false, which is invalid/ },
      { resource: 'Batch', line: 19, column: 3, message: /^function Batch does not set `MemorySize`/, help: /or as `Globals\.Function\.MemorySize` for all functions$/ },
    ],
    'sam-globals-over-max.yaml': {
      options: max(2048),
      findings: [{ resource: 'Orders', line: 7, column: 17, message: /^function Orders has `MemorySize` 3008 MB, above the maximum of 2048 MB/ }],
    },
  },
});

it('reports an unverifiable MemorySize instead of guessing', () => {
  const out = lintText('t.yaml', `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: !ImportValue shared-memory\n`);
  expect(findingsOf(out, ID)).toEqual([]);
  const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID));
  expect(u.map((f) => [f.resource, f.line, f.column, f.message])).toEqual([['F', 5, 19, `${ID}: \`MemorySize\` cannot be verified: Fn::ImportValue from another stack.`]]);
});

it('rejects fractional sizes', () => {
  const out = lintText('t.yaml', `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 512.5\n`);
  expect(findingsOf(out, ID).map((f) => f.message)).toEqual(['function F has `MemorySize` 512.5, which is invalid: Lambda accepts whole MB from 128 to 10240']);
});
