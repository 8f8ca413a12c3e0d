import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

testRule('BR-LD-5/step-functions', {
  invalid: {
    'cfn-definition-string-sub.yaml': [
      { resource: 'ClaimsFlow', line: 41, column: 3, severity: 'warning', message: /^State machine ClaimsFlow keeps workflow state for Lambda functions: it invokes ValidateClaim and ChargeClaim$/, help: /^Check that the workflow state stays in the state machine and that each function it invokes is stateless, then record the review in a suppression$/ },
    ],
    'cfn-definition-substitutions.json': [
      { resource: 'NotifyFlow', line: 25, column: 5, message: /it invokes Notify and arn:aws:lambda:us-east-1:111122223333:function:legacy-notify \(outside the project\)$/ },
    ],
    'cfn-nested-lambda.yaml': [
      { resource: 'ScoreFlow', line: 11, column: 3, message: /^State machine ScoreFlow keeps workflow state for Lambda functions: it invokes Scorer$/ },
    ],
    'sam-unreadable-substitutions.yaml': [
      {
        resource: 'OrderFlow', line: 23, column: 3,
        message: /^State machine OrderFlow keeps workflow state for Lambda functions: its definition cannot be read, but its DefinitionSubstitutions name ProcessOrder and CancelOrder$/,
      },
    ],
    'sam-definition.yaml': [
      { resource: 'IntakeFlow', line: 20, column: 3, message: /IntakeFlow keeps workflow state for Lambda functions: it invokes ValidateFunction and StoreFunction$/ },
      { resource: 'FileFlow', line: 43, column: 3, message: /FileFlow keeps workflow state for Lambda functions: it invokes ValidateFunction and StoreFunction$/ },
    ],
  },
});

const sm = (definition: string, extra = '') => `Parameters:
  Target:
    Type: String
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Fast:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: fast
      Role: arn:aws:iam::123456789012:role/r
  Slow:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
${extra}  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/s
${definition}`;

const messages = (text: string) => findingsOf(lintText('t.yaml', text), 'BR-LD-5/step-functions').map((f) => f.message);

it('names conditional, unknown and run-time targets', () => {
  const text = sm(`      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: !If [IsProd, !GetAtt Fast.Arn, !GetAtt Slow.Arn], Next: B}
          B: {Type: Task, Resource: arn:aws:states:::lambda:invoke, Parameters: {FunctionName: !Ref Target}, Next: C}
          C: {Type: Task, Resource: arn:aws:states:::lambda:invoke, Parameters: {FunctionName.$: $.fn}, End: true}
`);
  expect(messages(text)).toEqual([
    // Three are named; the message stays one short sentence.
    'State machine Flow keeps workflow state for Lambda functions: it invokes Fast when condition IsProd is true, Slow when condition IsProd is false, ' +
      'a function that cannot be determined in state B (parameter Target has no default) and a function chosen at run time in state C ($.fn)',
  ]);
});

it('resolves functions by literal name, qualified ARN, alias and JSONata Arguments', () => {
  const text = sm(
    `      Definition:
        QueryLanguage: JSONata
        StartAt: A
        States:
          A: {Type: Task, Resource: arn:aws:states:::lambda:invoke, Arguments: {FunctionName: 'fast:live'}, Next: B}
          B: {Type: Task, Resource: arn:aws:states:::lambda:invoke.waitForTaskToken, Arguments: {FunctionName: !Ref SlowLive}, Next: C}
          C: {Type: Task, Resource: arn:aws:states:::lambda:invoke, Arguments: {FunctionName: '{% $states.input.fn %}'}, Next: D}
          D: {Type: Task, Resource: arn:aws:states:::dynamodb:putItem, Arguments: {TableName: fast}, End: true}
`,
    `  SlowLive:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Slow
      FunctionVersion: '1'
      Name: live
`,
  );
  expect(messages(text)).toEqual([
    'State machine Flow keeps workflow state for Lambda functions: it invokes Fast, Slow and a function chosen at run time in state C ({% $states.input.fn %})',
  ]);
});

const unverifiable = (text: string) =>
  lintText('t.yaml', text).findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('BR-LD-5/step-functions:')).map((f) => [f.resource, f.line, f.column, f.message]);

it('says a state machine whose definition cannot be read is unverifiable, without guessing its functions', () => {
  const text = sm(`      DefinitionString: !Ref Target
`);
  expect(findingsOf(lintText('t.yaml', text), 'BR-LD-5/step-functions')).toEqual([]);
  expect(unverifiable(text)).toEqual([['Flow', 22, 7, 'BR-LD-5/step-functions: definition cannot be verified: DefinitionString is not known.']]);
  // Stored in S3: the same.
  const archived = unverifiable(sm(`      DefinitionS3Location: {Bucket: claims-workflows, Key: archive.asl.json}
`));
  expect(archived.map((u) => u[3])).toEqual(['BR-LD-5/step-functions: definition cannot be verified: the definition is stored in S3.']);
});

it('says a Task whose Resource is unknown is unverifiable: it may invoke a function or another service', () => {
  const text = sm(`      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: !Ref Target, End: true}
`);
  expect(findingsOf(lintText('t.yaml', text), 'BR-LD-5/step-functions')).toEqual([]);
  expect(unverifiable(text)).toEqual([['Flow', 25, 37, 'BR-LD-5/step-functions: Resource of Task state A cannot be verified: parameter Target has no default.']]);
});

it('gives each state machine its own fingerprint', () => {
  const out = lintText('t.yaml', `Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: {Role: arn:aws:iam::123456789012:role/r}
  A:
    Type: AWS::StepFunctions::StateMachine
    Properties: {Definition: {StartAt: X, States: {X: {Type: Task, Resource: !GetAtt F.Arn, End: true}}}}
  B:
    Type: AWS::StepFunctions::StateMachine
    Properties: {Definition: {StartAt: X, States: {X: {Type: Task, Resource: !GetAtt F.Arn, End: true}}}}
`);
  const f = findingsOf(out, 'BR-LD-5/step-functions');
  expect(f.map((x) => x.resource)).toEqual(['A', 'B']);
  expect(new Set(f.map((x) => x.fingerprint)).size).toBe(2);
});

it('reports serverless-step-functions state machines under their key, resolving function keys', () => {
  const out = lintText('serverless.yml', `service: claims
provider:
  name: aws
  runtime: nodejs20.x
plugins:
  - serverless-step-functions
functions:
  hello:
    handler: h.h
  worker:
    handler: w.h
stepFunctions:
  stateMachines:
    flow:
      definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: {'Fn::GetAtt': [hello, Arn]}, Next: B}
          B:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: {FunctionName: 'arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:claims-dev-worker'}
            End: true
`);
  expect(findingsOf(out, 'BR-LD-5/step-functions').map((f) => [f.resource, f.line, f.column, f.message])).toEqual([
    ['flow', 14, 5, 'State machine flow keeps workflow state for Lambda functions: it invokes hello and worker'],
  ]);
});
