import { describe, expect, it } from 'vitest';
import { CORPUS, lintCorpusFile } from './support/corpus-lint.js';
import { findingsOf, lintFile, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

testRule('RP-LD-1/lambda-chaining', {
  invalid: {
    'cfn-role-statement.yaml': [
      { resource: 'Intake', line: 22, column: 27, severity: 'warning', message: /^function Intake may invoke Worker \(its role allows lambda:InvokeFunction on it; environment variable WORKER_NAME names it\)\.$/ },
      { resource: 'Scheduler', line: 71, column: 23, message: /^function Scheduler \(FunctionName "claims-scheduler"\) may invoke Worker \(its role allows lambda:InvokeFunction on it\)\.$/ },
      { resource: 'Fanout', line: 91, column: 11, message: /^function Fanout may invoke every other function \(its role allows lambda:InvokeFunction on all functions\): Intake, Worker and Scheduler\.$/ },
    ],
    // Transform's environment variable names Loader, but its role cannot invoke it: a hand-off.
    'cfn-destination.json': [
      { resource: 'Ingest', line: 37, column: 41, message: /^function Ingest invokes Transform \(async destination OnSuccess of IngestInvokeConfig\) and may invoke every other function \(its role allows lambda:InvokeFunction on all functions\): Transform and Loader\.$/ },
    ],
    'sam-invoke-policy.yaml': [
      { resource: 'Orchestrator', line: 27, column: 26, message: /^function Orchestrator invokes Notifier \(async destination EventInvokeConfig\.DestinationConfig\.OnSuccess\) and may invoke Worker \(its role allows lambda:InvokeFunction on it\)\.$/ },
    ],
    // One finding per function that lists its targets: 5, not one per pair (16).
    'sam-shared-role-fanout.yaml': [
      { resource: 'Pay', line: 24, column: 21, message: /^function Pay may invoke Stock, Ship and Tax \(its role allows lambda:InvokeFunction on them\)\.$/ },
      { resource: 'Ship', line: 24, column: 21, message: /^function Ship may invoke Stock, Pay and Tax / },
      { resource: 'Tax', line: 24, column: 21, message: /^function Tax may invoke Stock, Pay and Ship / },
      { resource: 'Router', line: 24, column: 21, message: /^function Router may invoke Stock, Pay, Ship and Tax \(its role allows lambda:InvokeFunction on them; environment variables STOCK_FUNCTION_ARN and PAY_FUNCTION_ARN name Stock and Pay\)\.$/ },
      { resource: 'Stock', line: 25, column: 21, message: /^function Stock may invoke Pay, Ship and Tax / },
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
    findings: findingsOf(out, 'RP-LD-1/lambda-chaining').map((f) => [f.resource, f.path, f.message]),
    unverifiable: out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('RP-LD-1/lambda-chaining')).map((f) => [f.resource, f.line, f.column, f.message]),
  };
};

it('reports a wildcard once, with the functions it covers and the variables that name them', () => {
  const r = lint(`Resources:
${role('ARole', `              - {Effect: Allow, Action: 'lambda:*', Resource: 'arn:aws:lambda:*:*:function:*'}
`)}${fn('A', '      Environment: {Variables: {NEXT: !Ref B}}\n')}${emptyRole('B')}${fn('B')}${emptyRole('C')}${fn('C')}`);
  expect(r.findings).toEqual([
    ['A', 'Invokes', 'function A may invoke every other function (its role allows lambda:InvokeFunction on all functions; environment variable NEXT names B): B and C.'],
  ]);
});

it('lists at most five targets, then how many more', () => {
  const others = ['B', 'C', 'D', 'E', 'F', 'G', 'H'].map((n) => `${emptyRole(n)}${fn(n)}`).join('');
  const r = lint(`Resources:
${role('ARole', `              - {Effect: Allow, Action: lambda:InvokeFunction, Resource: '*'}
`)}${fn('A')}${others}`);
  expect(r.findings).toEqual([
    ['A', 'Invokes', 'function A may invoke every other function (its role allows lambda:InvokeFunction on all functions): B, C, D, E, F and 2 more.'],
  ]);
  const f = findingsOf(lintText('t.yaml', `Resources:\n${role('ARole', `              - {Effect: Allow, Action: lambda:InvokeFunction, Resource: '*'}\n`)}${fn('A')}${others}`), 'RP-LD-1/lambda-chaining')[0]!;
  expect(f.help).toBe('Remove lambda:InvokeFunction on functions it does not call from statement ARole.Policies[0] (p), and orchestrate the steps with Step Functions, or hand off through a queue or EventBridge.');
});

it('counts an environment variable naming a function only when the role may invoke it', () => {
  const r = lint(`Resources:
${role('ARole', `              - {Effect: Allow, Action: scheduler:CreateSchedule, Resource: '*'}
`)}${fn('A', '      Environment: {Variables: {TARGET_LAMBDA_ARN: !GetAtt B.Arn}}\n')}${emptyRole('B')}${fn('B')}  C:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/shared
      Environment: {Variables: {NEXT_ARN: !GetAtt B.Arn}}
`);
  // A hands B to a scheduler: not a chain. C's role is outside the project: whether it may invoke B is unknown.
  expect(r).toEqual({
    findings: [],
    unverifiable: [['C', 26, 13, 'RP-LD-1/lambda-chaining: whether the execution role may invoke function B (named by environment variable NEXT_ARN) cannot be verified: the execution role is not defined in the project.']],
  });
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
${role('ARole', `              - {Effect: Allow, Action: lambda:InvokeFunction, Resource: ['arn:aws:lambda:*:*:function:b-fn*', !Sub 'arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:c-fn']}
`)}${fn('A', `      Environment:
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
    ['A', 'Invokes', 'function A may invoke B and C (its role allows lambda:InvokeFunction on them; environment variables B_NAME and C_ARN name them).'],
    ['B', 'Invokes', 'function B (FunctionName "b-fn") invokes C (async destination OnFailure of Dest when condition IsProd is true) and A (async destination OnFailure of Dest when condition IsProd is false).'],
  ]);
});

it('reports an unknown Resource of an invoke statement as unverifiable, but not imports nor unknown variables', () => {
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
    ['A', 12, 74, 'RP-LD-1/lambda-chaining: Resource of execution role statement ARole.Policies[0] (p) allowing lambda:InvokeFunction cannot be verified: parameter Target has no default.'],
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
  expect(f.map((x) => [x.resource, x.line, x.column, x.path])).toEqual([['hello', 9, 18, 'Invokes']]);
  // The framework also grants the invoke for the destination: "invokes" says it all.
  expect(f.map((x) => x.message)).toEqual(['function hello (FunctionName "claims-dev-hello") invokes worker (async destination destinations.onSuccess).']);
  expect(f[0]!.help).toBe('Instead of a destination that is a function, orchestrate the steps with Step Functions, or hand off through a queue or EventBridge.');
});

describe('the corpus', () => {
  it('lambda-durable-parallel-processing-sam: one finding per function sharing the invoke role', (ctx) => {
    const out = lintCorpusFile('aws-samples__serverless-patterns/lambda-durable-parallel-processing-sam/template.yaml');
    if (!out) ctx.skip(`the corpus is not present at ${CORPUS}`);
    const f = findingsOf(out!, 'RP-LD-1/lambda-chaining');
    expect(f.map((x) => [x.resource, x.line])).toEqual([
      ['InventoryCheckFunction', 42], ['PaymentValidationFunction', 41], ['ShippingCalculationFunction', 41], ['TaxCalculationFunction', 41], ['ParallelProcessorFunction', 41],
    ]);
    expect(f.find((x) => x.resource === 'ParallelProcessorFunction')!.message).toMatch(/may invoke InventoryCheckFunction, PaymentValidationFunction, ShippingCalculationFunction and TaxCalculationFunction \(its role allows lambda:InvokeFunction on them; environment variables INVENTORY_FUNCTION_ARN, PAYMENT_FUNCTION_ARN, SHIPPING_FUNCTION_ARN and TAX_FUNCTION_ARN name them\)/);
  });

  it('dynamodb-eventbridge-scheduler: a target handed to EventBridge Scheduler is not a chain', (ctx) => {
    const out = lintCorpusFile('aws-samples__serverless-patterns/dynamodb-eventbridge-scheduler/template.yaml');
    if (!out) ctx.skip(`the corpus is not present at ${CORPUS}`);
    expect(out!.findings.filter((x) => x.ruleId === 'RP-LD-1/lambda-chaining' || x.message.startsWith('RP-LD-1/lambda-chaining'))).toEqual([]);
  });
});

it('names the grant in help as the user wrote it', () => {
  const sls = findingsOf(lintFile('fixtures/rp-ld-1/lambda-chaining/invalid/sls-invoke-statement/serverless.yml'), 'RP-LD-1/lambda-chaining');
  expect(sls.map((f) => f.help)).toEqual(['Remove lambda:InvokeFunction on functions it does not call from functions.intake.iamRoleStatements, and orchestrate the steps with Step Functions, or hand off through a queue or EventBridge.']);
  const sam = findingsOf(lintText('template.yaml', `Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.h
      CodeUri: src/
      Policies:
        - AWSLambdaBasicExecutionRole
        - Statement:
            - {Effect: Allow, Action: lambda:InvokeFunction, Resource: !GetAtt B.Arn}
  B:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: b.h, CodeUri: src/}
`), 'RP-LD-1/lambda-chaining');
  expect(sam.map((f) => [f.message, f.help])).toEqual([[
    'function A may invoke B (its role allows lambda:InvokeFunction on it).',
    'Remove lambda:InvokeFunction on functions it does not call from statement Policies[1] of A, and orchestrate the steps with Step Functions, or hand off through a queue or EventBridge.',
  ]]);
});
