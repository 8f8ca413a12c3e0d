/**
 * Suppression directives written as YAML comments:
 *
 *   # ldlint-disable-next-line BR-LD-3/timeout, BR-LD-3/memory -- batch job, approved by ISSO (expires 2026-12-31)
 *   # ldlint-disable BR-LD-2 -- logs forwarded by the account's firehose
 *   # ldlint-enable BR-LD-2
 *
 * Comments are syntax, so the scanner uses the YAML lexer: a `#` inside a quoted string or a block
 * scalar is not a comment. A directive is a whole-line comment or a trailing comment.
 */
import { CST, Lexer } from 'yaml';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

export interface Directive {
  /** `unknown` for a comment that looks like a directive but is none (`# ldlint-disable-nextline`). */
  kind: DirectiveKind | 'unknown';
  /** Check ids or business rules, as written (empty when none are given). */
  ids: string[];
  /** The text after ` -- `, trimmed; undefined when there is no ` -- `. */
  reason?: string;
  /** `(expires YYYY-MM-DD)` at the end of the reason, as written (not validated here). */
  expires?: string;
  /** The directive word as written (`ldlint-disable-next-line`). */
  word: string;
  /** 1-based line and column of the `#`. */
  line: number;
  column: number;
  /** Offsets of the comment in the text (half-open). */
  start: number;
  end: number;
  /** True when the comment follows other content on its line. */
  trailing: boolean;
  /**
   * The lines each id covers (1-based, inclusive): for `disable-next-line` the next line that is
   * neither blank nor a whole-line comment; for `disable` from its own line to the `enable` that
   * names the id (or names none), else to the end of the file. Empty for `enable` and `unknown`.
   */
  ranges: Map<string, { from: number; to: number }>;
}

const DIRECTIVE = /^(?:#|\/\/)\s*(ldlint-(?:disable|enable)[\w-]*)(?=\s|$)(.*)$/s;
/**
 * `expires 2026-12-31`, `(expires: 2026-12-31)` at the end of a reason: the date as written, or
 * undefined when the text after `expires` is not just a value (scanned by hand: no regex backtracking).
 */
function expiresTail(tail: string): string | undefined {
  let i = 'expires'.length;
  while (i < tail.length && /[\s:=]/.test(tail[i]!)) i++;
  let j = i;
  while (j < tail.length && !/[\s)]/.test(tail[j]!)) j++;
  for (let k = j; k < tail.length; k++) if (!/[\s)]/.test(tail[k]!)) return undefined;
  return tail.slice(i, j);
}
// Control characters the yaml lexer emits that are not part of the source text.
const CONTROL = new Set(['\x02', '\x18', '\x1f']);

let memo: { text: string; directives: readonly Directive[] } | undefined;

/**
 * Scans YAML text for `# ldlint-...` directives (fast path: none unless the text mentions them).
 * The last text's result is remembered (the parser and the suppression engine both ask): treat the
 * returned list as read-only.
 */
export function scanDirectives(text: string): Directive[] {
  if (!text.includes('ldlint-')) return [];
  if (memo?.text === text) return memo.directives as Directive[];
  const directives = scan(text);
  memo = { text, directives };
  return directives;
}

/**
 * Directives of a file whose comments are already known (HCL: `#`, `//` and `/* *\/` comments,
 * from its parser), with the same ranges as YAML's.
 */
