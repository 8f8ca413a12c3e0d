/** Validates config data against the generated schema (ajv, strict) and turns ajv errors into readable problems. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Rule } from '../engine/types.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { buildSchema, DATE_PATTERN, ruleOptionsSchema, sortedRules } from './schema.js';
import type { ConfigSource, PathSegment } from './source.js';
import { closest } from './suggest.js';

interface Compiled {
  schema: Record<string, unknown>;
  validate: ValidateFunction;
}

const cache = new WeakMap<readonly Rule<any>[], Compiled>();

function newAjv(): Ajv {
  // strictRequired is off: a rule schema's `if/then: {required: [...]}` names properties defined
  // beside the `if`, not inside `then`, which strictRequired rejects.
  return new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true, verbose: true });
}

/** Compiles (once per rules array) the config schema. Throws a plain Error naming the rule whose options schema is invalid. */
export function compileConfigSchema(rules: readonly Rule<any>[]): Compiled {
  const hit = cache.get(rules);
  if (hit) return hit;
  const schema = buildSchema(rules);
  let validate: ValidateFunction;
  try {
    validate = newAjv().compile(schema);
  } catch (e) {
    for (const r of sortedRules(rules)) {
      try {
        newAjv().compile(ruleOptionsSchema(r, '#'));
      } catch (inner) {
        throw new Error(`The options schema of rule ${r.meta.id} is invalid: ${(inner as Error).message}`);
      }
    }
    throw e;
  }
  const compiled = { schema, validate };
  cache.set(rules, compiled);
  return compiled;
}

/** Throws a ConfigError listing every problem when `source.data` does not fit the schema. */
export function validateConfig(source: ConfigSource, rules: readonly Rule<any>[]): void {
  const { schema, validate } = compileConfigSchema(rules);
  if (validate(source.data)) return;
  const problems = new Map<string, ConfigProblem>();
  for (const e of selectErrors(validate.errors ?? [])) {
    const segs = toSegments(e.instancePath, source.data);
    const { path, message } = explain(e, segs, schema);
    const { line, column } = source.locate(path);
    const rendered = renderPath(path);
    const key = `${rendered}\0${message}`;
    if (!problems.has(key)) problems.set(key, { path: rendered, message, line, column });
  }
  const list = [...problems.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  throw new ConfigError(source.file, list);
}

type Err = ErrorObject & { synthetic?: 'none-matched' };

/**
 * Keeps the errors of the `oneOf`/`anyOf` branch the user evidently meant (the one whose type
 * matches the value, then the one with the fewest errors), or replaces them all by one
 * "must be A, or B" error when no branch has the right type. Drops `if` errors (the `then`/`else`
 * errors say what is wrong).
 */
export function selectErrors(errors: readonly ErrorObject[]): Err[] {
  const removed = new Set<ErrorObject>();
  const synthetic: Err[] = [];
  const combinators = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const c of combinators) {
    if (removed.has(c)) continue;
    removed.add(c);
    if (c.keyword === 'oneOf' && Array.isArray(c.params.passingSchemas)) {
      synthetic.push(c);
      continue;
    }
    const branches = Array.isArray(c.schema) ? c.schema : [];
    const byBranch = branches.map((_, i) =>
      errors.filter((e) => !removed.has(e) && e.schemaPath.startsWith(`${c.schemaPath}/${i}/`)),
    );
    const atRoot = (errs: ErrorObject[]) => errs.filter((e) => e.instancePath === c.instancePath);
    // For a list, the tuple whose length is nearest the list's is the form the user meant.
    const arity = (i: number) => {
      const items = (branches[i] as { items?: unknown } | undefined)?.items;
      return Array.isArray(c.data) && Array.isArray(items) ? Math.abs(items.length - c.data.length) : 0;
    };
    const candidates = byBranch
      .map((errs, i) => ({ i, errs, typeMiss: atRoot(errs).some((e) => e.keyword === 'type'), root: atRoot(errs).length, arity: arity(i) }))
      .filter((b) => !b.typeMiss)
      .sort((a, b) => a.root - b.root || a.arity - b.arity || a.errs.length - b.errs.length || a.i - b.i);
    const keep = candidates[0]?.i;
    byBranch.forEach((errs, i) => {
      if (i !== keep) for (const e of errs) removed.add(e);
    });
    if (keep === undefined) synthetic.push({ ...c, synthetic: 'none-matched' });
  }
  const kept = errors.filter((e) => !removed.has(e) && e.keyword !== 'if');
  // At one value, a type error makes the others noise, except enum/const, which list the allowed values.
  const typed = new Set(kept.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const listing = new Set(kept.filter((e) => e.keyword === 'enum' || e.keyword === 'const').map((e) => e.instancePath));
  const focused = kept.filter((e) => {
    if (!typed.has(e.instancePath)) return true;
    if (listing.has(e.instancePath)) return e.keyword === 'enum' || e.keyword === 'const';
    return e.keyword === 'type';
  });
  return [...focused, ...synthetic];
}

function toSegments(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const segs: PathSegment[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: PathSegment = Array.isArray(cur) && /^\d+$/.test(key) ? Number(key) : key;
    segs.push(seg);
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg as string] : undefined;
  }
  return segs;
}

