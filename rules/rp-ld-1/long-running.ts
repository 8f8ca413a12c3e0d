import { defineRule } from '../../src/engine/types.js';
import { eachNumber, fnLabel } from '../../src/engine/helpers.js';

export interface Options {
  longRunningSeconds: number;
}

/** Longest execution a standard (non-durable) invocation can have: a durable execution beyond it is a long-running process. */
const INVOCATION_LIMIT = 900;

export default defineRule<Options>({
  meta: {
    id: 'RP-LD-1/long-running',
    businessRule: 'RP-LD-1',
    description: 'Flag functions configured for long-running processes',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        longRunningSeconds: { type: 'integer', minimum: 1, maximum: INVOCATION_LIMIT, description: 'A Timeout at or above this many seconds marks a long-running function.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { longRunningSeconds: 600 },
    docs: {
      rationale:
        'RP-LD-1 recommends keeping complex and long-running processing out of Lambda. A function whose timeout is close to the 15-minute limit, or a durable execution that runs for longer than one invocation can, is a long-running process: it is billed for its whole duration, fails late, and ties the application to Lambda-specific workarounds. Such work fits better in a workflow of short steps or in a container or batch service.',
      remediation: {
        cloudformation:
          'Lower `Timeout` below the threshold by splitting the work into short steps (an `AWS::StepFunctions::StateMachine`, a queue), or run it on ECS/Fargate or AWS Batch; keep `DurableConfig.ExecutionTimeout` at most 900 s.',
        sam: 'Lower `Timeout` on the function (or `Globals.Function.Timeout`) by splitting the work into an `AWS::Serverless::StateMachine` or queue-driven steps; keep `DurableConfig.ExecutionTimeout` at most 900 s.',
        serverless: 'Lower the function\'s `timeout` (or `provider.timeout`) by splitting the work into serverless-step-functions steps or queue-driven functions, or move it to a container service.',
        cdk: 'Pass a shorter `timeout: Duration.seconds(n)` and split the work with `sfn.StateMachine` or an SQS-driven function, or use `ecs.FargateTaskDefinition`.',
        terraform: 'Lower `timeout` of the `aws_lambda_function` below the threshold by splitting the work into an `aws_sfn_state_machine` or queue-driven steps; keep `durable_config { execution_timeout }` at most 900 s.',
      },
    },
  },
  check(ctx, { longRunningSeconds }) {
    for (const fn of ctx.project.functions) {
      const vocabulary = ctx.vocabulary(fn.resource);
      eachNumber(ctx, fn, fn.get('Timeout'), 'Timeout', {
        onNumber: (n, v, when) => {
          if (n >= longRunningSeconds) {
            ctx.report({
              resource: fn.resource, resourceName: fn.name, at: v, path: 'Timeout',
              message: `${fnLabel(fn)} has ${vocabulary.name('Timeout')} ${n} s${when}, at or above the long-running threshold of ${longRunningSeconds} s`,
              help: `Split the work into shorter steps (Step Functions, a queue) with ${vocabulary.name('Timeout')} under ${longRunningSeconds} s, or run it on a container or batch service`,
            });
          }
        },
      });
      eachNumber(ctx, fn, fn.get('DurableConfig.ExecutionTimeout'), 'DurableConfig.ExecutionTimeout', {
        onNumber: (n, v, when) => {
          if (n > INVOCATION_LIMIT) {
            ctx.report({
              resource: fn.resource, resourceName: fn.name, at: v, path: 'DurableConfig.ExecutionTimeout',
              message: `${fnLabel(fn)} has ${vocabulary.name('DurableConfig.ExecutionTimeout')} ${n} s${when}, longer than the ${INVOCATION_LIMIT} s one invocation may run`,
              help: `Model the workflow in Step Functions, or run it on a container or batch service`,
            });
          }
        },
      });
    }
  },
});
