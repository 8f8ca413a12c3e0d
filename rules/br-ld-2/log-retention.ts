import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { eachNumber, fnLabel, groupName, show } from '../../src/engine/helpers.js';
import { logGroupIdentity } from '../../src/engine/log-groups.js';
import type { LambdaFunction } from '../../src/model/types.js';
import type { Loc } from '../../src/parse/index.js';
import type { Value } from '../../src/model/value.js';

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
        cdk: 'Pass `logGroup: new logs.LogGroup(this, ..., { retention: logs.RetentionDays.ONE_YEAR })` to the function. The older `logRetention: logs.RetentionDays.ONE_YEAR` also counts: its `Custom::LogRetention` is checked like a log group, and `RetentionDays.INFINITE` (no `RetentionInDays`) removes the retention.',
        terraform: 'Declare an `aws_cloudwatch_log_group` named `/aws/lambda/<function_name>` (or the group of `logging_config { log_group }`) with `retention_in_days` within the allowed range (absent or `0` keeps logs forever).',
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
      const custom = group.retention;
      if (custom) {
        // CDK `logRetention`: a Custom::LogRetention sets the retention of a group the template does not declare.
        const v = ctx.vocabulary(fn.resource);
        checkRetention(ctx, fn, custom.get('RetentionInDays'), `RetentionInDays of Custom::LogRetention ${custom.logicalId}`, `${groupName(group)} (Custom::LogRetention ${custom.logicalId})`, minRetentionDays, maxRetentionDays, (when) => ({
          at: custom.keyLoc,
          message: `${fnLabel(fn)}: Custom::LogRetention ${custom.logicalId} sets no retention${when}, so CloudWatch keeps its logs forever`,
        }), (example) => `Set ${v.write('LogRetention', example)} (${range}) ${v.where('LogRetention')}`);
        continue;
      }
      const resource = group.binding.resource;
      if (!resource) {
        const configured = fn.get('LoggingConfig.LogGroup');
        if (group.unknown && group.mayBeManaged) {
          ctx.unverifiable(group.unknown, group.binding.configured ? 'LoggingConfig.LogGroup' : "the function's log group name", fn.resource, fn.name);
          continue;
        }
        if (group.retentionUnknown) {
          ctx.unverifiable(group.retentionUnknown.value, `LogGroupName of Custom::LogRetention ${group.retentionUnknown.resource.logicalId}`, fn.resource, fn.name);
          continue;
        }
        const v = ctx.vocabulary(fn.resource);
        ctx.report({
          resource: fn.resource,
          resourceName: fn.name,
          at: configured.kind !== 'absent' ? configured : fn.resource.keyLoc,
          path: 'LogGroup',
          message: `${fnLabel(fn, groupName(group))}: its ${groupName(group)} is not managed in the project, so CloudWatch keeps its logs forever`,
          // The framework declares the group itself unless `disableLogs` is set.
          help: v.dialect === 'serverless'
            ? `Remove \`disableLogs\` and set ${v.write('RetentionInDays', '<days>')} (${range}) ${v.where('RetentionInDays')}`
            : `Declare the log group as ${v.type('AWS::Logs::LogGroup')} with ${v.write('RetentionInDays', retentionExample(v.dialect))} (${range})`,
        });
        continue;
      }
      const v = ctx.vocabulary(resource);
      checkRetention(ctx, fn, resource.get('RetentionInDays'), `RetentionInDays of log group ${resource.logicalId}`, groupName(group), minRetentionDays, maxRetentionDays, () => ({
        at: resource.keyLoc,
        message: `${fnLabel(fn, groupName(group))}: its ${groupName(group)} does not set ${v.name('RetentionInDays')}, so CloudWatch keeps its logs forever`,
      }), (example) => `Set ${v.write('RetentionInDays', example)} (${range}) ${v.where('RetentionInDays')}`);
    }
  },
});

/**
 * Checks the RetentionInDays that applies to the function's group (of its AWS::Logs::LogGroup, or
 * of the Custom::LogRetention that sets it) against the bounds; `absent` words the finding when it is not set.
 */
function checkRetention(
  ctx: RuleContext,
  fn: LambdaFunction,
  days: Value,
  what: string,
  label: string,
  minRetentionDays: number | undefined,
  maxRetentionDays: number | undefined,
  absent: (when: string) => { at: Loc; message: string },
  help: (example: string) => string,
): void {
  const example = retentionExample(ctx.vocabulary(fn.resource).dialect);
  eachNumber(ctx, fn, days, what, {
    onAbsent: (_v, when) => ctx.report({ resource: fn.resource, resourceName: fn.name, path: 'LogGroup.RetentionInDays', help: help(example), ...absent(when) }),
    onInvalid: (v, when) =>
      ctx.report({
        resource: fn.resource,
        resourceName: fn.name,
        at: v,
        path: 'LogGroup.RetentionInDays',
        message: `${fnLabel(fn, label)}: its ${label} has a retention of ${show(v)}${when}, not a number of days`,
        help: help(example),
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
        message: `${fnLabel(fn, label)}: its ${label} keeps logs ${n} days${when}, ${low ? `below the minimum of ${minRetentionDays}` : `above the maximum of ${maxRetentionDays}`} days`,
        help: help(example),
      });
    },
  });
}

/** A retention as the dialect writes it: days, or a CDK `RetentionDays` member. */
function retentionExample(dialect: string): string {
  return dialect === 'cdk' ? '<period>' : '<days>';
}
