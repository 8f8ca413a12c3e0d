import { describe, expect, it } from 'vitest';
import { parseText, toRange, type SMap } from '../src/parse/index.js';
import { buildTemplate } from '../src/model/template.js';
import { buildProject } from '../src/model/project.js';
import { inspectProject, plainValue } from '../src/inspect.js';
import { show, variants } from '../src/model/value.js';
import { parseParametersFile } from '../src/parameters.js';

function project(text: string, overrides: Record<string, string> = {}, file = 't.yaml') {
  const r = parseText(file, text);
  if (!r.root) throw new Error(r.error?.message);
  const sam = /AWS::Serverless-2016-10-31/.test(text);
  return buildProject([buildTemplate(r.root.loc.file, r.root as SMap, sam ? 'sam' : 'cloudformation', new Map(Object.entries(overrides)))]);
}
const fnProps = (text: string, overrides: Record<string, string> = {}) =>
  Object.fromEntries((inspectProject(project(text, overrides)).functions as { name: string; properties: Record<string, unknown> }[]).map((f) => [f.name, f.properties]));

describe('parameters, pseudo parameters, mappings and conditions', () => {
  const text = `
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Mem: {Type: Number, Default: '512'}
  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
Mappings:
  Sizes: {prod: {Timeout: 60}, dev: {Timeout: 10}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  InUsEast: !Equals [!Ref 'AWS::Region', us-east-1]
  ProdEast: !And [!Condition IsProd, !Condition InUsEast]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Mem
      Timeout: !FindInMap [Sizes, !Ref Env, Timeout]
      ReservedConcurrentExecutions: !If [IsProd, 100, 5]
      KmsKeyArn: !If [InUsEast, arn:aws:kms:us-east-1:1:key/a, !Ref 'AWS::NoValue']
      Description: !Sub '\${AWS::StackName}-\${Env}'
      VpcConfig: {SubnetIds: !Ref Subnets}
      Environment: {Variables: {PASS: !Ref Secret, T: !Ref Table}}
  Table: {Type: AWS::DynamoDB::Table}
`;
  it('uses defaults, and overrides win', () => {
    const fn = project(text).functions[0]!;
    expect(plainValue(fn.get('MemorySize'))).toBe(512);
    expect(plainValue(fn.get('Timeout'))).toBe(10);
    expect(plainValue(fn.get('ReservedConcurrentExecutions'))).toBe(5);
    const prod = project(text, { Env: 'prod' }).functions[0]!;
    expect(plainValue(prod.get('Timeout'))).toBe(60);
    expect(plainValue(prod.get('ReservedConcurrentExecutions'))).toBe(100);
  });
  it('keeps both branches of an unknown condition, naming it', () => {
    const v = project(text).functions[0]!.get('KmsKeyArn');
    expect(v.kind).toBe('choice');
    expect(variants(v).map((x) => [x.value.kind, x.conditions])).toEqual([
      ['lit', [{ name: 'InUsEast', holds: true }]],
      ['absent', [{ name: 'InUsEast', holds: false }]],
    ]);
  });
  it('keeps pseudo parameters symbolic in Sub', () => {
    expect(show(project(text).functions[0]!.get('Description'))).toBe('"${AWS::StackName}-dev"');
  });
  it('marks a parameter without default unknown, and NoEcho on values', () => {
    const fn = project(text).functions[0]!;
    const subnets = fn.get('VpcConfig.SubnetIds');
    expect(subnets).toMatchObject({ kind: 'unknown', source: 'parameter', reason: 'parameter Subnets has no default' });
    expect(project(text, { Subnets: 'subnet-1,subnet-2' }).functions[0]!.get('VpcConfig.SubnetIds')).toMatchObject({ kind: 'list', items: [{ value: 'subnet-1' }, { value: 'subnet-2' }] });
    expect(fn.get('Environment.Variables.PASS')).toMatchObject({ kind: 'lit', param: { name: 'Secret', noEcho: true } });
    expect(fn.get('Environment.Variables.T')).toMatchObject({ kind: 'ref', target: 'Table' });
  });
  it('treats dynamic references and imports as unknown', () => {
    const p = project(`Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: '{{resolve:ssm:/app/timeout}}'\n      Role: !ImportValue shared-role\n`);
    expect(p.functions[0]!.get('Timeout')).toMatchObject({ kind: 'unknown', source: 'dynamic-reference', service: 'ssm' });
    expect(p.functions[0]!.get('Role')).toMatchObject({ kind: 'unknown', source: 'import' });
  });
  it('stops on condition cycles', () => {
    const p = project(`Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: !If [A, 1, 2]\n`);
    expect(p.functions[0]!.get('Timeout').kind).toBe('choice');
  });
});

