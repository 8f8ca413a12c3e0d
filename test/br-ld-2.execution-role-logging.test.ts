import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-2/execution-role-logging';

testRule('BR-LD-2/execution-role-logging', {
  invalid: {
    'cfn-missing-actions.yaml': [
      { resource: 'Intake', line: 10, column: 13, message: /^function Intake: its role IntakeRole does not allow logs:CreateLogStream or logs:PutLogEvents on its implicit log group "\/aws\/lambda\/claims-intake", so it writes no logs$/, help: /^Attach AWSLambdaBasicExecutionRole \(`ManagedPolicyArns`\), or allow logs:CreateLogStream and logs:PutLogEvents on `arn:\$\{AWS::Partition\}:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:\/aws\/lambda\/claims-intake:\*` in `Policies`$/ },
      // PutLogEvents is allowed on another function's group only.
      { resource: 'Batch', line: 37, column: 13, message: /its role BatchRole does not allow logs:PutLogEvents on/ },
      // `log-group:NAME` without `:*` does not cover the group's log streams.
      { resource: 'Reports', line: 64, column: 13, message: /its role ReportsRole does not allow logs:CreateLogStream or logs:PutLogEvents/ },
      // AWSLambdaBasicExecutionRole is attached, but a Deny of logs:* wins: reported at the statement.
      { resource: 'Audit', line: 104, column: 17, message: /^function Audit: its role AuditRole denies logs:CreateLogStream and logs:PutLogEvents on its implicit log group "\/aws\/lambda\/\$\{Audit\}", so it writes no logs$/, help: /^Remove the Deny \(in AuditRole\.Policies\[0\] \(quiet\)\), or narrow it/ },
    ],
    'cfn-attached-policy.json': [
      // An AWS::IAM::Policy attached to the role allows logs:Put* only.
      { resource: 'Eligibility', line: 10, column: 17, message: /its role EligibilityRole does not allow logs:CreateLogStream on/ },
      // A customer policy named like the AWS managed one does not count.
      { resource: 'Appeals', line: 37, column: 17, message: /its role AppealsRole does not allow logs:CreateLogStream or logs:PutLogEvents/ },
    ],
    'sam-globals.yaml': [
      // Globals.Function.Role is a role without log permissions: both functions that inherit it, at the Globals value.
      { resource: 'Intake', line: 7, column: 11, message: /^function Intake: its role SharedRole does not allow/ },
      { resource: 'Appeals', line: 7, column: 11, message: /^function Appeals: its role SharedRole does not allow/ },
    ],
  },
});

describe('BR-LD-2/execution-role-logging unknown values', () => {
  const fn = (role: string) => `  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: f\n      Runtime: python3.12\n      Handler: a.b\n      Role: ${role}\n      Code: {ZipFile: x}\n`;
  const unverifiable = (out: ReturnType<typeof lintText>) => out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => `${f.line}:${f.column} ${f.message}`);

  it('treats a role from outside the project as an unknown value', () => {
    const out = lintText('t.yaml', `Resources:\n${fn('arn:aws:iam::123456789012:role/shared')}`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(['8:13 BR-LD-2/execution-role-logging: execution role cannot be verified: the execution role "arn:aws:iam::123456789012:role/shared" is defined outside the project.']);
  });

  it('checks the role of each branch of an Fn::If', () => {
    const role = (id: string, policy: string) => `  ${id}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      ManagedPolicyArns: [${policy}]\n`;
    const out = lintText(
      't.yaml',
      `Parameters:\n  Env: {Type: String}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n${fn('!If [IsProd, !GetAtt ProdRole.Arn, !GetAtt DevRole.Arn]')}${role('ProdRole', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')}${role('DevRole', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')}`,
    );
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.path}`)).toEqual(['12:48 Role when condition IsProd is false']);
    expect(findingsOf(out, ID)[0]!.message).toMatch(/^function F: its role DevRole when condition IsProd is false does not allow logs:CreateLogStream or logs:PutLogEvents/);
    expect(unverifiable(out)).toEqual([]);
  });

  it('treats a role parameter or import as unknown', () => {
    const out = lintText('t.yaml', `Parameters:\n  RoleArn: {Type: String}\nResources:\n${fn('!Ref RoleArn')}`);
    expect(unverifiable(out)).toEqual(['10:13 BR-LD-2/execution-role-logging: execution role cannot be verified: parameter RoleArn has no default.']);
    const imp = lintText('t.yaml', `Resources:\n${fn('!ImportValue shared-role-arn')}`);
    expect(unverifiable(imp)).toEqual(['8:13 BR-LD-2/execution-role-logging: execution role cannot be verified: Fn::ImportValue from another stack.']);
  });

  it('reports a statement whose resource is unknown as unverifiable when nothing else grants', () => {
    const out = lintText('t.yaml', `Parameters:\n  LogArn: {Type: String}\nResources:\n${fn('!GetAtt R.Arn')}  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      Policies:\n        - PolicyName: logs\n          PolicyDocument:\n            Statement:\n              - {Effect: Allow, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: !Ref LogArn}\n`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(['20:98 BR-LD-2/execution-role-logging: log permissions of execution role R cannot be verified: parameter LogArn has no default.']);
  });

  it('accepts a managed policy written with a GovCloud partition and the SAM implicit role', () => {
    const out = lintText('t.yaml', `Transform: AWS::Serverless-2016-10-31\nResources:\n  S:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: s/}\n${fn('!GetAtt R.Arn')}  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      ManagedPolicyArns: [arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]\n`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual([]);
  });

  it('accepts the durable-functions basic policy and the legacy AWSLambdaExecute, not a managed policy that grants other things', () => {
    const role = (arn: string) => `Resources:\n${fn('!GetAtt R.Arn')}  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      ManagedPolicyArns: [${arn}]\n`;
    expect(findingsOf(lintText('t.yaml', role('"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"')), ID)).toEqual([]);
    expect(findingsOf(lintText('t.yaml', role('"arn:aws:iam::aws:policy/AWSLambdaExecute"')), ID)).toEqual([]);
    expect(findingsOf(lintText('t.yaml', role('"arn:aws:iam::aws:policy/service-role/AWSLambdaRole"')), ID)).toHaveLength(1);
  });
});
