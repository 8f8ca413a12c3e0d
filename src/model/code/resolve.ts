/**
 * Values in code (code.md, "Values in code"): what a string expression evaluates to when the file
 * alone decides it. Literals, concatenation, f-strings and template literals, path joins, the
 * temp-directory calls (all `/tmp` on Lambda), names bound once, and environment reads resolved
 * through the function's effective Environment. Anything else is unknown.
 */
import type { LambdaFunction } from '../types.js';
import { templateText, variants, type Value } from '../value.js';
import type { SyntaxNode, Unit } from './unit.js';

/**
 * A resolved string: `text` is known from the start; `exact` when nothing after it is unknown
 * (`f"/tmp/{uuid4()}.db"` gives `{ text: '/tmp/', exact: false }`).
 */
export interface Resolved {
  text: string;
  exact: boolean;
}

/** An environment variable as the function's effective configuration sets it. */
export type EnvEntry = { kind: 'set'; value: Value; text: string | undefined } | { kind: 'absent' } | { kind: 'unknown' };

/** The function's effective Environment.Variables, read once per function. */
export class Environment {
  private readonly vars = new Map<string, Value>();
  private readonly known: boolean;

  constructor(fn: LambdaFunction) {
    const all = variants(fn.get('Environment.Variables'));
    const only = all.length === 1 ? all[0]!.value : undefined;
    this.known = only !== undefined && (only.kind === 'map' || only.kind === 'absent');
    if (only?.kind === 'map') for (const e of only.entries) this.vars.set(e.key, e.value);
  }

  get(name: string): EnvEntry {
    const v = this.vars.get(name);
    if (v) {
      const vs = variants(v);
      return { kind: 'set', value: v, text: vs.length === 1 ? templateText(vs[0]!.value) : undefined };
    }
    return this.known ? { kind: 'absent' } : { kind: 'unknown' };
  }
}

const TMP = '/tmp';

export class Resolver {
  constructor(private readonly unit: Unit, private readonly env: Environment) {}

  /** The value of an expression, or undefined when its start is unknown. */
  resolve(n: SyntaxNode | null | undefined, depth = 0): Resolved | undefined {
    if (!n || depth > 10) return undefined;
    const u = this.unit;
    switch (n.type) {
      case 'string':
      case 'string_literal':
      case 'template_string':
      case 'text_block':
        return this.literal(n, depth);
      case 'concatenated_string':
        return concat(n.namedChildren.map((c) => this.resolve(c, depth + 1)));
      case 'parenthesized_expression':
      case 'await_expression':
      case 'as_expression':
      case 'non_null_expression':
      case 'type_assertion':
        return this.resolve(n.namedChildren.at(-1), depth + 1);
      case 'binary_operator':
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? n.child(1)?.text;
        const l = this.resolve(n.childForFieldName('left'), depth + 1);
        if (op === '+') return concat([l, this.resolve(n.childForFieldName('right'), depth + 1)]);
        // pathlib: Path('/tmp') / 'state.json'
        if (op === '/' && l) return join([l, this.resolve(n.childForFieldName('right'), depth + 1)]);
        if (op === '||' || op === '??') return this.fallback(n.childForFieldName('left'), n.childForFieldName('right'), depth);
        return undefined;
      }
      case 'boolean_operator':
        if (n.childForFieldName('operator')?.text === 'or' || n.child(1)?.text === 'or') return this.fallback(n.childForFieldName('left'), n.childForFieldName('right'), depth);
        return undefined;
      case 'identifier': {
        const b = u.boundOnce(n.text);
        return b?.value ? this.resolve(b.value, depth + 1) : undefined;
      }
      case 'member_expression':
      case 'subscript_expression':
      case 'subscript':
      case 'attribute': {
        const name = this.envName(n);
        return name === undefined ? undefined : this.envValue(name);
      }
    }
    const call = u.call(n);
    if (!call) return undefined;
    const env = this.envName(n);
    if (env !== undefined) {
      const v = this.envValue(env);
      if (v || this.env.get(env).kind !== 'absent') return v;
      // os.getenv('X', default) / os.environ.get('X', default) with X not configured.
      return this.resolve(call.args[1] ?? call.keywords.get('default'), depth + 1);
    }
    const q = u.calleeName(call);
    const name = call.name;
    const args = () => call.args.map((a) => this.resolve(a, depth + 1));
    if (TMPDIR_CALLS.has(q) || (u.language === 'java' && endsWithName(q, 'System.getProperty') && this.resolve(call.args[0], depth + 1)?.text === 'java.io.tmpdir')) {
      return { text: TMP, exact: true };
    }
    if (JOIN_CALLS.has(q) || (u.language === 'java' && (endsWithName(q, 'Paths.get') || endsWithName(q, 'Path.of') || endsWithName(q, 'new File')))) {
      return join(args());
    }
    // Path(...) / Path(...).resolve('x') / str(p) / p.toString() / String.valueOf(p) / p.toFile()
    if (u.language === 'python' && (q === 'pathlib.Path' || q === 'Path' || q === 'pathlib.PurePath')) return join(args());
    if (u.language === 'python' && q === 'str' && call.args.length === 1) return this.resolve(call.args[0], depth + 1);
    if (call.object && (name === 'resolve' || name === 'joinpath' || name === 'joinPath')) return join([this.resolve(call.object, depth + 1), ...args()]);
    if (call.object && (name === 'toString' || name === 'toFile' || name === 'toPath' || name === 'toAbsolutePath' || name === 'getPath' || name === 'as_posix' || name === 'absolute')) {
      return this.resolve(call.object, depth + 1);
    }
    return undefined;
  }

  /** `process.env.X || 'default'`, `os.environ.get('X') or '/tmp/x'`: the default when X is not configured. */
  private fallback(l: SyntaxNode | null, r: SyntaxNode | null, depth: number): Resolved | undefined {
    const name = l ? this.envName(l) : undefined;
    if (name !== undefined && this.env.get(name).kind === 'absent') return this.resolve(r, depth + 1);
    return this.resolve(l, depth + 1);
  }

  /**
   * The environment variable an expression reads, if it is one (`os.environ['X']`, `process.env.X`,
   * `System.getenv("X")`), also through a name bound once to such a read (`TARGET = os.environ['X']`).
   */
  envName(n: SyntaxNode, depth = 0): string | undefined {
    const u = this.unit;
    if (n.type === 'identifier') {
      const b = depth < 4 ? u.boundOnce(n.text) : undefined;
      return b?.value ? this.envName(b.value, depth + 1) : undefined;
    }
    const lit = (a: SyntaxNode | null | undefined) => {
      const r = a ? this.resolve(a, 8) : undefined;
      return r?.exact ? r.text : undefined;
    };
    if (n.type === 'subscript') {
      return u.qualify(n.childForFieldName('value')) === 'os.environ' ? lit(n.childForFieldName('subscript')) : undefined;
    }
    if (n.type === 'member_expression' || n.type === 'subscript_expression') {
      const obj = n.childForFieldName('object');
      if (obj?.type !== 'member_expression' || obj.childForFieldName('object')?.text !== 'process' || obj.childForFieldName('property')?.text !== 'env') return undefined;
      return n.type === 'member_expression' ? n.childForFieldName('property')?.text : lit(n.childForFieldName('index'));
    }
    const call = u.call(n);
    if (!call) return undefined;
    const q = u.calleeName(call);
    if (u.language === 'python' && (q === 'os.getenv' || q === 'os.environ.get')) return lit(call.args[0] ?? call.keywords.get('key'));
    if (u.language === 'java' && (q === 'System.getenv' || q === 'java.lang.System.getenv')) return lit(call.args[0]);
    return undefined;
  }

  private envValue(name: string): Resolved | undefined {
    const e = this.env.get(name);
    return e.kind === 'set' && e.text !== undefined ? { text: e.text, exact: true } : undefined;
  }

  private literal(n: SyntaxNode, depth: number): Resolved | undefined {
    const parts: (Resolved | undefined)[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      switch (c.type) {
        case 'string_start':
        case 'string_end':
          continue;
        case 'string_content':
        case 'string_fragment':
          parts.push({ text: c.text, exact: true });
          break;
        case 'escape_sequence':
          parts.push({ text: unescape(c.text), exact: true });
          break;
        case 'interpolation':
        case 'template_substitution':
          parts.push(this.resolve(c.childForFieldName('expression') ?? c.namedChildren[0], depth + 1) ?? { text: '', exact: false });
          break;
        default:
          parts.push({ text: '', exact: false });
      }
    }
    // Python bytes / raw prefixes are in string_start; an empty literal has no parts.
    if (parts.length === 0) return { text: '', exact: true };
    return concat(parts);
  }
}