describe('SAM as the translator does it', () => {
  const sam = (globals: string, fn: string) => `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n${globals}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n${fn}\n`;
  it('merges Globals: scalars overridden, maps merged, lists concatenated', () => {
    const props = fnProps(sam(
      '    Timeout: 10\n    MemorySize: 256\n    Environment: {Variables: {A: "1", B: "2"}}\n    Layers: [arn:aws:lambda:us-east-1:1:layer:g:1]\n    Tags: {team: core, cost: x}',
      '      Timeout: 20\n      Environment: {Variables: {B: "3"}}\n      Layers: [arn:aws:lambda:us-east-1:1:layer:l:1]\n      Tags: {cost: y}\n      Handler: a.b\n      Runtime: python3.12\n      CodeUri: .',
    ));
    expect(props.Fn).toMatchObject({
      Timeout: 20,
      MemorySize: 256,
      Environment: { Variables: { A: '1', B: '3' } },
      Layers: ['arn:aws:lambda:us-east-1:1:layer:g:1', 'arn:aws:lambda:us-east-1:1:layer:l:1'],
      Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }, { Key: 'team', Value: 'core' }, { Key: 'cost', Value: 'y' }],
    });
  });
  it('treats an intrinsic as a primitive and honours IgnoreGlobals', () => {
    // IgnoreGlobals is a resource attribute, beside Properties.
    const ignoring = (attr: string) => sam('    VpcConfig: {SubnetIds: [a], SecurityGroupIds: [b]}\n    Timeout: 10',
      "      VpcConfig: !If [C, {SubnetIds: [c]}, !Ref 'AWS::NoValue']").replace('    Type: AWS::Serverless::Function\n', `    Type: AWS::Serverless::Function\n    IgnoreGlobals: ${attr}\n`);
    const props = fnProps(ignoring('[Timeout]'));
    expect(props.Fn).toMatchObject({ VpcConfig: { 'Fn::If': ['C', { SubnetIds: ['c'] }, { Ref: 'AWS::NoValue' }] } });
    expect(props.Fn).not.toHaveProperty('Timeout');
    expect(fnProps(ignoring("'*'")).Fn).not.toHaveProperty('Timeout');
    expect(fnProps(ignoring('[MemorySize]')).Fn).toHaveProperty('Timeout', 10);
  });
  it('turns Tracing, DeadLetterQueue and the implicit role into Lambda properties', () => {
    const props = fnProps(sam('    Tracing: Active', '      DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}'));
    expect(props.Fn).toMatchObject({
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } },
      Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
    });
  });
  it('expands policy templates into statements on the named resources', () => {
    const p = project(sam('    Timeout: 3', '      Policies:\n        - DynamoDBCrudPolicy: {TableName: !Ref Claims}\n        - AWSLambdaBasicExecutionRole\n        - Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]') + '  Claims:\n    Type: AWS::Serverless::SimpleTable\n');
    const role = p.functions[0]!.role!;
    expect(role.resource!.logicalId).toBe('FnRole');
    expect(role.statements.map((s) => s.actions.length)).toEqual([10, 1]);
    expect(show(role.statements[0]!.resources[0]!)).toBe('"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Claims}"');
    expect(p.dataStores.map((d) => [d.kind, d.resource.logicalId])).toEqual([['dynamodb', 'Claims']]);
  });
  it('generates aliases with provisioned concurrency and event sources', () => {
    const p = project(sam('    AutoPublishAlias: live', '      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 5}\n      Events:\n        Q: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}\n        Up: {Type: S3, Properties: {Bucket: !Ref Bucket, Events: s3:ObjectCreated:*}}') + '  Queue: {Type: AWS::SQS::Queue}\n  Bucket: {Type: AWS::S3::Bucket}\n');
    const fn = p.functions[0]!;
    expect(fn.provisioned.map((x) => [plainValue(x.value), x.on.logicalId])).toEqual([[5, 'FnAliaslive']]);
    expect(fn.eventSources.map((e) => [e.kind, plainValue(e.source)])).toEqual([
      ['SQS', { 'Fn::GetAtt': ['Queue', 'Arn'] }],
      ['S3', { Ref: 'Bucket' }],
    ]);
  });
});

describe('references', () => {
  it('binds explicit log groups by Sub of the function Ref and indexes referrers', () => {
    const p = project(`Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {Timeout: 3}}
  Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !Sub '/aws/lambda/\${Fn}', RetentionInDays: 30}}
  Sub: {Type: AWS::Logs::SubscriptionFilter, Properties: {LogGroupName: !Ref Logs, DestinationArn: arn:aws:logs:us-east-1:1:destination:central, FilterPattern: ''}}
`);
    const fn = p.functions[0]!;
    const lg = p.logGroupOf(fn);
    expect(lg.resource?.logicalId).toBe('Logs');
    expect(p.referrers(lg.resource!).map((r) => r.from.logicalId)).toEqual(['Sub']);
    expect(p.referrers(fn.resource).map((r) => r.from.logicalId)).toEqual(['Logs']);
  });
});

describe('parameter files', () => {
  it('reads the three shapes', () => {
    expect([...parseParametersFile('p.json', '[{"ParameterKey": "Env", "ParameterValue": "prod"}]')]).toEqual([['Env', 'prod']]);
    expect([...parseParametersFile('p.json', '{"Parameters": {"Env": "prod", "N": 3}}')]).toEqual([['Env', 'prod'], ['N', '3']]);
    expect([...parseParametersFile('p.yaml', 'Env: prod\nSubnets: [a, b]\n')]).toEqual([['Env', 'prod'], ['Subnets', 'a,b']]);
  });
});

describe('positions of property values', () => {
  it('locates a map or list value from its key, a scalar or intrinsic where it is written', () => {
    const p = project('Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      DurableConfig:\n        ExecutionTimeout: 60\n      VpcConfig:\n        SubnetIds:\n          - subnet-a\n        SecurityGroupIds: [sg-1]\n      Timeout: !If [C, 3, 4]\n');
    const fn = p.functions[0]!;
    const at = (path: string) => {
      const r = toRange(fn.get(path).loc);
      return `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;
    };
    expect(at('DurableConfig')).toBe('5:7-6:29');
    expect(at('VpcConfig.SubnetIds')).toBe('8:9-9:21');
    expect(at('VpcConfig.SecurityGroupIds')).toBe('10:9-10:33');
    expect(at('VpcConfig.SubnetIds.0')).toBe('9:13-9:21');
    expect(at('DurableConfig.ExecutionTimeout')).toBe('6:27-6:29');
    expect(at('Timeout')).toBe('11:16-11:29');
  });
});
