import type { Loc } from '../parse/index.js';

/**
 * A property as the model sees it after intrinsic functions are evaluated as far as the linter can.
 * Known values are literals, maps, lists and symbolic references (`ref`, `pseudo`, `template`);
 * `unknown` depends on something outside the project; `absent` was not set; `choice` is an `Fn::If`
 * on a condition whose inputs are unknown, both branches kept.
 */
export type Value = Lit | VMap | VList | VRef | VPseudo | VTemplate | VUnknown | VChoice | Absent;

export interface Lit {
  kind: 'lit';
  value: string | number | boolean | null;
  loc: Loc;
  /** Set when the value came from a parameter (its default or an override). */
  param?: { name: string; noEcho: boolean; from: 'default' | 'override' };
}

export interface VMapEntry {
  key: string;
  keyLoc: Loc;
  value: Value;
}

export interface VMap {
  kind: 'map';
  entries: VMapEntry[];
  loc: Loc;
}

export interface VList {
  kind: 'list';
  items: Value[];
  loc: Loc;
}

/** `Ref` or `Fn::GetAtt` of a resource in the same template. */
export interface VRef {
  kind: 'ref';
  target: string;
  attr?: string;
  loc: Loc;
}

/** A pseudo parameter (`AWS::Region`) or `!Select [i, !GetAZs '']` (name `AZ[i]`): symbolic, never unknown. */
export interface VPseudo {
  kind: 'pseudo';
  name: string;
  loc: Loc;
}

/** A string assembled by `Fn::Sub` / `Fn::Join` from literal text and symbolic pieces. */
export interface VTemplate {
  kind: 'template';
  parts: (string | VRef | VPseudo | VUnknown)[];
  loc: Loc;
}

export type UnknownSource = 'parameter' | 'import' | 'dynamic-reference' | 'intrinsic' | 'external' | 'variable' | 'tag';

export interface VUnknown {
  kind: 'unknown';
  source: UnknownSource;
  /** What makes it unknown, for messages: "parameter SubnetIds has no default". */
  reason: string;
  loc: Loc;
  /** For dynamic references: `{{resolve:secretsmanager:...}}` -> 'secretsmanager'. */
  service?: string;
  /** For parameters: the parameter's name and whether it is NoEcho. */
  param?: { name: string; noEcho: boolean };
}

export interface VChoice {
  kind: 'choice';
  condition: string;
  then: Value;
  else: Value;
  loc: Loc;
}

export interface Absent {
  kind: 'absent';
  /** The nearest location that exists: the resource's key or the parent property's key. */
  loc: Loc;
}

export const isAbsent = (v: Value): v is Absent => v.kind === 'absent';
export const isUnknown = (v: Value): v is VUnknown => v.kind === 'unknown';

/** One concrete alternative of a value with the conditions (and their assumed outcome) that select it. */
export interface Variant {
  value: Exclude<Value, VChoice>;
  conditions: { name: string; holds: boolean }[];
}

/** Expands `choice` values into their alternatives (a plain value is one variant with no conditions). */
export function variants(v: Value, limit = 64): Variant[] {
  if (v.kind !== 'choice') return [{ value: v, conditions: [] }];
  const out: Variant[] = [];
  for (const [branch, holds] of [[v.then, true], [v.else, false]] as const) {
    for (const sub of variants(branch, limit)) {
      if (out.length >= limit) return out;
      out.push({ value: sub.value, conditions: [{ name: v.condition, holds }, ...sub.conditions] });
    }
  }
  return out;
}

/**
 * The alternatives of a value that can be read, and the first unknown that keeps one from being
 * read (an unknown value, or a string with an unknown piece).
 */
export function readableVariants(v: Value): { values: Exclude<Value, VChoice>[]; unknown?: VUnknown } {
  const values: Exclude<Value, VChoice>[] = [];
  let unknown: VUnknown | undefined;
  for (const { value } of variants(v)) {
    const u = value.kind === 'unknown' ? value : value.kind === 'template' ? value.parts.find((p): p is VUnknown => typeof p !== 'string' && p.kind === 'unknown') : undefined;
    if (u) unknown ??= u;
    else values.push(value);
  }
  return { values, ...(unknown ? { unknown } : {}) };
}

/** "when condition IsProd is true" for messages; empty for an unconditional variant. */
export function describeConditions(c: Variant['conditions']): string {
  return c.length === 0 ? '' : ` when ${c.map((x) => `condition ${x.name} is ${x.holds}`).join(' and ')}`;
}

/** The map entry of a known map, or absent at the map's own location. */
export function field(v: Value, key: string): Value {
  if (v.kind === 'map') {
    for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i]!.key === key) return v.entries[i]!.value;
    return { kind: 'absent', loc: v.loc };
  }
  if (v.kind === 'absent') return v;
  if (v.kind === 'unknown') return v;
  return { kind: 'absent', loc: v.loc };
}

/** Key location of a map entry (for reporting on the property name rather than its value). */
export function fieldKeyLoc(v: Value, key: string): Loc | undefined {
  if (v.kind !== 'map') return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i]!.key === key) return v.entries[i]!.keyLoc;
  return undefined;
}

/** Numbers and numeric strings (`'30'`) as numbers; anything else undefined. */
export function asNumber(v: Value): number | undefined {
  if (v.kind !== 'lit') return undefined;
  if (typeof v.value === 'number') return v.value;
  if (typeof v.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v.value)) return Number(v.value);
  return undefined;
}

/** A literal string (numbers and booleans as text), else undefined. */
export function asString(v: Value): string | undefined {
  if (v.kind !== 'lit' || v.value === null) return undefined;
  return String(v.value);
}

/** Items of a list; a single value where a list is expected counts as one item. */
export function items(v: Value): Value[] {
  if (v.kind === 'list') return v.items;
  if (v.kind === 'absent') return [];
  return [v];
}

/** Short text for a value in messages: `30`, `"abc"`, `!Ref Foo`, `${AWS::Region}`. */
export function show(v: Value): string {
  switch (v.kind) {
    case 'lit':
      // NoEcho parameter values are never shown (their default or the value given on the command line).
      if (v.param?.noEcho) return `<NoEcho parameter ${v.param.name}>`;
      return typeof v.value === 'string' ? JSON.stringify(v.value) : String(v.value);
    case 'ref':
      return v.attr ? `!GetAtt ${v.target}.${v.attr}` : `!Ref ${v.target}`;
    case 'pseudo':
      return `\${${v.name}}`;
    case 'template':
      return JSON.stringify(v.parts.map((p) => (typeof p === 'string' ? p : p.kind === 'unknown' ? '${?}' : p.kind === 'pseudo' ? `\${${p.name}}` : `\${${p.target}${p.attr ? '.' + p.attr : ''}}`)).join(''));
    case 'list':
      return `[${v.items.map(show).join(', ')}]`;
    case 'map':
      return `{${v.entries.map((e) => e.key).join(', ')}}`;
    case 'unknown':
      return `<unknown: ${v.reason}>`;
    case 'choice':
      return `!If [${v.condition}, ${show(v.then)}, ${show(v.else)}]`;
    case 'absent':
      return '<not set>';
  }
}

/** Template text with symbolic parts as `${...}` (for glob and ARN matching). */
export function templateText(v: Value): string | undefined {
  if (v.kind === 'lit') return v.value === null || v.param?.noEcho ? undefined : String(v.value);
  if (v.kind === 'pseudo') return `\${${v.name}}`;
  if (v.kind === 'template') return JSON.parse(show(v)) as string;
  return undefined;
}
