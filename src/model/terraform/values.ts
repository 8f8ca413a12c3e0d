import type { Loc } from '../../parse/index.js';

/**
 * A Terraform value as ldlint evaluates it. Known values are literals, lists and maps; `ref` is a
 * computed attribute of a resource of the project (known after apply, but *which* resource is
 * known: the checks follow it as they follow `Ref` / `Fn::GetAtt`); `str` is a string assembled
 * from text and such pieces; `unknown` depends on something outside the configuration (its `loc`
 * is the expression that made it unknown); `json` is the JSON text of a value (`jsonencode`, a
 * policy document's `.json`), kept structured so that policies and definitions keep positions.
 * `sensitive` names the `sensitive = true` variable a value came from (never printed).
 */
export type TV = TLit | TList | TMap | TRef | TStr | TUnknown | TJson | TResource | TPseudo;

export interface TLit { k: 'lit'; v: string | number | boolean | null; loc: Loc; sensitive?: string }
export interface TList { k: 'list'; items: TV[]; loc: Loc }
export interface TEntry { key: string; keyLoc: Loc; value: TV }
export interface TMap { k: 'map'; entries: TEntry[]; loc: Loc }
export interface TRef { k: 'ref'; target: string; attr: string; loc: Loc }
export interface TStr { k: 'str'; parts: (string | TRef | TUnknown | TPseudo)[]; loc: Loc }
/** The deployment's region, account, partition (`data.aws_region.current.name` ...): symbolic, as CloudFormation's pseudo parameters. */
export interface TPseudo { k: 'pseudo'; name: 'AWS::Region' | 'AWS::AccountId' | 'AWS::Partition' | 'AWS::URLSuffix'; loc: Loc }
export interface TUnknown { k: 'unknown'; reason: string; loc: Loc; service?: string; sensitive?: string }
export interface TJson { k: 'json'; of: TV; loc: Loc }
/** A resource instance used as a whole object (`aws_iam_role.x`), before an attribute is read. */
export interface TResource { k: 'res'; address: string; loc: Loc }

export const lit = (v: TLit['v'], loc: Loc): TLit => ({ k: 'lit', v, loc });
export const unknown = (reason: string, loc: Loc, extra: Partial<TUnknown> = {}): TUnknown => ({ k: 'unknown', reason, loc, ...extra });

export function mapGet(m: TMap, key: string): TV | undefined {
  for (let i = m.entries.length - 1; i >= 0; i--) if (m.entries[i]!.key === key) return m.entries[i]!.value;
  return undefined;
}

export function isNull(v: TV | undefined): boolean {
  return v === undefined || (v.k === 'lit' && v.v === null);
}

/** The value as plain JSON data when it is fully known (no references, unknowns or sensitive parts). */
export function plain(v: TV): unknown | undefined {
  switch (v.k) {
    case 'lit':
      return v.sensitive ? undefined : v.v;
    case 'list': {
      const out: unknown[] = [];
      for (const i of v.items) {
        const p = plain(i);
        if (p === undefined) return undefined;
        out.push(p);
      }
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of v.entries) {
        const p = plain(e.value);
        if (p === undefined) return undefined;
        out[e.key] = p;
      }
      return out;
    }
    case 'json': {
      const p = plain(v.of);
      return p === undefined ? undefined : JSON.stringify(p);
    }
    default:
      return undefined;
  }
}

/** The string a value reads as, when it is a known scalar. */
export function text(v: TV | undefined): string | undefined {
  if (!v) return undefined;
  if (v.k === 'lit' && v.v !== null && !v.sensitive) return String(v.v);
  if (v.k === 'json') {
    const p = plain(v);
    return typeof p === 'string' ? p : undefined;
  }
  return undefined;
}

/** The first unknown inside a value (for messages), if any. */
export function firstUnknown(v: TV): TUnknown | undefined {
  switch (v.k) {
    case 'unknown':
      return v;
    case 'list':
      for (const i of v.items) { const u = firstUnknown(i); if (u) return u; }
      return undefined;
    case 'map':
      for (const e of v.entries) { const u = firstUnknown(e.value); if (u) return u; }
      return undefined;
    case 'str':
      return v.parts.find((p): p is TUnknown => typeof p !== 'string' && p.k === 'unknown');
    case 'json':
      return firstUnknown(v.of);
    default:
      return undefined;
  }
}

