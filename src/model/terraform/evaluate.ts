/**
 * Evaluates a Terraform configuration the way `terraform plan` would see it before apply, without
 * running anything: module instances (local child modules, and registry / git ones through
 * `.terraform/modules/modules.json`), input variables, locals, outputs, references, the built-in
 * functions of functions.ts, `count` / `for_each` instances. Attributes the provider computes are
 * symbolic references; data sources (but `aws_iam_policy_document`) read the account and are
 * unknown. Evaluation is bounded: a step budget per attribute, a nesting depth, collection and
 * instance limits, cycle detection, each with a located message; never a hang.
 */
import path from 'node:path';
import type { HAttribute, HBlock, HBody, HExpr, TemplatePart } from '../../parse/hcl.js';
import { parseTemplateFile } from '../../parse/hcl.js';
import type { Loc, ParseIssue } from '../../parse/index.js';
import { CallError, MAX_COLLECTION, callFunction, equal, joinParts } from './functions.js';
import type { ModuleDef } from './module.js';
import { lit, mapGet, markSensitive, text, unknown, type TEntry, type TMap, type TPseudo, type TResource, type TV } from './values.js';
import { policyDocument } from './policy-document.js';

/** Instances of one resource, module call or data source at most: a larger count is checked as one. */
export const MAX_INSTANCES = 1000;
/** Evaluation steps for one attribute (and everything it references). */
export const MAX_STEPS = 1_000_000;
export const MAX_DEPTH = 200;
export const MAX_MODULE_DEPTH = 16;

export interface TerraformEnv {
  /** Absolute directory of the root module. */
  rootDir: string;
  /** Reads a file inside the project (absolute path); a problem is a message. */
  readFile(abs: string, loc: Loc): { text: string; shown: string } | { refused: string } | undefined;
  /** Parses a module directory (memoized); undefined when it holds no configuration. */
  loadModule(absDir: string): { def: ModuleDef } | { error: ParseIssue } | undefined;
  /** `.terraform/modules/modules.json` of the root: module key (`a.b`) -> absolute directory. */
  installedModules: Map<string, string>;
  issues: ParseIssue[];
}

export interface Scope {
  each?: { key: TV; value: TV };
  count?: TV;
  /** for-expression variables, dynamic block iterators, templatefile() variables. */
  locals?: Map<string, TV>;
}

class LimitError extends Error {
  constructor(message: string, readonly loc: Loc) {
    super(message);
  }
}

export interface ResourceInstance {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Full address: module prefix, type, name and instance key. */
  address: string;
  block: HBlock;
  module: ModuleInstance;
  scope: Scope;
  /** Evaluated top-level argument (memoized); undefined when not written. */
  attr(name: string): TV | undefined;
}

/** Keys of instances (`count` / `for_each`), or one unkeyed instance. */
type Expansion = { keyed: false; scope: Scope }[] | { keyed: true; key: string | number; scope: Scope }[];

export class Evaluator {
  private steps = 0;
  private depth = 0;
  private inTask = false;
  readonly resources: ResourceInstance[] = [];
  /** Data source instances (`data "archive_file"` tells where a function's code is). */
  readonly data: ResourceInstance[] = [];
  private readonly reported = new Set<string>();

  constructor(readonly env: TerraformEnv) {}

