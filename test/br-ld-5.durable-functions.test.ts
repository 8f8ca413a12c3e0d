import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

testRule('BR-LD-5/durable-functions', {
  invalid: {
    'cfn-durable.yaml': [
      { resource: 'OrderSaga', line: 28, column: 7, severity: 'error', message: /^function OrderSaga \(FunctionName "order-saga"\) sets `DurableConfig`, so it keeps execution state across invocations, but Lambda may only run stateless transactions$/, help: /^Remove `DurableConfig` and move the workflow to a state machine \(`AWS::StepFunctions::StateMachine`\) of stateless steps$/ },
      { resource: 'Approval', line: 39, column: 35, message: /^function Approval sets `DurableConfig` when condition IsProd is true, so it keeps execution state/, help: /^Remove `DurableConfig`/ },
    ],
    'cfn-durable.json': [{ resource: 'PaymentSaga', line: 12, column: 9, message: /^function PaymentSaga sets `DurableConfig`,/ }],
    'sam-globals.yaml': [
      { resource: 'Saga', line: 7, column: 5, message: /^function Saga sets `DurableConfig`/ },
      { resource: 'Escalation', line: 21, column: 7, message: /^function Escalation sets `DurableConfig`/ },
    ],
  },
});

const fn = (durable: string) => `Parameters:
  P:
    Type: String
Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      DurableConfig: ${durable}
`;

it('reports any DurableConfig value, even one it cannot read', () => {
  // A map is reported at its key, an intrinsic function where it is written.
  for (const [v, column] of [['!Ref P', 22], ['{}', 7], ['!ImportValue shared-durable-config', 22]] as const) {
    const f = findingsOf(lintText('t.yaml', fn(v)), 'BR-LD-5/durable-functions');
    expect(f.map((x) => [x.resource, x.line, x.column, x.path])).toEqual([['F', 9, column, 'DurableConfig']]);
  }
});

it('ignores DurableConfig removed with AWS::NoValue', () => {
  expect(findingsOf(lintText('t.yaml', fn('!Ref AWS::NoValue')), 'BR-LD-5/durable-functions')).toEqual([]);
});

it('honours the configured severity', () => {
  const out = lintText('t.yaml', fn('{ExecutionTimeout: 60}'), { rules: { 'BR-LD-5/durable-functions': 'warning' } });
  expect(findingsOf(out, 'BR-LD-5/durable-functions').map((f) => f.severity)).toEqual(['warning']);
});
