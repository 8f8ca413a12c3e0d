/**
 * Glob matching for ARNs and IAM patterns, where a subject may be symbolic.
 *
 * A glob's `*` matches any text, `/` and `:` included (ARNs are not paths), and `?` one character.
 * Subjects are template text (`templateText`): a `${...}` placeholder in them stands for a value
 * the linter does not know literally (a pseudo parameter, a resource's Ref or attribute).
 */

export interface GlobOptions {
  /** Compare letters without regard to case (IAM action names). Default false. */
  caseInsensitive?: boolean;
  /**
   * What a `${...}` placeholder in the subject may stand for:
   * - `any` (default): any text within one ARN segment (no `:`), so any glob segment matches it:
   *   `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:destination:central` matches
   *   `arn:aws:logs:us-east-1:111122223333:destination:*`, while `${Destination.Arn}` alone (a whole
   *   ARN) matches only a glob wildcard such as `*`, like a Ref;
   * - `pseudo`: pseudo parameters (`${AWS::Region}`, ...) stand for any segment text (they match
   *   structurally, as the catalogue decides); other placeholders (a generated physical name)
   *   are matched only by a wildcard of the glob, never by literal text;
   * - `none`: placeholders are literal text.
   */
  subjectPlaceholders?: 'any' | 'pseudo' | 'none';
  /** Treat `${...}` placeholders in the glob itself (a Sub in a policy) as `*`. Default true. */
  globPlaceholders?: boolean;
}

const STAR = 0;
const ONE = 1;
/** Subject placeholder that stands for any text within one ARN segment (no `:`). */
const ANY = 2;
/** Subject placeholder that only a glob wildcard matches. */
const OPAQUE = 3;
type Token = string | typeof STAR | typeof ONE | typeof ANY | typeof OPAQUE;

function tokenize(s: string, glob: boolean, opts: GlobOptions): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        if (glob) {
          if (opts.globPlaceholders ?? true) {
            out.push(STAR);
            i = end;
            continue;
          }
        } else {
          const mode = opts.subjectPlaceholders ?? 'any';
          if (mode === 'any' || (mode === 'pseudo' && name.startsWith('AWS::'))) {
            out.push(ANY);
            i = end;
            continue;
          }
          if (mode === 'pseudo') {
            out.push(OPAQUE);
            i = end;
            continue;
          }
        }
      }
    }
    if (glob && c === '*') out.push(STAR);
    else if (glob && c === '?') out.push(ONE);
    else out.push(opts.caseInsensitive ? c.toLowerCase() : c);
  }
  return out;
}