  issue(kind: ParseIssue['kind'], message: string, loc: Loc): void {
    const k = `${kind}|${message}|${loc.file.path}|${loc.start}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.env.issues.push({ kind, message, loc });
  }

  /** Runs one top-level evaluation with its own step budget; a limit becomes an unknown at its location. */
  task(run: () => TV, loc: Loc): TV {
    if (this.inTask) return run();
    this.inTask = true;
    this.steps = 0;
    try {
      return run();
    } catch (e) {
      if (e instanceof LimitError) {
        this.issue('unresolved', e.message, e.loc);
        return unknown(e.message, e.loc);
      }
      if (e instanceof RangeError) {
        this.issue('unresolved', 'expression nests too deeply to evaluate', loc);
        return unknown('expression nests too deeply to evaluate', loc);
      }
      throw e;
    } finally {
      this.inTask = false;
    }
  }

  eval(e: HExpr, m: ModuleInstance, s: Scope): TV {
    return this.task(() => this.ev(e, m, s), e.loc);
  }

  ev(e: HExpr, m: ModuleInstance, s: Scope): TV {
    if (++this.steps > MAX_STEPS) throw new LimitError(`evaluation stopped after ${MAX_STEPS} steps (an expression too large to evaluate)`, e.loc);
    if (this.depth > MAX_DEPTH) throw new LimitError(`references nest more than ${MAX_DEPTH} deep`, e.loc);
    this.depth++;
    try {
      return this.ev1(e, m, s);
    } finally {
      this.depth--;
    }
  }

  private ev1(e: HExpr, m: ModuleInstance, s: Scope): TV {
    switch (e.t) {
      case 'lit':
        return lit(e.value, e.loc);
      case 'template':
        return this.template(e.parts, m, s, e.loc);
      case 'tuple':
        return { k: 'list', items: e.items.map((i) => this.ev(i, m, s)), loc: e.loc };
      case 'object': {
        const entries: TEntry[] = [];
        for (const it of e.items) {
          const key = it.key.t === 'var' ? it.key.name : text(this.ev(it.key, m, s));
          if (key === undefined) return unknown('a map key known only after apply', it.key.loc);
          entries.push({ key, keyLoc: it.key.loc, value: this.ev(it.value, m, s) });
        }
        return { k: 'map', entries, loc: e.loc };
      }
      case 'var':
      case 'attr':
      case 'index':
        return this.traversal(e, m, s);
      case 'splat': {
        const obj = this.ev(e.obj, m, s);
        const each = (v: TV) => this.ev(e.each, m, { ...s, locals: new Map([...(s.locals ?? []), ['\0splat', v]]) });
        if (obj.k === 'list') return { k: 'list', items: obj.items.map(each), loc: e.loc };
        if (obj.k === 'lit' && obj.v === null) return { k: 'list', items: [], loc: e.loc };
        if (obj.k === 'unknown') return { ...obj, loc: e.loc };
        return { k: 'list', items: [each(obj)], loc: e.loc };
      }
      case 'splatItem':
        return s.locals?.get('\0splat') ?? unknown('splat outside a splat', e.loc);
      case 'call':
        return this.call(e, m, s);
      case 'cond': {
        const c = this.ev(e.cond, m, s);
        const b = truth(c);
        if (b === true) return this.ev(e.then, m, s);
        if (b === false) return this.ev(e.else, m, s);
        if (c.k === 'unknown') return unknown(`a condition depends on ${c.reason}`, e.loc);
        return unknown('a condition known only after apply', e.loc);
      }
      case 'binary':
        return this.binary(e.op, this.ev(e.left, m, s), () => this.ev(e.right, m, s), e.loc);
      case 'unary': {
        const v = this.ev(e.operand, m, s);
        if (e.op === '!') { const b = truth(v); return b === undefined ? unknown(reasonOf(v, 'a negation of a value known only after apply'), e.loc) : lit(!b, e.loc); }
        const n = number(v);
        return n === undefined ? unknown(reasonOf(v, 'a number known only after apply'), e.loc) : lit(-n, e.loc);
      }
      case 'for':
        return this.forExpr(e, m, s);
      case 'bad':
        return unknown('an expression ldlint does not read', e.loc);
    }
  }

  private template(parts: TemplatePart[], m: ModuleInstance, s: Scope, loc: Loc): TV {
    const out: (string | TV)[] = [];
    for (const p of parts) {
      if (typeof p === 'string') out.push(p);
      else if (p.t === 'tif') {
        const b = truth(this.ev(p.cond, m, s));
        if (b === undefined) return unknown('a template %{if} on a value known only after apply', p.loc);
        out.push(this.template(b ? p.then : p.else, m, s, p.loc));
      } else if (p.t === 'tfor') {
        const coll = this.ev(p.coll, m, s);
        const items = this.iterate(coll, p.loc);
        if (!items) return unknown(reasonOf(coll, 'a template %{for} over a collection known only after apply'), p.loc);
        for (const [k, v] of items) out.push(this.template(p.body, m, withLocals(s, p.keyVar, k, p.valVar, v), p.loc));
      } else out.push(this.ev(p, m, s));
    }
    // A template of one interpolation alone is that value ("${var.x}" keeps its type and location).
    if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0]!.t !== 'tif' && parts[0]!.t !== 'tfor') return out[0] as TV;
    return joinParts(out, loc);
  }

  /** Key/value pairs of a collection; undefined when it is not known. */
  iterate(coll: TV, loc: Loc): [TV, TV][] | undefined {
    let pairs: [TV, TV][];
    if (coll.k === 'list') pairs = coll.items.map((v, i) => [lit(i, v.loc), v]);
    else if (coll.k === 'map') pairs = [...coll.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => [lit(e.key, e.keyLoc), e.value]);
    else if (coll.k === 'lit' && coll.v === null) pairs = [];
    else return undefined;
    if (pairs.length > MAX_COLLECTION) throw new LimitError(`a for expression over more than ${MAX_COLLECTION} elements is not evaluated`, loc);
    return pairs;
  }

  private forExpr(e: Extract<HExpr, { t: 'for' }>, m: ModuleInstance, s: Scope): TV {
    const coll = this.ev(e.coll, m, s);
    const pairs = this.iterate(coll, e.loc);
    if (!pairs) return unknown(reasonOf(coll, 'a for expression over a collection known only after apply'), e.loc);
    const items: TV[] = [];
    const entries: TEntry[] = [];
    for (const [k, v] of pairs) {
      const inner = withLocals(s, e.keyVar, k, e.valVar, v);
      if (e.cond) {
        const c = truth(this.ev(e.cond, m, inner));
        if (c === undefined) return unknown('a for expression filter known only after apply', e.cond.loc);
        if (!c) continue;
      }
      if (e.kind === 'tuple') { items.push(this.ev(e.value, m, inner)); continue; }
      const key = text(this.ev(e.key!, m, inner));
      if (key === undefined) return unknown('a for expression key known only after apply', e.key!.loc);
      const value = this.ev(e.value, m, inner);
      const found = entries.find((x) => x.key === key);
      if (e.group) {
        if (found && found.value.k === 'list') found.value.items.push(value);
        else entries.push({ key, keyLoc: e.key!.loc, value: { k: 'list', items: [value], loc: value.loc } });
      } else if (found) {
        return unknown(`duplicate key "${key}" in a for expression`, e.key!.loc);
      } else entries.push({ key, keyLoc: e.key!.loc, value });
    }
    return e.kind === 'tuple' ? { k: 'list', items, loc: e.loc } : { k: 'map', entries, loc: e.loc };
  }

  private binary(op: string, l: TV, rightOf: () => TV, loc: Loc): TV {
    if (op === '&&' || op === '||') {
      const a = truth(l);
      if (op === '&&' && a === false) return lit(false, loc);
      if (op === '||' && a === true) return lit(true, loc);
      const b = truth(rightOf());
      if (a !== undefined && b !== undefined) return lit(op === '&&' ? a && b : a || b, loc);
      if (op === '&&' && b === false) return lit(false, loc);
      if (op === '||' && b === true) return lit(true, loc);
      return unknown(`a condition known only after apply`, loc);
    }
    const r = rightOf();
    if (op === '==' || op === '!=') {
      const eq = equal(l, r);
      if (eq === undefined) {
        // null against a known value is decidable.
        if ((isNullV(l) && isKnownNonNull(r)) || (isNullV(r) && isKnownNonNull(l))) return lit(op === '!=', loc);
        return unknown(reasonOf(l.k === 'unknown' ? l : r, 'a comparison of values known only after apply'), loc);
      }
      return lit(op === '==' ? eq : !eq, loc);
    }
    const a = number(l);
    const b = number(r);
    if (a === undefined || b === undefined) return unknown(reasonOf(a === undefined ? l : r, 'arithmetic on a value known only after apply'), loc);
    switch (op) {
      case '+': return lit(a + b, loc);
      case '-': return lit(a - b, loc);
      case '*': return lit(a * b, loc);
      case '/': return b === 0 ? unknown('division by zero', loc) : lit(a / b, loc);
      case '%': return b === 0 ? unknown('division by zero', loc) : lit(a % b, loc);
      case '<': return lit(a < b, loc);
      case '>': return lit(a > b, loc);
      case '<=': return lit(a <= b, loc);
      case '>=': return lit(a >= b, loc);
      default: return unknown(`operator ${op}`, loc);
    }
  }

  private call(e: Extract<HExpr, { t: 'call' }>, m: ModuleInstance, s: Scope): TV {
    const name = e.name.replace(/^core::/, '');
    if (name === 'try' || name === 'can') return this.tryCall(name, e, m, s);
    let args = e.args.map((a) => this.ev(a, m, s));
    if (e.expand && args.length > 0) {
      const last = args[args.length - 1]!;
      if (last.k !== 'list') return unknown('arguments expanded from a list known only after apply', e.loc);
      args = [...args.slice(0, -1), ...last.items];
    }
    if (name === 'file' || name === 'templatefile' || name === 'fileexists') return this.fileCall(name, args, m, e.loc);
    try {
      return callFunction(name, args, e.loc);
    } catch (err) {
      if (err instanceof CallError) return unknown(`${name}(): ${err.message}`, e.loc);
      throw err;
    }
  }

  /** `try(a, b)`: the first argument that evaluates without error; `can(x)`: whether it does. */
  private tryCall(name: string, e: Extract<HExpr, { t: 'call' }>, m: ModuleInstance, s: Scope): TV {
    for (const a of e.args) {
      const v = this.ev(a, m, s);
      const failed = v.k === 'unknown' && isError(v.reason);
      if (name === 'can') return failed ? lit(false, e.loc) : v.k === 'unknown' ? unknown(v.reason, e.loc) : lit(true, e.loc);
      if (!failed) return v;
    }
    return unknown('try(): no argument could be evaluated', e.loc);
  }

  private fileCall(name: string, args: TV[], m: ModuleInstance, loc: Loc): TV {
    const rel = text(args[0]);
    if (rel === undefined) return unknown(`${name}() of a path known only after apply`, loc);
    const abs = path.resolve(this.env.rootDir, rel);
    const read = this.env.readFile(abs, loc);
    if (name === 'fileexists') return read && !('refused' in read) ? lit(true, loc) : read ? unknown('the file is outside the project', loc) : lit(false, loc);
    if (!read) return unknown(`${name}(): no such file ${rel}`, loc);
    if ('refused' in read) {
      this.issue('refused', read.refused, loc);
      return unknown(`${name}() of ${rel}, outside the project`, loc);
    }
    if (name === 'file') return lit(read.text, loc);
    const parsed = parseTemplateFile(read.shown, read.text);
    if (!parsed.ok) {
      this.issue('unresolved', `templatefile(${rel}): ${parsed.error.message}`, parsed.error.loc);
      return unknown(`templatefile(${rel}) does not parse`, loc);
    }
    const vars = args[1];
    const locals = new Map<string, TV>();
    if (vars?.k === 'map') for (const en of vars.entries) locals.set(en.key, en.value);
    else if (vars && !(vars.k === 'lit' && vars.v === null)) return unknown('templatefile() variables known only after apply', loc);
    // Inside a template only its variables are in scope (no var., local., resources).
    const v = this.ev(parsed.expr, new TemplateModule(m), { locals });
    return { ...v, loc } as TV;
  }

  private traversal(e: HExpr, m: ModuleInstance, s: Scope): TV {
    const steps: ({ attr: string; loc: Loc } | { index: HExpr; loc: Loc })[] = [];
    let cur = e;
    while (cur.t === 'attr' || cur.t === 'index') {
      steps.unshift(cur.t === 'attr' ? { attr: cur.name, loc: cur.loc } : { index: cur.key, loc: cur.loc });
      cur = cur.obj;
    }
    if (cur.t !== 'var') {
      // A traversal of a computed value: `func()[0].x`, `(expr).y`, `[...][0]`.
      return this.apply(this.ev(cur, m, s), steps, m, s);
    }
    const name = cur.name;
    const loc = e.loc;
    const attrAt = (i: number) => { const st = steps[i]; return st && 'attr' in st ? st.attr : undefined; };
    if (s.locals?.has(name)) return this.apply(s.locals.get(name)!, steps, m, s);
    if (m instanceof TemplateModule) return unknown(`${name} is not a variable of the template`, loc);
    switch (name) {
      case 'var': {
        const n = attrAt(0);
        return n === undefined ? unknown('var without a name', loc) : this.apply(at(m.variable(n), steps[0]!.loc), steps.slice(1), m, s);
      }
      case 'local': {
        const n = attrAt(0);
        return n === undefined ? unknown('local without a name', loc) : this.apply(m.local(n, steps[0]!.loc), steps.slice(1), m, s);
      }
      case 'each': {
        const n = attrAt(0);
        if (!s.each) return unknown('each outside a for_each', loc);
        return this.apply(n === 'key' ? s.each.key : n === 'value' ? s.each.value : unknown(`each.${n}`, loc), steps.slice(1), m, s);
      }
      case 'count':
        return attrAt(0) === 'index' && s.count ? this.apply(s.count, steps.slice(1), m, s) : unknown('count.index outside a counted block', loc);
      case 'path': {
        const n = attrAt(0);
        const rel = path.relative(this.env.rootDir, m.dir).split(path.sep).join('/') || '.';
        if (n === 'module') return lit(rel, loc);
        if (n === 'root' || n === 'cwd') return lit('.', loc);
        return unknown(`path.${n}`, loc);
      }
      case 'terraform':
        return attrAt(0) === 'workspace' ? lit('default', loc) : unknown(`terraform.${attrAt(0)}`, loc);
      case 'module': {
        const n = attrAt(0);
        return n === undefined ? unknown('module without a name', loc) : this.apply(m.moduleValue(n, steps[0]!.loc), steps.slice(1), m, s);
      }
      case 'data': {
        const [t, n] = [attrAt(0), attrAt(1)];
        if (t === undefined || n === undefined) return unknown('data without a type and name', loc);
        return this.apply(m.resourceValue('data', t, n, steps[1]!.loc), steps.slice(2), m, s);
      }
      default: {
        const n = attrAt(0);
        if (n !== undefined && m.def.resources.has(`${name}.${n}`)) return this.apply(m.resourceValue('managed', name, n, steps[0]!.loc), steps.slice(1), m, s);
        return unknown(`${name}${n ? '.' + n : ''} is not declared in this module`, loc);
      }
    }
  }

  /** Applies attribute and index steps to a value. */
  private apply(v: TV, steps: ({ attr: string; loc: Loc } | { index: HExpr; loc: Loc })[], m: ModuleInstance, s: Scope): TV {
    let cur = v;
    for (const st of steps) {
      let key: string | number;
      if ('attr' in st) key = st.attr;
      else {
        const k = this.ev(st.index, m, s);
        if (k.k !== 'lit' || k.v === null || typeof k.v === 'boolean') return unknown(reasonOf(k, 'an index known only after apply'), st.loc);
        key = k.v;
      }
      cur = this.step(cur, key, st.loc);
    }
    return cur;
  }

  private step(v: TV, key: string | number, loc: Loc): TV {
    switch (v.k) {
      case 'map': {
        const found = mapGet(v, String(key));
        return found ?? unknown(`no attribute or key "${key}"`, loc);
      }
      case 'list': {
        const i = Number(key);
        return Number.isInteger(i) && v.items[i] ? v.items[i]! : unknown(`no element ${key}`, loc);
      }
      case 'res':
        return this.resourceAttr(v, String(key), loc);
      case 'ref':
        return { ...v, attr: `${v.attr}.${key}`, loc };
      case 'unknown':
        return { ...v, loc };
      case 'json':
        return this.step(v.of, key, loc);
      default:
        return unknown(`attribute "${key}" of a ${v.k === 'lit' && v.v === null ? 'null value' : 'value that has none'}`, loc);
    }
  }

  private readonly attrPending = new Set<string>();

  /** An attribute of a resource instance: its configured argument, else a reference to what the provider computes. */
  resourceAttr(r: TResource, name: string, loc: Loc): TV {
    const inst = this.instance(r.address);
    if (!inst) return unknown(`${r.address} is not in the configuration`, loc);
    if (inst.mode === 'data') {
      if (inst.type === 'aws_iam_policy_document') {
        if (name === 'json' || name === 'minified_json') return { k: 'json', of: this.policyDocument(inst), loc };
        const a = inst.attr(name);
        return a ?? unknown(`data.${inst.type}.${inst.name}.${name}`, loc);
      }
      const pseudo = PSEUDO_DATA[inst.type]?.[name];
      if (pseudo) return { k: 'pseudo', name: pseudo, loc };
      // An argument written in the data block is what the data source returns for it (`arn`, `name`).
      const written = inst.attr(name);
      if (written !== undefined && !(written.k === 'lit' && written.v === null)) return written;
      const service = inst.type === 'aws_ssm_parameter' ? 'ssm' : inst.type === 'aws_secretsmanager_secret_version' ? 'secretsmanager' : undefined;
      return unknown(`data source ${inst.address.replace(/^.*?data\./, 'data.')} is read from the account when Terraform plans`, loc, service ? { service } : {});
    }
    const written = META_ARGUMENTS.has(name) ? undefined : inst.attr(name);
    if (written !== undefined && !(written.k === 'lit' && written.v === null) && !COMPUTED_EVEN_WHEN_SET.has(name)) return written;
    return { k: 'ref', target: inst.address, attr: name, loc };
  }

  private readonly byAddress = new Map<string, ResourceInstance>();

  register(inst: ResourceInstance): void {
    this.byAddress.set(inst.address, inst);
    if (inst.mode === 'managed') this.resources.push(inst);
    else this.data.push(inst);
  }

  instance(address: string): ResourceInstance | undefined {
    return this.byAddress.get(address);
  }

  policyDocument(inst: ResourceInstance): TV {
    return policyDocument(inst, this);
  }

  /** Evaluates a block body's argument in an instance's scope, memoized by the caller. */
  argument(inst: ResourceInstance, a: HAttribute): TV {
    const key = `${inst.address}#${a.name}`;
    if (this.attrPending.has(key)) {
      this.issue('unresolved', `${inst.address}.${a.name} refers to itself`, a.expr.loc);
      return unknown(`${inst.address}.${a.name} refers to itself`, a.expr.loc);
    }
    this.attrPending.add(key);
    try {
      return this.eval(a.expr, inst.module, inst.scope);
    } finally {
      this.attrPending.delete(key);
    }
  }

