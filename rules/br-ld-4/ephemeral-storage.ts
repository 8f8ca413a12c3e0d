import { defineRule } from '../../src/engine/types.js';
import { eachNumber, fnLabel, show } from '../../src/engine/helpers.js';

export interface Options {
  maxEphemeralStorageMb: number;
}

const PLATFORM_MIN = 512;
const PLATFORM_MAX = 10240;
const PATH = 'EphemeralStorage.Size';

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-4/ephemeral-storage',
    businessRule: 'BR-LD-4',
    description: 'Forbid /tmp (ephemeral storage) larger than the configured maximum without a recorded reason',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        maxEphemeralStorageMb: {
          type: 'integer', minimum: PLATFORM_MIN, maximum: PLATFORM_MAX,
          description: 'Largest EphemeralStorage.Size allowed without a finding, in MB (512 is the free default).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxEphemeralStorageMb: PLATFORM_MIN },
    docs: {
      rationale:
        'The /tmp volume of a Lambda execution environment is volatile: it disappears when the environment is recycled and is never shared between concurrent instances. The free 512 MB suffice for scratch work; asking for more invites keeping data there that the application then expects to find again, so a larger size needs a recorded reason (large transient files, such as media or archives processed within one invocation). It is also billed.',
      remediation: {
        cloudformation: 'Remove `EphemeralStorage` or lower `EphemeralStorage.Size` to the configured maximum; keep persistent data in S3, DynamoDB or EFS. If the size is needed for transient files, suppress the finding with the reason.',
        sam: 'Remove `EphemeralStorage` (on the function and in `Globals.Function`) or lower `Size`; keep persistent data in S3, DynamoDB or EFS, or suppress the finding with the reason.',
        serverless: 'Remove `ephemeralStorageSize` or lower it; keep persistent data in S3, DynamoDB or EFS, or suppress the finding with the reason.',
        cdk: 'Remove `ephemeralStorageSize` or lower it (`Size.mebibytes(512)`); keep persistent data in S3, DynamoDB or EFS, or suppress the finding with the reason.',
        terraform: 'Remove the `ephemeral_storage` block or lower its `size` to the configured maximum; keep persistent data in S3, DynamoDB or EFS, or suppress the finding with the reason.',
      },
    },
  },
  check(ctx, { maxEphemeralStorageMb }) {
    for (const fn of ctx.project.functions) {
      const v = ctx.vocabulary(fn.resource);
      const name = v.name(PATH);
      const base = { resource: fn.resource, resourceName: fn.name, path: PATH };
      const help = `Set ${v.write(PATH, String(maxEphemeralStorageMb))} or less, or remove it (512 MB, the free default)`;
      // Not set: the free default of 512 MB applies, which is what the check asks for.
      eachNumber(ctx, fn, fn.get(PATH), PATH, {
        onInvalid: (at, when) =>
          ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${show(at)}${when}, not a number of MB from ${PLATFORM_MIN} to ${PLATFORM_MAX}` }),
        onNumber: (n, at, when) => {
          if (n < PLATFORM_MIN || n > PLATFORM_MAX || !Number.isInteger(n)) {
            ctx.report({ ...base, at, help, message: `${fnLabel(fn)} has ${name} ${n}${when}, which is invalid: Lambda accepts whole MB from ${PLATFORM_MIN} to ${PLATFORM_MAX}` });
          } else if (n > maxEphemeralStorageMb) {
            ctx.report({
              ...base, at,
              message: `${fnLabel(fn)} has ${name} ${n} MB${when}, above the maximum of ${maxEphemeralStorageMb} MB, which invites keeping data in volatile /tmp`,
              help: `Lower it to ${v.write(PATH, String(maxEphemeralStorageMb))} and keep persistent data in S3, DynamoDB or EFS, or record the reason in a suppression`,
            });
          }
        },
      });
    }
  },
});
