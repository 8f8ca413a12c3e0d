import type { Loc } from '../../src/parse/index.js';
import { defineRule, type LambdaFunction, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { arnTargetForFunction, GENERATED_NAME, matchResource, statementAllows, statementCovers, type ArnTarget } from '../../src/engine/iam-match.js';
import { resolveFunctions } from '../../src/engine/function-targets.js';
import type { Statement } from '../../src/model/types.js';
import { describeConditions, templateText, variants, type Value } from '../../src/model/value.js';

const INVOKE = 'lambda:InvokeFunction';

/** AWS managed policies that allow lambda:InvokeFunction on every function. */
const INVOKE_ALL_MANAGED = /:policy\/(?:service-role\/)?(?:AWSLambdaRole|AWSLambda_FullAccess|AWSLambdaFullAccess|AdministratorAccess|PowerUserAccess)$/;

/** Environment variable names that suggest a function reference (for unknown values). */
const FUNCTION_NAME_TOKENS = /(^|_)(FUNCTION|FN|LAMBDA)(_|$)/i;

/** A function no project function can be: stands for "every function" when matching `*`. */
const ANY_FUNCTION: ArnTarget = {
  physicalNames: [],
  arnPatterns: [`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${GENERATED_NAME}`],
};

interface Evidence {
  how: string;
  at: Value | Loc;
  when: string;
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'RP-LD-1/lambda-chaining',
    businessRule: 'RP-LD-1',
    description: 'Flag functions that invoke other functions of the project',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'RP-LD-1 recommends avoiding complex application programming in Lambda. A function that invokes another function (synchronously through the Invoke API, or as its asynchronous destination) builds a workflow out of functions: the caller waits and is billed while the callee runs, failures and retries compound, and the flow of the application is hidden in code and permissions instead of being visible in an orchestrator. The check looks at what makes a chain possible: execution-role permissions to invoke a function of the project, environment variables that hand a function its name or ARN, and asynchronous destinations.',
      remediation: {
        cloudformation:
          'Remove `lambda:InvokeFunction` on the other function from the execution role, the environment variable that names it and the `AWS::Lambda::EventInvokeConfig` `DestinationConfig` that targets it; orchestrate the steps with an `AWS::StepFunctions::StateMachine` or hand off through a queue or EventBridge.',
        sam: 'Remove the `LambdaInvokePolicy` (or statement allowing `lambda:InvokeFunction`) and the environment variable naming the other function, and the `EventInvokeConfig.DestinationConfig` of `Type: Lambda`; orchestrate with an `AWS::Serverless::StateMachine` or an SQS/EventBridge hand-off.',
        serverless: 'Remove the `iam.role.statements` entry allowing `lambda:InvokeFunction`, the environment variable naming the other function and the function\'s `destinations` that target a function; orchestrate with serverless-step-functions or an SQS/EventBridge hand-off.',
        cdk: 'Do not call `otherFunction.grantInvoke(fn)` or pass `otherFunction.functionName` in `environment`, and do not use `destinations.LambdaDestination`; orchestrate with `sfn.StateMachine` or an SQS/EventBridge hand-off.',
        terraform: 'Remove `lambda:InvokeFunction` on the other function from the role\'s policy and the destination or variable that names it; hand off through a queue, an event bus or an `aws_sfn_state_machine` instead.',
      },
    },
  },
  check(ctx) {
    const functions = ctx.project.functions;
    if (functions.length < 2) return;
    // ARN targets once per run: a project of n functions checks n x n pairs.
    const allTargets = new Map(functions.map((o) => [o, arnTargetForFunction(o)]));
    for (const fn of functions) checkFunction(ctx, fn, functions.filter((f) => f !== fn), allTargets);
  },
});

