import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

testRule('RP-LD-1/lambda-chaining', {
  invalid: {
    'cfn-role-statement.yaml': [
      {
        resource: 'Intake', line: 22, column: 27, severity: 'warning',
        message: /^function Intake invokes function Worker \(FunctionName "claims-worker"\) of the project through execution role statement \(IntakeRole\.Policies\[0\] \(invoke-worker\)\) allowing lambda:InvokeFunction and environment variable WORKER_NAME\. .*Step Functions/,
      },
      { resource: 'Scheduler', line: 71, column: 23, message: /^function Scheduler \(FunctionName "claims-scheduler"\) invokes function Worker \(FunctionName "claims-worker"\) of the project through execution role statement \(AWS::IAM::Policy SchedulerInvokePolicy\)/ },
      { resource: 'Fanout', line: 91, column: 11, message: /^function Fanout can invoke any function of the project \(3 functions: Intake, Worker and Scheduler\) through managed policy AWSLambdaRole/ },
    ],
    'cfn-destination.json': [
      { resource: 'Ingest', line: 16, column: 120, message: /^function Ingest can invoke any function of the project \(2 functions: Transform and Loader\) through execution role statement \(IngestRole\.Policies\[0\] \(admin\)\)/ },
      { resource: 'Ingest', line: 37, column: 41, message: /^function Ingest invokes function Transform of the project through async destination DestinationConfig\.OnSuccess of AWS::Lambda::EventInvokeConfig IngestInvokeConfig\./ },
      { resource: 'Transform', line: 59, column: 61, message: /^function Transform invokes function Loader of the project through environment variable LOADER_ALIAS_ARN\./ },
    ],
    'sam-invoke-policy.yaml': [
      { resource: 'Worker', line: 12, column: 23, message: /^function Worker invokes function Notifier of the project through environment variable NOTIFIER_ARN\./ },
      { resource: 'Orchestrator', line: 20, column: 11, message: /^function Orchestrator invokes function Worker of the project through execution role statement \(SAM policy template LambdaInvokePolicy\) allowing lambda:InvokeFunction\./ },
      { resource: 'Orchestrator', line: 27, column: 26, message: /^function Orchestrator invokes function Notifier of the project through async destination EventInvokeConfig\.DestinationConfig\.OnSuccess and environment variable NOTIFIER_ARN\./ },
    ],
  },
});