  /**
   * A block body as a map: arguments, nested blocks as lists of maps under their type, `dynamic`
   * blocks expanded when their `for_each` is known (else one unknown element). `top` reads the
   * top-level arguments (memoized per instance).
   */
  blockValue(body: HBody, m: ModuleInstance, s: Scope, top?: (a: HAttribute) => TV, skip: ReadonlySet<string> = NO_SKIP): TMap {
    const entries: TEntry[] = [];
    for (const a of body.attributes) {
      if (skip.has(a.name)) continue;
      entries.push({ key: a.name, keyLoc: a.nameLoc, value: top ? top(a) : this.eval(a.expr, m, s) });
    }
    const groups = new Map<string, TEntry & { value: { k: 'list'; items: TV[]; loc: Loc } }>();
    const group = (type: string, keyLoc: Loc) => {
      let g = groups.get(type);
      if (!g) groups.set(type, (g = { key: type, keyLoc, value: { k: 'list', items: [], loc: keyLoc } }));
      return g.value.items;
    };
    for (const b of body.blocks) {
      if (skip.has(b.type) || b.type === 'lifecycle' || b.type === 'provisioner' || b.type === 'connection') continue;
      if (b.type !== 'dynamic') { group(b.type, b.typeLoc).push(this.blockValue(b.body, m, s)); continue; }
      const name = b.labels[0]?.value;
      if (!name) continue;
      const fe = b.body.attributes.find((a) => a.name === 'for_each');
      const it = b.body.attributes.find((a) => a.name === 'iterator');
      const iterName = (it && exprPath(it.expr)) ?? name;
      const content = b.body.blocks.find((c) => c.type === 'content');
      const items = group(name, b.labels[0]!.loc);
      if (!fe || !content) continue;
      const coll = this.eval(fe.expr, m, s);
      const pairs = this.task(() => {
        const p = this.iterate(coll, fe.expr.loc);
        return p ? { k: 'list', items: p.map(([k, v]) => ({ k: 'map', entries: [{ key: 'key', keyLoc: k.loc, value: k }, { key: 'value', keyLoc: v.loc, value: v }], loc: v.loc })), loc: fe.expr.loc } : unknown(reasonOf(coll, `dynamic "${name}" over a for_each known only after apply`), fe.expr.loc);
      }, fe.expr.loc);
      if (pairs.k !== 'list') { items.push(pairs); continue; }
      for (const p of pairs.items) {
        const locals = new Map(s.locals ?? []);
        locals.set(iterName, p);
        items.push(this.blockValue(content.body, m, { ...s, locals }));
      }
    }
    entries.push(...groups.values());
    return { k: 'map', entries, loc: body.loc };
  }

