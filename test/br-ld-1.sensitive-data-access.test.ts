import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-1/sensitive-data-access';

testRule('BR-LD-1/sensitive-data-access', {
  invalid: {
    'cfn-role-access.yaml': [
      { resource: 'IntakeFunction', line: 43, column: 27, message: /^function IntakeFunction reaches sensitive data store ClaimsTable \(tag DataClassification=PHI\) through its role; it carries no ISSO exception$/, help: /^Remove the access \(IntakeRole\.Policies\[0\] \(claims-read\)\), or record the ISSO approval in `Metadata\.ldlint\.exception`$/ },
      { resource: 'IntakeFunction', line: 53, column: 23, message: /store MemberDocs \(Metadata\.ldlint\.dataClassification=PII\) through its role; it carries no ISSO exception$/, help: /^Remove the access \(AWS::IAM::Policy DocsPolicy\)/ },
      { resource: 'IntakeFunction', line: 66, column: 23, message: /store IntakeQueue \(tag Sensitivity=confidential\) through event source; it carries no ISSO exception$/, help: /^Remove the access \(AWS::Lambda::EventSourceMapping IntakeMapping\)/ },
      { resource: 'Notifier', line: 78, column: 19, message: /^function Notifier \(FunctionName "claims-notifier"\) reaches sensitive data store ClaimsTable .* through environment variable CLAIMS;/ },
    ],
    'cfn-stream.json': [
      { resource: 'Enricher', line: 27, column: 27, message: /store EnrollmentStream \(tag cms:data-classification=PII;CUI\) through event source and environment variable STREAM; its ISSO exception is not valid$/, help: /^Remove the access \(AWS::Lambda::EventSourceMapping EnricherMapping\), or fix the ISSO exception \(it has no approval reference/ },
    ],
    'sam-policy-templates.yaml': [
      { resource: 'Housekeeping', line: 11, column: 24, message: /^function Housekeeping reaches sensitive data store Members .* through environment variable MEMBERS_TABLE; it carries no ISSO exception/ },
      { resource: 'MemberApi', line: 28, column: 11, message: /through its role and environment variable MEMBERS_TABLE; its ISSO exception ISSO-2023-009 expired on 2025-12-31$/ },
    ],
  },
});

describe(ID, () => {
  const nearMiss = readFileSync(new URL('../fixtures/br-ld-1/sensitive-data-access/valid/cfn-near-miss.yaml', import.meta.url), 'utf8');

  it('the near-miss fixture is valid only because of its explicit Deny', () => {
    const withoutDeny = nearMiss.replace(/ {14}- Effect: Deny\n {16}Action: s3:\*\n {16}Resource: .*\n/, '');
    expect(withoutDeny).not.toBe(nearMiss);
    expect(findingsOf(lintText('t.yaml', withoutDeny), ID).map((f) => f.message)).toEqual([
      expect.stringMatching(/^function Worker reaches sensitive data store MemberDocs .* through execution role statement \(WorkerRole\.Policies\[0\] \(near-misses\)\)/),
    ]);
  });

  it('a glob that covers the table name reaches it', () => {
    const glob = nearMiss.replace('table/claims-intake-archive', 'table/claims-in*');
    expect(findingsOf(lintText('t.yaml', glob), ID).map((f) => `${f.line}:${f.column} ${f.message.split(" (")[0]}`)).toEqual(['50:21 function Worker reaches sensitive data store ClaimsTable']);
  });

  it('does not guess through unknown resources: parameters become unverifiable, imports are external', () => {
    const text = `Parameters:
  TableArn:
    Type: String
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      Tags: [{Key: PHI, Value: 'true'}]
  R:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: 'dynamodb:Query', Resource: !Ref TableArn}
              - {Effect: Allow, Action: 'dynamodb:Query', Resource: !ImportValue other-TableArn}
  F:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt R.Arn
`;
    const out = lintText('t.yaml', text);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      `16:69 ${ID}: access to sensitive data store T through execution role statement (R.Policies[0] (p)) cannot be verified: parameter TableArn has no default.`,
    ]);
  });

  it('counts any action of the store service, NotAction, and S3 notifications', () => {
    const text = `Resources:
  Docs:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: Classification, Value: PHI}]
      NotificationConfiguration:
        LambdaConfigurations:
          - {Event: 's3:ObjectCreated:*', Function: !GetAtt Indexer.Arn}
  R:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - {Effect: Allow, NotAction: 'iam:*', Resource: '*'}
  Indexer:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/indexer
  Admin:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt R.Arn
`;
    const out = lintText('t.yaml', text);
    expect(findingsOf(out, ID).map((f) => `${f.resource} ${f.line}:${f.column} ${/through (.*);/.exec(f.message)?.[1]}`)).toEqual([
      'Indexer 8:13 event source (AWS::S3::Bucket Docs)',
      'Admin 16:63 execution role statement (R.Policies[0] (p))',
    ]);
  });
});
