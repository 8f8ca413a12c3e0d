/**
 * Terraform's built-in functions that matter for governance values, over known arguments. A call
 * that Terraform would reject (wrong type, no regex match) throws `CallError`, which `try()` and
 * `can()` catch; a call on values that are not known gives an unknown value at the call.
 */
import type { Loc } from '../../parse/index.js';
import { fromPlain, lit, plain, sensitiveOf, markSensitive, text, unknown, type TEntry, type TV } from './values.js';

export class CallError extends Error {}

/** Largest list a function may build (range, flatten ...): bounded evaluation. */
export const MAX_COLLECTION = 10_000;

type Fn = (args: TV[], loc: Loc) => TV;

const str = (v: TV | undefined, what = 'argument'): string => {
  const t = text(v);
  if (t === undefined) throw new Unknowable();
  if (v?.k === 'lit' && typeof v.v !== 'string' && typeof v.v !== 'number' && typeof v.v !== 'boolean') throw new CallError(`${what} must be a string`);
  return t;
};
const num = (v: TV | undefined): number => {
  if (v?.k !== 'lit' || v.sensitive) throw new Unknowable();
  const n = typeof v.v === 'number' ? v.v : typeof v.v === 'string' && v.v.trim() !== '' ? Number(v.v) : NaN;
  if (Number.isNaN(n)) throw new CallError('a number is required');
  return n;
};
const list = (v: TV | undefined): TV[] => {
  if (!v) throw new CallError('missing argument');
  if (v.k === 'list') return v.items;
  if (v.k === 'lit' && v.v === null) throw new CallError('a list is required, not null');
  if (v.k === 'map') throw new CallError('a list is required, not a map');
  if (v.k === 'lit') throw new CallError('a list is required');
  throw new Unknowable();
};
const map = (v: TV | undefined): TEntry[] => {
  if (v?.k === 'map') return v.entries;
  if (v?.k === 'lit' || v?.k === 'list') throw new CallError('a map is required');
  throw new Unknowable();
};

/** Thrown when an argument is not known: the call's value is unknown. */
export class Unknowable extends Error {}

/** Equality of known values (for contains, distinct, index, ==). undefined when not decidable. */
export function equal(a: TV, b: TV): boolean | undefined {
  const pa = plain(a);
  const pb = plain(b);
  if (pa === undefined || pb === undefined) return undefined;
  return JSON.stringify(pa) === JSON.stringify(pb);
}

function dedupe(items: TV[]): TV[] {
  const out: TV[] = [];
  for (const i of items) {
    const p = plain(i);
    if (p === undefined) throw new Unknowable();
    if (!out.some((o) => JSON.stringify(plain(o)) === JSON.stringify(p))) out.push(i);
  }
  return out;
}

/** RE2 named groups `(?P<name>...)` are JavaScript's `(?<name>...)`. */
function re(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
  } catch (e) {
    throw new CallError(`invalid regular expression: ${(e as Error).message}`);
  }
}

function regexResult(m: RegExpMatchArray, loc: Loc): TV {
  if (m.groups && Object.keys(m.groups).length > 0) return { k: 'map', entries: Object.entries(m.groups).map(([key, v]) => ({ key, keyLoc: loc, value: lit(v ?? null, loc) })), loc };
  if (m.length > 1) return { k: 'list', items: m.slice(1).map((x) => lit(x ?? null, loc)), loc };
  return lit(m[0], loc);
}

/** Go's fmt verbs as Terraform's format() uses them (%s %d %v %q %f %%). */
function format(spec: string, args: TV[]): string {
  let i = 0;
  return spec.replace(/%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d+))?([sdvqftbxXeEgGo%])/g, (_m, idx, flagStr: string, width, prec, verb: string) => {
    if (verb === '%') return '%';
    const a = idx ? args[Number(idx) - 1] : args[i++];
    if (!a) throw new CallError('not enough arguments for format');
    let out: string;
    switch (verb) {
      case 'd': out = String(Math.trunc(num(a))); break;
      case 'f': out = num(a).toFixed(prec ? Number(prec) : 6); break;
      case 'q': out = JSON.stringify(str(a)); break;
      case 'x': out = Math.trunc(num(a)).toString(16); break;
      case 'X': out = Math.trunc(num(a)).toString(16).toUpperCase(); break;
      case 'b': out = Math.trunc(num(a)).toString(2); break;
      case 'o': out = Math.trunc(num(a)).toString(8); break;
      case 'v': { const p = plain(a); if (p === undefined) throw new Unknowable(); out = typeof p === 'string' ? p : JSON.stringify(p); break; }
      default: out = str(a);
    }
    if (width && out.length < Number(width)) out = flagStr.includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), flagStr.includes('0') ? '0' : ' ');
    return out;
  });
}

