import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel, groupName } from '../../src/engine/helpers.js';
import { globMatch } from '../../src/engine/globs.js';
import { logGroupArn, logGroupIdentity, renderText } from '../../src/engine/log-groups.js';
import { buildRole } from '../../src/model/iam.js';
import type { LambdaFunction, Resource, Role, Statement } from '../../src/model/types.js';
import { describeConditions, readableVariants, show, variants, type Value, type VUnknown } from '../../src/model/value.js';

const ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * AWS managed policies that let a function write its logs (any partition): the catalogue's list,
 * plus the newer durable-functions basic policy (which SAM attaches to durable functions' roles)
 * and the legacy AWSLambdaExecute and PowerUserAccess, which grant `logs:*`/`*` as well.
 */
const LOG_WRITING_POLICIES = [
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaBasicDurableExecutionRolePolicy',
  'AWSLambdaExecute',
  'PowerUserAccess',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaKinesisExecutionRole',
  'AWSLambdaDynamoDBExecutionRole',
  'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaMSKExecutionRole',
  'CloudWatchLogsFullAccess',
  'AdministratorAccess',
];
const MANAGED_ARN = /^arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):iam::aws:policy\/(?:service-role\/)?([A-Za-z0-9+=,.@_-]+)$/;

/** Whether something holds: yes, no, or depends on a value the linter cannot see. */
type Tri = true | false | VUnknown;

export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-2/execution-role-logging',
    businessRule: 'BR-LD-2',
    description: "Require the function's execution role to allow writing its logs",
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'A Lambda function writes its logs with its execution role. When the role allows neither `logs:CreateLogStream` nor `logs:PutLogEvents` on the function’s log group, or denies them, the function runs without leaving a trace: no log reaches CloudWatch, so none can be forwarded to CMS enterprise security logging, which BR-LD-2 requires.',
      remediation: {
        cloudformation:
          'Add `arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole` to the role’s `ManagedPolicyArns`, or a statement allowing `logs:CreateLogStream` and `logs:PutLogEvents` on `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/<name>:*`; remove any Deny of them.',
        sam: 'Let SAM create the role (omit `Role`: it attaches AWSLambdaBasicExecutionRole), or give the role you pass in `Role` the managed policy or statements above.',
        serverless: 'Keep the framework’s role (it grants log writes to the function’s group), or add the statements to `provider.iam.role.statements` of a custom role.',
        cdk: 'Keep the role `lambda.Function` creates (it has AWSLambdaBasicExecutionRole), or add `iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")` to a custom role.',
        terraform: 'Attach `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole` to the function\'s `aws_iam_role` (`aws_iam_role_policy_attachment`), or allow `logs:CreateLogStream` and `logs:PutLogEvents` on `"${aws_cloudwatch_log_group.x.arn}:*"`; remove any Deny of them.',
      },
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      if (fn.role?.resource) {
        checkRole(ctx, fn, fn.role, fn.roleValue, '');
        continue;
      }
      if (fn.roleValue.kind !== 'choice') {
        external(ctx, fn, fn.roleValue);
        continue;
      }
      // `Role: !If [Cond, !GetAtt RoleA.Arn, ...]`: each branch's role.
      for (const { value, conditions } of variants(fn.roleValue)) {
        const r = roleResource(fn, value);
        if (r) checkRole(ctx, fn, buildRole(r, r.template.resources.values(), ctx.project.referrers), value, describeConditions(conditions));
        else if (value.kind !== 'absent') external(ctx, fn, value);
      }
    }
  },
});

/** The AWS::IAM::Role of the function's template a Role value refers to (Ref, GetAtt, Sub). */
function roleResource(fn: LambdaFunction, v: Value): Resource | undefined {
  const ids = v.kind === 'ref' ? [v.target] : v.kind === 'template' ? v.parts.flatMap((p) => (typeof p !== 'string' && p.kind === 'ref' ? [p.target] : [])) : [];
  for (const id of ids) {
    const r = fn.resource.template.resources.get(id);
    if (r?.type === 'AWS::IAM::Role') return r;
  }
  return undefined;
}

/** A role from outside the project is an unknown value. */
function external(ctx: RuleContext, fn: LambdaFunction, v: Value): void {
  const reason =
    v.kind === 'unknown'
      ? v.reason
      : v.kind === 'absent'
        ? 'the function sets no Role'
        : v.kind === 'lit' && v.value === null
          ? 'the function sets Role to null'
          : `the execution role ${show(v)} is defined outside the project`;
  ctx.unverifiable({ kind: 'unknown', source: 'external', reason, loc: v.loc }, 'execution role', fn.resource, fn.name);
}

