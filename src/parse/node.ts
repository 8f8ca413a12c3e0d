import type { Loc } from './source.js';

/**
 * The syntax-free tree every input becomes: maps, sequences and scalars, each with its location.
 * YAML short forms are already in long form (`!Ref X` is a map `{Ref: X}` whose location covers the tag).
 */
export type SNode = SMap | SSeq | SScalar;

export type Scalar = string | number | boolean | null;

export interface SEntry {
  key: string;
  keyLoc: Loc;
  value: SNode;
}

export interface SMap {
  kind: 'map';
  loc: Loc;
  entries: SEntry[];
  /** Key lookup; with duplicate keys the last one wins, as CloudFormation's parser does. */
  index: Map<string, SEntry>;
}

export interface SSeq {
  kind: 'seq';
  loc: Loc;
  items: SNode[];
}

export interface SScalar {
  kind: 'scalar';
  loc: Loc;
  value: Scalar;
}

export function makeMap(loc: Loc, entries: SEntry[]): SMap {
  const index = new Map<string, SEntry>();
  for (const e of entries) index.set(e.key, e);
  return { kind: 'map', loc, entries, index };
}

export function get(node: SNode | undefined, key: string): SNode | undefined {
  return node?.kind === 'map' ? node.index.get(key)?.value : undefined;
}

export function entry(node: SNode | undefined, key: string): SEntry | undefined {
  return node?.kind === 'map' ? node.index.get(key) : undefined;
}

/** Plain JS value of a node (for output and for small literal comparisons). */
export function toPlain(node: SNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = Object.create(null);
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}

/** The single key of a map of one entry (an intrinsic function such as `{Ref: X}`), if it is one. */
export function intrinsicName(node: SNode): string | undefined {
  if (node.kind !== 'map' || node.entries.length !== 1) return undefined;
  const key = node.entries[0]!.key;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}