function flatten(items: TV[], depth = 0): TV[] {
  if (depth > 64) throw new CallError('lists nest too deeply');
  const out: TV[] = [];
  for (const i of items) {
    if (i.k === 'list') out.push(...flatten(i.items, depth + 1));
    else if (i.k === 'unknown') throw new Unknowable();
    else out.push(i);
    if (out.length > MAX_COLLECTION) throw new CallError(`flatten() gives more than ${MAX_COLLECTION} elements`);
  }
  return out;
}

const L = (items: TV[], loc: Loc): TV => ({ k: 'list', items, loc });

export const FUNCTIONS: Record<string, Fn> = {
  merge: (args, loc) => {
    const entries: TEntry[] = [];
    for (const a of args) {
      if (a.k === 'lit' && a.v === null) continue;
      for (const e of map(a)) {
        const i = entries.findIndex((x) => x.key === e.key);
        if (i >= 0) entries.splice(i, 1);
        entries.push(e);
      }
    }
    return { k: 'map', entries, loc };
  },
  concat: (args, loc) => L(args.flatMap((a) => list(a)), loc),
  lookup: (args) => {
    const entries = map(args[0]);
    const key = str(args[1]);
    const found = [...entries].reverse().find((e) => e.key === key);
    if (found) return found.value;
    if (args.length > 2) return args[2]!;
    throw new CallError(`lookup() found no key "${key}" and has no default`);
  },
  coalesce: (args) => {
    for (const a of args) {
      if (a.k === 'unknown' || a.k === 'ref' || a.k === 'str') return a;
      if (a.k === 'lit' && (a.v === null || a.v === '')) continue;
      return a;
    }
    throw new CallError('coalesce() has no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const a of args) if (list(a).length > 0) return a;
    throw new CallError('coalescelist() has no non-empty argument');
  },
  compact: (args, loc) => L(list(args[0]).filter((i) => !(i.k === 'lit' && (i.v === null || i.v === ''))), loc),
  format: (args, loc) => lit(format(str(args[0]), args.slice(1)), loc),
  formatlist: (args, loc) => {
    const lists = args.slice(1).filter((a) => a.k === 'list') as { items: TV[] }[];
    const n = lists.length ? Math.max(...lists.map((l) => l.items.length)) : 1;
    const out: TV[] = [];
    for (let i = 0; i < Math.min(n, MAX_COLLECTION); i++) out.push(lit(format(str(args[0]), args.slice(1).map((a) => (a.k === 'list' ? a.items[i] ?? lit(null, loc) : a))), loc));
    return L(out, loc);
  },
  join: (args, loc) => {
    const sep = str(args[0]);
    const parts = args.slice(1).flatMap((a) => list(a));
    const symbolic = parts.some((p) => p.k === 'ref' || p.k === 'str' || p.k === 'pseudo');
    if (!symbolic) return lit(parts.map((p) => str(p)).join(sep), loc);
    const out: (string | TV)[] = [];
    parts.forEach((p, i) => { if (i) out.push(sep); out.push(p); });
    return joinParts(out, loc);
  },
  split: (args, loc) => L(str(args[1]).split(str(args[0])).map((s) => lit(s, loc)), loc),
  tolist: (args, loc) => (args[0]?.k === 'list' ? args[0] : L(list(args[0]), loc)),
  toset: (args, loc) => L(dedupe(list(args[0])), loc),
  tomap: (args, loc) => ({ k: 'map', entries: map(args[0]), loc }),
  tostring: (args, loc) => (args[0]?.k === 'lit' && args[0].v === null ? args[0] : args[0]?.k === 'str' || args[0]?.k === 'ref' ? args[0] : lit(str(args[0]), loc)),
  tonumber: (args, loc) => (args[0]?.k === 'lit' && args[0].v === null ? args[0] : lit(num(args[0]), loc)),
  tobool: (args, loc) => {
    const t = str(args[0]);
    if (t !== 'true' && t !== 'false') throw new CallError('a bool is required');
    return lit(t === 'true', loc);
  },
  jsonencode: (args, loc) => ({ k: 'json', of: args[0] ?? lit(null, loc), loc }),
  jsondecode: (args, loc) => {
    const a = args[0];
    if (a?.k === 'json') return a.of;
    try {
      return fromPlain(JSON.parse(str(a)), loc);
    } catch (e) {
      if (e instanceof Unknowable) throw e;
      throw new CallError('jsondecode() of text that is not JSON');
    }
  },
  length: (args, loc) => {
    const a = args[0];
    if (a?.k === 'list') return lit(a.items.length, loc);
    if (a?.k === 'map') return lit(a.entries.length, loc);
    return lit([...str(a)].length, loc);
  },
  element: (args) => {
    const items = list(args[0]);
    if (items.length === 0) throw new CallError('element() of an empty list');
    return items[Math.trunc(num(args[1])) % items.length]!;
  },
  flatten: (args, loc) => L(flatten(list(args[0])), loc),
  distinct: (args, loc) => L(dedupe(list(args[0])), loc),
  contains: (args, loc) => {
    const items = list(args[0]);
    let undecided = false;
    for (const i of items) {
      const e = equal(i, args[1]!);
      if (e === true) return lit(true, loc);
      if (e === undefined) undecided = true;
    }
    if (undecided) throw new Unknowable();
    return lit(false, loc);
  },
  index: (args, loc) => {
    const i = list(args[0]).findIndex((x) => equal(x, args[1]!) === true);
    if (i < 0) throw new CallError('index() found no such element');
    return lit(i, loc);
  },
  keys: (args, loc) => L(map(args[0]).map((e) => lit(e.key, e.keyLoc)).sort((a, b) => String(a.v).localeCompare(String(b.v))), loc),
  values: (args, loc) => L([...map(args[0])].sort((a, b) => a.key.localeCompare(b.key)).map((e) => e.value), loc),
  zipmap: (args, loc) => {
    const ks = list(args[0]);
    const vs = list(args[1]);
    return { k: 'map', entries: ks.map((k, i) => ({ key: str(k), keyLoc: k.loc, value: vs[i] ?? lit(null, loc) })), loc };
  },
  replace: (args, loc) => {
    const s = str(args[0]);
    const sub = str(args[1]);
    const rep = str(args[2]);
    if (sub.length > 1 && sub.startsWith('/') && sub.endsWith('/')) return lit(s.replace(re(sub.slice(1, -1), 'g'), rep.replace(/\$\{(\w+)\}/g, '$<$1>')), loc);
    return lit(s.split(sub).join(rep), loc);
  },
  lower: (args, loc) => lit(str(args[0]).toLowerCase(), loc),
  upper: (args, loc) => lit(str(args[0]).toUpperCase(), loc),
  title: (args, loc) => lit(str(args[0]).replace(/\b\w/g, (c) => c.toUpperCase()), loc),
  trimprefix: (args, loc) => { const s = str(args[0]); const p = str(args[1]); return lit(s.startsWith(p) ? s.slice(p.length) : s, loc); },
  trimsuffix: (args, loc) => { const s = str(args[0]); const p = str(args[1]); return lit(p && s.endsWith(p) ? s.slice(0, -p.length) : s, loc); },
  trimspace: (args, loc) => lit(str(args[0]).trim(), loc),
  chomp: (args, loc) => lit(str(args[0]).replace(/[\r\n]+$/, ''), loc),
  trim: (args, loc) => {
    const cut = new Set(str(args[1]));
    const s = [...str(args[0])];
    while (s.length && cut.has(s[0]!)) s.shift();
    while (s.length && cut.has(s[s.length - 1]!)) s.pop();
    return lit(s.join(''), loc);
  },
  substr: (args, loc) => {
    const s = [...str(args[0])];
    let off = Math.trunc(num(args[1]));
    const len = Math.trunc(num(args[2]));
    if (off < 0) off = s.length + off;
    return lit(s.slice(off, len < 0 ? undefined : off + len).join(''), loc);
  },
  startswith: (args, loc) => lit(str(args[0]).startsWith(str(args[1])), loc),
  endswith: (args, loc) => lit(str(args[0]).endsWith(str(args[1])), loc),
  strcontains: (args, loc) => lit(str(args[0]).includes(str(args[1])), loc),
  regex: (args, loc) => {
    const m = str(args[1]).match(re(str(args[0])));
    if (!m) throw new CallError('regex() found no match');
    return regexResult(m, loc);
  },
  regexall: (args, loc) => L([...str(args[1]).matchAll(re(str(args[0]), 'g'))].slice(0, MAX_COLLECTION).map((m) => regexResult(m, loc)), loc),
  basename: (args, loc) => lit(str(args[0]).replace(/\/+$/, '').split('/').pop() ?? '', loc),
  dirname: (args, loc) => { const s = str(args[0]); const i = s.lastIndexOf('/'); return lit(i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i), loc); },
  max: (args, loc) => lit(Math.max(...args.map(num)), loc),
  min: (args, loc) => lit(Math.min(...args.map(num)), loc),
  abs: (args, loc) => lit(Math.abs(num(args[0])), loc),
  ceil: (args, loc) => lit(Math.ceil(num(args[0])), loc),
  floor: (args, loc) => lit(Math.floor(num(args[0])), loc),
  signum: (args, loc) => lit(Math.sign(num(args[0])), loc),
  parseint: (args, loc) => lit(parseInt(str(args[0]), num(args[1])), loc),
  range: (args, loc) => {
    const [start, limit, step] = args.length === 1 ? [0, num(args[0]), 1] : [num(args[0]), num(args[1]), args[2] ? num(args[2]) : 1];
    if (step === 0) throw new CallError('range() step must not be 0');
    const n = Math.ceil((limit - start) / step);
    if (n > MAX_COLLECTION) throw new CallError(`range() gives more than ${MAX_COLLECTION} elements`);
    return L(Array.from({ length: Math.max(0, n) }, (_, i) => lit(start + i * step, loc)), loc);
  },
  slice: (args, loc) => L(list(args[0]).slice(num(args[1]), num(args[2])), loc),
  sort: (args, loc) => L([...list(args[0])].sort((a, b) => str(a).localeCompare(str(b))), loc),
  reverse: (args, loc) => L([...list(args[0])].reverse(), loc),
  one: (args, loc) => {
    const items = list(args[0]);
    if (items.length > 1) throw new CallError('one() of more than one element');
    return items[0] ?? lit(null, loc);
  },
  alltrue: (args, loc) => lit(list(args[0]).every((i) => str(i) === 'true'), loc),
  anytrue: (args, loc) => lit(list(args[0]).some((i) => str(i) === 'true'), loc),
  setunion: (args, loc) => L(dedupe(args.flatMap((a) => list(a))), loc),
  setintersection: (args, loc) => L(dedupe(list(args[0])).filter((x) => args.slice(1).every((a) => list(a).some((y) => equal(x, y) === true))), loc),
  setsubtract: (args, loc) => L(dedupe(list(args[0])).filter((x) => !list(args[1]).some((y) => equal(x, y) === true)), loc),
  chunklist: (args, loc) => {
    const items = list(args[0]);
    const size = Math.max(1, Math.trunc(num(args[1])));
    const out: TV[] = [];
    for (let i = 0; i < items.length; i += size) out.push(L(items.slice(i, i + size), loc));
    return L(out, loc);
  },
  transpose: (args, loc) => {
    const out = new Map<string, TV[]>();
    for (const e of map(args[0])) for (const v of list(e.value)) { const k = str(v); out.set(k, [...(out.get(k) ?? []), lit(e.key, e.keyLoc)]); }
    return { k: 'map', entries: [...out].map(([key, items]) => ({ key, keyLoc: loc, value: L(items, loc) })), loc };
  },
  nonsensitive: (args) => args[0]!,
  sensitive: (args) => markSensitive(args[0]!, 'sensitive()'),
  base64encode: (args, loc) => lit(Buffer.from(str(args[0]), 'utf8').toString('base64'), loc),
  base64decode: (args, loc) => lit(Buffer.from(str(args[0]), 'base64').toString('utf8'), loc),
};

