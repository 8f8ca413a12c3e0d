import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';
import { analyzeStateMachine } from '../src/engine/state-machine.js';

testRule('RP-LD-1/workflow-complexity', {
  invalid: {
    'cfn-too-many-states.yaml': [
      { resource: 'EnrollmentFlow', line: 16, column: 7, severity: 'warning', message: /^State machine EnrollmentFlow has 12 states \(2 in Parallel branches or Map iterators\), more than the maximum of 10$/, help: /^Simplify the `Definition` \(merge states\) or split the workflow$/ },
    ],
    'cfn-nested.json': [
      { resource: 'ParentFlow', line: 16, column: 9, message: /^State machine ParentFlow nests states 3 levels deep \(state Check at States\.Fanout\.Branches\[0\]\.States\.EachClaim\.ItemProcessor\.States\.Check\), deeper than the maximum of 2$/ },
      { resource: 'ParentFlow', line: 16, column: 9, message: /^State machine ParentFlow starts other state machines \(RunChild starts ChildFlow\)/ },
    ],
    'sam-definition-uri.yaml': [
      { resource: 'BatchFlow', line: 17, column: 7, message: /^State machine BatchFlow nests states 4 levels deep \(state Process at States\.Batches\.ItemProcessor\.States\.Split\.Branches\[0\]\.States\.Items\.ItemProcessor\.States\.Process\)/ },
    ],
    'sam-substitutions.yaml': [
      { resource: 'ParentFlow', line: 17, column: 7, message: /^State machine ParentFlow starts other state machines \(RunChild starts ChildFlow\)/ },
    ],
  },
});

const flow = (definition: string) => `Parameters:
  Bucket:
    Type: String
Resources:
  Child:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition: {StartAt: X, States: {X: {Type: Succeed}}}
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
${definition}`;

const own = (out: ReturnType<typeof lintText>) => findingsOf(out, 'RP-LD-1/workflow-complexity').map((f) => [f.resource, f.line, f.column, f.path]);
const unverifiable = (out: ReturnType<typeof lintText>) =>
  out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('RP-LD-1/workflow-complexity')).map((f) => [f.resource, f.line, f.column, f.message]);

describe('one finding per violated aspect, each with its own path', () => {
  const definition = `      Definition:
        StartAt: P
        States:
          P:
            Type: Parallel
            Next: Run
            Branches:
              - StartAt: M
                States:
                  M:
                    Type: Map
                    End: true
                    Iterator: {StartAt: I, States: {I: {Type: Pass, End: true}}}
          Run:
            Type: Task
            Resource: !Sub arn:\${AWS::Partition}:states:::aws-sdk:sfn:startExecution
            Parameters: {StateMachineArn: !Ref Child}
            End: true
`;
  it('reports states, depth and nested executions separately', () => {
    const out = lintText('t.yaml', flow(definition), { rules: { 'RP-LD-1/workflow-complexity': { severity: 'warning', options: { maxStates: 3 } } } });
    expect(own(out)).toEqual([
      ['Flow', 12, 7, 'Definition.States'],
      ['Flow', 12, 7, 'Definition.Nesting'],
      ['Flow', 12, 7, 'Definition.StartExecution'],
    ]);
    const f = findingsOf(out, 'RP-LD-1/workflow-complexity');
    expect(f[0]!.message).toMatch(/has 4 states \(2 in Parallel branches or Map iterators\), more than the maximum of 3/);
    expect(f[2]!.message).toMatch(/\(Run starts Child\)/);
    expect(new Set(f.map((x) => x.fingerprint)).size).toBe(3);
  });
  it('honours maxDepth and maxStates', () => {
    const out = lintText('t.yaml', flow(definition), { rules: { 'RP-LD-1/workflow-complexity': { severity: 'warning', options: { maxDepth: 3, maxStates: 4 } } } });
    expect(own(out)).toEqual([['Flow', 12, 7, 'Definition.StartExecution']]);
  });
});

it('reports a definition it cannot read as unverifiable', () => {
  const cases: [string, RegExp][] = [
    ['      DefinitionS3Location: {Bucket: !Ref Bucket, Key: flow.json}\n', /the definition is stored in S3/],
    ['      DefinitionString: !Sub "{ \\"StartAt\\": ${Bucket}"\n', /DefinitionString is not known|does not parse/],
    ['      DefinitionString: "{ not json"\n', /DefinitionString does not parse/],
    ['      RoleArn: arn:aws:iam::123456789012:role/s\n', /no definition/],
    ["      Definition: {'Fn::Transform': {Name: 'AWS::Include', Parameters: {Location: s3://b/flow.yaml}}}\n", /the definition has no States map/],
  ];
  for (const [props, reason] of cases) {
    const out = lintText('t.yaml', flow(props));
    expect(own(out)).toEqual([]);
    const u = unverifiable(out);
    expect(u).toHaveLength(1);
    expect(u[0]![0]).toBe('Flow');
    expect(u[0]![3]).toMatch(/^RP-LD-1\/workflow-complexity: definition cannot be verified: /);
    expect(u[0]![3]).toMatch(reason);
  }
});

describe('analyzeStateMachine', () => {
  const analyze = (text: string) => {
    const out = lintText('t.yaml', text);
    const sm = out.project!.stateMachines.find((s) => s.name === 'Flow')!;
    return analyzeStateMachine(out.project!, sm)!;
  };
  it('counts Parallel, Map ItemProcessor and legacy Iterator states with their depth', () => {
    const a = analyze(flow(`      Definition:
        StartAt: P
        States:
          P:
            Type: Parallel
            End: true
            Branches:
              - {StartAt: A, States: {A: {Type: Pass, End: true}}}
              - StartAt: M
                States:
                  M: {Type: Map, End: true, ItemProcessor: {StartAt: B, States: {B: {Type: Pass, Next: C}, C: {Type: Succeed}}}}
`));
    expect(a.states.map((s) => [s.name, s.type, s.depth])).toEqual([
      ['P', 'Parallel', 1], ['A', 'Pass', 2], ['M', 'Map', 2], ['B', 'Pass', 3], ['C', 'Succeed', 3],
    ]);
    expect(a.depth).toBe(3);
  });
  it('keeps placeholders inside JSON strings of a Fn::Sub DefinitionString and quotes those outside', () => {
    const a = analyze(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Role: r, FunctionName: claims-fn}
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub
        - |
          {"StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": \${Delay}, "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:claims-fn"}, "End": true}}}
        - Delay: 5
`);
    expect(a.states.map((s) => s.name)).toEqual(['W', 'T']);
    expect(a.invocations.map((i) => [i.state, i.target.kind === 'function' ? i.target.fn.name : i.target.kind])).toEqual([['T', 'Fn']]);
  });
  it('takes a literal account id as another account', () => {
    const a = analyze(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Role: r, FunctionName: claims-fn}
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: T
        States:
          T: {Type: Task, Resource: 'arn:aws:lambda:us-east-1:111122223333:function:claims-fn', End: true}
`);
    expect(a.invocations.map((i) => i.target.kind)).toEqual(['external']);
  });
});
