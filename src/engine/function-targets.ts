import type { LambdaFunction, Project, Resource, Template } from '../model/types.js';
import { describeConditions, templateText, variants, type Value, type VUnknown } from '../model/value.js';

/**
 * What a value that should name a Lambda function (an environment variable, a destination, a state
 * machine Task's `Resource` or `FunctionName`) refers to:
 * - `function`: a function of the project (by Ref/GetAtt of it or of its alias/version, or by its
 *   literal FunctionName / ARN);
 * - `external`: a function outside the project (a literal ARN with an explicit account id, or a
 *   name no function of the project has);
 * - `unknown`: the value cannot be read (parameter without default, import, ...).
 * Values that do not look like a function reference at all resolve to nothing.
 */
export type FunctionTarget =
  | { kind: 'function'; fn: LambdaFunction; value: Value; when: string }
  | { kind: 'external'; text: string; value: Value; when: string }
  | { kind: 'unknown'; value: VUnknown; when: string };

export interface ResolveOptions {
  /** Template whose logical ids `ref` values name (defaults to the value's own template). */
  template?: Template;
  /**
   * Count a plain word (`billing-worker`) as a function name only when a function of the project
   * has that name (environment variables hold all sorts of words); otherwise a plain name is an
   * external function (a Task's FunctionName is always a function).
   */
  namesMustMatch?: boolean;
}

const ARN = /^arn:[^:]*:lambda:[^:]*:([^:]*):function:([^:]+)(?::[^:]+)?$/;
const PARTIAL = /^([^:]*):function:([^:]+)(?::[^:]+)?$/;
const NAME = /^([A-Za-z0-9_.\u0001\u0002-]+)(?::[A-Za-z0-9_$-]+)?$/;

/** The functions a value refers to, one entry per alternative (Fn::If variants). */
export function resolveFunctions(project: Project, value: Value, options: ResolveOptions = {}): FunctionTarget[] {
  const out: FunctionTarget[] = [];
  for (const variant of variants(value)) {
    const when = describeConditions(variant.conditions);
    const t = resolveOne(project, variant.value, options, 0);
    if (t) out.push({ ...t, when } as FunctionTarget);
  }
  return out;
}

type Resolved =
  | { kind: 'function'; fn: LambdaFunction; value: Value }
  | { kind: 'external'; text: string; value: Value }
  | { kind: 'unknown'; value: VUnknown };

function resolveOne(project: Project, v: Value, options: ResolveOptions, depth: number): Resolved | undefined {
  if (depth > 5) return undefined;
  switch (v.kind) {
    case 'unknown':
      return { kind: 'unknown', value: v };
    case 'ref': {
      const fn = functionBehind(project, lookup(project, v.target, v, options), options, depth);
      return fn ? { kind: 'function', fn, value: v } : undefined;
    }
    case 'template': {
      for (const p of v.parts) {
        if (typeof p === 'string' || p.kind !== 'ref') continue;
        const fn = functionBehind(project, lookup(project, p.target, v, options), options, depth);
        if (fn) return { kind: 'function', fn, value: v };
      }
      const unknownPart = v.parts.find((p): p is VUnknown => typeof p !== 'string' && p.kind === 'unknown');
      if (unknownPart) return { kind: 'unknown', value: { ...unknownPart, loc: v.loc } };
      return byText(project, v, options);
    }
    case 'lit':
      return byText(project, v, options);
    default:
      return undefined;
  }
}

function lookup(project: Project, id: string, v: Value, options: ResolveOptions): Resource | undefined {
  return options.template ? options.template.resources.get(id) : project.deref({ kind: 'ref', target: id, loc: v.loc });
}

/** The function a resource stands for: the function itself, or the function of an alias or version. */
function functionBehind(project: Project, r: Resource | undefined, options: ResolveOptions, depth: number): LambdaFunction | undefined {
  if (!r) return undefined;
  if (r.type === 'AWS::Lambda::Function') return project.functionOf(r);
  if (r.type === 'AWS::Lambda::Alias' || r.type === 'AWS::Lambda::Version') {
    const t = resolveOne(project, r.get('FunctionName'), { ...options, template: r.template }, depth + 1);
    return t?.kind === 'function' ? t.fn : undefined;
  }
  return undefined;
}

/** A literal (or `${AWS::...}` template) name, partial ARN or ARN of a function. */
function byText(project: Project, v: Value, options: ResolveOptions): Resolved | undefined {
  const text = templateText(v)?.trim();
  if (!text || /[*?\s]/.test(text)) return undefined;
  const parsed = parseFunctionText(text);
  if (!parsed) return undefined;
  const { name, account, plain } = parsed;
  // An account id written literally is another account's: the project's own is `${AWS::AccountId}`.
  if (/^\d{12}$/.test(account)) return { kind: 'external', text, value: v };
  const fn = functionNamed(project, name);
  if (fn) return { kind: 'function', fn, value: v };
  if (plain && options.namesMustMatch) return undefined;
  return { kind: 'external', text, value: v };
}

const namesOf = new WeakMap<Project, Map<string, LambdaFunction>>();

/** The first function of the project with this physical name (indexed once per project: n lookups stay linear). */
function functionNamed(project: Project, name: string): LambdaFunction | undefined {
  let names = namesOf.get(project);
  if (!names) {
    names = new Map();
    for (const f of project.functions) {
      const n = physicalName(f);
      if (n !== undefined && !names.has(n)) names.set(n, f);
    }
    namesOf.set(project, names);
  }
  return names.get(name);
}

/**
 * Name and account of a function ARN, partial ARN (`123456789012:function:name`) or name
 * (`name`, `name:alias`); placeholders such as `${AWS::AccountId}` are kept whole.
 */
export function parseFunctionText(text: string): { name: string; account: string; plain: boolean } | undefined {
  const held: string[] = [];
  const safe = text.replace(/\$\{[^}]*\}/g, (m) => `\u0001${held.push(m) - 1}\u0002`);
  const restore = (s: string) => s.replace(/\u0001(\d+)\u0002/g, (_, i: string) => held[Number(i)]!);
  const arn = ARN.exec(safe) ?? (safe.startsWith('arn:') ? null : PARTIAL.exec(safe));
  if (arn) return { account: restore(arn[1]!), name: restore(arn[2]!), plain: false };
  if (safe.startsWith('arn:') || safe.includes('/')) return undefined;
  const name = NAME.exec(safe)?.[1];
  return name ? { name: restore(name), account: '', plain: true } : undefined;
}

/** The function's FunctionName as text (`${AWS::StackName}-worker` for a Sub), when it is set. */
export function physicalName(fn: LambdaFunction): string | undefined {
  return fn.functionName.kind === 'absent' ? undefined : templateText(fn.functionName);
}