/** `rules["BR-LD-3/timeout"][1].maxTimeoutSeconds` */
export function renderPath(segs: readonly PathSegment[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function resolvePointer(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (object)',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  null: 'null',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

function joinOr(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function got(v: unknown): string {
  return `got ${kindOf(v)}${v !== null && typeof v !== 'object' && v !== undefined ? ` ${show(v)}` : ''}`;
}

function shortSchema(s: unknown): string {
  if (!s || typeof s !== 'object') return String(s);
  const o = s as Record<string, unknown>;
  if (Array.isArray(o.enum)) return o.enum.map((v) => (typeof v === 'string' ? v : show(v))).join(' | ');
  if (o.const !== undefined) return show(o.const);
  if (o.type === 'object') return '{options}';
  if (typeof o.type === 'string') return o.type;
  return 'value';
}

function describeBranch(s: unknown): string {
  if (!s || typeof s !== 'object') return String(s);
  const o = s as Record<string, unknown>;
  if (typeof o.title === 'string') return o.title;
  if (Array.isArray(o.enum)) return `one of ${o.enum.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')}`;
  if (o.const !== undefined) return show(o.const);
  if (o.type === 'array') {
    if (Array.isArray(o.items)) return `[${o.items.map(shortSchema).join(', ')}]`;
    if (o.items) return `a list of ${shortSchema(o.items)}`;
    return 'a list';
  }
  if (typeof o.type === 'string') return typeName(o.type);
  if (Array.isArray(o.type)) return joinOr(o.type.map((t) => typeName(String(t))));
  return 'a matching value';
}

/** "when forwardedAtAccountLevel is true" from an `if` schema, when it is that simple. */
function describeCondition(ifSchema: unknown): string | undefined {
  const props = (ifSchema as { properties?: Record<string, { const?: unknown; enum?: unknown[] }> } | undefined)?.properties;
  if (!props) return undefined;
  const parts: string[] = [];
  for (const [k, p] of Object.entries(props)) {
    if (p && p.const !== undefined) parts.push(`${k} is ${show(p.const)}`);
    else if (p && Array.isArray(p.enum)) parts.push(`${k} is one of ${p.enum.map(show).join(', ')}`);
    else return undefined;
  }
  return parts.length > 0 ? `when ${parts.join(' and ')}` : undefined;
}

function isOptionsPath(segs: readonly PathSegment[]): boolean {
  return segs.length === 3 && segs[0] === 'rules' && segs[2] === 1;
}

function explain(e: Err, segs: PathSegment[], root: unknown): { path: PathSegment[]; message: string } {
  const data = e.data;
  if (e.synthetic === 'none-matched') {
    const branches = Array.isArray(e.schema) ? e.schema : [];
    return { path: segs, message: `must be ${branches.map(describeBranch).join(', or ')} (${got(data)})` };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const allowed = Object.keys(((e.parentSchema as Record<string, unknown>)?.properties as object) ?? {});
      const path = [...segs, name];
      const suggestion = closest(name, allowed);
      const dym = suggestion ? `; did you mean ${suggestion}?` : '';
      if (segs.length === 1 && segs[0] === 'rules') {
        return { path, message: `unknown rule id${dym} Known rule ids: ${allowed.join(', ')}` };
      }
      if (isOptionsPath(segs)) {
        if (allowed.length === 0) return { path, message: `unknown option: ${String(segs[1])} takes no options` };
        return { path, message: `unknown option${dym} Allowed options: ${allowed.join(', ')}` };
      }
      return { path, message: `unknown key${dym} Allowed keys: ${allowed.join(', ')}` };
    }
    case 'required': {
      const name = String(e.params.missingProperty);
      const what = isOptionsPath(segs) ? 'option' : 'key';
      let when = '';
      const m = /^(.*)\/(then|else)\/required$/.exec(e.schemaPath);
      if (m) {
        const cond = describeCondition((resolvePointer(root, m[1]!) as { if?: unknown } | undefined)?.if);
        when = cond ? ` ${m[2] === 'then' ? cond : `unless ${cond.slice(5)}`}` : ' with the other options given';
      }
      // Located at the parent (the key does not exist); the path names the missing key.
      return { path: [...segs, name], message: when ? `missing ${what} (required${when})` : `missing required ${what}` };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]) ?? [];
      const suggestion = typeof data === 'string' ? closest(data, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      return {
        path: segs,
        message: `must be one of ${allowed.map((v) => (typeof v === 'string' ? v : show(v))).join(', ')} (${got(data)})${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      };
    }
    case 'const':
      return { path: segs, message: `must be ${show(e.params.allowedValue)} (${got(data)})` };
    case 'type': {
      const types = Array.isArray(e.params.type) ? e.params.type : String(e.params.type).split(',');
      return { path: segs, message: `must be ${joinOr(types.map((t: string) => typeName(t)))} (${got(data)})` };
    }
    case 'minLength':
      return { path: segs, message: e.params.limit === 1 ? 'must not be empty' : `must have at least ${e.params.limit} characters (${got(data)})` };
    case 'maxLength':
      return { path: segs, message: `must have at most ${e.params.limit} characters` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: segs, message: `must be ${e.params.comparison} ${e.params.limit} (${got(data)})` };
    case 'multipleOf':
      return { path: segs, message: `must be a multiple of ${e.params.multipleOf} (${got(data)})` };
    case 'minItems':
      return { path: segs, message: `must have at least ${e.params.limit} item${e.params.limit === 1 ? '' : 's'} (got ${Array.isArray(data) ? data.length : kindOf(data)})` };
    case 'maxItems':
    case 'additionalItems':
      return { path: segs, message: `must have at most ${e.params.limit} item${e.params.limit === 1 ? '' : 's'} (got ${Array.isArray(data) ? data.length : kindOf(data)})` };
    case 'uniqueItems':
      return { path: segs, message: `must not repeat an item (items ${e.params.j} and ${e.params.i} are equal)` };
    case 'pattern':
      return {
        path: segs,
        message: e.params.pattern === DATE_PATTERN ? `must be a date YYYY-MM-DD (${got(data)})` : `must match /${e.params.pattern}/ (${got(data)})`,
      };
    case 'oneOf':
      return { path: segs, message: 'matches more than one of the allowed forms' };
    default:
      return { path: segs, message: e.message ?? `is invalid (${e.keyword})` };
  }
}