const role = (name: string, statements: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
${statements}`;

const fn = (name: string, props = '') => `  ${name}:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt ${name}Role.Arn
${props}`;

const emptyRole = (name: string) => `  ${name}Role:\n    Type: AWS::IAM::Role\n    Properties: {AssumeRolePolicyDocument: {}}\n`;

const lint = (text: string) => {
  const out = lintText('t.yaml', text);
  return {
    findings: findingsOf(out, 'RP-LD-1/lambda-chaining').map((f) => [f.resource, f.path, f.message.replace(/\. Chained.*/, '')]),
    unverifiable: out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('RP-LD-1/lambda-chaining')).map((f) => [f.resource, f.line, f.column, f.message]),
  };
};

it('caps a wildcard to one finding, and still reports specific evidence per target', () => {
  const r = lint(`Resources:
${role('ARole', `              - {Effect: Allow, Action: 'lambda:*', Resource: 'arn:aws:lambda:*:*:function:*'}
`)}${fn('A', '      Environment: {Variables: {NEXT: !Ref B}}\n')}${emptyRole('B')}${fn('B')}${emptyRole('C')}${fn('C')}`);
  expect(r.findings).toEqual([
    ['A', 'Invokes.*', 'function A can invoke any function of the project (2 functions: B and C) through execution role statement (ARole.Policies[0] (p)), which allows lambda:InvokeFunction on every function'],
    ['A', 'Invokes.B', 'function A invokes function B of the project through environment variable NEXT'],
  ]);
});

it('does not report a function that invokes only itself, its own alias, or a function of another account', () => {
  const r = lint(`Resources:
${role('ARole', `              - {Effect: Allow, Action: lambda:InvokeFunction, Resource: [!GetAtt A.Arn, !Sub '\${A.Arn}:*', 'arn:aws:lambda:eu-west-1:999999999999:function:b-fn']}
`)}${fn('A', '      Environment: {Variables: {SELF: !Ref ALive, PEER: "999999999999:function:b-fn"}}\n')}${emptyRole('B')}${fn('B', '      FunctionName: b-fn\n')}  ALive:
    Type: AWS::Lambda::Alias
    Properties: {FunctionName: !Ref A, FunctionVersion: '1', Name: live}
`);
  expect(r).toEqual({ findings: [], unverifiable: [] });
});

it('resolves literal names with a qualifier, partial ARNs and conditional destinations', () => {
  const r = lint(`Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
${emptyRole('A')}${fn('A', `      Environment:
        Variables:
          B_NAME: 'b-fn:live'
          C_ARN: !Sub '\${AWS::AccountId}:function:c-fn'
`)}${emptyRole('B')}${fn('B', '      FunctionName: b-fn\n')}${emptyRole('C')}${fn('C', '      FunctionName: c-fn\n')}  Dest:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref B
      Qualifier: $LATEST
      DestinationConfig:
        OnFailure:
          Destination: !If [IsProd, !GetAtt C.Arn, !GetAtt A.Arn]
`);
  expect(r.findings).toEqual([
    ['A', 'Invokes.B', 'function A invokes function B (FunctionName "b-fn") of the project through environment variable B_NAME'],
    ['A', 'Invokes.C', 'function A invokes function C (FunctionName "c-fn") of the project through environment variable C_ARN'],
    ['B', 'Invokes.C', 'function B (FunctionName "b-fn") invokes function C (FunctionName "c-fn") of the project through async destination DestinationConfig.OnFailure of AWS::Lambda::EventInvokeConfig Dest when condition IsProd is true'],
    ['B', 'Invokes.A', 'function B (FunctionName "b-fn") invokes function A of the project through async destination DestinationConfig.OnFailure of AWS::Lambda::EventInvokeConfig Dest when condition IsProd is false'],
  ]);
});

it('reports unknown values that could name a function as unverifiable, but not imports', () => {
  const r = lint(`Parameters:
  Target: {Type: String}
Resources:
${role('ARole', `              - {Effect: Allow, Action: lambda:InvokeFunction, Resource: !Ref Target}
              - {Effect: Allow, Action: lambda:InvokeFunction, Resource: !ImportValue other-fn-arn}
`)}${fn('A', `      Environment:
        Variables:
          NEXT_FUNCTION: !Ref Target
          OTHER_FUNCTION: !ImportValue other-fn
          TABLE: !Ref Target
`)}${emptyRole('B')}${fn('B')}  C:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/shared
`);
  expect(r.findings).toEqual([]);
  expect(r.unverifiable).toEqual([
    ['A', 12, 74, 'RP-LD-1/lambda-chaining: Resource of execution role statement (ARole.Policies[0] (p)) allowing lambda:InvokeFunction cannot be verified: parameter Target has no default.'],
    ['A', 20, 26, 'RP-LD-1/lambda-chaining: environment variable NEXT_FUNCTION cannot be verified: parameter Target has no default.'],
    ['C', 33, 13, 'RP-LD-1/lambda-chaining: execution role permissions to invoke other functions cannot be verified: the execution role is not defined in the project.'],
  ]);
});

it('reports nothing for a project with a single function', () => {
  const r = lint(`Resources:
${role('ARole', `              - {Effect: Allow, Action: '*', Resource: '*'}
`)}${fn('A')}`);
  expect(r).toEqual({ findings: [], unverifiable: [] });
});

it('follows Serverless destinations and provider statements', () => {
  const out = lintText('serverless.yml', `service: claims
provider:
  name: aws
  runtime: nodejs20.x
functions:
  hello:
    handler: h.h
    destinations:
      onSuccess: worker
  worker:
    handler: w.h
`);
  const f = findingsOf(out, 'RP-LD-1/lambda-chaining').filter((x) => x.resource === 'hello');
  expect(f.map((x) => [x.resource, x.line, x.column, x.path])).toEqual([['hello', 9, 18, 'Invokes.worker']]);
  expect(f[0]!.message).toMatch(/^function hello \(FunctionName "claims-dev-hello"\) invokes function worker \(FunctionName "claims-dev-worker"\) of the project through .*async destination destinations\.onSuccess/);
});