/** Characters that make a glob more than plain text. */
const SPECIAL = /[*?]|\$\{/;

/** Longest glob or subject {@link globMatch} compares (IAM limits ARNs and policies far below this); longer ones never match. */
export const MAX_GLOB_INPUT = 4096;

/**
 * Does the glob match the subject? With symbolic subjects: could the subject's text be one that
 * the glob matches (placeholders per `subjectPlaceholders`)?
 *
 * Globs come from templates (IAM statements) and configuration: the match is a dynamic programme in
 * O(glob x subject) time and O(subject) space, without recursion or backtracking, so no glob can
 * make it hang or overflow the stack.
 */
export function globMatch(glob: string, subject: string, opts: GlobOptions = {}): boolean {
  if (glob.length > MAX_GLOB_INPUT || subject.length > MAX_GLOB_INPUT) return false;
  // Fast paths for the common cases: a lone star, and plain text on both sides.
  if (glob === '*') return true;
  if (!SPECIAL.test(glob) && !subject.includes('${')) {
    return opts.caseInsensitive ? glob.toLowerCase() === subject.toLowerCase() : glob === subject;
  }
  const p: Token[] = [];
  // Consecutive stars are one star.
  for (const x of tokenize(glob, true, opts)) if (!(x === STAR && p[p.length - 1] === STAR)) p.push(x);
  const t = tokenize(subject, false, opts);
  const n = p.length;
  const m = t.length;
  // Row i holds f(i, j): does p[i..] match t[j..]? Filled from the end; `next` is row i + 1.
  let next = new Uint8Array(m + 1);
  let cur = new Uint8Array(m + 1);
  next[m] = 1;
  for (let j = m - 1; j >= 0; j--) next[j] = t[j] === ANY && next[j + 1] ? 1 : 0;
  for (let i = n - 1; i >= 0; i--) {
    const pi = p[i];
    for (let j = m; j >= 0; j--) {
      let r: boolean;
      if (pi === STAR) r = next[j] === 1 || (j < m && cur[j + 1] === 1);
      else if (j === m) r = false;
      else if (t[j] === ANY) r = cur[j + 1] === 1 || (pi !== ':' && next[j] === 1);
      else if (t[j] === OPAQUE) r = false;
      else if (pi === ONE) r = next[j + 1] === 1;
      else r = pi === t[j] && next[j + 1] === 1;
      cur[j] = r ? 1 : 0;
    }
    [next, cur] = [cur, next];
  }
  return next[0] === 1;
}

/** The first glob of the list that matches the subject. */
export function firstMatch(globs: readonly string[], subject: string, opts: GlobOptions = {}): string | undefined {
  return globs.find((g) => globMatch(g, subject, opts));
}

/** A glob that matches every text (`*`, `**`): the only kind a value without text (a Ref) matches. */
export function matchesEverything(glob: string): boolean {
  return /^\*+$/.test(glob);
}

// ---------------------------------------------------------------------------------------------
// Path globs: config `ignore` (`files`, `resources`) and Serverless `custom.ldlint.suppress`
// (`functions`, `resources`). Both come from files a pull request can change, so they are compiled
// into a finite automaton and run in O(glob x subject) time: no glob backtracks catastrophically.

/** A path glob that cannot be used; its message says why. */
export class GlobError extends Error {}

/** Longest path glob accepted (a longer one is refused with a {@link GlobError}). */
export const MAX_PATH_GLOB_LENGTH = 1000;
/** Most alternatives a path glob's braces may expand to (`{a,b}{c,d}` is 4). */
export const MAX_GLOB_ALTERNATIVES = 256;

export interface PathGlobOptions {
  /** Wildcards match names that start with a dot. Default false. */
  dot?: boolean;
}

type Pred = (c: string, segmentStart: boolean) => boolean;

class Nfa {
  readonly eps: number[][] = [];
  readonly edges: { pred: Pred; to: number }[][] = [];
  add(): number {
    this.eps.push([]);
    this.edges.push([]);
    return this.eps.length - 1;
  }
  epsilon(from: number, to: number): void {
    this.eps[from]!.push(to);
  }
  edge(from: number, pred: Pred, to: number): number {
    this.edges[from]!.push({ pred, to });
    return to;
  }
}

const POSIX_CLASSES: Record<string, RegExp> = {
  alpha: /[A-Za-z]/, digit: /[0-9]/, alnum: /[A-Za-z0-9]/, upper: /[A-Z]/, lower: /[a-z]/,
  space: /\s/, word: /\w/, xdigit: /[0-9A-Fa-f]/, punct: /[!-/:-@[-`{-~]/,
};

/**
 * Compiles picomatch-style globs: `*` (within a path segment), `**` (any number of segments), `?`,
 * `[a-z]` / `[!a]` classes, `{a,b}` and `{1..3}` braces, `\` escapes, a leading `!` (negation) and
 * `./`. Extended globs (`+(a|b)`) are refused. Wildcards skip names starting with `.` unless `dot`.
 * Throws {@link GlobError} for a glob that is too long, expands too far or uses extended globs.
 */
export function compilePathGlob(glob: string, opts: PathGlobOptions = {}): (subject: string) => boolean {
  if (glob.length > MAX_PATH_GLOB_LENGTH) throw new GlobError(`is longer than ${MAX_PATH_GLOB_LENGTH} characters`);
  if (/[@!+*?]\(/.test(glob.replace(/\\./g, ''))) throw new GlobError('uses an extended glob such as +(a|b), which is not supported');
  let body = glob;
  let negated = false;
  while (body.startsWith('!')) {
    negated = !negated;
    body = body.slice(1);
  }
  while (body.startsWith('./')) body = body.slice(2);
  const nfa = new Nfa();
  const start = nfa.add();
  const accept = nfa.add();
  for (const alt of expandBraces(body)) nfa.epsilon(compileAlternative(nfa, alt, opts.dot ?? false, start), accept);
  const match = (subject: string) => subject.length <= MAX_GLOB_INPUT && runNfa(nfa, start, accept, subject);
  return negated ? (s) => !match(s) : match;
}

/**
 * A matcher for a list of globs (any of them). A glob that cannot be compiled matches nothing and
 * is described in `problem` (for the finding about the suppression that names it).
 */
export function pathGlobs(globs: readonly string[], opts: PathGlobOptions = {}): ((subject: string) => boolean) & { problem?: string } {
  const matchers: ((s: string) => boolean)[] = [];
  let problem: string | undefined;
  for (const g of globs) {
    try {
      matchers.push(compilePathGlob(g, opts));
    } catch (e) {
      if (!(e instanceof GlobError)) throw e;
      problem ??= `glob "${g.length > 60 ? `${g.slice(0, 60)}...` : g}" ${e.message}`;
    }
  }
  const fn = (s: string) => matchers.some((m) => m(s));
  return problem === undefined ? fn : Object.assign(fn, { problem });
}

/** Expands `{a,b}` and `{1..3}` braces (outermost first), refusing more than MAX_GLOB_ALTERNATIVES results. */
function expandBraces(glob: string): string[] {
  const out: string[] = [];
  const pending = [glob];
  while (pending.length > 0) {
    const g = pending.pop()!;
    const b = firstBrace(g);
    if (!b) {
      out.push(g);
    } else {
      const prefix = g.slice(0, b.open);
      const suffix = g.slice(b.close + 1);
      for (let i = b.options.length - 1; i >= 0; i--) pending.push(prefix + b.options[i] + suffix);
    }
    if (out.length + pending.length > MAX_GLOB_ALTERNATIVES) throw new GlobError(`expands to more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
  }
  return out;
}

/** The first brace group that expands: a comma list or a range (others, like `{a}`, are literal text). */
function firstBrace(g: string): { open: number; close: number; options: string[] } | undefined {
  for (let i = 0; i < g.length; i++) {
    if (g[i] === '\\') {
      i++;
      continue;
    }
    if (g[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i; j < g.length; j++) {
      const c = g[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          const inner = g.slice(i + 1, j);
          if (commas.length > 0) {
            const options: string[] = [];
            let last = i + 1;
            for (const k of commas) {
              options.push(g.slice(last, k));
              last = k + 1;
            }
            options.push(g.slice(last, j));
            return { open: i, close: j, options };
          }
          const range = braceRange(inner);
          if (range) return { open: i, close: j, options: range };
          break;
        }
      } else if (c === ',' && depth === 1) commas.push(j);
    }
  }
  return undefined;
}

function braceRange(inner: string): string[] | undefined {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])$/.exec(inner);
  if (!m) return undefined;
  const numeric = /\d/.test(m[1]!);
  if (numeric !== /\d/.test(m[2]!)) return undefined;
  const a = numeric ? Number(m[1]) : m[1]!.charCodeAt(0);
  const b = numeric ? Number(m[2]) : m[2]!.charCodeAt(0);
  if (Math.abs(b - a) + 1 > MAX_GLOB_ALTERNATIVES) throw new GlobError(`expands to more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
  const out: string[] = [];
  for (let x = a; a <= b ? x <= b : x >= b; x += a <= b ? 1 : -1) out.push(numeric ? String(x) : String.fromCharCode(x));
  return out;
}

/** Adds one brace-free glob to the automaton from `start`; returns its final state. */
function compileAlternative(nfa: Nfa, glob: string, dot: boolean, start: number): number {
  const notSlash: Pred = (c) => c !== '/';
  // A wildcard does not match the `.` that starts a name (unless `dot`).
  const wild: Pred = (c, seg) => c !== '/' && (dot || !seg || c !== '.');
  const segs = glob.split('/');
  let cur = start;
  let needSep = false;
  segs.forEach((seg, k) => {
    const last = k === segs.length - 1;
    if (seg === '**') {
      if (segs.length === 1) {
        // `**` alone: one or more characters, any segments.
        const inside = nfa.add();
        const segStart = nfa.add();
        nfa.edge(cur, wild, inside);
        nfa.edge(inside, notSlash, inside);
        nfa.edge(inside, (c) => c === '/', segStart);
        nfa.edge(segStart, wild, inside);
        cur = inside;
      } else if (last) {
        // Trailing `/**`: the parent itself, or anything below it.
        const end = nfa.add();
        const segStart = nfa.add();
        const inside = nfa.add();
        nfa.epsilon(cur, end);
        if (needSep) nfa.edge(cur, (c) => c === '/', segStart);
        else nfa.epsilon(cur, segStart);
        nfa.epsilon(segStart, end);
        nfa.edge(segStart, wild, inside);
        nfa.edge(inside, notSlash, inside);
        nfa.edge(inside, (c) => c === '/', segStart);
        nfa.epsilon(inside, end);
        cur = end;
      } else {
        // `**/`: zero or more whole segments, each with its `/`.
        if (needSep) cur = nfa.edge(cur, (c) => c === '/', nfa.add());
        const loop = nfa.add();
        const inside = nfa.add();
        nfa.epsilon(cur, loop);
        nfa.edge(loop, wild, inside);
        nfa.edge(inside, notSlash, inside);
        nfa.edge(inside, (c) => c === '/', loop);
        cur = loop;
        needSep = false;
      }
      return;
    }
    if (needSep) cur = nfa.edge(cur, (c) => c === '/', nfa.add());
    needSep = true;
    cur = compileSegment(nfa, seg, dot, wild, cur);
  });
  return cur;
}

function compileSegment(nfa: Nfa, seg: string, dot: boolean, wild: Pred, start: number): number {
  let cur = start;
  const startsWild = seg[0] === '*' || seg[0] === '?';
  if (/^\*+$/.test(seg)) {
    // A segment that is only `*` matches a non-empty name.
    const inside = nfa.edge(cur, wild, nfa.add());
    nfa.edge(inside, (c) => c !== '/', inside);
    return inside;
  }
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') {
      while (seg[i + 1] === '*') i++;
      const loop = nfa.add();
      nfa.epsilon(cur, loop);
      nfa.edge(loop, wild, loop);
      cur = loop;
    } else if (c === '?') {
      cur = nfa.edge(cur, wild, nfa.add());
    } else if (c === '[' && classEnd(seg, i) > 0) {
      const end = classEnd(seg, i);
      const pred = classPred(seg.slice(i + 1, end));
      cur = nfa.edge(cur, (ch) => ch !== '/' && pred(ch), nfa.add());
      i = end;
    } else {
      const lit = c === '\\' && i + 1 < seg.length ? seg[++i]! : c;
      // After wildcards that matched nothing, a literal `.` would start a dot name: not without `dot`.
      const pred: Pred = lit === '.' && startsWild && !dot ? (ch, s) => ch === '.' && !s : (ch) => ch === lit;
      cur = nfa.edge(cur, pred, nfa.add());
    }
  }
  return cur;
}

/** Index of the `]` that closes a class opened at `open`, or -1. */
function classEnd(seg: string, open: number): number {
  let i = open + 1;
  if (seg[i] === '!' || seg[i] === '^') i++;
  if (seg[i] === ']') i++;
  for (; i < seg.length; i++) {
    if (seg[i] === '\\') i++;
    else if (seg[i] === '[' && seg[i + 1] === ':') {
      const close = seg.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    } else if (seg[i] === ']') return i;
  }
  return -1;
}

function classPred(body: string): (c: string) => boolean {
  let negate = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    negate = true;
    i = 1;
  }
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  const named: RegExp[] = [];
  for (; i < body.length; i++) {
    let c = body[i]!;
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      const re = close > 0 ? POSIX_CLASSES[body.slice(i + 2, close)] : undefined;
      if (re) {
        named.push(re);
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < body.length) c = body[++i]!;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      let hi = body[i + 2]!;
      i += 2;
      if (hi === '\\' && i + 1 < body.length) hi = body[++i]!;
      ranges.push([c, hi]);
    } else singles.add(c);
  }
  return (ch) => {
    const hit = singles.has(ch) || ranges.some(([lo, hi]) => ch >= lo && ch <= hi) || named.some((re) => re.test(ch));
    return negate ? !hit : hit;
  };
}

/** Simulates the automaton over the subject: every state at once, so time is linear in the subject. */
function runNfa(nfa: Nfa, start: number, accept: number, s: string): boolean {
  const mark = new Int32Array(nfa.eps.length).fill(-1);
  let stamp = 0;
  const close = (seed: number[]): number[] => {
    const out: number[] = [];
    const stack = [...seed];
    stamp++;
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (mark[x] === stamp) continue;
      mark[x] = stamp;
      out.push(x);
      for (const y of nfa.eps[x]!) if (mark[y] !== stamp) stack.push(y);
    }
    return out;
  };
  let states = close([start]);
  for (let i = 0; i < s.length && states.length > 0; i++) {
    const c = s[i]!;
    const seg = i === 0 || s[i - 1] === '/';
    const next: number[] = [];
    for (const x of states) for (const e of nfa.edges[x]!) if (e.pred(c, seg)) next.push(e.to);
    states = close(next);
  }
  return states.includes(accept);
}
