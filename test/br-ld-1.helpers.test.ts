import { describe, expect, it } from 'vitest';
import { lintText } from './support/lint.js';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import { actionMatches, arnTargetForFunction, arnTargetForStore, grants, matchResource, resourceMatches, statementAllows } from '../src/engine/iam-match.js';
import { classification, exceptionOf, isSensitiveFunction, sensitiveAccesses, storeClassification } from '../src/engine/sensitivity.js';
import type { Value } from '../src/model/value.js';

const loc = { file: undefined as never, start: 0, end: 0 };
const lit = (value: string): Value => ({ kind: 'lit', value, loc });

function project(text: string, parameters?: Record<string, string>) {
  const out = lintText('t.yaml', text, { parameters });
  if (!out.project) throw new Error('no project');
  return out.project;
}

describe('actionMatches', () => {
  it('globs case-insensitively', () => {
    expect(actionMatches('s3:Get*', 's3:GetObject')).toBe(true);
    expect(actionMatches('S3:getobject', 's3:GetObject')).toBe(true);
    expect(actionMatches('*', 'dynamodb:PutItem')).toBe(true);
    expect(actionMatches('dynamodb:*', 'dynamodb:PutItem')).toBe(true);
    expect(actionMatches('dynamodb:Get?tem', 'dynamodb:GetItem')).toBe(true);
    expect(actionMatches('dynamodb:Get*', 'dynamodb:PutItem')).toBe(false);
    expect(actionMatches('s3:*', 's3x:GetObject')).toBe(false);
    expect(actionMatches('lambda:Invoke.*', 'lambda:InvokeFunction')).toBe(false);
  });
});

const TEMPLATE = `
Parameters:
  TableParam:
    Type: String
Resources:
  Claims:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: claims-intake
      Tags:
        - Key: DataClassification
          Value: Internal,PHI
  Audit:
    Type: AWS::DynamoDB::Table
    Properties:
      Tags:
        - Key: DataClassification
          Value: Non-Sensitive
  Docs:
    Type: AWS::S3::Bucket
    Metadata:
      ldlint:
        dataClassification: PII
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: dynamodb:Get*
                Resource: arn:aws:dynamodb:*:*:table/claims-*
              - Effect: Deny
                Action: s3:*
                Resource: !Sub '\${Docs.Arn}/*'
              - Effect: Allow
                Action: [s3:GetObject]
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Docs}-archive/*'
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !Ref TableParam
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      ldlint:
        exception: {reference: ISSO-1, expires: '2026-01-01'}
    Properties:
      FunctionName: intake
      Role: !GetAtt Role.Arn
      Tags:
        - Key: Sensitivity
          Value: restricted
      Environment:
        Variables:
          BUCKET: !Ref Docs
`;

