import { defineRule } from '../../src/engine/types.js';
import { eachNumber, fnLabel, show } from '../../src/engine/helpers.js';

export interface Options {
  maxTimeoutSeconds: number;
}

const PLATFORM_MAX = 900;

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-3/timeout',
    businessRule: 'BR-LD-3',
    description: 'Require an explicit function timeout within the configured maximum',
    defaultSeverity: 'error',
    schema: {
      type: 'object',
      properties: { maxTimeoutSeconds: { type: 'integer', minimum: 1, maximum: PLATFORM_MAX, description: 'Largest Timeout allowed, in seconds.' } },
      additionalProperties: false,
    },
    defaultOptions: { maxTimeoutSeconds: PLATFORM_MAX },
    docs: {
      rationale:
        'A timeout bounds what one invocation can cost. Left unset, the platform default applies (3 s in CloudFormation and SAM, 6 s in the Serverless Framework), which hides the decision from review; set too high, a stuck invocation bills for up to 15 minutes.',
      remediation: {
        cloudformation: 'Set `Timeout` (seconds) on the `AWS::Lambda::Function`, at most the configured maximum.',
        sam: 'Set `Timeout` on the function or once for all functions in `Globals.Function.Timeout`.',
        serverless: 'Set `timeout` on the function or `provider.timeout` for all functions.',
        cdk: 'Pass `timeout: Duration.seconds(n)` to `new lambda.Function(...)`.',
      },
    },
  },
  check(ctx, { maxTimeoutSeconds }) {
    for (const fn of ctx.project.functions) {
      eachNumber(ctx, fn, fn.get('Timeout'), 'Timeout', {
        onAbsent: (v) =>
          ctx.report({
            resource: fn.resource, resourceName: fn.name, at: v, path: 'Timeout',
            message: `${fnLabel(fn)} does not set Timeout, so the platform default of ${fn.defaults.Timeout} s applies. Set Timeout explicitly (at most ${maxTimeoutSeconds} s).`,
          }),
        onInvalid: (v, when) =>
          ctx.report({ resource: fn.resource, resourceName: fn.name, at: v, path: 'Timeout', message: `${fnLabel(fn)} has Timeout ${show(v)}${when}, which is not a number of seconds between 1 and ${PLATFORM_MAX}.` }),
        onNumber: (n, v, when) => {
          if (n < 1 || n > PLATFORM_MAX) {
            ctx.report({ resource: fn.resource, resourceName: fn.name, at: v, path: 'Timeout', message: `${fnLabel(fn)} has Timeout ${n}${when}, which is invalid: Lambda accepts 1 to ${PLATFORM_MAX} seconds.` });
          } else if (n > maxTimeoutSeconds) {
            ctx.report({ resource: fn.resource, resourceName: fn.name, at: v, path: 'Timeout', message: `${fnLabel(fn)} has Timeout ${n} s${when}, above the maximum of ${maxTimeoutSeconds} s. Lower Timeout to at most ${maxTimeoutSeconds} s.` });
          }
        },
      });
    }
  },
});
