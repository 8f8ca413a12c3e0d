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
        terraform: 'Set `reserved_concurrent_executions` in the `aws_lambda_function` block to the largest parallelism the workload and budget allow (`-1`, the provider default, means no reservation).',
      },
    },
  },
  check(ctx, { maxReservedConcurrency }) {
    const max = typeof maxReservedConcurrency === 'number' ? maxReservedConcurrency : undefined;
    const limit = max === undefined ? '' : ` (at most ${max})`;
    for (const fn of ctx.project.functions) {
      const v = ctx.vocabulary(fn.resource);
      const name = v.name(PATH);
      const base = { resource: fn.resource, resourceName: fn.name, path: PATH };
      const help = `Set ${v.write(PATH, '<n>')}${limit}, the most parallel executions the budget allows, ${v.where(PATH)}`;
      eachNumber(ctx, fn, fn.get(PATH), PATH, {
        onAbsent: (at, when) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} does not set ${name}${when}, so only the account's limit caps its concurrency and cost` }),
        onInvalid: (at, when) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${show(at)}${when}, not a whole number of concurrent executions` }),
        onNumber: (n, at, when) => {
          if (n < 0 || !Number.isInteger(n)) {
            ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${n}${when}, which is invalid: it must be a whole number, 0 or more` });
          } else if (n === 0) {
            ctx.report({
              ...base, at, severity: 'info',
              message: `${fnLabel(fn)} has ${name} 0${when}, so every invocation is throttled and the function is disabled`,
              help: `Remove the function, or set ${v.write(PATH, '<n>')} to a positive number if it should run`,
            });
          } else if (max !== undefined && n > max) {
            ctx.report({ ...base, at, message: `${fnLabel(fn)} has ${name} ${n}${when}, above the maximum of ${max}`, help: `Lower it to ${v.write(PATH, String(max))} or less` });
          }
        },
      });
    }
  },
});