function checkRole(ctx: RuleContext, fn: LambdaFunction, role: Role, at: Value, when: string): void {
  const group = logGroupIdentity(ctx.project, fn);
  const roleName = role.resource!.logicalId;
  const target = group.names[0] ?? (group.binding.resource ? `\${${group.binding.resource.logicalId}}` : undefined);
  if (target === undefined) {
    ctx.unverifiable(group.unknown ?? { kind: 'unknown', source: 'intrinsic', reason: 'the log group name is not known', loc: fn.resource.keyLoc }, "the function's log group", fn.resource, fn.name);
    return;
  }
  // Lambda writes to log streams of the group: `...:log-group:NAME:log-stream:STREAM`.
  const streamArn = `${logGroupArn(target)}:log-stream:\${AWS::LogStream}`;
  // Whether a statement's resources cover the stream does not depend on the action: match once.
  const onStream = new Map<Statement, Tri>();
  const covers = (s: Statement, a: Action): Tri => statementCovers(s, a, fn, () => {
    let r = onStream.get(s);
    if (r === undefined) onStream.set(s, (r = resourcesCover(s, streamArn, fn)));
    return r;
  });

  for (const s of role.statements) {
    if (s.effect !== 'Deny') continue;
    const denied = ACTIONS.filter((a) => covers(s, a) === true);
    if (denied.length === 0) continue;
    ctx.report({
      resource: fn.resource,
      resourceName: fn.name,
      at: s.loc,
      path: `Role.Deny${when}`,
      message: `${fnLabel(fn, groupName(group))}: its role ${roleName}${when} denies ${denied.join(' and ')} on its ${groupName(group)}, so it writes no logs`,
      help: `Remove the Deny (in ${s.origin}), or narrow it so that it does not cover the function's log group`,
    });
    return;
  }

  const unknowns: VUnknown[] = [];
  if (managedPolicyGrants(role, unknowns)) return;
  const missing: Action[] = [];
  for (const a of ACTIONS) {
    let covered = false;
    for (const s of role.statements) {
      if (s.effect !== 'Allow') continue;
      const c = covers(s, a);
      if (c === true) {
        covered = true;
        break;
      }
      if (c !== false) unknowns.push(c);
    }
    if (!covered) missing.push(a);
  }
  if (missing.length === 0) return;
  if (unknowns.length > 0 || group.unknown) {
    ctx.unverifiable(unknowns[0] ?? group.unknown!, `log permissions of execution role ${roleName}`, fn.resource, fn.name);
    return;
  }
  const v = ctx.vocabulary(role.resource!);
  ctx.report({
    resource: fn.resource,
    resourceName: fn.name,
    at,
    path: `Role${when}`,
    message: `${fnLabel(fn, groupName(group))}: its role ${roleName}${when} does not allow ${missing.join(' or ')} on its ${groupName(group)}, so it writes no logs`,
    help: `Attach AWSLambdaBasicExecutionRole (${v.name('ManagedPolicyArns')}), or allow logs:CreateLogStream and logs:PutLogEvents on \`${logGroupArn(target)}:*\` in ${v.name('PolicyStatements')}`,
  });
}

/** Does one of the role's managed policies (AWSLambdaBasicExecutionRole, ...) grant log writes? */
function managedPolicyGrants(role: Role, unknowns: VUnknown[]): boolean {
  for (const arn of role.managedPolicyArns) {
    let all = true;
    for (const { value } of variants(arn)) {
      if (value.kind === 'unknown') {
        unknowns.push(value);
        all = false;
        continue;
      }
      const text = renderText(value, role.resource!);
      const name = text === undefined ? undefined : MANAGED_ARN.exec(text)?.[1];
      if (!name || !LOG_WRITING_POLICIES.includes(name)) all = false;
    }
    if (all) return true;
  }
  return false;
}

/**
 * Does the statement apply to the action on the log stream ARN? Actions match as IAM does
 * (wildcards, case-insensitive); resources match with pseudo parameters structural and a
 * generated name matched only by a wildcard (`resourceApplies`, the same for both actions).
 * NotAction / NotResource invert the test.
 */
function statementCovers(s: Statement, action: Action, fn: LambdaFunction, resourceApplies: () => Tri): Tri {
  const act = anyMatches(s.actions, (text) => globMatch(text, action, { caseInsensitive: true, subjectPlaceholders: 'none' }), fn);
  const actionApplies = s.notActions ? invert(act) : act;
  if (actionApplies === false) return false;
  const res = resourceApplies();
  if (res === false) return false;
  if (actionApplies !== true) return actionApplies;
  return res;
}

/** Does the statement's Resource (or NotResource) apply to the log stream ARN? */
function resourcesCover(s: Statement, arn: string, fn: LambdaFunction): Tri {
  const res = anyMatches(s.resources, (text) => globMatch(text, arn, { subjectPlaceholders: 'pseudo' }), fn);
  return s.notResources ? invert(res) : res;
}

function invert(t: Tri): Tri {
  return t === true ? false : t === false ? true : t;
}

/** true when a value of the list matches, an unknown when none does but one cannot be read. */
function anyMatches(values: Value[], test: (text: string) => boolean, fn: LambdaFunction): Tri {
  let unknown: VUnknown | undefined;
  for (const v of values) {
    const readable = readableVariants(v);
    unknown ??= readable.unknown;
    for (const value of readable.values) {
      const text = renderText(value, fn.resource);
      if (text !== undefined && test(text)) return true;
    }
  }
  return unknown ?? false;
}