/** Plain JSON data into a value, every node at `loc`. */
export function fromPlain(x: unknown, loc: Loc): TV {
  if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return lit(x, loc);
  if (Array.isArray(x)) return { k: 'list', items: x.map((i) => fromPlain(i, loc)), loc };
  if (typeof x === 'object') return { k: 'map', entries: Object.entries(x as object).map(([key, value]) => ({ key, keyLoc: loc, value: fromPlain(value, loc) })), loc };
  return unknown('a value JSON cannot hold', loc);
}

/** Marks every literal of a value as coming from a sensitive variable. */
export function markSensitive(v: TV, name: string): TV {
  switch (v.k) {
    case 'lit':
      return v.v === null ? v : { ...v, sensitive: name };
    case 'unknown':
      return { ...v, sensitive: name };
    case 'list':
      return { ...v, items: v.items.map((i) => markSensitive(i, name)) };
    case 'map':
      return { ...v, entries: v.entries.map((e) => ({ ...e, value: markSensitive(e.value, name) })) };
    case 'json':
      return { ...v, of: markSensitive(v.of, name) };
    case 'str':
      return { ...v, parts: v.parts.map((p) => (typeof p === 'string' ? unknown(`sensitive variable ${name}`, v.loc, { sensitive: name }) : p)) };
    default:
      return v;
  }
}

export function sensitiveOf(v: TV): string | undefined {
  switch (v.k) {
    case 'lit':
    case 'unknown':
      return v.sensitive;
    case 'list':
      for (const i of v.items) { const s = sensitiveOf(i); if (s) return s; }
      return undefined;
    case 'map':
      for (const e of v.entries) { const s = sensitiveOf(e.value); if (s) return s; }
      return undefined;
    case 'json':
      return sensitiveOf(v.of);
    case 'str':
      for (const p of v.parts) if (typeof p !== 'string' && p.k === 'unknown' && p.sensitive) return p.sensitive;
      return undefined;
    default:
      return undefined;
  }
}

/** Moves a value to another location (the node itself; nested values keep theirs). */
export function at<T extends TV>(v: T, loc: Loc): T {
  return { ...v, loc };
}

/**
 * The value a JSON text stands for: `jsonencode(x)` is x; a literal string is parsed; a string
 * with references (`"arn:...:${aws_s3_bucket.b.arn}/*"` inside a heredoc policy) is parsed with
 * the references kept in place. undefined when it is not JSON.
 */
export function jsonValue(v: TV): TV | undefined {
  if (v.k === 'json') return v.of;
  if (v.k === 'lit' && typeof v.v === 'string' && !v.sensitive) {
    try {
      return fromPlain(JSON.parse(v.v), v.loc);
    } catch {
      return undefined;
    }
  }
  if (v.k === 'str') {
    const pieces: (TRef | TUnknown | TPseudo)[] = [];
    const joined = v.parts.map((p) => (typeof p === 'string' ? p : `\u0001${pieces.push(p) - 1}\u0001`)).join('');
    let parsed: unknown;
    try {
      parsed = JSON.parse(joined);
    } catch {
      return undefined;
    }
    const back = (x: unknown): TV => {
      if (typeof x === 'string' && x.includes('\u0001')) {
        const parts: TStr['parts'] = [];
        x.split(/\u0001(\d+)\u0001/).forEach((s, i) => { if (i % 2) parts.push(pieces[Number(s)]!); else if (s) parts.push(s); });
        if (parts.length === 1 && typeof parts[0] !== 'string') return { ...parts[0]!, loc: v.loc } as TV;
        return { k: 'str', parts, loc: v.loc };
      }
      if (Array.isArray(x)) return { k: 'list', items: x.map(back), loc: v.loc };
      if (x && typeof x === 'object') return { k: 'map', entries: Object.entries(x).map(([key, value]) => ({ key, keyLoc: v.loc, value: back(value) })), loc: v.loc };
      return fromPlain(x, v.loc);
    };
    return back(parsed);
  }
  return undefined;
}
