/**
 * A function's log group as the BR-LD-2 checks compare it: the names it may be written as, and
 * whether another value (a subscription filter's `LogGroupName`, an IAM `Resource`) refers to it.
 */
import type { LambdaFunction, LogGroupBinding, Project, Resource } from '../model/types.js';
import { show, variants, type Value, type VUnknown } from '../model/value.js';

export interface LogGroupIdentity {
  fn: LambdaFunction;
  binding: LogGroupBinding;
  /**
   * The group's name as template text (`/aws/lambda/claims`, `/aws/lambda/${Fn}`), each form it may
   * be written as; empty when the group has no name the template gives (CloudFormation names it).
   */
  names: string[];
  /** Set when the name depends on a value the linter cannot see. */
  unknown?: VUnknown;
  /** For messages: `log group "/aws/lambda/claims"`, `log group ClaimsLogs ("/aws/lambda/claims")`. */
  label: string;
  /**
   * When the template declares no AWS::Logs::LogGroup for the group: the `Custom::LogRetention`
   * resource (CDK's `logRetention`) of the function's template whose `LogGroupName` names it, which
   * sets the group's retention when deployed.
   */
  retention?: Resource;
  /** Otherwise, a `Custom::LogRetention` whose `LogGroupName` depends on a value the linter cannot see (`value`: that value). */
  retentionUnknown?: { resource: Resource; value: Value };
}

const identities = new WeakMap<LambdaFunction, LogGroupIdentity>();

/**
 * The function's log group (`ctx.project.logGroupOf`) with the text forms of its name; computed
 * once per function, as several checks (and diff) ask for it.
 */
export function logGroupIdentity(project: Project, fn: LambdaFunction): LogGroupIdentity {
  let group = identities.get(fn);
  if (!group) identities.set(fn, (group = buildIdentity(project, fn)));
  return group;
}

function buildIdentity(project: Project, fn: LambdaFunction): LogGroupIdentity {
  const binding = project.logGroupOf(fn);
  const names: string[] = [];
  let unknown: VUnknown | undefined;
  for (const { value } of variants(binding.name)) {
    if (value.kind === 'unknown') {
      unknown ??= value;
      continue;
    }
    const text = renderText(value, fn.resource);
    if (text !== undefined && !names.includes(text)) names.push(text);
  }
  // The default group of a function whose FunctionName is unknown has an unknown name.
  if (!binding.configured && !binding.resource) {
    const fnName = fn.functionName;
    const part = fnName.kind === 'template' ? fnName.parts.find((p): p is VUnknown => typeof p !== 'string' && p.kind === 'unknown') : undefined;
    if (fnName.kind === 'unknown') unknown ??= fnName;
    else if (part) unknown ??= part;
    if (unknown) names.splice(0, names.length);
  }
  // The default group is also what a Sub or Join of the function's Ref names: `/aws/lambda/${Fn}`.
  if (!binding.configured) {
    const symbolic = `/aws/lambda/\${${fn.resource.logicalId}}`;
    if (!names.includes(symbolic)) names.push(symbolic);
  }
  const first = names[0];
  const quoted = first !== undefined ? `"${first}"` : unknown ? show(unknown) : 'named by CloudFormation';
  const label = binding.resource
    ? `log group ${binding.resource.logicalId} (${quoted})`
    : `${binding.configured ? '' : 'implicit '}log group ${first !== undefined ? quoted : show(binding.name)}`;
  const group: LogGroupIdentity = { fn, binding, names, ...(unknown ? { unknown } : {}), label };
  if (!binding.resource) {
    for (const r of project.ofType('Custom::LogRetention')) {
      if (r.template !== fn.resource.template || !sameRegion(r)) continue;
      const name = r.get('LogGroupName');
      const match = namesGroup(name, group, r);
      if (match === true) {
        group.retention = r;
        delete group.retentionUnknown;
        break;
      }
      if (match === 'unknown') group.retentionUnknown ??= { resource: r, value: unknownPart(name) };
    }
  }
  return group;
}

