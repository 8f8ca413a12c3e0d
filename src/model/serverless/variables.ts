import { realpathSync } from 'node:fs';
import path from 'node:path';
import { readText } from '../../io/read.js';
import { makeMap, parseText, SourceFile, type Loc, type ParseIssue, type SEntry, type SMap, type SNode, type SScalar } from '../../parse/index.js';

/**
 * Serverless Framework variables (`${self:...}`, `${opt:stage, 'dev'}`, `${file(./x.yml):key}`, ...)
 * resolved over the parsed tree, as the framework resolves them before it compiles the service.
 *
 * What the linter cannot see (`${ssm:}`, `${cf:}`, `${s3:}`, `${param:}`, `${env:}` without
 * `--allow-env`, a refused `${file()}`) becomes an *unknown node* `{"Fn::ldlintUnknown": reason}`,
 * which the evaluator turns into an unknown value. Resolved nodes keep the location of the text they
 * come from: a referenced value points at its definition (in an included file for `${file()}`),
 * values made here (option values, fallbacks, interpolated strings) point at the variable's text.
 */

/** Key of the synthetic intrinsic that stands for a value the linter cannot know. */
export const UNKNOWN_KEY = 'Fn::ldlintUnknown';

export interface VariableOptions {
  /** `--stage` */
  stage?: string;
  /** `--region` */
  region?: string;
  /** Environment for `${env:}`; undefined: environment variables are not read. */
  env?: NodeJS.ProcessEnv;
  /** Absolute directory `${file()}` may read inside of. */
  projectRoot: string;
  /** Directory the file's display path is relative to. */
  cwd: string;
}

/** A fatal problem (circular reference, runaway expansion): the file becomes a parse error. */
export class VariableError extends Error {
  constructor(message: string, readonly loc: Loc, readonly kind: 'syntax' | 'limit' = 'syntax') {
    super(message);
  }
}

/** Bounds on the work one file may cause (a hostile file must not hang the linter). */
export const LIMITS = { steps: 100_000, depth: 200, expandedNodes: 1_000_000, stringLength: 1_000_000 };

/** `{"Fn::ldlintUnknown": reason}`, or `[reason, source]` when the variable source is known (`ssm`). */
export function unknownNode(reason: string, loc: Loc, source?: string): SMap {
  const r: SNode = { kind: 'scalar', loc, value: reason };
  const value: SNode = source ? { kind: 'seq', loc, items: [r, { kind: 'scalar', loc, value: source }] } : r;
  return makeMap(loc, [{ key: UNKNOWN_KEY, keyLoc: loc, value }]);
}

/** The same unknown node at another location. */
function relocate(n: SNode, loc: Loc): SMap {
  return unknownNode(unknownReason(n), loc, unknownSource(n));
}

export function unknownSource(n: SNode): string | undefined {
  const v = n.kind === 'map' ? n.entries[0]?.value : undefined;
  return v?.kind === 'seq' && v.items[1]?.kind === 'scalar' ? String(v.items[1].value) : undefined;
}

export function isUnknownNode(n: SNode | undefined): boolean {
  return n?.kind === 'map' && n.entries.length === 1 && n.entries[0]!.key === UNKNOWN_KEY;
}

export function unknownReason(n: SNode): string {
  let v = n.kind === 'map' ? n.entries[0]?.value : undefined;
  if (v?.kind === 'seq') v = v.items[0];
  return v?.kind === 'scalar' ? String(v.value) : 'unknown value';
}

type Result =
  | { t: 'node'; node: SNode }
  | { t: 'missing'; what: string }
  | { t: 'unknown'; reason: string; source?: string };

interface VarRef {
  /** Offsets of `${` and after `}` in the string. */
  start: number;
  end: number;
  inner: string;
}

/** Top-level `${...}` spans of a string (nested variables and quoted text included in their span). */
export function scanVariables(s: string): VarRef[] {
  const out: VarRef[] = [];
  let i = s.indexOf('${');
  while (i >= 0) {
    let depth = 0;
    let quote: string | undefined;
    let end = -1;
    for (let j = i; j < s.length; j++) {
      const c = s[j]!;
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === '$' && s[j + 1] === '{') {
        depth++;
        j++;
        continue;
      }
      if ((c === "'" || c === '"') && depth > 0 && /[\s,(:]/.test(s[j - 1] ?? '')) {
        // A quoted literal (`'dev'`), not an apostrophe inside a word.
        if (s.indexOf(c, j + 1) > 0) quote = c;
        continue;
      }
      if (c === '}') {
        depth--;
        if (depth === 0) {
          end = j + 1;
          break;
        }
      }
    }
    if (end < 0) break;
    out.push({ start: i, end, inner: s.slice(i + 2, end - 1) });
    i = s.indexOf('${', end);
  }
  return out;
}

