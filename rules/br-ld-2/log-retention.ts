import { defineRule } from '../../src/engine/types.js';
import { eachNumber, fnLabel, show } from '../../src/engine/helpers.js';
import { logGroupIdentity } from '../../src/engine/log-groups.js';

export interface Options {
  minRetentionDays?: number;
  maxRetentionDays?: number;
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-2/log-retention',
    businessRule: 'BR-LD-2',
    description: "Require the function's log group to be managed in the project with a retention period within the configured bounds",
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        minRetentionDays: { type: 'integer', minimum: 1, description: 'Shortest RetentionInDays allowed (for example the records-retention minimum). No minimum by default.' },
        maxRetentionDays: { type: 'integer', minimum: 1, description: 'Longest RetentionInDays allowed (for example to limit how long logs that may contain sensitive data are kept). No maximum by default.' },
      },
      additionalProperties: false,
    },
    defaultOptions: {},
    docs: {
      rationale:
        'Security logs are evidence only while they are kept, and a liability when kept without end. A log group that the function creates implicitly on first write is not managed by the template: its retention and encryption are never set, so CloudWatch keeps the logs forever, outside the review that approved the function. BR-LD-2 asks for logging integrated with CMS practice, which includes a deliberate retention period.',
      remediation: {
        cloudformation: 'Declare an `AWS::Logs::LogGroup` named `/aws/lambda/<FunctionName>` (or the group named in `LoggingConfig.LogGroup`) with `RetentionInDays` within the allowed range (and `KmsKeyId`).',
        sam: 'Declare an `AWS::Logs::LogGroup` with `LogGroupName: !Sub /aws/lambda/${Function}` and `RetentionInDays`, or point `LoggingConfig.LogGroup` (also in `Globals.Function`) at a managed group.',
        serverless: 'Set `provider.logRetentionInDays` (or the function’s `logRetentionInDays`); do not set `disableLogs`.',
        cdk: 'Pass `logGroup: new logs.LogGroup(this, ..., { retention: logs.RetentionDays.ONE_YEAR })` (or `logRetention`) to the function.',
      },
    },
  },
  check(ctx, { minRetentionDays, maxRetentionDays }) {
    const range =
      minRetentionDays !== undefined && maxRetentionDays !== undefined
        ? `between ${minRetentionDays} and ${maxRetentionDays} days`
        : minRetentionDays !== undefined
          ? `at least ${minRetentionDays} days`
          : maxRetentionDays !== undefined
            ? `at most ${maxRetentionDays} days`
            : 'a bounded number of days';
    for (const fn of ctx.project.functions) {
      const group = logGroupIdentity(ctx.project, fn);
      const resource = group.binding.resource;
      if (!resource) {
        const configured = fn.get('LoggingConfig.LogGroup');
        if (group.unknown) {
          ctx.unverifiable(group.unknown, group.binding.configured ? 'LoggingConfig.LogGroup' : "the function's log group name", fn.resource, fn.name);
          continue;
        }
        ctx.report({
          resource: fn.resource,
          resourceName: fn.name,
          at: configured.kind !== 'absent' ? configured : fn.resource.keyLoc,
          path: 'LogGroup',
          message: `${fnLabel(fn)}: its ${group.label} is not managed in the project, so its retention and encryption are unmanaged and CloudWatch keeps its logs forever. Declare the AWS::Logs::LogGroup with RetentionInDays (${range}).`,
        });
        continue;
      }
      eachNumber(ctx, fn, resource.get('RetentionInDays'), `RetentionInDays of log group ${resource.logicalId}`, {
        onAbsent: () =>
          ctx.report({
            resource: fn.resource,
            resourceName: fn.name,
            at: resource.keyLoc,
            path: 'LogGroup.RetentionInDays',
            message: `${fnLabel(fn)}: its ${group.label} does not set RetentionInDays, so CloudWatch keeps its logs forever. Set RetentionInDays (${range}).`,
          }),
        onInvalid: (v, when) =>
          ctx.report({
            resource: fn.resource,
            resourceName: fn.name,
            at: v,
            path: 'LogGroup.RetentionInDays',
            message: `${fnLabel(fn)}: its ${group.label} has RetentionInDays ${show(v)}${when}, which is not a number of days. Set RetentionInDays (${range}).`,
          }),
        onNumber: (n, v, when) => {
          const low = minRetentionDays !== undefined && n < minRetentionDays;
          const high = maxRetentionDays !== undefined && n > maxRetentionDays;
          if (!low && !high) return;
          ctx.report({
            resource: fn.resource,
            resourceName: fn.name,
            at: v,
            path: 'LogGroup.RetentionInDays',
            message: `${fnLabel(fn)}: its ${group.label} keeps logs ${n} days${when}, ${low ? `below the minimum of ${minRetentionDays}` : `above the maximum of ${maxRetentionDays}`} days. Set RetentionInDays ${range}.`,
          });
        },
      });
    }
  },
});