  /** Instances of a block with `count` / `for_each` (evaluated in the module's scope). */
  expand(body: HBody, m: ModuleInstance, what: string, outer: Scope = {}): Expansion {
    const count = body.attributes.find((a) => a.name === 'count');
    const forEach = body.attributes.find((a) => a.name === 'for_each');
    if (count) {
      const v = this.eval(count.expr, m, outer);
      const n = number(v);
      if (n === undefined) return [{ keyed: false, scope: { ...outer, count: unknown(reasonOf(v, `count of ${what} known only after apply`), count.expr.loc) } }];
      if (n > MAX_INSTANCES) {
        this.issue('unresolved', `${what} has count = ${n}, more than ${MAX_INSTANCES} instances: it is checked as one instance with an unknown count.index`, count.expr.loc);
        return [{ keyed: false, scope: { ...outer, count: unknown(`count.index of ${what} (count = ${n})`, count.expr.loc) } }];
      }
      return Array.from({ length: Math.max(0, Math.trunc(n)) }, (_, i) => ({ keyed: true as const, key: i, scope: { ...outer, count: lit(i, count.expr.loc) } }));
    }
    if (forEach) {
      const v = this.eval(forEach.expr, m, outer);
      let pairs: [string, TV, Loc][] | undefined;
      if (v.k === 'map') pairs = v.entries.map((e) => [e.key, e.value, e.keyLoc]);
      else if (v.k === 'list') {
        const keys = v.items.map((i) => text(i));
        if (keys.every((k): k is string => k !== undefined)) pairs = v.items.map((i, j) => [keys[j]!, i, i.loc]);
      } else if (v.k === 'lit' && v.v === null) pairs = [];
      if (!pairs) {
        const u = unknown(reasonOf(v, `for_each of ${what} known only after apply`), forEach.expr.loc);
        return [{ keyed: false, scope: { ...outer, each: { key: u, value: u } } }];
      }
      if (pairs.length > MAX_INSTANCES) {
        this.issue('unresolved', `${what} has for_each over ${pairs.length} elements, more than ${MAX_INSTANCES}: it is checked as one instance with unknown each values`, forEach.expr.loc);
        const u = unknown(`each of ${what}`, forEach.expr.loc);
        return [{ keyed: false, scope: { ...outer, each: { key: u, value: u } } }];
      }
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return pairs.map(([key, value, kl]) => ({ keyed: true as const, key, scope: { ...outer, each: { key: lit(key, kl), value } } }));
    }
    return [{ keyed: false, scope: outer }];
  }
}

