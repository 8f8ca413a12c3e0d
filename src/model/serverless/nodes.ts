import { intrinsicName, makeMap, type Loc, type SEntry, type SMap, type SNode } from '../../parse/index.js';
import { syn } from '../synth.js';
import { isUnknownNode } from './variables.js';

/** Small helpers over resolved serverless.yml nodes. */

export const text = (n: SNode | undefined): string | undefined =>
  n?.kind === 'scalar' && n.value !== null && n.value !== undefined ? String(n.value) : undefined;

export const isMap = (n: SNode | undefined): n is SMap => n?.kind === 'map' && !intrinsicName(n) && !isUnknownNode(n);

/** An intrinsic function (`{Ref: X}`, `{"Fn::GetAtt": ...}`) or an unknown node. */
export const isIntrinsic = (n: SNode | undefined): n is SMap => n?.kind === 'map' && (!!intrinsicName(n) || isUnknownNode(n));

export const isNull = (n: SNode | undefined): boolean => n?.kind === 'scalar' && n.value === null;

export function entryOf(n: SNode | undefined, key: string): SEntry | undefined {
  if (!isMap(n)) return undefined;
  const e = n.index.get(key);
  return e && !isNull(e.value) ? e : undefined;
}

export function valueOf(n: SNode | undefined, key: string): SNode | undefined {
  return entryOf(n, key)?.value;
}

/**
 * The framework's schema coercion of an integer setting (ajv `coerceTypes`): a string that is a
 * whole number (`'30'`, `' 30 '`, `'1e2'`) becomes that number, a boolean becomes 1 or 0. Other text
 * (`'30.5'`) stays text, as the framework writes it.
 */
export function num(n: SNode | undefined): SNode | undefined {
  if (n?.kind !== 'scalar') return n;
  if (typeof n.value === 'boolean') return { kind: 'scalar', loc: n.loc, value: n.value ? 1 : 0 };
  if (typeof n.value === 'string' && n.value !== '') {
    const x = Number(n.value);
    if (!Number.isNaN(x) && !(x % 1)) return { kind: 'scalar', loc: n.loc, value: x };
  }
  return n;
}

/** A value JavaScript treats as false (`0`, `''`, `false`): the framework's `||` falls back past it. */
export function isFalsy(n: SNode | undefined): boolean {
  return n?.kind === 'scalar' && (n.value === 0 || n.value === '' || n.value === false || n.value === null);
}

/** The entry, unless its value is falsy once coerced (`timeout: 0` counts as not set). */
export function truthy(e: SEntry | undefined, coerce: (n: SNode) => SNode | undefined = (n) => n): SEntry | undefined {
  return e && !isFalsy(coerce(e.value)) ? e : undefined;
}

/**
 * Numbers and booleans become strings (environment and tag values, as the framework's schema
 * coercion does); an unquoted YAML timestamp (`2024-01-01`) becomes the ISO text the framework's
 * YAML reader (js-yaml) and JSON writer make of it (`2024-01-01T00:00:00.000Z`).
 */
export function str(n: SNode): SNode {
  if (n.kind !== 'scalar') return n;
  if (typeof n.value === 'number' || typeof n.value === 'boolean') return { kind: 'scalar', loc: n.loc, value: String(n.value) };
  if (typeof n.value === 'string') {
    const iso = yamlTimestamp(n) ?? yamlBinary(n);
    if (iso !== undefined) return { kind: 'scalar', loc: n.loc, value: iso };
  }
  return n;
}

/** A plain scalar as written (not quoted, not made by a variable), in a YAML file. */
function isPlainYaml(n: SNode & { kind: 'scalar' }): boolean {
  const file = n.loc.file;
  return !/\.json$/i.test(file.path) && file.text.slice(n.loc.start, n.loc.end).trim() === n.value;
}

/** js-yaml reads `0b101` as a number (YAML 1.1); the YAML 1.2 reader keeps the text. */
function yamlBinary(n: SNode & { kind: 'scalar' }): string | undefined {
  const v = n.value as string;
  if (!/^[-+]?0b[01]+$/.test(v) || !isPlainYaml(n)) return undefined;
  const x = parseInt(v.replace(/^[-+]?0b/, ''), 2);
  return String(v.startsWith('-') ? -x : x);
}

const YAML_DATE = /^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$/;
const YAML_TIMESTAMP = /^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$/;