const SOURCE = /^\s*([A-Za-z][A-Za-z0-9]*)(\(|:(?!:))/;

/** Is `${inner}` a Serverless variable? (`${AWS::Region}` and `${Resource}` of `!Sub` are not.) */
export function isVariable(inner: string): boolean {
  const first = splitTopLevel(inner)[0] ?? '';
  return SOURCE.test(first) || /^\s*\$\{/.test(first);
}

/** Splits on commas outside quotes, parentheses and nested `${}`. */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if ((c === "'" || c === '"') && (i === 0 || /[\s,(]/.test(s[i - 1]!))) {
      if (s.indexOf(c, i + 1) > 0) quote = c;
    } else if (c === '(' || (c === '{' && s[i - 1] === '$')) depth++;
    else if (c === ')' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(s.slice(last, i));
      last = i + 1;
    }
  }
  out.push(s.slice(last));
  return out;
}

interface LoadedFile {
  kind: 'ok' | 'missing' | 'refused' | 'error' | 'code';
  root?: SNode;
  reason?: string;
}

/** Resolves every variable of a serverless.yml tree; throws {@link VariableError} on cycles and runaway input. */
export function resolveVariables(root: SMap, options: VariableOptions, issues: ParseIssue[]): SMap {
  const out = new Resolver(root, options, issues).deep(root);
  return out.kind === 'map' && !isUnknownNode(out) ? out : root;
}

class Resolver {
  private readonly cache = new Map<SNode, SNode>();
  private readonly active = new Set<SNode>();
  private readonly varStack: { text: string; loc: Loc }[] = [];
  private readonly sizes = new Map<SNode, number>();
  private readonly files = new Map<string, LoadedFile>();
  private readonly issueKeys = new Set<string>();
  private steps = 0;
  private expanded = 0;
  private readonly serviceDir: string;
  private readonly rootDir: string;
  private realRootDir: string | undefined;

  constructor(private readonly root: SMap, private readonly options: VariableOptions, private readonly issues: ParseIssue[]) {
    this.serviceDir = path.resolve(options.cwd, path.dirname(root.loc.file.path));
    this.rootDir = path.resolve(options.cwd, options.projectRoot);
  }

  /** The node with every variable resolved (memoized; shared sub-trees stay shared). */
  deep(node: SNode): SNode {
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (node.kind === 'scalar' && (typeof node.value !== 'string' || !node.value.includes('${'))) return node;
    if (this.active.has(node)) this.cycle();
    this.active.add(node);
    try {
      let out: SNode;
      if (node.kind === 'scalar') out = this.scalar(node, false);
      else if (node.kind === 'seq') {
        const items = node.items.map((i) => this.deep(i));
        out = items.every((x, i) => x === node.items[i]) ? node : { kind: 'seq', loc: node.loc, items };
      } else out = this.map(node);
      this.cache.set(node, out);
      return out;
    } finally {
      this.active.delete(node);
    }
  }

  private cycle(): never {
    const top = this.varStack[this.varStack.length - 1];
    const chain = this.varStack.map((v) => v.text);
    const loc = top?.loc ?? this.root.loc;
    throw new VariableError(`circular variable reference: ${chain.length ? chain.join(' -> ') : 'a value'} refers back to a value that is being resolved`, loc);
  }

  private map(node: SMap): SNode {
    if (node.entries.length === 1 && node.entries[0]!.key === 'Fn::Sub') return this.sub(node);
    // Keys stay as written: the framework resolves variables in values only (`${...}` in a key is text).
    let changed = false;
    const entries: SEntry[] = node.entries.map((e) => {
      const value = this.deep(e.value);
      if (value !== e.value) changed = true;
      return value === e.value ? e : { key: e.key, keyLoc: e.keyLoc, value };
    });
    return changed ? makeMap(node.loc, entries) : node;
  }

  /** `!Sub` text: Serverless variables resolve to text; CloudFormation's own `${...}` stay as written. */
  private sub(node: SMap): SNode {
    const e = node.entries[0]!;
    const arg = e.value;
    const text = arg.kind === 'scalar' ? arg : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0] : undefined;
    if (!text || typeof text.value !== 'string') return makeMap(node.loc, [{ ...e, value: this.deep(arg) }]);
    const resolved = text.value.includes('${') ? this.scalar(text, true) : text;
    if (isUnknownNode(resolved)) return resolved;
    if (arg.kind !== 'seq') return resolved === arg ? node : makeMap(node.loc, [{ ...e, value: resolved }]);
    const rest = arg.items.slice(1).map((i) => this.deep(i));
    if (resolved === text && rest.every((x, i) => x === arg.items[i + 1])) return node;
    return makeMap(node.loc, [{ ...e, value: { kind: 'seq', loc: arg.loc, items: [resolved, ...rest] } }]);
  }

  /** A string with variables: a whole-value variable gives any node, embedded ones give text. */
  private scalar(node: SScalar, sub: boolean): SNode {
    const s = node.value as string;
    const vars = scanVariables(s).filter((v) => isVariable(v.inner));
    if (vars.length === 0) return node;
    let cursor = node.loc.start;
    const locOf = (v: VarRef): Loc => {
      const raw = s.slice(v.start, v.end);
      const text = node.loc.file.text;
      const at = text.indexOf(raw, cursor);
      if (at >= 0 && at < Math.max(node.loc.end, node.loc.start + 1)) {
        cursor = at + raw.length;
        return { file: node.loc.file, start: at, end: at + raw.length };
      }
      return node.loc;
    };
    if (!sub && vars.length === 1 && vars[0]!.start === 0 && vars[0]!.end === s.length) {
      const v = vars[0]!;
      const at = locOf(v);
      return this.final(this.expr(v.inner, at, s), at);
    }
    const parts: (string | SNode)[] = [];
    let last = 0;
    for (const v of vars) {
      parts.push(s.slice(last, v.start));
      last = v.end;
      const at = locOf(v);
      const raw = s.slice(v.start, v.end);
      const n = this.final(this.expr(v.inner, at, raw), at);
      if (n.kind === 'scalar') parts.push(n.value === null ? '' : String(n.value));
      else if (isUnknownNode(n) || isStringIntrinsic(n)) parts.push(n);
      else parts.push(unknownNode(`${raw} is a ${n.kind === 'seq' ? 'list' : 'map'}, which cannot be part of a string`, at));
    }
    parts.push(s.slice(last));
    const merged: (string | SNode)[] = [];
    for (const p of parts) {
      if (typeof p === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += p;
      else if (p !== '') merged.push(p);
    }
    const length = merged.reduce((n, p) => n + (typeof p === 'string' ? p.length : 0), 0);
    if (length > LIMITS.stringLength) throw new VariableError(`variables expand to a string of more than ${LIMITS.stringLength} characters`, node.loc, 'limit');
    if (merged.every((p) => typeof p === 'string')) return { kind: 'scalar', loc: node.loc, value: merged.join('') };
    if (sub) {
      const unknown = merged.find((p): p is SNode => typeof p !== 'string' && isUnknownNode(p));
      if (unknown) return relocate(unknown, node.loc);
      const text = merged.map((p) => (typeof p === 'string' ? p : subText(p))).join('');
      return { kind: 'scalar', loc: node.loc, value: text };
    }
    const unknown = merged.filter((p): p is SNode => typeof p !== 'string' && isUnknownNode(p));
    if (unknown.length && merged.every((p) => typeof p === 'string' || isUnknownNode(p))) {
      // Text around an unknown value is still unknown as a whole.
      return relocate(unknown[0]!, node.loc);
    }
    return makeMap(node.loc, [{
      key: 'Fn::Join',
      keyLoc: node.loc,
      value: { kind: 'seq', loc: node.loc, items: [{ kind: 'scalar', loc: node.loc, value: '' }, { kind: 'seq', loc: node.loc, items: merged.map((p) => (typeof p === 'string' ? { kind: 'scalar', loc: node.loc, value: p } as SNode : p)) }] },
    }]);
  }

  /** The node a result stands for: a value that is not there (and has no fallback) is unknown. */
  private final(r: Result, at: Loc): SNode {
    if (r.t === 'node') return r.node;
    if (r.t === 'unknown') return unknownNode(r.reason, at, r.source);
    return unknownNode(`${r.what}, and has no fallback`, at);
  }

  private issue(i: ParseIssue): void {
    const key = `${i.loc.file.path}:${i.loc.start}:${i.message}`;
    if (this.issueKeys.has(key)) return;
    this.issueKeys.add(key);
    this.issues.push(i);
  }

  private tick(at: Loc): void {
    if (++this.steps > LIMITS.steps) throw new VariableError(`variable resolution takes more than ${LIMITS.steps} steps`, at, 'limit');
  }

  /** `source:address, fallback, ...` (the text between `${` and `}`). */
  private expr(inner: string, at: Loc, text: string): Result {
    this.tick(at);
    if (this.varStack.length >= LIMITS.depth) throw new VariableError(`variables nested more than ${LIMITS.depth} levels deep`, at, 'limit');
    this.varStack.push({ text, loc: at });
    try {
      let last: Result = { t: 'missing', what: `${text} has no value` };
      for (const el of splitTopLevel(inner)) {
        const r = this.element(el.trim(), at);
        if (r.t === 'unknown') return r;
        if (r.t === 'node' && !(r.node.kind === 'scalar' && r.node.value === null)) {
          this.count(r.node, at);
          return r;
        }
        last = r.t === 'missing' ? r : { t: 'missing', what: `${text} is null` };
      }
      return last;
    } finally {
      this.varStack.pop();
    }
  }

  /** Bounds the size of what variables expand to (like YAML alias expansion). */
  private count(node: SNode, at: Loc): void {
    this.expanded += this.size(node);
    if (this.expanded > LIMITS.expandedNodes) throw new VariableError(`variables expand to more than ${LIMITS.expandedNodes} values`, at, 'limit');
  }

  private size(node: SNode): number {
    if (node.kind === 'scalar') return 1;
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    let n = 1;
    if (node.kind === 'seq') for (const i of node.items) n += this.size(i);
    else for (const e of node.entries) n += this.size(e.value);
    this.sizes.set(node, n);
    return n;
  }

  private lit(value: string | number | boolean, at: Loc): Result {
    return { t: 'node', node: { kind: 'scalar', loc: at, value } };
  }

  /** One alternative of a fallback chain. */
  private element(el: string, at: Loc): Result {
    if (el === '') return { t: 'missing', what: 'an empty variable' };
    const q = /^(['"])([\s\S]*)\1$/.exec(el);
    if (q) return this.lit(q[2]!, at);
    if (/^-?\d+(\.\d+)?$/.test(el)) return this.lit(Number(el), at);
    if (el === 'true' || el === 'false') return this.lit(el === 'true', at);
    if (el === 'null') return { t: 'missing', what: 'null' };
    const whole = scanVariables(el);
    if (whole.length === 1 && whole[0]!.start === 0 && whole[0]!.end === el.length) return this.expr(whole[0]!.inner, at, el);
    let text = el;
    if (el.includes('${')) {
      // Nested variables in the address (`${self:custom.${opt:stage}.memory}`) resolve first.
      const n = this.scalar({ kind: 'scalar', loc: at, value: el }, false);
      if (n.kind !== 'scalar') return isUnknownNode(n) ? { t: 'unknown', reason: unknownReason(n), source: unknownSource(n) } : { t: 'unknown', reason: `the address of \${${el}} is not known` };
      text = String(n.value);
    }
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\(([\s\S]*)\))?(?::([\s\S]*))?$/.exec(text);
    if (!m || (m[2] === undefined && m[3] === undefined)) return this.lit(text, at);
    const [, source, params, address = ''] = m;
    const shown = `\${${text}}`;
    switch (source) {
      case 'self':
        return this.walk(this.root, address, `self:${address}`);
      case 'opt':
        if (address === 'stage' && this.options.stage !== undefined) return this.lit(this.options.stage, at);
        if (address === 'region' && this.options.region !== undefined) return this.lit(this.options.region, at);
        return { t: 'missing', what: `option --${address} is not given` };
      case 'sls':
        if (address === 'stage') return this.lit(this.stage(), at);
        return { t: 'unknown', reason: `${shown} is known only at deploy time`, source: 'sls' };
      case 'aws':
        if (address === 'region') return this.lit(this.region(), at);
        if (address === 'accountId') return { t: 'node', node: makeMap(at, [{ key: 'Ref', keyLoc: at, value: { kind: 'scalar', loc: at, value: 'AWS::AccountId' } }]) };
        return { t: 'unknown', reason: `${shown} is read from AWS at deploy time`, source: 'aws' };
      case 'env': {
        if (!this.options.env) return { t: 'unknown', reason: `${shown} is an environment variable, which ldlint reads only with --allow-env`, source: 'env' };
        const v = this.options.env[address];
        return v === undefined ? { t: 'missing', what: `environment variable ${address} is not set` } : this.lit(v, at);
      }
      case 'file':
        return this.file((params ?? '').trim().replace(/^(['"])(.*)\1$/, '$2'), address, at, shown);
      case 'strToBool': {
        const v = (params ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
        if (v === 'true' || v === '1') return this.lit(true, at);
        if (v === 'false' || v === '0') return this.lit(false, at);
        return { t: 'unknown', reason: `${shown} is not a boolean` };
      }
      case 'ssm':
        return { t: 'unknown', reason: `${shown} is read from SSM Parameter Store at deploy time`, source: 'ssm' };
      case 'cf':
        return { t: 'unknown', reason: `${shown} is an output of another CloudFormation stack`, source: 'cf' };
      case 's3':
        return { t: 'unknown', reason: `${shown} is read from S3 at deploy time`, source: 's3' };
      case 'param':
        return this.param(address.trim(), shown);
      default:
        return { t: 'unknown', reason: `${shown} is resolved at deploy time (variable source "${source}")`, source };
    }
  }

  /**
   * `${param:name}`: the service's own stage parameters, `params.<stage>.name` then
   * `params.default.name` (a null value does not count). Without them the value comes from the
   * Serverless Dashboard (unknown) when the service names an `org` and an `app`, else it is missing.
   */
  private param(name: string, shown: string): Result {
    const params = this.deep(this.root.index.get('params')?.value ?? { kind: 'scalar', loc: this.root.loc, value: null });
    for (const stage of [this.stage(), 'default']) {
      const group = params.kind === 'map' ? params.index.get(stage)?.value : undefined;
      const g = group ? this.deep(group) : undefined;
      if (g && isUnknownNode(g)) return { t: 'unknown', reason: unknownReason(g), source: unknownSource(g) };
      const v = g?.kind === 'map' ? g.index.get(name)?.value : undefined;
      if (!v) continue;
      const node = this.deep(v);
      if (isUnknownNode(node)) return { t: 'unknown', reason: unknownReason(node), source: unknownSource(node) };
      if (node.kind === 'scalar' && node.value === null) continue;
      return { t: 'node', node };
    }
    const org = this.root.index.get('org')?.value;
    const app = this.root.index.get('app')?.value;
    if (org && app) return { t: 'unknown', reason: `${shown} is a Serverless Dashboard parameter, resolved at deploy time`, source: 'param' };
    return { t: 'missing', what: `parameter ${name} is not set in params.${this.stage()} or params.default` };
  }

  /** `--stage`, else `provider.stage`, else `dev` (the framework's `${sls:stage}`). */
  stage(): string {
    return this.options.stage ?? this.providerText('stage') ?? 'dev';
  }

  region(): string {
    return this.options.region ?? this.providerText('region') ?? 'us-east-1';
  }

  private providerText(key: 'stage' | 'region'): string | undefined {
    const provider = this.root.index.get('provider')?.value;
    const raw = provider?.kind === 'map' ? provider.index.get(key)?.value : undefined;
    if (!raw || this.active.has(raw)) return undefined;
    const v = this.deep(raw);
    return v.kind === 'scalar' && v.value !== null && v.value !== '' ? String(v.value) : undefined;
  }

  /** Follows a dotted address from a node, resolving variables met on the way. */
  private walk(from: SNode, address: string, what: string): Result {
    let cur = from;
    const segs = address.trim() === '' ? [] : address.trim().split('.');
    for (const seg of segs) {
      if (cur.kind === 'scalar') cur = this.deep(cur);
      if (isUnknownNode(cur)) return { t: 'unknown', reason: unknownReason(cur), source: unknownSource(cur) };
      if (cur.kind === 'map') {
        const e = cur.index.get(seg);
        if (!e) return { t: 'missing', what: `${what} is not set` };
        cur = e.value;
      } else if (cur.kind === 'seq' && /^\d+$/.test(seg) && cur.items[Number(seg)]) {
        cur = cur.items[Number(seg)]!;
      } else return { t: 'missing', what: `${what} is not set` };
    }
    const node = this.deep(cur);
    if (isUnknownNode(node)) return { t: 'unknown', reason: unknownReason(node), source: unknownSource(node) };
    return { t: 'node', node };
  }

  private file(relative: string, address: string, at: Loc, shown: string): Result {
    if (!relative) return { t: 'unknown', reason: `${shown} names no file` };
    const f = this.load(relative);
    switch (f.kind) {
      case 'ok':
        return this.walk(f.root!, address, `${shown}`);
      case 'missing':
        // A missing file is a missing value (a fallback applies); the checks that read it say so.
        return { t: 'missing', what: `${shown} names a file that does not exist` };
      case 'code':
        return { t: 'unknown', reason: `${shown} runs JavaScript, which ldlint does not execute`, source: 'file' };
      case 'refused':
        this.issue({ kind: 'refused', message: `${shown} refused: ${f.reason}; its values are unknown`, loc: at });
        return { t: 'unknown', reason: `${shown} was not read: ${f.reason}`, source: 'file' };
      default:
        return { t: 'unknown', reason: `${shown} cannot be read: ${f.reason}`, source: 'file' };
    }
  }

  /** Reads an included file, only inside the project root (symbolic links resolved). */
  private load(relative: string): LoadedFile {
    const abs = path.resolve(this.serviceDir, relative);
    const cached = this.files.get(abs);
    if (cached) return cached;
    const result = this.read(abs, relative);
    this.files.set(abs, result);
    return result;
  }

  private read(abs: string, relative: string): LoadedFile {
    const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
    if (!inside(abs, this.rootDir)) return { kind: 'refused', reason: `${relative} is outside the project root` };
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return { kind: 'missing' };
    }
    this.realRootDir ??= safeRealpath(this.rootDir) ?? this.rootDir;
    if (!inside(real, this.realRootDir)) return { kind: 'refused', reason: `${relative} is a symbolic link to outside the project root` };
    if (/\.(c|m)?[jt]s$/i.test(abs)) return { kind: 'code' };
    const r = readText(real);
    if (!r.ok) return { kind: 'error', reason: r.message };
    const display = path.relative(this.options.cwd, abs).split(path.sep).join('/') || abs;
    if (/\.(ya?ml|json)$/i.test(abs)) {
      const parsed = parseText(display, r.text);
      for (const w of parsed.warnings) this.issue(w);
      if (!parsed.root) {
        const e = parsed.error!;
        const pos = e.loc.file.position(e.loc.start);
        return { kind: 'error', reason: `${display}:${pos.line}:${pos.column}: ${e.message}` };
      }
      return { kind: 'ok', root: parsed.root };
    }
    const file = new SourceFile(display, r.text);
    return { kind: 'ok', root: { kind: 'scalar', loc: { file, start: 0, end: r.text.length }, value: r.text } };
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** `{Ref: AWS::AccountId}` and `Fn::Join` of text: string-valued nodes that interpolation may embed. */
function isStringIntrinsic(n: SNode): boolean {
  if (n.kind !== 'map' || n.entries.length !== 1) return false;
  const { key, value } = n.entries[0]!;
  return (key === 'Ref' && value.kind === 'scalar') || key === 'Fn::Join' || key === 'Fn::Sub';
}

/** A string-valued node as `!Sub` text (`${AWS::AccountId}`). */
function subText(n: SNode): string {
  if (n.kind === 'scalar') return n.value === null ? '' : String(n.value);
  if (n.kind !== 'map' || n.entries.length !== 1) return '';
  const { key, value } = n.entries[0]!;
  if (key === 'Ref' && value.kind === 'scalar') return `\${${String(value.value)}}`;
  if (key === 'Fn::Sub' && value.kind === 'scalar') return String(value.value);
  if (key === 'Fn::Join' && value.kind === 'seq' && value.items[1]?.kind === 'seq') {
    const d = value.items[0]?.kind === 'scalar' ? String(value.items[0].value ?? '') : '';
    return value.items[1].items.map(subText).join(d);
  }
  return '';
}