describe('resource matching', () => {
  it('matches refs, Sub pieces, literal names, globs and pseudo parameters', () => {
    const p = project(TEMPLATE);
    const claims = arnTargetForStore(p.dataStores.find((s) => s.resource.logicalId === 'Claims')!);
    const docs = arnTargetForStore(p.dataStores.find((s) => s.resource.logicalId === 'Docs')!);
    const audit = arnTargetForStore(p.dataStores.find((s) => s.resource.logicalId === 'Audit')!);
    expect(resourceMatches(lit('*'), claims)).toBe(true);
    expect(resourceMatches(lit('claims-intake'), claims)).toBe(true);
    expect(resourceMatches(lit('arn:aws:dynamodb:us-east-1:123456789012:table/claims-intake'), claims)).toBe(true);
    expect(resourceMatches(lit('arn:aws:dynamodb:us-east-1:123456789012:table/claims-intake/index/*'), claims)).toBe(true);
    expect(resourceMatches(lit('arn:aws:dynamodb:*:*:table/claims-*'), claims)).toBe(true);
    expect(resourceMatches(lit('arn:aws:dynamodb:*:*:table/claims'), claims)).toBe(false);
    expect(resourceMatches(lit('arn:aws:dynamodb:*:*:table/claims-intake-old'), claims)).toBe(false);
    expect(resourceMatches(lit('arn:aws:s3:::claims-intake'), claims)).toBe(false);
    // generated names: only wildcards reach them
    expect(resourceMatches(lit('arn:aws:dynamodb:*:*:table/*'), audit)).toBe(true);
    expect(resourceMatches(lit('arn:aws:dynamodb:*:*:table/claims-*'), audit)).toBe(false);
    expect(resourceMatches({ kind: 'ref', target: 'Docs', attr: 'Arn', loc }, docs)).toBe(true);
    expect(resourceMatches({ kind: 'ref', target: 'Claims', loc }, docs)).toBe(false);
    expect(resourceMatches({ kind: 'template', parts: [{ kind: 'ref', target: 'Docs', attr: 'Arn', loc }, '/*'], loc }, docs)).toBe(true);
    expect(resourceMatches({ kind: 'template', parts: ['arn:aws:s3:::', { kind: 'ref', target: 'Docs', loc }, '-archive/*'], loc }, docs)).toBe(false);
    expect(resourceMatches({ kind: 'template', parts: ['arn:', { kind: 'pseudo', name: 'AWS::Partition', loc }, ':dynamodb:', { kind: 'pseudo', name: 'AWS::Region', loc }, ':', { kind: 'pseudo', name: 'AWS::AccountId', loc }, ':table/claims-intake'], loc }, claims)).toBe(true);
    expect(matchResource({ kind: 'unknown', source: 'parameter', reason: 'x', loc }, claims)).toBe('unknown');
    expect(resourceMatches({ kind: 'unknown', source: 'parameter', reason: 'x', loc }, claims)).toBe(false);
    expect(matchResource({ kind: 'template', parts: ['arn:aws:s3:::', { kind: 'unknown', source: 'parameter', reason: 'x', loc }], loc }, claims)).toBe('no');
  });

  it('function targets: name, qualified ARN, Ref', () => {
    const p = project(TEMPLATE);
    const t = arnTargetForFunction(p.functions[0]!);
    expect(resourceMatches(lit('arn:aws:lambda:us-east-1:1:function:intake'), t)).toBe(true);
    expect(resourceMatches(lit('arn:aws:lambda:us-east-1:1:function:intake:live'), t)).toBe(true);
    expect(resourceMatches(lit('arn:aws:lambda:us-east-1:1:function:intake2'), t)).toBe(false);
    expect(resourceMatches(lit('arn:*:lambda:*:*:function:*'), t)).toBe(true);
    expect(resourceMatches(lit('intake'), t)).toBe(true);
    expect(resourceMatches({ kind: 'ref', target: 'Fn', attr: 'Arn', loc }, t)).toBe(true);
  });

  it('grants honours explicit Deny; statementAllows honours NotAction', () => {
    const p = project(TEMPLATE);
    const fn = p.functions[0]!;
    const docs = arnTargetForStore(p.dataStores.find((s) => s.resource.logicalId === 'Docs')!);
    const claims = arnTargetForStore(p.dataStores.find((s) => s.resource.logicalId === 'Claims')!);
    expect(grants(fn.role!, 'dynamodb:GetItem', claims)).toBeDefined();
    expect(grants(fn.role!, 'dynamodb:PutItem', claims)).toBeUndefined();
    expect(grants(fn.role!, 's3:GetObject', docs)).toBeUndefined();
    const st = { effect: 'Allow' as const, actions: [lit('iam:*')], notActions: true, resources: [lit('*')], notResources: false, loc, origin: 'x' };
    expect(statementAllows(st, 's3:GetObject')).toBe(true);
    expect(statementAllows(st, 'iam:PassRole')).toBe(false);
  });
});

describe('sensitivity', () => {
  it('classifies functions and stores', () => {
    const p = project(TEMPLATE);
    const fn = p.functions[0]!;
    const c = classification(fn, DEFAULT_SETTINGS);
    expect(c.sensitive).toBe(true);
    expect(c.via?.key).toBe('Sensitivity');
    const byId = (id: string) => storeClassification(p.dataStores.find((s) => s.resource.logicalId === id)!, DEFAULT_SETTINGS);
    expect(byId('Claims').sensitive).toBe(true);
    expect(byId('Audit').sensitive).toBe(false);
    expect(byId('Docs').via?.key).toBe('Metadata.ldlint.dataClassification');
  });

  it('finds accesses through role statements and environment, never through a Deny or a lookalike', () => {
    const p = project(TEMPLATE);
    const fn = p.functions[0]!;
    const acc = sensitiveAccesses(fn, p, DEFAULT_SETTINGS).map((a) => `${a.store.resource.logicalId}: ${a.path}`);
    expect(acc).toEqual(['Claims: execution role statement (Role.Policies[0] (p))', 'Docs: environment variable BUCKET']);
    expect(isSensitiveFunction(fn, { project: p, settings: DEFAULT_SETTINGS })).toBe(true);
  });

  it('reads exceptions with expiry', () => {
    const p = project(TEMPLATE);
    const fn = p.functions[0]!;
    expect(exceptionOf(fn, DEFAULT_SETTINGS, '2025-12-31')).toMatchObject({ state: 'valid', reference: 'ISSO-1' });
    expect(exceptionOf(fn, DEFAULT_SETTINGS, '2026-01-01')).toMatchObject({ state: 'valid' });
    expect(exceptionOf(fn, DEFAULT_SETTINGS, '2026-01-02')).toMatchObject({ state: 'expired', expires: '2026-01-01' });
  });
});
