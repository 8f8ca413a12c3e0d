import { defineRule } from '../../src/engine/types.js';
import { analyzeStateMachine, definitionProblem, substitutedFunctions, type Invocation } from '../../src/engine/state-machine.js';
import { shortList } from '../../src/engine/helpers.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-5/step-functions',
    businessRule: 'BR-LD-5',
    description: 'Review every state machine that keeps workflow state for Lambda functions',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'BR-LD-5 allows Lambda only for stateless transactions. A Step Functions state machine that invokes Lambda functions is where a workflow built from functions keeps its state between steps, so each one marks a place where the design depends on state: the review confirms that the state lives in the state machine (or a data store) and that every function it invokes stays stateless. The finding lists the functions the state machine invokes (through its Tasks or its DefinitionSubstitutions) so that the reviewer knows which ones to check. A state machine that invokes no function is not about Lambda and is not reported; one whose definition cannot be read is reported as unverifiable.',
      remediation: {
        cloudformation:
          'Keep the workflow state in the `AWS::StepFunctions::StateMachine` definition (pass each Task only what it needs through `Parameters`/`Arguments`), keep the invoked functions stateless, and record the review with a suppression of this check that gives the reason.',
        sam: 'Keep the workflow state in the `AWS::Serverless::StateMachine` `Definition`, keep the functions it invokes stateless, and record the review with a suppression of this check that gives the reason.',
        serverless:
          'Keep the workflow state in the `stepFunctions.stateMachines.<name>.definition` of serverless-step-functions, keep the functions it invokes stateless, and record the review with a suppression of this check that gives the reason.',
        cdk: 'Keep the workflow state in the `sfn.StateMachine` definition (`tasks.LambdaInvoke` with an explicit `payload`), keep the functions stateless, and record the review with a suppression of this check that gives the reason.',
        terraform: 'Keep the workflow state in the `definition` of the `aws_sfn_state_machine`, keep the functions it invokes stateless, and record the review with a suppression of this check that gives the reason.',
      },
    },
  },
  check(ctx) {
    for (const sm of ctx.project.stateMachines) {
      const a = analyzeStateMachine(ctx.project, sm);
      const label = `State machine ${sm.name}`;
      const advice = 'Check that the workflow state stays in the state machine and that each function it invokes is stateless, then record the review in a suppression';
      const substituted = describeInvocations(substitutedFunctions(ctx.project, sm).map((target) => ({ state: '', loc: sm.definitionLoc, target })));
      let message: string;
      if (!a) {
        const problem = definitionProblem(sm) ?? { reason: 'no definition', loc: sm.definitionLoc };
        if (substituted.length === 0) {
          // Whether it is about Lambda at all depends on what cannot be read.
          ctx.unverifiable({ kind: 'unknown', source: 'external', reason: problem.reason, loc: problem.loc }, 'definition', sm.resource, sm.name);
          continue;
        }
        message = `${label} keeps workflow state for Lambda functions: its definition cannot be read, but its DefinitionSubstitutions name ${shortList(substituted)}`;
      } else {
        const parts = [...new Set([...describeInvocations(a.invocations.filter((i) => !i.maybe)), ...substituted])];
        if (parts.length === 0) {
          // A state machine without Lambda is not about Lambda; one whose Task resource is unknown may be.
          const maybe = a.invocations.find((i) => i.maybe);
          if (maybe?.target.kind === 'unknown') ctx.unverifiable(maybe.target.value, `Resource of Task state ${maybe.state}`, sm.resource, sm.name);
          continue;
        }
        message = `${label} keeps workflow state for Lambda functions: it invokes ${shortList(parts)}`;
      }
      ctx.report({ resource: sm.resource, resourceName: sm.name, at: sm.resource.keyLoc, path: 'StateMachine', message, help: advice });
    }
  },
});

/** `ProcessOrder, ChargeCard (when condition IsProd is true), arn:aws:lambda:...:function:x (outside the project)` */
function describeInvocations(invocations: Invocation[]): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  for (const { state, target } of invocations) {
    switch (target.kind) {
      case 'function':
        add(`${target.fn.name}${target.when}`);
        break;
      case 'external':
        add(`${target.text}${target.when} (outside the project)`);
        break;
      case 'unknown':
        add(`a function that cannot be determined in state ${state} (${target.value.reason})`);
        break;
      case 'runtime':
        add(`a function chosen at run time in state ${state} (${target.expression})`);
        break;
    }
  }
  return out;
}