const NO_SKIP: ReadonlySet<string> = new Set();

/** Data sources that give the deployment's region, account and partition: CloudFormation's pseudo parameters. */
const PSEUDO_DATA: Record<string, Record<string, TPseudo['name']>> = {
  aws_region: { name: 'AWS::Region', id: 'AWS::Region', region: 'AWS::Region' },
  aws_caller_identity: { account_id: 'AWS::AccountId', id: 'AWS::AccountId' },
  aws_partition: { partition: 'AWS::Partition', id: 'AWS::Partition', dns_suffix: 'AWS::URLSuffix' },
};

/** Arguments that are not the resource's attributes. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);
/** Attributes the provider sets from the argument of the same name but normalizes (always read as computed). */
const COMPUTED_EVEN_WHEN_SET = new Set(['arn', 'id']);

function isError(reason: string): boolean {
  return /^[\w:]+\(\): |^no attribute|^no element|is not declared|^attribute "/.test(reason);
}

function withLocals(s: Scope, keyVar: string | undefined, k: TV, valVar: string, v: TV): Scope {
  const locals = new Map(s.locals ?? []);
  if (keyVar) locals.set(keyVar, k);
  locals.set(valVar, v);
  return { ...s, locals };
}

function at(v: TV, loc: Loc): TV {
  // A variable keeps the location of the value where it was written (the caller's argument, a
  // tfvars file); only an unknown takes the reference's location, where the reader can see it.
  return v.k === 'unknown' ? { ...v, loc } : v;
}

