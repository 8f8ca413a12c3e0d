import { defineRule } from '../../src/engine/types.js';
import { eachNumber, fnLabel, show } from '../../src/engine/helpers.js';

export interface Options {
  maxMemoryMb: number;
}

const PLATFORM_MIN = 128;
const PLATFORM_MAX = 10240;
const PATH = 'MemorySize';

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-3/memory',
    businessRule: 'BR-LD-3',
    description: 'Require an explicit function memory size within the configured maximum',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        maxMemoryMb: { type: 'integer', minimum: PLATFORM_MIN, maximum: PLATFORM_MAX, description: 'Largest MemorySize allowed, in MB.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxMemoryMb: PLATFORM_MAX },
    docs: {
      rationale:
        'Lambda bills every invocation by memory size times duration, and memory also sets the CPU share. Left unset, the platform default applies (128 MB in CloudFormation and SAM, 1024 MB in the Serverless Framework), so the cost-relevant choice is never reviewed; set too high, every invocation pays for memory it does not use.',
      remediation: {
        cloudformation: 'Set `MemorySize` (MB, 128 to 10240) on the `AWS::Lambda::Function`, at most the configured maximum.',
        sam: 'Set `MemorySize` on the function or once for all functions in `Globals.Function.MemorySize`.',
        serverless: 'Set `memorySize` on the function or `provider.memorySize` for all functions.',
        cdk: 'Pass `memorySize: n` to `new lambda.Function(...)`.',
        terraform: 'Set `memory_size` (MB, 128 to 10240) in the `aws_lambda_function` block, at most the configured maximum; without it the provider applies 128 MB.',
      },
    },
  },
  check(ctx, { maxMemoryMb }) {
    for (const fn of ctx.project.functions) {
      const v = ctx.vocabulary(fn.resource);
      const name = v.name(PATH);
      const base = { resource: fn.resource, resourceName: fn.name, path: PATH };
      const help = `Set ${v.write(PATH, '<MB>')} (${PLATFORM_MIN} to ${maxMemoryMb}) ${v.where(PATH)}`;
      eachNumber(ctx, fn, fn.get(PATH), PATH, {
        onAbsent: (at, when) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} does not set ${name}${when}, so the default of ${fn.defaults.MemorySize} MB applies` }),
        onInvalid: (at, when) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${show(at)}${when}, not a number of MB from ${PLATFORM_MIN} to ${PLATFORM_MAX}` }),
        onNumber: (n, at, when) => {
          if (n < PLATFORM_MIN || n > PLATFORM_MAX || !Number.isInteger(n)) {
            ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${n}${when}, which is invalid: Lambda accepts whole MB from ${PLATFORM_MIN} to ${PLATFORM_MAX}` });
          } else if (n > maxMemoryMb) {
            ctx.report({
              ...base, at,
              message: `${fnLabel(fn)} has ${name} ${n} MB${when}, above the maximum of ${maxMemoryMb} MB`,
              help: `Lower it to ${v.write(PATH, String(maxMemoryMb))} or less`,
            });
          }
        },
      });
    }
  },
});
