/**
 * Which functions of the project an execution role may invoke (`lambda:InvokeFunction`): a
 * permission, not an invocation. RP-LD-1 chaining reads it, and counts an environment variable
 * naming another function only when the role may invoke that function.
 */
import type { Loc } from '../parse/index.js';
import type { LambdaFunction, Project, Role, Statement } from '../model/types.js';
import { templateText, variants, type Value } from '../model/value.js';
import { arnTargetForFunction, GENERATED_NAME, matchResource, statementAllows, statementCovers, type ArnTarget } from './iam-match.js';

export const INVOKE = 'lambda:InvokeFunction';

/** AWS managed policies that allow lambda:InvokeFunction on every function. */
const INVOKE_ALL_MANAGED = /:policy\/(?:service-role\/)?(?:AWSLambdaRole|AWSLambda_FullAccess|AWSLambdaFullAccess|AdministratorAccess|PowerUserAccess)$/;

/** A function no project function can be: stands for "every function" when matching `*`. */
const ANY_FUNCTION: ArnTarget = {
  physicalNames: [],
  arnPatterns: [`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${GENERATED_NAME}`],
};

export interface InvokeGrant {
  /** What grants it: `managed policy AWSLambdaRole`, `statement IntakeRole.Policies[0] (invoke)`, `SAM policy template LambdaInvokePolicy`. */
  via: string;
  /** The Resource value (or managed policy ARN) that grants it, else the statement. */
  at: Value | Loc;
}

export interface InvokeGrants {
  /** A managed policy or statement that allows invoking every function (`*`, `function:*`). */
  everyFunction?: InvokeGrant;
  /** The functions of the project the role may invoke (an explicit Deny honoured), in project order. */
  functions: Map<LambdaFunction, InvokeGrant>;
  /**
   * Allow statements whose Resource is unknown (a parameter without default) and could name a
   * function the role is not otherwise allowed to invoke; imports name other stacks' functions and
   * are left out.
   */
  unknown: { via: string; at: Value }[];
}

const targetCache = new WeakMap<LambdaFunction, ArnTarget>();
const grantsCache = new WeakMap<Project, WeakMap<Role, InvokeGrants>>();

/** The function's ARN target, computed once (a project of n functions matches n x n pairs). */
export function functionArnTarget(fn: LambdaFunction): ArnTarget {
  let t = targetCache.get(fn);
  if (!t) targetCache.set(fn, (t = arnTargetForFunction(fn)));
  return t;
}

/** What the role may invoke among the project's functions (memoized per role: functions share roles). */
export function invokeGrants(project: Project, role: Role): InvokeGrants {
  let byRole = grantsCache.get(project);
  if (!byRole) grantsCache.set(project, (byRole = new WeakMap()));
  let g = byRole.get(role);
  if (!g) byRole.set(role, (g = computeGrants(project, role)));
  return g;
}

function computeGrants(project: Project, role: Role): InvokeGrants {
  const functions = new Map<LambdaFunction, InvokeGrant>();
  let everyFunction: InvokeGrant | undefined;
  for (const m of role.managedPolicyArns) {
    for (const { value } of variants(m)) {
      const text = templateText(value);
      if (text && INVOKE_ALL_MANAGED.test(text)) everyFunction ??= { via: `managed policy ${text.slice(text.lastIndexOf('/') + 1)}`, at: value };
    }
  }
  const allows = role.statements.filter((s) => s.effect === 'Allow' && statementAllows(s, INVOKE)).map(withoutOtherAccounts);
  for (const s of allows) {
    if (statementCovers(s, ANY_FUNCTION) === 'yes') everyFunction ??= { via: statementLabel(s), at: firstMatching(s, ANY_FUNCTION) ?? s.loc };
  }
  if (!everyFunction && allows.length === 0) return { functions, unknown: [] };
  const denies = role.statements.filter((s) => s.effect === 'Deny' && statementAllows(s, INVOKE));
  const unknownAt = new Map<Statement, { at: Value; fns: LambdaFunction[] }>();
  for (const fn of project.functions) {
    const target = functionArnTarget(fn);
    if (denies.some((d) => statementCovers(d, target) === 'yes')) continue;
    if (everyFunction) {
      functions.set(fn, everyFunction);
      continue;
    }
    for (const s of allows) {
      const covers = statementCovers(s, target);
      if (covers === 'yes') {
        functions.set(fn, { via: statementLabel(s), at: firstMatching(s, target) ?? s.loc });
        break;
      }
      if (covers === 'unknown') {
        const at = s.resources.find((r) => matchResource(r, target) === 'unknown');
        if (!at || isImport(at)) continue;
        const u = unknownAt.get(s);
        if (u) u.fns.push(fn);
        else unknownAt.set(s, { at, fns: [fn] });
      }
    }
  }
  const unknown = everyFunction ? [] : [...unknownAt].filter(([, u]) => u.fns.some((f) => !functions.has(f))).map(([s, u]) => ({ via: statementLabel(s), at: u.at }));
  return { everyFunction, functions, unknown };
}

/** `statement IntakeRole.Policies[0] (invoke)`; SAM policy templates name themselves. */
function statementLabel(s: Statement): string {
  return s.origin.startsWith('SAM policy template') ? s.origin : `statement ${s.origin}`;
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