export function scanCommentDirectives(text: string, comments: readonly { start: number; text: string }[], extents: ReadonlyMap<number, number> = new Map()): Directive[] {
  if (!text.includes('ldlint-')) return [];
  const tokens = comments.map((c) => ({ offset: c.start, source: '#' + c.text.replace(/^(#|\/\/|\/\*)/, '').replace(/\*\/$/, '').replace(/\s+$/, '') }));
  return scan(text, tokens, extents);
}

/**
 * Directives in the comments of a code file (`# ldlint-disable-next-line ID -- reason` in Python,
 * `// ...` in JavaScript, TypeScript and Java): the comments come from the file's syntax tree.
 */
export function codeDirectives(text: string, comments: CommentToken[]): Directive[] {
  return comments.some((c) => c.source.includes('ldlint-')) ? scan(text, comments) : [];
}

/**
 * `given`: the file's comments when its parser knows them (HCL, code); else YAML's are found.
 * `extents` (HCL): a `disable-next-line` above a block or argument covers all of its lines.
 */
function scan(text: string, given?: CommentToken[], extents?: ReadonlyMap<number, number>): Directive[] {
  const comments = given ?? yamlComments(text);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lineCount = lineStarts.length;
  const lines = { length: lineCount };
  const blank = (c: number) => c === 32 || c === 9 || c === 13;
  // A line that is neither blank nor a whole-line comment (character codes: no strings made).
  const commentStarts = given ? new Set(given.map((c) => c.offset)) : undefined;
  const isContent = (line: number) => {
    let i = lineStarts[line - 1]!;
    while (i < text.length && blank(text.charCodeAt(i))) i++;
    if (commentStarts) return i < text.length && text.charCodeAt(i) !== 10 && !commentStarts.has(i);
    return i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 35;
  };
  // nextContent[l]: the first content line at or after line l (one pass: many directives stay linear).
  const nextContent: number[] = new Array(lines.length + 2);
  nextContent[lines.length + 1] = lines.length + 1;
  for (let l = lines.length; l >= 1; l--) nextContent[l] = isContent(l) ? l : nextContent[l + 1]!;

  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.source);
    if (!m) continue;
    const line = lineOf(c.offset);
    const column = c.offset - lineStarts[line - 1]! + 1;
    let b = c.offset - 1;
    while (b >= lineStarts[line - 1]! && blank(text.charCodeAt(b))) b--;
    const trailing = b >= lineStarts[line - 1]!;
    const word = m[1]!;
    const kind: Directive['kind'] =
      word === 'ldlint-disable-next-line' ? 'disable-next-line' : word === 'ldlint-disable' ? 'disable' : word === 'ldlint-enable' ? 'enable' : 'unknown';
    const rest = m[2]!;
    const sep = rest.search(/(^|\s)--(\s|$)/);
    const idText = sep < 0 ? rest : rest.slice(0, sep);
    let reason = sep < 0 ? undefined : rest.slice(sep).replace(/^\s*--/, '').trim();
    let expires: string | undefined;
    if (reason !== undefined) {
      const at = reason.toLowerCase().lastIndexOf('expires');
      const e = at >= 0 && (at === 0 || /[\s(]/.test(reason[at - 1]!)) ? expiresTail(reason.slice(at)) : undefined;
      if (e !== undefined) {
        expires = e;
        let end = at;
        while (end > 0 && /[\s(]/.test(reason[end - 1]!)) end--;
        reason = reason.slice(0, end);
      }
    }
    const ids = idText.split(/[\s,]+/).filter(Boolean);
    // Every field set (no conditional spreads): one object shape, fast with many directives.
    const d: Directive = {
      kind, ids, reason, expires, word, line, column,
      start: c.offset, end: c.offset + c.source.length,
      trailing,
      ranges: new Map(),
    };
    if (kind === 'disable-next-line') {
      const next = nextContent[Math.min(line + 1, lines.length + 1)]!;
      const to = extents?.get(next) ?? next;
      for (const id of ids) d.ranges.set(id, { from: next, to });
    }
    out.push(d);
  }

  // Close `disable` ranges at the next `enable` of the same id (`enable` without ids closes all).
  const open = new Map<string, Directive[]>();
  for (const d of out) {
    if (d.kind === 'disable') {
      for (const id of d.ids) {
        d.ranges.set(id, { from: d.line, to: lines.length });
        const list = open.get(id);
        if (list) list.push(d);
        else open.set(id, [d]);
      }
    } else if (d.kind === 'enable') {
      for (const id of d.ids.length ? d.ids : [...open.keys()]) {
        for (const o of open.get(id) ?? []) o.ranges.set(id, { from: o.line, to: d.line });
        open.delete(id);
      }
    }
  }
  return out;
}

export interface CommentToken {
  offset: number;
  source: string;
}

/** Comment tokens of YAML text, with offsets (block scalar and quoted contents are not comments). */
function yamlComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  let offset = 0;
  let prev = '';
  try {
    for (const tok of new Lexer().lex(text)) {
      if (CONTROL.has(tok)) {
        prev = tok;
        continue;
      }
      // A token right after the scalar marker is a scalar (a block scalar's body may start with `#`).
      if (prev !== '\x1f' && CST.tokenType(tok) === 'comment') out.push({ offset, source: tok.replace(/\r$/, '') });
      offset += tok.length;
      prev = tok;
    }
  } catch {
    return [];
  }
  return out;
}