export function truth(v: TV): boolean | undefined {
  if (v.k !== 'lit') return undefined;
  if (typeof v.v === 'boolean') return v.v;
  if (v.v === 'true') return true;
  if (v.v === 'false') return false;
  return undefined;
}

export function number(v: TV): number | undefined {
  if (v.k !== 'lit') return undefined;
  if (typeof v.v === 'number') return v.v;
  if (typeof v.v === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v.v)) return Number(v.v);
  return undefined;
}

function isNullV(v: TV): boolean {
  return v.k === 'lit' && v.v === null;
}

function isKnownNonNull(v: TV): boolean {
  return (v.k === 'lit' && v.v !== null) || v.k === 'map' || v.k === 'list' || v.k === 'ref' || v.k === 'str' || v.k === 'json' || v.k === 'res' || v.k === 'pseudo';
}

function reasonOf(v: TV, fallback: string): string {
  return v.k === 'unknown' ? v.reason : fallback;
}

/**
 * One instance of a module: its variables bound, locals and outputs evaluated on demand, its
 * resources registered with the evaluator under their full addresses.
 */
export class ModuleInstance {
  private readonly localCache = new Map<string, TV | 'pending'>();
  private readonly outputCache = new Map<string, TV>();
  private readonly children = new Map<string, { keyed: boolean; instances: Map<string | number, ModuleInstance> } | { unread: string }>();

  constructor(
    readonly ev: Evaluator,
    readonly def: ModuleDef,
    /** `''` for the root, `module.a.` / `module.a["k"].` below it. */
    readonly prefix: string,
    /** Module key for modules.json (`a.b`), '' for the root. */
    readonly key: string,
    /** Input values, evaluated on first use (modules may feed each other's inputs from their outputs). */
    private readonly inputs: Map<string, TV | (() => TV)>,
    readonly depth: number,
    /** Provider configurations visible here: local name (`aws`, `aws.alias`) -> provider block and its module. */
    readonly providers: Map<string, { block: HBlock; module: ModuleInstance }>,
  ) {}

  get dir(): string {
    return this.def.dir;
  }

