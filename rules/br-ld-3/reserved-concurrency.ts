import { defineRule } from '../../src/engine/types.js';
import { eachNumber, fnLabel, show } from '../../src/engine/helpers.js';

export interface Options {
  /** Largest ReservedConcurrentExecutions allowed; null: no maximum. */
  maxReservedConcurrency: number | null;
}

const PATH = 'ReservedConcurrentExecutions';

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-3/reserved-concurrency',
    businessRule: 'BR-LD-3',
    description: 'Require reserved concurrency on every function, within the configured maximum',
    defaultSeverity: 'error',
    schema: {
      type: 'object',
      properties: {
        maxReservedConcurrency: {
          type: ['integer', 'null'],
          minimum: 0,
          description: 'Largest ReservedConcurrentExecutions allowed; null (the default) sets no maximum, only requires the setting.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxReservedConcurrency: null },
    docs: {
      rationale:
        'Reserved concurrency is the only hard ceiling on how many instances of a function run at once, and so on what a traffic spike, a retry storm or a recursive invocation loop can cost. Without it a function scales to the account\'s unreserved concurrency and can also starve the other functions of the account. A value of 0 throttles every invocation: the function is disabled, which is worth knowing but not a cost risk.',
      remediation: {
        cloudformation: 'Set `ReservedConcurrentExecutions` on the `AWS::Lambda::Function` to the largest parallelism the workload and budget allow.',
        sam: 'Set `ReservedConcurrentExecutions` on the function, or once for all functions in `Globals.Function.ReservedConcurrentExecutions`.',
        serverless: 'Set `reservedConcurrency` on the function.',
        cdk: 'Pass `reservedConcurrentExecutions: n` to `new lambda.Function(...)`.',
      },
    },
  },
  check(ctx, { maxReservedConcurrency }) {
    const max = typeof maxReservedConcurrency === 'number' ? maxReservedConcurrency : undefined;
    const limit = max === undefined ? '' : ` (at most ${max})`;
    for (const fn of ctx.project.functions) {
      const at = { resource: fn.resource, resourceName: fn.name, path: PATH };
      eachNumber(ctx, fn, fn.get(PATH), PATH, {
        onAbsent: (v, when) =>
          ctx.report({
            ...at, at: v,
            message: `${fnLabel(fn)} does not set ReservedConcurrentExecutions${when}, so its parallelism (and cost) is bounded only by the account's unreserved concurrency. Set ReservedConcurrentExecutions${limit}.`,
          }),
        onInvalid: (v, when) =>
          ctx.report({ ...at, at: v, message: `${fnLabel(fn)} has ReservedConcurrentExecutions ${show(v)}${when}, which is not a whole number of concurrent executions. Set it to a number${limit}.` }),
        onNumber: (n, v, when) => {
          if (n < 0 || !Number.isInteger(n)) {
            ctx.report({ ...at, at: v, message: `${fnLabel(fn)} has ReservedConcurrentExecutions ${n}${when}, which is invalid: it must be a whole number, 0 or more.` });
          } else if (n === 0) {
            ctx.report({
              ...at, at: v, severity: 'info',
              message: `${fnLabel(fn)} has ReservedConcurrentExecutions 0${when}: the function is disabled (every invocation is throttled). Remove the function, or set a positive value if it should run.`,
            });
          } else if (max !== undefined && n > max) {
            ctx.report({ ...at, at: v, message: `${fnLabel(fn)} has ReservedConcurrentExecutions ${n}${when}, above the maximum of ${max}. Lower it to at most ${max}.` });
          }
        },
      });
    }
  },
});
