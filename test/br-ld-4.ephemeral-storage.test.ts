import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-4/ephemeral-storage';
const max = (n: number) => ({ rules: { [ID]: { severity: 'warning' as const, options: { maxEphemeralStorageMb: n } } } });

testRule('BR-LD-4/ephemeral-storage', {
  valid: { 'cfn-within-max.json': max(2048) },
  invalid: {
    'cfn-large.yaml': [
      {
        resource: 'MediaTranscoder', line: 11, column: 15, severity: 'warning',
        message: /^function MediaTranscoder \(FunctionName "media-transcoder"\) has `EphemeralStorage\.Size` 10240 MB, above the maximum of 512 MB, which invites keeping data in volatile \/tmp$/,
        help: /^Lower it to `EphemeralStorage: {Size: 512}` and keep persistent data in S3, DynamoDB or EFS, or record the reason in a suppression$/,
      },
      { resource: 'Archiver', line: 21, column: 15, message: /^function Archiver has `EphemeralStorage\.Size` 256, which is invalid: Lambda accepts whole MB from 512 to 10240$/ },
    ],
    'cfn-quoted.json': [{ resource: 'ReportBuilder', line: 10, column: 39, message: /^function ReportBuilder has `EphemeralStorage\.Size` 2048 MB, above the maximum of 512 MB/ }],
    'sam-globals.yaml': [
      { resource: 'Ingest', line: 12, column: 13, message: /^function Ingest has `EphemeralStorage\.Size` 4096 MB, above/ },
      { resource: 'Export', line: 25, column: 33, message: /^function Export has `EphemeralStorage\.Size` 1024 MB when condition IsProd is false, above the maximum of 512 MB/ },
    ],
  },
});

const withSize = (size: string) => `Parameters:\n  S:\n    Type: Number\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      EphemeralStorage:\n        Size: ${size}\n`;

it('reports an unverifiable size instead of guessing', () => {
  const out = lintText('t.yaml', withSize('!Ref S'));
  expect(findingsOf(out, ID)).toEqual([]);
  const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID));
  expect(u.map((f) => [f.line, f.column, f.message])).toEqual([[9, 15, `${ID}: \`EphemeralStorage.Size\` cannot be verified: parameter S has no default.`]]);
});

it('reports a value that is not a number, and follows parameter overrides', () => {
  expect(findingsOf(lintText('t.yaml', withSize('large')), ID).map((f) => f.message)).toEqual(['function F has `EphemeralStorage.Size` "large", not a number of MB from 512 to 10240']);
  expect(findingsOf(lintText('t.yaml', withSize('!Ref S'), { parameters: { S: '1024' } }), ID).map((f) => [f.line, f.column])).toEqual([[9, 15]]);
});