  variable(name: string): TV {
    const block = this.def.variables.get(name);
    if (!block) return unknown(`variable ${name} is not declared`, this.def.files[0]?.body.loc ?? { file: undefined as never, start: 0, end: 0 });
    const raw = this.inputs.get(name);
    const given = typeof raw === 'function' ? raw() : raw;
    if (typeof raw === 'function') this.inputs.set(name, given!);
    const sensitive = block.body.attributes.find((a) => a.name === 'sensitive');
    const isSensitive = sensitive ? truth(this.ev.eval(sensitive.expr, this, {})) === true : false;
    const def = block.body.attributes.find((a) => a.name === 'default');
    const nullable = block.body.attributes.find((a) => a.name === 'nullable');
    let v: TV;
    if (given !== undefined && !(isNullV(given) && nullable && truth(this.ev.eval(nullable.expr, this, {})) === false)) v = given;
    else if (def) v = this.ev.eval(def.expr, this, {});
    else v = unknown(`variable ${name} has no value${this.prefix ? ' (the module call does not set it)' : ' (no default, tfvars or --var)'}`, block.labels[0]?.loc ?? block.loc);
    v = convert(v, block);
    return isSensitive ? markSensitive(v, `var.${name}`) : v;
  }

  local(name: string, loc: Loc): TV {
    const c = this.localCache.get(name);
    if (c === 'pending') {
      this.ev.issue('unresolved', `local.${name} refers to itself`, loc);
      return unknown(`local.${name} refers to itself`, loc);
    }
    if (c) return c;
    const a = this.def.locals.get(name);
    if (!a) return unknown(`local.${name} is not declared`, loc);
    this.localCache.set(name, 'pending');
    const v = this.ev.eval(a.expr, this, {});
    this.localCache.set(name, v);
    return v;
  }

  output(name: string, loc: Loc): TV {
    const c = this.outputCache.get(name);
    if (c) return c;
    const b = this.def.outputs.get(name);
    const value = b?.body.attributes.find((a) => a.name === 'value');
    const v = value ? this.ev.eval(value.expr, this, {}) : unknown(`output ${name} is not declared in the module`, loc);
    this.outputCache.set(name, v);
    return v;
  }

  /** `module.<name>`: an object of outputs, a list / map of them with count / for_each. */
  moduleValue(name: string, loc: Loc): TV {
    const c = this.child(name);
    if (!c) return unknown(`module ${name} is not declared`, loc);
    if ('unread' in c) return unknown(c.unread, loc);
    const obj = (mi: ModuleInstance): TMap => ({ k: 'map', entries: [...mi.def.outputs.keys()].map((o) => ({ key: o, keyLoc: loc, value: mi.output(o, loc) })), loc });
    if (!c.keyed) {
      const only = [...c.instances.values()][0];
      return only ? lazyOutputs(only, loc) : unknown(`module ${name} has no instance`, loc);
    }
    const entries = [...c.instances];
    if (entries.every(([k]) => typeof k === 'number')) return { k: 'list', items: entries.map(([, mi]) => obj(mi)), loc };
    return { k: 'map', entries: entries.map(([k, mi]) => ({ key: String(k), keyLoc: loc, value: obj(mi) })), loc };
  }

  child(name: string): ReturnType<ModuleInstance['expandChild']> | undefined {
    if (!this.children.has(name)) {
      const block = this.def.modules.get(name);
      if (!block) return undefined;
      this.children.set(name, { unread: `module ${name} depends on itself (its count, for_each or source refers to it)` });
      this.children.set(name, this.expandChild(name, block));
    }
    return this.children.get(name);
  }

  private expandChild(name: string, block: HBlock): { keyed: boolean; instances: Map<string | number, ModuleInstance> } | { unread: string } {
    const src = block.body.attributes.find((a) => a.name === 'source');
    const source = src ? text(this.ev.eval(src.expr, this, {})) : undefined;
    const key = this.key ? `${this.key}.${name}` : name;
    const where = block.labels[0]?.loc ?? block.loc;
    if (source === undefined) return { unread: `module ${name} has no literal source` };
    let dir: string | undefined;
    if (/^\.\.?(\/|$)/.test(source)) dir = path.resolve(this.dir, source);
    else dir = this.ev.env.installedModules.get(key);
    if (!dir) {
      this.ev.issue('unresolved', `module ${name} (source "${source}") is not read: run terraform init (or tofu init) so that .terraform/modules/modules.json records where it is; its outputs are unknown and the resources it creates are not checked`, where);
      return { unread: `module ${name} (source "${source}") is not read` };
    }
    if (this.depth >= MAX_MODULE_DEPTH) {
      this.ev.issue('unresolved', `module ${name} is nested more than ${MAX_MODULE_DEPTH} modules deep (do the modules call each other?); it is not read`, where);
      return { unread: `module ${name} is nested too deeply` };
    }
    const loaded = this.ev.env.loadModule(dir);
    if (!loaded) {
      this.ev.issue('unresolved', `module ${name} (source "${source}") has no configuration files in ${path.relative(this.ev.env.rootDir, dir) || '.'}`, where);
      return { unread: `module ${name} has no configuration` };
    }
    if ('error' in loaded) {
      this.ev.issue('syntax', loaded.error.message, loaded.error.loc);
      return { unread: `module ${name} does not parse` };
    }
    const providers = this.childProviders(block);
    const instances = new Map<string | number, ModuleInstance>();
    const expansion = this.ev.expand(block.body, this, `module.${name}`);
    for (const x of expansion) {
      const inputs = new Map<string, TV | (() => TV)>();
      for (const a of block.body.attributes) {
        if (MODULE_META.has(a.name)) continue;
        inputs.set(a.name, () => this.ev.eval(a.expr, this, x.scope));
      }
      const prefix = `${this.prefix}module.${name}${x.keyed ? keySuffix(x.key) : ''}.`;
      const mi = new ModuleInstance(this.ev, loaded.def, prefix, key, inputs, this.depth + 1, providers);
      instances.set(x.keyed ? x.key : 0, mi);
    }
    const result = { keyed: expansion.length > 0 && expansion[0]!.keyed, instances };
    // Known before the child's own resources are expanded: their count may read a sibling's outputs.
    this.children.set(name, result);
    for (const mi of instances.values()) mi.instantiate();
    return result;
  }

