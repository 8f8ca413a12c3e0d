import { defineRule } from '../../src/engine/types.js';
import { analyzeStateMachine, definitionProblem } from '../../src/engine/state-machine.js';
import { shortList } from '../../src/engine/helpers.js';

export interface Options {
  maxStates: number;
  maxDepth: number;
}

export default defineRule<Options>({
  meta: {
    id: 'RP-LD-1/workflow-complexity',
    businessRule: 'RP-LD-1',
    description: 'Limit the size and nesting of state machine workflows and forbid nested executions',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        maxStates: { type: 'integer', minimum: 1, description: 'Largest number of states a definition may have, states of Parallel branches and Map iterators included.' },
        maxDepth: { type: 'integer', minimum: 1, description: 'Deepest nesting allowed: top-level states are depth 1, states in a branch or iterator of a top-level state depth 2, and so on.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxStates: 10, maxDepth: 2 },
    docs: {
      rationale:
        'RP-LD-1 recommends avoiding complex application programming or workflows around Lambda. A state machine with many states, Parallel branches and Map iterators nested inside each other, or Tasks that start other state machines spreads the application logic over a graph that is hard to review, test and operate, and ties it ever more closely to Step Functions and Lambda.',
      remediation: {
        cloudformation:
          'Simplify the `Definition`/`DefinitionString` of the `AWS::StepFunctions::StateMachine`: merge states, avoid nesting Parallel and Map states, and replace `arn:aws:states:::states:startExecution` Tasks by a flatter design or an event-driven hand-off.',
        sam: 'Simplify the `Definition` (or the file of `DefinitionUri`) of the `AWS::Serverless::StateMachine`: fewer states, shallower Parallel/Map nesting, no `states:startExecution` Tasks.',
        serverless: 'Simplify `stepFunctions.stateMachines.<name>.definition`: fewer states, shallower Parallel/Map nesting, no `states:startExecution` Tasks.',
        cdk: 'Simplify the chain passed to `sfn.DefinitionBody.fromChainable(...)`: fewer states, shallower `sfn.Parallel`/`sfn.Map` nesting, no `tasks.StepFunctionsStartExecution`.',
        terraform: 'Simplify the `definition` of the `aws_sfn_state_machine`: fewer states, shallower Parallel/Map nesting, no `states:startExecution` Tasks.',
      },
    },
  },
  check(ctx, { maxStates, maxDepth }) {
    for (const sm of ctx.project.stateMachines) {
      const a = analyzeStateMachine(ctx.project, sm);
      if (!a) {
        const why = definitionProblem(sm)!;
        ctx.unverifiable({ kind: 'unknown', source: 'external', reason: why.reason, loc: why.loc }, 'definition', sm.resource, sm.name);
        continue;
      }
      const label = `State machine ${sm.name}`;
      const definition = ctx.vocabulary(sm.resource).name('Definition');
      const report = (path: string, message: string, help: string) => ctx.report({ resource: sm.resource, resourceName: sm.name, at: sm.definitionLoc, path, message, help });
      if (a.states.length > maxStates) {
        const nested = a.states.filter((s) => s.depth > 1).length;
        report('Definition.States', `${label} has ${a.states.length} states${nested ? ` (${nested} in Parallel branches or Map iterators)` : ''}, more than the maximum of ${maxStates}`, `Simplify the ${definition} (merge states) or split the workflow`);
      }
      if (a.depth > maxDepth) {
        const deepest = a.states.find((s) => s.depth === a.depth)!;
        report('Definition.Nesting', `${label} nests states ${a.depth} levels deep (state ${deepest.name} at ${deepest.path}), deeper than the maximum of ${maxDepth}`, `Flatten the Parallel and Map states of the ${definition}`);
      }
      if (a.nestedExecutions.length) {
        const list = shortList(a.nestedExecutions.map((n) => `${n.state}${n.target ? ` starts ${n.target}` : ''}`), 2);
        report('Definition.StartExecution', `${label} starts other state machines (${list}), a nested workflow that is hard to follow`, 'Keep the workflow in one state machine, or hand off through events');
      }
    }
  },
});
