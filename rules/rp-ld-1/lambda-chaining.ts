import { defineRule, type LambdaFunction, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { resolveFunctions } from '../../src/engine/function-targets.js';
import { INVOKE, invokeGrants } from '../../src/engine/invoke-grants.js';
import { describeConditions, variants, type Value } from '../../src/model/value.js';

/** Names listed in a message before "and N more": a message must not grow with the project. */
const MAX_NAMES = 5;

export default defineRule<Record<string, never>>({
  meta: {
    id: 'RP-LD-1/lambda-chaining',
    businessRule: 'RP-LD-1',
    description: 'Flag functions that invoke, or may invoke, other functions of the project',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'RP-LD-1 recommends avoiding complex application programming in Lambda. A function that invokes another function (synchronously through the Invoke API, or as its asynchronous destination) builds a workflow out of functions: the caller waits and is billed while the callee runs, failures and retries compound, and the flow of the application is hidden in code and permissions instead of being visible in an orchestrator. The check reports what makes a chain: asynchronous destinations that are functions (the function invokes them) and execution-role permissions to invoke a function of the project (the function may invoke it). An environment variable that hands a function the name or ARN of another function is evidence only when the role may invoke that function: without the permission it is a hand-off (a target for EventBridge Scheduler, SNS or a state machine), not a chain.',
      remediation: {
        cloudformation:
          'Remove `lambda:InvokeFunction` on the other function from the execution role and the `AWS::Lambda::EventInvokeConfig` `DestinationConfig` that targets it; orchestrate the steps with an `AWS::StepFunctions::StateMachine` or hand off through a queue or EventBridge.',
        sam: 'Remove the `LambdaInvokePolicy` (or statement allowing `lambda:InvokeFunction`) and the `EventInvokeConfig.DestinationConfig` of `Type: Lambda`; orchestrate with an `AWS::Serverless::StateMachine` or an SQS/EventBridge hand-off.',
        serverless: 'Remove the `iam.role.statements` entry allowing `lambda:InvokeFunction` and the function\'s `destinations` that target a function; orchestrate with serverless-step-functions or an SQS/EventBridge hand-off.',
        cdk: 'Do not call `otherFunction.grantInvoke(fn)`, and do not use `destinations.LambdaDestination`; orchestrate with `sfn.StateMachine` or an SQS/EventBridge hand-off.',
      },
    },
  },
  check(ctx) {
    if (ctx.project.functions.length < 2) return;
    for (const fn of ctx.project.functions) checkFunction(ctx, fn);
  },
});

function checkFunction(ctx: RuleContext, fn: LambdaFunction): void {
  // 1. Asynchronous destinations: the function invokes them.
  const invoked = new Map<LambdaFunction, string[]>();
  let invokedAt: Value | undefined;
  for (const d of fn.destinations) {
    for (const t of resolveFunctions(ctx.project, d.target, { template: fn.resource.template })) {
      const how = `${destinationLabel(fn, d.origin)}${t.when}`;
      if (t.kind === 'function' && t.fn !== fn) {
        invokedAt ??= d.target;
        const hows = invoked.get(t.fn);
        if (!hows) invoked.set(t.fn, [how]);
        else if (!hows.includes(how)) hows.push(how);
      } else if (t.kind === 'unknown' && t.value.source !== 'import') ctx.unverifiable(t.value, how, fn.resource, fn.name);
    }
  }

  // 2. The execution role: the function may invoke what it allows.
  const grants = fn.role ? invokeGrants(ctx.project, fn.role) : undefined;
  for (const u of grants?.unknown ?? []) ctx.unverifiable(u.at, `Resource of execution role ${u.via} allowing ${INVOKE}`, fn.resource, fn.name);
  const permitted = [...(grants?.functions ?? [])].filter(([t]) => t !== fn && (grants!.everyFunction || !invoked.has(t)));

  // 3. Environment variables naming a function: evidence only where the role may invoke it.
  const named = new Map<LambdaFunction, string[]>();
  for (const { value: vars, conditions } of variants(fn.get('Environment.Variables'))) {
    if (vars.kind !== 'map') continue;
    for (const e of vars.entries) {
      for (const t of resolveFunctions(ctx.project, e.value, { template: fn.resource.template, namesMustMatch: true })) {
        if (t.kind !== 'function' || t.fn === fn) continue;
        const label = `${e.key}${describeConditions(conditions)}${t.when}`;
        const list = named.get(t.fn);
        if (!list) named.set(t.fn, [label]);
        else if (!list.includes(label)) list.push(label);
      }
    }
  }
  if (!fn.role && fn.roleValue.kind !== 'absent') {
    const [target, vars] = [...named][0] ?? [];
    ctx.unverifiable(
      fn.roleValue.kind === 'unknown' ? fn.roleValue : { kind: 'unknown', source: 'external', reason: 'the execution role is not defined in the project', loc: fn.roleValue.loc },
      target ? `whether the execution role may invoke function ${target.name} (named by environment variable ${vars![0]})` : 'execution role permissions to invoke other functions',
      fn.resource, fn.name,
    );
  }

  if (invoked.size === 0 && permitted.length === 0) return;
  const parts: string[] = [];
  if (invoked.size) parts.push(`invokes ${list([...invoked].map(([t, hows]) => `${t.name} (${hows.join(', ')})`))}`);
  const every = grants?.everyFunction;
  if (permitted.length) {
    const targets = permitted.map(([t]) => t);
    const env = envNote(targets, named);
    parts.push(every
      ? `may invoke every other function (its role allows ${INVOKE} on all functions${env}): ${names(targets)}`
      : `may invoke ${names(targets)} (its role allows ${INVOKE} on ${targets.length === 1 ? 'it' : 'them'}${env})`);
  }
  const grantAt = every?.at ?? permitted[0]?.[1].at;
  ctx.report({
    resource: fn.resource, resourceName: fn.name, at: (invokedAt ?? grantAt)!, path: 'Invokes',
    message: `${fnLabel(fn)} ${parts.join(' and ')}.`,
    help: help(invoked.size > 0, permitted.map(([, g]) => asWritten(fn, g.via))),
  });
}

