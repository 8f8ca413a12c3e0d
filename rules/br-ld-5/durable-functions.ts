import { defineRule } from '../../src/engine/types.js';
import { fnLabel, variants } from '../../src/engine/helpers.js';
import { describeConditions } from '../../src/model/value.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-5/durable-functions',
    businessRule: 'BR-LD-5',
    description: 'Forbid durable functions (DurableConfig), which keep state across invocations',
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'BR-LD-5 allows Lambda only for stateless transactions. A durable function (`DurableConfig`) checkpoints its progress and keeps execution state across invocations for up to a year, so the function itself becomes a stateful, long-lived workflow: exactly what the business rule keeps out of Lambda. Workflows that need state belong in an orchestrator such as Step Functions, with each function doing one stateless step.',
      remediation: {
        cloudformation:
          'Remove `DurableConfig` from the `AWS::Lambda::Function` and move the multi-step workflow to an `AWS::StepFunctions::StateMachine` whose Tasks invoke stateless functions.',
        sam: 'Remove `DurableConfig` from the function (and from `Globals.Function`, or list it in the function\'s `IgnoreGlobals`) and model the workflow as an `AWS::Serverless::StateMachine`.',
        serverless: 'Remove `durableConfig` from the function and model the workflow with serverless-step-functions (`stepFunctions.stateMachines`).',
        cdk: 'Do not pass `durableConfig` to `new lambda.Function(...)`; build the workflow with `sfn.StateMachine` and `tasks.LambdaInvoke`.',
        terraform: 'Remove the `durable_config` block from the `aws_lambda_function` and model the workflow as an `aws_sfn_state_machine` whose Tasks invoke stateless functions.',
      },
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      for (const variant of variants(fn.get('DurableConfig'))) {
        const v = variant.value;
        if (v.kind === 'absent') continue;
        const when = describeConditions(variant.conditions);
        const vocabulary = ctx.vocabulary(fn.resource);
        ctx.report({
          resource: fn.resource, resourceName: fn.name, at: v, path: 'DurableConfig',
          message: `${fnLabel(fn)} sets ${vocabulary.name('DurableConfig')}${when}, so it keeps execution state across invocations, but Lambda may only run stateless transactions`,
          help: `Remove ${vocabulary.name('DurableConfig')} and move the workflow to a state machine (${vocabulary.type('AWS::StepFunctions::StateMachine')}) of stateless steps`,
        });
      }
    }
  },
});