  /** Providers passed to a child: all of the parent's by default; `providers = { aws = aws.x }` renames. */
  private childProviders(block: HBlock): ModuleInstance['providers'] {
    const map = block.body.attributes.find((a) => a.name === 'providers');
    if (!map || map.expr.t !== 'object') return this.providers;
    const out = new Map(this.providers);
    for (const it of map.expr.items) {
      const name = exprPath(it.key);
      const target = exprPath(it.value);
      const p = target ? this.providers.get(target) : undefined;
      if (name && p) out.set(name, p);
    }
    return out;
  }

  /** Registers this module's resources and data sources, and expands its child modules. */
  instantiate(): void {
    for (const [k, block] of this.def.resources) this.instances('managed', k, block);
    for (const [k, block] of this.def.data) this.instances('data', k, block);
    for (const name of this.def.modules.keys()) this.child(name);
  }

  private readonly expansions = new Map<string, { keyed: boolean; addresses: (string | number)[] }>();

  private instances(mode: 'managed' | 'data', k: string, block: HBlock): void {
    const [type, name] = k.split('.') as [string, string];
    const base = `${this.prefix}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const expansion = this.ev.expand(block.body, this, base);
    const keys: (string | number)[] = [];
    for (const x of expansion) {
      const address = x.keyed ? `${base}${keySuffix(x.key)}` : base;
      keys.push(x.keyed ? x.key : '');
      const cache = new Map<string, TV | undefined>();
      const inst: ResourceInstance = {
        mode, type, name, address, block, module: this, scope: x.scope,
        attr: (attrName) => {
          if (cache.has(attrName)) return cache.get(attrName);
          const a = block.body.attributes.find((y) => y.name === attrName);
          const v = a ? this.ev.argument(inst, a) : undefined;
          cache.set(attrName, v);
          return v;
        },
      };
      this.ev.register(inst);
    }
    this.expansions.set(`${mode}:${k}`, { keyed: expansion.length > 0 && expansion[0]!.keyed, addresses: keys });
  }

  /** `type.name` (or `data.type.name`): one resource object, or a list / map of them. */
  resourceValue(mode: 'managed' | 'data', type: string, name: string, loc: Loc): TV {
    const x = this.expansions.get(`${mode}:${type}.${name}`);
    const base = `${this.prefix}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    if (!x) return unknown(`${mode === 'data' ? 'data.' : ''}${type}.${name} is not declared in this module`, loc);
    const res = (k: string | number): TResource => ({ k: 'res', address: k === '' ? base : `${base}${keySuffix(k)}`, loc });
    if (!x.keyed) return x.addresses.length ? res('') : { k: 'list', items: [], loc };
    if (x.addresses.every((a) => typeof a === 'number')) return { k: 'list', items: x.addresses.map(res), loc };
    return { k: 'map', entries: x.addresses.map((a) => ({ key: String(a), keyLoc: loc, value: res(a) })), loc };
  }
}

/** A template file's scope: only its own variables. */
class TemplateModule extends ModuleInstance {
  constructor(m: ModuleInstance) {
    super(m.ev, m.def, m.prefix, m.key, new Map(), m.depth, m.providers);
  }
}

function lazyOutputs(mi: ModuleInstance, loc: Loc): TV {
  return { k: 'map', entries: [...mi.def.outputs.keys()].map((o) => ({ key: o, keyLoc: loc, value: mi.output(o, loc) })), loc };
}

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export function keySuffix(k: string | number): string {
  return typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`;
}

/** `aws.alias` from a traversal expression. */
export function exprPath(e: HExpr): string | undefined {
  if (e.t === 'var') return e.name;
  if (e.t === 'attr') { const o = exprPath(e.obj); return o ? `${o}.${e.name}` : undefined; }
  if (e.t === 'lit' && typeof e.value === 'string') return e.value;
  return undefined;
}

/** Type conversion of a variable's value to its declared primitive type (`--var` values are strings). */
function convert(v: TV, block: HBlock): TV {
  const type = block.body.attributes.find((a) => a.name === 'type')?.expr;
  const t = type && type.t === 'var' ? type.name : undefined;
  if (v.k !== 'lit' || v.v === null) return v;
  if (t === 'number') { const n = number(v); return n === undefined ? v : { ...v, v: n }; }
  if (t === 'bool') { const b = truth(v); return b === undefined ? v : { ...v, v: b }; }
  if (t === 'string' && typeof v.v !== 'string') return { ...v, v: String(v.v) };
  return v;
}