/** `; environment variable WORKER_ARN names it`: which permitted targets the function is also handed. */
function envNote(targets: LambdaFunction[], named: Map<LambdaFunction, string[]>): string {
  const hit = targets.filter((t) => named.has(t));
  if (hit.length === 0) return '';
  const vars = [...new Set(hit.flatMap((t) => named.get(t)!))];
  const whom = hit.length === targets.length ? (hit.length === 1 ? 'it' : 'them') : names(hit);
  return `; environment ${vars.length === 1 ? 'variable' : 'variables'} ${names(vars)} ${vars.length === 1 ? 'names' : 'name'} ${whom}`;
}

/**
 * The grant as the user wrote it: a statement of a role SAM or the framework generates is the
 * function's `Policies[1]`, `functions.intake.iamRoleStatements` or `provider.iam.role.statements`.
 */
function asWritten(fn: LambdaFunction, via: string): string {
  const role = fn.role?.resource;
  if (!role || !via.startsWith(`statement ${role.logicalId}.`)) return via;
  const flavour = fn.resource.template.flavour;
  if (flavour === 'sam' && role.generatedFrom === fn.resource.logicalId) {
    const index = /Policy(\d+)\)$/.exec(via)?.[1];
    return `statement ${index === undefined ? 'in Policies' : `Policies[${index}]`} of ${fn.name}`;
  }
  if (flavour === 'serverless') {
    if (role.generatedFrom === fn.name) return `functions.${fn.name}.iamRoleStatements`;
    if (role.logicalId === 'IamRoleLambdaExecution') return 'provider.iam.role.statements';
  }
  return via;
}

function help(destinations: boolean, vias: string[]): string {
  vias = [...new Set(vias)];
  const steps = 'orchestrate the steps with Step Functions, or hand off through a queue or EventBridge';
  const parts: string[] = [];
  if (destinations) parts.push(`Instead of a destination that is a function, ${steps}`);
  if (vias.length) parts.push(`${destinations ? 'remove' : 'Remove'} ${INVOKE} on functions it does not call from ${names(vias)}${destinations ? '' : `, and ${steps}`}`);
  return `${parts.join('; ')}.`;
}

/** `async destination EventInvokeConfig.DestinationConfig.OnSuccess` (SAM) or naming the EventInvokeConfig resource. */
function destinationLabel(fn: LambdaFunction, origin: string): string {
  const m = /^AWS::Lambda::EventInvokeConfig (\S+) (\w+)$/.exec(origin);
  if (!m) return `async destination ${origin}`;
  const [, id, kind] = m;
  const from = fn.resource.template.resources.get(id!)?.generatedFrom;
  const flavour = fn.resource.template.flavour;
  if (flavour === 'sam' && from === fn.resource.logicalId) return `async destination EventInvokeConfig.DestinationConfig.${kind}`;
  if (flavour === 'serverless' && from === fn.name) return `async destination destinations.${kind!.charAt(0).toLowerCase()}${kind!.slice(1)}`;
  return `async destination ${kind} of ${id}`;
}

/** At most {@link MAX_NAMES} names, then `and N more`. */
function names(items: (string | LambdaFunction)[]): string {
  const all = items.map((i) => (typeof i === 'string' ? i : i.name));
  if (all.length <= MAX_NAMES) return list(all);
  return list([...all.slice(0, MAX_NAMES), `${all.length - MAX_NAMES} more`]);
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
