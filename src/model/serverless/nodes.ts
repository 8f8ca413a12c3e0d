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

/** Numeric strings become numbers (`timeout: '30'`), as the framework's schema coercion does. */
export function num(n: SNode | undefined): SNode | undefined {
  if (n?.kind === 'scalar' && typeof n.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(n.value)) return { kind: 'scalar', loc: n.loc, value: Number(n.value) };
  return n;
}

/** Numbers and booleans become strings (environment and tag values). */
export function str(n: SNode): SNode {
  if (n.kind === 'scalar' && (typeof n.value === 'number' || typeof n.value === 'boolean')) return { kind: 'scalar', loc: n.loc, value: String(n.value) };
  return n;
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
export function resourceNode(at: Loc, type: string, properties: SMap, extra: { source?: string; metadata?: SNode; condition?: SNode; dependsOn?: SNode } = {}): SMap {
  return syn.map(at, [
    ['Type', syn.str(at, type)],
    ['Properties', properties],
    ['Metadata', extra.metadata],
    ['Condition', extra.condition],
    ['DependsOn', extra.dependsOn],
    ['__Source', extra.source !== undefined ? syn.str(at, extra.source) : undefined],
  ]);
}

export function statement(loc: Loc, effect: 'Allow' | 'Deny', actions: string[], resources: SNode[]): SMap {
  return syn.map(loc, [
    ['Effect', syn.str(loc, effect)],
    ['Action', syn.seq(loc, actions.map((a) => syn.str(loc, a)))],
    ['Resource', syn.seq(loc, resources)],
  ]);
}