function checkFunction(ctx: RuleContext, fn: LambdaFunction, others: LambdaFunction[], targets: Map<LambdaFunction, ArnTarget>): void {
  const pairs = new Map<LambdaFunction, Evidence[]>();
  const add = (target: LambdaFunction, e: Evidence) => {
    const list = pairs.get(target);
    if (list) list.push(e);
    else pairs.set(target, [e]);
  };

  // 1. The execution role.
  const role = fn.role;
  if (role) {
    const denied = (o: LambdaFunction) => role.statements.some((s) => s.effect === 'Deny' && statementAllows(s, INVOKE) && statementCovers(s, targets.get(o)!) === 'yes');
    const reachable = others.filter((o) => !denied(o));
    let wildcardReported = false;
    const reportWildcard = (how: string, at: Value | Loc) => {
      if (wildcardReported || reachable.length === 0) return;
      wildcardReported = true;
      // At most 20 names: a message must not grow with the square of the project.
      const names = reachable.length > 20 ? [...reachable.slice(0, 20).map((o) => o.name), `${reachable.length - 20} more`] : reachable.map((o) => o.name);
      ctx.report({
        resource: fn.resource, resourceName: fn.name, at, path: 'Invokes.*',
        message: `${fnLabel(fn)} can invoke any function of the project (${reachable.length} function${reachable.length === 1 ? '' : 's'}: ${list(names)}) through ${how}, which allows ${INVOKE} on every function. Chained functions hide the workflow and compound cost and failures: grant ${INVOKE} only where needed and orchestrate the steps with Step Functions or events.`,
      });
    };
    for (const m of role.managedPolicyArns) {
      for (const { value } of variants(m)) {
        const text = templateText(value);
        if (text && INVOKE_ALL_MANAGED.test(text)) reportWildcard(`managed policy ${text.slice(text.lastIndexOf('/') + 1)}`, value);
      }
    }
    for (const raw of role.statements) {
      if (raw.effect !== 'Allow' || !statementAllows(raw, INVOKE)) continue;
      const stmt = withoutOtherAccounts(raw);
      if (statementCovers(stmt, ANY_FUNCTION) === 'yes') {
        reportWildcard(`execution role statement (${stmt.origin})`, firstMatching(stmt, ANY_FUNCTION) ?? stmt.loc);
        continue;
      }
      let unknownAt: Value | undefined;
      for (const o of reachable) {
        const target = targets.get(o)!;
        const covers = statementCovers(stmt, target);
        if (covers === 'yes') add(o, { how: `execution role statement (${stmt.origin}) allowing ${INVOKE}`, at: firstMatching(stmt, target) ?? stmt.loc, when: '' });
        else if (covers === 'unknown') unknownAt ??= stmt.resources.find((r) => matchResource(r, target) === 'unknown');
      }
      if (unknownAt && !isImport(unknownAt)) ctx.unverifiable(unknownAt, `Resource of execution role statement (${stmt.origin}) allowing ${INVOKE}`, fn.resource, fn.name);
    }
  } else if (fn.roleValue.kind !== 'absent') {
    ctx.unverifiable(
      fn.roleValue.kind === 'unknown' ? fn.roleValue : { kind: 'unknown', source: 'external', reason: 'the execution role is not defined in the project', loc: fn.roleValue.loc },
      'execution role permissions to invoke other functions', fn.resource, fn.name,
    );
  }

  // 2. Asynchronous destinations.
  for (const d of fn.destinations) {
    for (const t of resolveFunctions(ctx.project, d.target, { template: fn.resource.template })) {
      const how = destinationLabel(fn, d.origin);
      if (t.kind === 'function' && t.fn !== fn) add(t.fn, { how, at: d.target, when: t.when });
      else if (t.kind === 'unknown' && t.value.source !== 'import') ctx.unverifiable(t.value, how, fn.resource, fn.name);
    }
  }

  // 3. Environment variables naming a function.
  for (const { value: vars, conditions } of variants(fn.get('Environment.Variables'))) {
    if (vars.kind !== 'map') continue;
    for (const e of vars.entries) {
      for (const t of resolveFunctions(ctx.project, e.value, { template: fn.resource.template, namesMustMatch: true })) {
        const when = describeConditions(conditions) + t.when;
        if (t.kind === 'function' && t.fn !== fn) add(t.fn, { how: `environment variable ${e.key}`, at: e.value, when });
        else if (t.kind === 'unknown' && t.value.source !== 'import' && FUNCTION_NAME_TOKENS.test(e.key)) {
          ctx.unverifiable(t.value, `environment variable ${e.key}`, fn.resource, fn.name);
        }
      }
    }
  }

  for (const [target, evidence] of pairs) {
    const ways = [...new Set(evidence.map((e) => `${e.how}${e.when}`))];
    ctx.report({
      resource: fn.resource, resourceName: fn.name, at: evidence[0]!.at, path: `Invokes.${target.name}`,
      message: `${fnLabel(fn)} invokes ${fnLabel(target)} of the project through ${list(ways)}. Chained functions hide the workflow and compound cost and failures: orchestrate the steps with Step Functions or hand off through a queue or EventBridge.`,
    });
  }
}

/** `async destination EventInvokeConfig.DestinationConfig.OnSuccess` (SAM) or naming the EventInvokeConfig resource. */
function destinationLabel(fn: LambdaFunction, origin: string): string {
  const m = /^AWS::Lambda::EventInvokeConfig (\S+) (\w+)$/.exec(origin);
  if (!m) return `async destination (${origin})`;
  const [, id, kind] = m;
  const from = fn.resource.template.resources.get(id!)?.generatedFrom;
  const flavour = fn.resource.template.flavour;
  if (flavour === 'sam' && from === fn.resource.logicalId) return `async destination EventInvokeConfig.DestinationConfig.${kind}`;
  if (flavour === 'serverless' && from === fn.name) return `async destination destinations.${kind!.charAt(0).toLowerCase()}${kind!.slice(1)}`;
  return `async destination DestinationConfig.${kind} of AWS::Lambda::EventInvokeConfig ${id}`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The statement's first Resource value that covers the target. */
function firstMatching(stmt: Statement, target: ArnTarget): Value | undefined {
  return stmt.notResources ? undefined : stmt.resources.find((r) => matchResource(r, target) === 'yes');
}

/**
 * Leaves out Resource values that are ARNs of another account (a literal account id): a function
 * in another account is not in the project, whatever its name.
 */
function withoutOtherAccounts(stmt: Statement): Statement {
  if (stmt.notResources) return stmt;
  const resources = stmt.resources.filter((r) => !isOtherAccountArn(templateText(r)));
  return resources.length === stmt.resources.length ? stmt : { ...stmt, resources };
}

/** `arn:aws:lambda:us-east-1:111122223333:function:x`: an ARN naming an account id literally. */
function isOtherAccountArn(text: string | undefined): boolean {
  if (!text?.startsWith('arn:')) return false;
  const fields = text.replace(/\$\{[^}]*\}/g, 'X').split(':');
  return /^\d{12}$/.test(fields[4] ?? '');
}

function isImport(v: Value): boolean {
  if (v.kind === 'unknown') return v.source === 'import';
  if (v.kind === 'template') return v.parts.some((p) => typeof p !== 'string' && p.kind === 'unknown' && p.source === 'import');
  return false;
}
