/**
 * A function's code as the code checks read it: the parsed files, the handler and the functions of
 * its module it calls, the event parameter, and values resolved through the function's Environment.
 */
import { codeLoc, onRelease } from '../../parse/code.js';
import type { Loc } from '../../parse/index.js';
import type { LambdaFunction } from '../types.js';
import { Environment, Resolver } from './resolve.js';
import type { CodeFile, FunctionCode } from './types.js';
import { unitOf, type SyntaxNode, type Unit } from './unit.js';

export interface Handler {
  /** The handler's function node in the entry file. */
  node: SyntaxNode;
  /** Its first parameter: the event, whatever its name. */
  event: string | undefined;
  /** The handler and the functions of the same module it calls, transitively. */
  reachable: SyntaxNode[];
}

export class Program {
  readonly env: Environment;
  readonly units: Unit[];
  readonly entry: Unit;
  private readonly resolvers = new Map<Unit, Resolver>();
  private handlerMemo: Handler | null | undefined;

  constructor(readonly fn: LambdaFunction, readonly code: FunctionCode) {
    this.env = new Environment(fn);
    this.units = code.files.map(unitOf);
    this.entry = unitOf(code.entry);
  }

  resolver(u: Unit): Resolver {
    let r = this.resolvers.get(u);
    if (!r) this.resolvers.set(u, (r = new Resolver(u, this.env)));
    return r;
  }

  loc(file: CodeFile, node: SyntaxNode): Loc {
    return codeLoc(file, node);
  }

  /** The handler in the entry file, when it can be found. */
  handler(): Handler | undefined {
    if (this.handlerMemo === undefined) this.handlerMemo = this.findHandler() ?? null;
    return this.handlerMemo ?? undefined;
  }

  private findHandler(): Handler | undefined {
    const u = this.entry;
    const node = handlerNode(u, this.code.handlerName);
    if (!node) return undefined;
    return { node, event: u.parameters(node)[0], reachable: reachable(u, node) };
  }
}

/** The function node a handler name denotes in a file. */
function handlerNode(u: Unit, name: string): SyntaxNode | undefined {
  const direct = u.functions.get(name);
  if (direct) return unwrap(u, direct);
  if (u.language === 'python' || u.language === 'java') return undefined;
  // export const handler = middy(base).use(...)
  const bound = u.boundOnce(name)?.value;
  const wrapped = bound && unwrap(u, bound);
  if (wrapped) return wrapped;
  // exports.handler = ..., module.exports.handler = ..., module.exports = { handler }
  for (const a of u.root.descendantsOfType('assignment_expression')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!left || !right) continue;
    const target = left.text;
    if (target === `exports.${name}` || target === `module.exports.${name}`) return unwrap(u, right);
    if (target === 'module.exports' && right.type === 'object') {
      for (const p of right.namedChildren) {
        if (p?.type === 'pair' && p.childForFieldName('key')?.text === name) return unwrap(u, p.childForFieldName('value')!);
        if (p?.type === 'shorthand_property_identifier' && p.text === name) return unwrap(u, p);
        if (p?.type === 'method_definition' && p.childForFieldName('name')?.text === name) return p;
      }
    }
  }
  // export { impl as handler }
  for (const s of u.root.descendantsOfType('export_specifier')) {
    if (s && (s.childForFieldName('alias')?.text ?? s.childForFieldName('name')?.text) === name) {
      const fn = u.functions.get(s.childForFieldName('name')!.text);
      if (fn) return unwrap(u, fn);
    }
  }
  return undefined;
}

/** A handler written as a name, or wrapped (`middy(base)`, `wrap(async (e) => ...)`), as the function it is. */
function unwrap(u: Unit, n: SyntaxNode, depth = 0): SyntaxNode | undefined {
  if (depth > 4) return undefined;
  if (u.isFunction(n)) return n;
  if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
    const fn = u.functions.get(n.text);
    if (fn && fn !== n) return unwrap(u, fn, depth + 1);
    const b = u.boundOnce(n.text);
    return b?.value ? unwrap(u, b.value, depth + 1) : undefined;
  }
  if (n.type === 'decorated_definition') return n.childForFieldName('definition') ?? undefined;
  const call = u.call(n);
  if (call) {
    // middy(base).use(x): the innermost call's first function-like argument.
    if (call.object) {
      const inner = unwrap(u, call.object, depth + 1);
      if (inner) return inner;
    }
    for (const a of call.args) {
      const f = unwrap(u, a, depth + 1);
      if (f) return f;
    }
  }
  return undefined;
}

/** The handler and the same-module functions it calls by name, transitively. */
function reachable(u: Unit, handler: SyntaxNode): SyntaxNode[] {
  const seen = new Set<number>([handler.id]);
  const out = [handler];
  for (let i = 0; i < out.length; i++) {
    for (const c of u.callsIn(out[i]!)) {
      const bare = u.language === 'java' ? (!c.object || c.object.type === 'this') : c.callee.type === 'identifier';
      if (!bare) continue;
      const target = u.functions.get(c.name);
      const fn = target && unwrap(u, target);
      if (fn && !seen.has(fn.id)) {
        seen.add(fn.id);
        out.push(fn);
      }
    }
  }
  return out;
}

/** Whether a node lies inside another (by offsets). */
export function within(n: SyntaxNode, outer: SyntaxNode): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

const programs = new Map<LambdaFunction, Program>();
onRelease(() => programs.clear());

/** The program of a function with code (shared by the checks of one project, dropped with its trees). */
export function programOf(fn: LambdaFunction): Program | undefined {
  const code = fn.code;
  if (!code) return undefined;
  let p = programs.get(fn);
  if (!p) programs.set(fn, (p = new Program(fn, code)));
  return p;
}