const TMPDIR_CALLS = new Set(['tempfile.gettempdir', 'tempfile.gettempdirb', 'os.tmpdir', 'node:os.tmpdir']);

/** `java.nio.file.Paths.get` ends with the name `Paths.get`; `new java.io.File` with `new File`. */
export function endsWithName(q: string, name: string): boolean {
  if (q === name || q.endsWith(`.${name}`)) return true;
  return name.startsWith('new ') && q.startsWith('new ') && endsWithName(q.slice(4), name.slice(4));
}
const JOIN_CALLS = new Set(['os.path.join', 'posixpath.join', 'path.join', 'path.resolve', 'node:path.join', 'node:path.resolve', 'path.posix.join', 'node:path.posix.join']);

function unescape(e: string): string {
  const c = e[1];
  return c === 'n' ? '\n' : c === 't' ? '\t' : c === undefined ? e : c;
}

/** Concatenation: the known start of the parts, exact while every part is. */
function concat(parts: (Resolved | undefined)[]): Resolved | undefined {
  let text = '';
  for (const p of parts) {
    if (!p) return text ? { text, exact: false } : undefined;
    text += p.text;
    if (!p.exact) return { text, exact: false };
  }
  return { text, exact: true };
}

/** A path join: an absolute part starts over; parts meet with one `/`. */
function join(parts: (Resolved | undefined)[]): Resolved | undefined {
  let text = '';
  let started = false;
  for (const p of parts) {
    if (!p) return started ? { text: text.endsWith('/') ? text : `${text}/`, exact: false } : undefined;
    if (p.text.startsWith('/') || !started) text = p.text;
    else text = `${text.replace(/\/+$/, '')}/${p.text}`;
    started = true;
    if (!p.exact) return { text, exact: false };
  }
  return started ? { text, exact: true } : undefined;
}

/** Whether a resolved path lies under /tmp (its known start says so). */
export function underTmp(r: Resolved | undefined): boolean {
  if (!r) return false;
  return (r.text === TMP && r.exact) || r.text.startsWith(`${TMP}/`);
}