/** The unknown value a value depends on (for `ldlint/unverifiable`: its reason and location). */
function unknownPart(v: Value): Value {
  for (const { value } of variants(v)) {
    if (value.kind === 'unknown') return value;
    if (value.kind === 'template') for (const p of value.parts) if (typeof p !== 'string' && p.kind === 'unknown') return p;
  }
  return v;
}

/** A `Custom::LogRetention` sets the retention of a group in the stack's region unless `LogGroupRegion` names another. */
function sameRegion(r: Resource): boolean {
  const region = r.get('LogGroupRegion');
  return region.kind === 'absent' || (region.kind === 'pseudo' && region.name === 'AWS::Region');
}

/**
 * Template text of a value for comparison with the group's names and ARNs: a Ref to the function
 * is its literal FunctionName when it has one, a Ref to a log group its name, `GetAtt Group.Arn`
 * the group's ARN (`arn:${AWS::Partition}:logs:...:log-group:NAME:*`), `GetAtt X.LogGroupName` of
 * a `Custom::LogRetention` (CDK's `fn.logGroup` under `logRetention`) the name it was given; other
 * symbolic parts stay `${...}`. Undefined when the value is not text or depends on an unknown value.
 */
export function renderText(v: Value, fn: Resource, seen?: ReadonlySet<string>): string | undefined {
  switch (v.kind) {
    case 'lit':
      return v.value === null ? undefined : String(v.value);
    case 'pseudo':
      return `\${${v.name}}`;
    case 'ref':
      return refText(v.target, v.attr, fn, seen);
    case 'template': {
      let out = '';
      for (const p of v.parts) {
        if (typeof p === 'string') out += p;
        else if (p.kind === 'pseudo') out += `\${${p.name}}`;
        else if (p.kind === 'ref') out += refText(p.target, p.attr, fn, seen);
        else return undefined;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function refText(target: string, attr: string | undefined, fn: Resource, seen: ReadonlySet<string> | undefined): string {
  const placeholder = `\${${target}${attr ? `.${attr}` : ''}}`;
  const r = fn.template.resources.get(target);
  // A name that refers back to itself (which CloudFormation rejects) stays symbolic.
  if (!r || seen?.has(target)) return placeholder;
  const inner = () => new Set(seen).add(target);
  if (r === fn && !attr) {
    const name = r.get('FunctionName');
    return name.kind === 'lit' && typeof name.value === 'string' ? name.value : placeholder;
  }
  // `Arn` is CloudFormation's (it ends in `:*`); `GroupArn` is the group's own ARN (the Terraform provider's `arn`).
  if (r.type === 'AWS::Logs::LogGroup' && (!attr || attr === 'Arn' || attr === 'GroupArn')) {
    const name = r.get('LogGroupName');
    const text = name.kind === 'absent' ? `\${${target}}` : renderText(name, fn, inner()) ?? `\${${target}}`;
    return attr === 'Arn' ? `${logGroupArn(text)}:*` : attr === 'GroupArn' ? logGroupArn(text) : text;
  }
  if (r.type === 'Custom::LogRetention' && attr === 'LogGroupName') {
    const name = r.get('LogGroupName');
    return name.kind === 'absent' ? placeholder : renderText(name, fn, inner()) ?? placeholder;
  }
  return placeholder;
}

/** `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:NAME`. */
export function logGroupArn(name: string): string {
  return `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${name}`;
}

/**
 * Does a value (a subscription filter's `LogGroupName`) name the function's group? `unknown` when
 * it depends on a value the linter cannot see. A `choice` names it when one of its branches does.
 */
export function namesGroup(v: Value, g: LogGroupIdentity, from: Resource): boolean | 'unknown' {
  let maybe = false;
  for (const { value } of variants(v)) {
    if (value.kind === 'unknown') {
      maybe = true;
      continue;
    }
    if (value.kind === 'ref' && !value.attr && from.template === g.fn.resource.template && g.binding.resource?.logicalId === value.target) return true;
    const text = renderText(value, g.fn.resource);
    if (text !== undefined && g.names.includes(text)) return true;
  }
  return maybe ? 'unknown' : false;
}
