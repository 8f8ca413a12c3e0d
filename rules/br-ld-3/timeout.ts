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
        terraform: 'Set `timeout` (seconds) in the `aws_lambda_function` block, at most the configured maximum; without it the provider applies 3 s.',
      },
    },
  },
  check(ctx, { maxTimeoutSeconds }) {
    for (const fn of ctx.project.functions) {
      const v = ctx.vocabulary(fn.resource);
      const name = v.name('Timeout');
      const base = { resource: fn.resource, resourceName: fn.name, path: 'Timeout' };
      const help = `Set ${v.write('Timeout', `<seconds>`)} (at most ${maxTimeoutSeconds}) ${v.where('Timeout')}`;
      eachNumber(ctx, fn, fn.get('Timeout'), 'Timeout', {
        onAbsent: (at) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} does not set ${name}, so the default of ${fn.defaults.Timeout} s applies` }),
        onInvalid: (at, when) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${show(at)}${when}, not a number of seconds from 1 to ${PLATFORM_MAX}` }),
        onNumber: (n, at, when) => {
          if (n < 1 || n > PLATFORM_MAX) {
            ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${n}${when}, which is invalid: Lambda accepts 1 to ${PLATFORM_MAX} seconds` });
          } else if (n > maxTimeoutSeconds) {
            ctx.report({
              ...base, at,
              message: `${fnLabel(fn)} has ${name} ${n} s${when}, above the maximum of ${maxTimeoutSeconds} s`,
              help: `Lower it to ${v.write('Timeout', String(maxTimeoutSeconds))} or less, splitting longer work into steps`,
            });
          }
        },
      });
    }
  },
});
