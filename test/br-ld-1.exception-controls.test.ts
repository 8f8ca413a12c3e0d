import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-1/exception-controls';

testRule('BR-LD-1/exception-controls', {
  invalid: {
    'cfn-missing-controls.yaml': [
      { resource: 'ClaimsProcessor', line: 4, column: 3, message: /^function ClaimsProcessor \(FunctionName "claims-processor"\) \(sensitive, ISSO exception ISSO-2025-003\) does not set `KmsKeyArn`, so the AWS managed key encrypts its environment$/, help: /^Set `KmsKeyArn` to a customer-managed KMS key on the `AWS::Lambda::Function`$/ },
      { resource: 'ClaimsProcessor', line: 4, column: 3, message: /ISSO-2025-003\) is not attached to a VPC \(no `VpcConfig\.SubnetIds`\)$/, help: /^Set `VpcConfig` with subnets and security groups/ },
      { resource: 'ClaimsProcessor', line: 4, column: 3, message: /ISSO-2025-003\) writes to log group "\/aws\/lambda\/claims-processor", unmanaged and unencrypted$/, help: /^Declare the log group as `AWS::Logs::LogGroup` with `KmsKeyId`/ },
      { resource: 'Adjudicator', line: 31, column: 18, message: /has `KmsKeyArn` "arn:aws:kms:us-east-1:123456789012:alias\/aws\/lambda", an AWS managed key$/ },
      { resource: 'Adjudicator', line: 33, column: 9, message: /is not attached to a VPC \(`VpcConfig\.SubnetIds` is empty\)/ },
      { resource: 'Adjudicator', line: 37, column: 3, message: /writes to log group AdjudicatorLogs, which does not set `KmsKeyId`$/, help: /^Set `KmsKeyId` to a customer-managed KMS key on the `AWS::Logs::LogGroup`$/ },
    ],
    'cfn-unmanaged-log-group.json': [
      { resource: 'Indexer', line: 22, column: 40, message: /^function Indexer \(sensitive, ISSO exception ISSO-2025-044\) writes to log group "\/cms\/shared\/lambda", unmanaged/ },
    ],
    'sam-globals.yaml': [
      // `KmsKeyArn: !Ref AWS::NoValue` overrides the Globals key
      { resource: 'Export', line: 38, column: 7, message: /^function Export \(sensitive, ISSO exception ISSO-2025-101\) does not set `KmsKeyArn`/, help: /or as `Globals\.Function\.KmsKeyArn` for all functions$/ },
      { resource: 'Report', line: 44, column: 3, message: /writes to log group "\/aws\/lambda\/\$\{Report\}", unmanaged/ },
    ],
  },
});

const fn = (props: string) => `Parameters:
  Key:
    Type: String
Conditions:
  Hardened: !Equals [!Ref Key, hardened]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      ldlint:
        dataClassification: PII
        exception: {reference: ISSO-1}
    Properties:
      Role: arn:aws:iam::123456789012:role/r
${props}`;

describe(ID, () => {
  it('checks only the configured controls', () => {
    const out = lintText('t.yaml', fn(''), { rules: { [ID]: { severity: 'error', options: { requiredControls: ['vpc'] } } } });
    expect(findingsOf(out, ID).map((f) => f.path)).toEqual(['VpcConfig.SubnetIds']);
  });

  it('reports unknown controls as unverifiable and conditional ones with their condition', () => {
    const out = lintText('t.yaml', fn('      KmsKeyArn: !Ref Key\n      VpcConfig:\n        SubnetIds: !If [Hardened, [subnet-1], !Ref AWS::NoValue]\n'), { rules: { [ID]: { severity: 'error', options: { requiredControls: ['kmsKey', 'vpc'] } } } });
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      '17:9 function Fn (sensitive, ISSO exception ISSO-1) is not attached to a VPC when condition Hardened is false (no `VpcConfig.SubnetIds`)',
    ]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message)).toEqual([
      `${ID}: \`KmsKeyArn\` cannot be verified: parameter Key has no default.`,
    ]);
  });

  it('ignores functions without a valid exception (sensitive-data-classification reports them)', () => {
    const text = fn('').replace('exception: {reference: ISSO-1}', "exception: {reference: ISSO-1, expires: '2020-01-01'}");
    expect(findingsOf(lintText('t.yaml', text), ID)).toEqual([]);
  });
});