/** Text and symbolic pieces into one value: a literal when all pieces are text. */
export function joinParts(pieces: (string | TV)[], loc: Loc): TV {
  const parts: import('./values.js').TStr['parts'] = [];
  const push = (p: string | TV): void => {
    if (typeof p === 'string') {
      if (p === '') return;
      if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += p;
      else parts.push(p);
      return;
    }
    switch (p.k) {
      case 'lit':
        if (p.sensitive) parts.push(unknown(`sensitive variable ${p.sensitive}`, p.loc, { sensitive: p.sensitive }));
        else if (p.v !== null) push(String(p.v));
        else parts.push(unknown('null inside a string', p.loc));
        return;
      case 'ref':
      case 'unknown':
      case 'pseudo':
        parts.push(p);
        return;
      case 'str':
        for (const x of p.parts) push(x);
        return;
      case 'json': {
        const t = plain(p);
        if (typeof t === 'string') push(t);
        else parts.push(unknown('JSON text of values known only after apply', p.loc));
        return;
      }
      default:
        parts.push(unknown(`a ${p.k === 'res' ? 'resource object' : p.k} inside a string`, p.loc));
    }
  };
  for (const p of pieces) push(p);
  if (parts.length === 0) return lit('', loc);
  if (parts.length === 1 && typeof parts[0] === 'string') return lit(parts[0], loc);
  if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0]!.k === 'unknown') return { ...parts[0]!, loc };
  return { k: 'str', parts, loc };
}

/** Calls a built-in function; its result is sensitive when an argument is. */
export function callFunction(name: string, args: TV[], loc: Loc): TV {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
  if (!fn) return unknown(`function ${name}() is not evaluated by ldlint`, loc);
  const sens = name === 'nonsensitive' ? undefined : args.map(sensitiveOf).find((s) => s !== undefined);
  try {
    const out = fn(args, loc);
    return sens && name !== 'sensitive' ? markSensitive(out, sens) : out;
  } catch (e) {
    if (e instanceof Unknowable) {
      const u = args.find((a) => a.k === 'unknown');
      return unknown(u?.k === 'unknown' ? u.reason : `${name}() of a value known only after apply`, loc, sens ? { sensitive: sens } : {});
    }
    throw e;
  }
}