/** js-yaml's `timestamp` type (YAML 1.1) for a plain (unquoted) YAML scalar; undefined otherwise. */
function yamlTimestamp(n: SNode & { kind: 'scalar' }): string | undefined {
  const v = n.value as string;
  if (v.length < 10 || v.length > 40 || !/^\d{4}-/.test(v)) return undefined;
  // Only a plain scalar whose text is exactly the value (not quoted, not a variable's result).
  if (!isPlainYaml(n)) return undefined;
  let m = YAML_DATE.exec(v);
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString();
  m = YAML_TIMESTAMP.exec(v);
  if (!m) return undefined;
  let fraction = 0;
  if (m[7]) {
    let f = m[7].slice(0, 3);
    while (f.length < 3) f += '0';
    fraction = +f;
  }
  let time = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction);
  if (m[9]) {
    const delta = (+m[10]! * 60 + +(m[11] ?? 0)) * 60000;
    time += m[9] === '-' ? delta : -delta;
  }
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A single value where a list is expected becomes a one-item list; lists and intrinsics stay. */
export function list(n: SNode | undefined): SNode | undefined {
  if (!n || n.kind === 'seq' || isIntrinsic(n)) return n;
  return { kind: 'seq', loc: n.loc, items: [n] };
}

export function items(n: SNode | undefined): SNode[] {
  if (!n || isNull(n)) return [];
  return n.kind === 'seq' ? n.items : [n];
}

/** Text and nodes joined into one string value: a scalar when all is text, else `Fn::Join`. */
export function concat(loc: Loc, ...parts: (string | SNode)[]): SNode {
  if (parts.every((p) => typeof p === 'string' || (p.kind === 'scalar' && p.value !== null))) {
    return { kind: 'scalar', loc, value: parts.map((p) => (typeof p === 'string' ? p : String((p as { value: unknown }).value))).join('') };
  }
  return syn.map(loc, [['Fn::Join', syn.seq(loc, [syn.str(loc, ''), syn.seq(loc, parts.map((p) => (typeof p === 'string' ? syn.str(loc, p) : p)))])]]);
}

export const pseudo = (loc: Loc, name: string): SNode => syn.ref(loc, name);

/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<rest>` with `rest` text or nodes. */
export function arn(loc: Loc, service: string, ...rest: (string | SNode)[]): SNode {
  if (rest.every((p) => typeof p === 'string' || (p.kind === 'scalar' && p.value !== null))) {
    const tail = rest.map((p) => (typeof p === 'string' ? p : String((p as { value: unknown }).value))).join('').replace(/\$\{/g, '${!');
    return syn.sub(loc, `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${tail}`);
  }
  return concat(loc, 'arn:', pseudo(loc, 'AWS::Partition'), `:${service}:`, pseudo(loc, 'AWS::Region'), ':', pseudo(loc, 'AWS::AccountId'), ':', ...rest);
}

/** An ordered property list whose entries keep the location of the key they come from. */
export class Props {
  readonly entries: SEntry[] = [];

  set(key: string, value: SNode | undefined, keyLoc: Loc): this {
    if (value === undefined) return this;
    const i = this.entries.findIndex((e) => e.key === key);
    const e: SEntry = { key, keyLoc, value };
    if (i >= 0) this.entries[i] = e;
    else this.entries.push(e);
    return this;
  }

  /** Copies `from.<key>` (keeping its key location) as `to`. */
  copy(to: string, from: SEntry | undefined, transform: (n: SNode) => SNode | undefined = (n) => n): this {
    if (!from) return this;
    return this.set(to, transform(from.value), from.keyLoc);
  }

  map(loc: Loc): SMap {
    return makeMap(loc, this.entries);
  }
}

/** A generated resource node: Type, Properties and the bookkeeping keys template.ts reads. */
/** `byFramework`: a resource the framework adds on its own, from nothing the user wrote as it (`__ByFramework`). */
export function resourceNode(at: Loc, type: string, properties: SMap, extra: { source?: string; metadata?: SNode; condition?: SNode; dependsOn?: SNode; byFramework?: true } = {}): SMap {
  return syn.map(at, [
    ['Type', syn.str(at, type)],
    ['Properties', properties],
    ['Metadata', extra.metadata],
    ['Condition', extra.condition],
    ['DependsOn', extra.dependsOn],
    ['__Source', extra.source !== undefined ? syn.str(at, extra.source) : undefined],
    ['__ByFramework', extra.byFramework ? { kind: 'scalar', loc: at, value: true } : undefined],
  ]);
}

export function statement(loc: Loc, effect: 'Allow' | 'Deny', actions: string[], resources: SNode[]): SMap {
  return syn.map(loc, [
    ['Effect', syn.str(loc, effect)],
    ['Action', syn.seq(loc, actions.map((a) => syn.str(loc, a)))],
    ['Resource', syn.seq(loc, resources)],
  ]);
}
