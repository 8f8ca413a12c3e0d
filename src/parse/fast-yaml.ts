import { assembleMap, longForm, type RawEntry } from './assemble.js';
import { SHORT_FORMS } from './cfn-tags.js';
import type { ParseIssue } from './issue.js';
import type { Scalar, SNode, SScalar } from './node.js';
import type { Loc, SourceFile } from './source.js';

/**
 * A fast reader for the YAML that templates are written in: block maps and sequences, plain, quoted
 * and block scalars, flow collections, comments and the CloudFormation short-form tags. It builds
 * the same tree as the `yaml`-package reader (test/parse-fast.test.ts checks both on every corpus
 * file) in a fraction of the time, because it skips the general YAML machinery.
 *
 * Anything outside that subset (anchors, aliases, `!!` and verbatim tags, tabs, CRs (the caller
 * turns CRLF line ends into LF ones), explicit keys, several documents, and every construct the `yaml` package would reject) makes it
 * give up: it returns undefined and the caller reads the file with the `yaml` package, which also
 * gives the located error messages. So this reader never reports an error of its own. It tells apart one
 * reason, 'under-indented': a flow collection or quoted scalar continued on a line not indented past
 * its block, which CloudFormation accepts and src/parse/repair.ts re-indents.
 */
export function readYamlFast(file: SourceFile): { root: SNode; warnings: ParseIssue[] } | 'under-indented' | undefined {
  const text = file.text;
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    const reader = new FastReader(file);
    return { root: reader.document(), warnings: reader.warnings };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    if (e === UNDER_INDENTED) return 'under-indented';
    throw e;
  }
}

/** Tabs, CRs, a BOM and control characters: rare in templates, subtle in YAML; left to the yaml package. */
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/** Thrown (not an Error: no stack to capture) when the text leaves the subset. */
const GIVE_UP: unique symbol = Symbol('give up');
function giveUp(): never {
  throw GIVE_UP;
}
const UNDER_INDENTED: unique symbol = Symbol('under-indented');

/** Other local tags (`!Rain::Embed`, `!ValueOf`) the fast reader reads: their values are unknown (cfn-tags.ts). */
const LOCAL_TAG = /^![A-Za-z][A-Za-z0-9:_.-]*$/;

const MAX_DEPTH = 200;
const MAX_KEY_LENGTH = 1024;
const SPACE = 32;
const NL = 10;
const HASH = 35;

/** Characters that cannot start a plain scalar (`-`, `?` and `:` only when followed by a space). */
const NOT_PLAIN_START = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** The first `ch` (a char code) in [from, to), or -1. */
function find(text: string, ch: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

/** The first ` #` (a comment after a space) in [from, to): the offset of its space, or -1. */
function findComment(text: string, from: number, to: number): number {
  for (let i = from + 1; i < to; i++) if (text.charCodeAt(i) === HASH && text.charCodeAt(i - 1) === SPACE) return i - 1;
  return -1;
}

const COLON = 58;

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/** YAML 1.2 core schema, as the `yaml` package resolves untagged plain scalars. */
function coreValue(s: string): Scalar {
  const c = s.charCodeAt(0);
  // Most scalars are words: rule those out with one look at the first character.
  if (s.length === 0 || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
  if (!numeric) return s;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  // ±.inf and .nan: the reader keeps non-finite numbers as their source text.
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** A plain scalar's value as the reader keeps it: non-finite numbers stay their source text. */
function coreScalar(s: string): Scalar {
  const v = coreValue(s);
  return typeof v === 'number' && !Number.isFinite(v) ? s : v;
}

/** A key's text as the `yaml`-package reader gives it: the resolved value, stringified. */
function keyText(raw: string): string {
  return String(coreValue(raw) ?? '');
}

interface Key {
  text: string;
  start: number;
  end: number;
  /** Offset just past the `:`. */
  after: number;
  merge: boolean;
}

class FastReader {
  readonly warnings: ParseIssue[] = [];
  private readonly text: string;
  private readonly n: number;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Indentation of each line, or -1 for a line that is blank or only a comment. */
  private readonly indent: number[] = [];
  private readonly lines: number;
  /** The line after the last one the node just read. */
  private next = 0;
  private depth = 0;

  constructor(readonly file: SourceFile) {
    const text = file.text;
    this.text = text;
    this.n = text.length;
    let start = 0;
    while (start <= this.n) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = this.n;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      this.starts.push(start);
      this.ends.push(end);
      this.indent.push(i === end || text.charCodeAt(i) === HASH ? -1 : i - start);
      start = end + 1;
    }
    this.lines = this.starts.length;
  }

  document(): SNode {
    let li = this.nextContent(0);
    if (li >= this.lines) giveUp();
    const first = this.text.slice(this.starts[li]!, this.ends[li]!);
    if (first.startsWith('%') || first.startsWith('...')) giveUp();
    if (first.startsWith('---')) {
      if (first.slice(3).trim() !== '') giveUp();
      li = this.nextContent(li + 1);
      if (li >= this.lines) giveUp();
    }
    if (this.indent[li] !== 0) giveUp();
    const root = this.blockNode(li, 0, -1);
    if (root.kind === 'scalar' || this.nextContent(this.next) < this.lines) giveUp();
    return root;
  }

  loc(start: number, end: number): Loc {
    return { file: this.file, start, end };
  }

  private nextContent(li: number): number {
    while (li < this.lines && this.indent[li]! < 0) li++;
    return li;
  }

  /** A space, or the end of the line or text, at `p`: what must follow `-`, `?`, `:` as indicators. */
  private blankAt(p: number): boolean {
    const c = this.text.charCodeAt(p);
    return p >= this.n || c === SPACE || c === NL;
  }

  private skipSpaces(p: number): number {
    while (this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** After a value on line `li`: only spaces and a comment may follow. */
  private endOfLine(li: number, p: number): void {
    const q = this.skipSpaces(p);
    if (q < this.ends[li]! && (this.text.charCodeAt(q) !== HASH || q === p)) giveUp();
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) giveUp();
  }

  /** The node starting at column `col` of line `li`, inside a block indented `parent`. */
  private blockNode(li: number, col: number, parent: number, tagged = false): SNode {
    this.enter();
    const p = this.starts[li]! + col;
    let node: SNode;
    const dash = this.text[p] === '-' && this.blankAt(p + 1);
    const key = dash ? undefined : this.key(p, this.ends[li]!);
    if (dash) node = this.blockSeq(li, col);
    else if (key) node = this.blockMap(li, col, key);
    else node = this.value(li, p, parent, tagged);
    this.depth--;
    return node;
  }

  /** A block map whose first key (`first`, on line `li`) starts at column `col`. */
  private blockMap(li: number, col: number, first: Key): SNode {
    const raw: RawEntry[] = [];
    const start = this.starts[li]! + col;
    for (let key: Key | undefined = first; ; key = undefined) {
      key ??= this.key(this.starts[li]! + col, this.ends[li]!) ?? giveUp();
      const value = this.entryValue(li, key.after, col);
      raw.push({ key: key.text, keyLoc: this.loc(key.start, key.end), value, merge: key.merge });
      li = this.nextContent(this.next);
      if (li >= this.lines || this.indent[li]! < col) break;
      if (this.indent[li]! > col) giveUp();
    }
    this.next = li;
    return assembleMap(this.loc(start, raw.at(-1)!.value.loc.end), raw, this.warnings);
  }

  private blockSeq(li: number, col: number): SNode {
    const items: SNode[] = [];
    const start = this.starts[li]! + col;
    for (;;) {
      const dash = this.starts[li]! + col;
      if (this.text[dash] !== '-' || !this.blankAt(dash + 1)) break;
      const q = this.skipSpaces(dash + 1);
      if (q >= this.ends[li]! || this.text.charCodeAt(q) === HASH) {
        const nl = this.nextContent(li + 1);
        if (nl < this.lines && this.indent[nl]! > col) items.push(this.blockNode(nl, this.indent[nl]!, col));
        else {
          items.push({ kind: 'scalar', loc: this.loc(q, q), value: null });
          this.next = li + 1;
        }
      } else {
        items.push(this.blockNode(li, q - this.starts[li]!, col));
      }
      li = this.nextContent(this.next);
      if (li >= this.lines || this.indent[li]! < col) break;
      if (this.indent[li]! > col) giveUp();
    }
    this.next = li;
    return { kind: 'seq', loc: this.loc(start, items.at(-1)!.loc.end), items };
  }

  /** The value after a block map key's `:` at `p`; `col` is the map's indentation. */
  private entryValue(li: number, p: number, col: number): SNode {
    const q = this.skipSpaces(p);
    if (q < this.ends[li]! && this.text.charCodeAt(q) !== HASH) return this.value(li, q, col, false);
    const nl = this.nextContent(li + 1);
    if (nl < this.lines) {
      const ind = this.indent[nl]!;
      const dash = this.starts[nl]! + ind;
      if (ind > col || (ind === col && this.text[dash] === '-' && this.blankAt(dash + 1))) return this.blockNode(nl, ind, col);
    }
    this.next = li + 1;
    return { kind: 'scalar', loc: this.loc(q, q), value: null };
  }

  /**
   * An implicit key at `p` (plain or quoted, on one line, followed by `: ` or `:` at the line's end),
   * or undefined when the line does not start with one.
   */
  private key(p: number, end: number): Key | undefined {
    const text = this.text;
    const c = text[p]!;
    if (c === '"' || c === "'") {
      const close = this.singleLineQuoted(p, end);
      if (close === undefined) return undefined;
      const colon = this.skipSpaces(close.end);
      if (text[colon] !== ':' || !this.blankAt(colon + 1)) return undefined;
      return { text: close.value, start: p, end: close.end, after: colon + 1, merge: false };
    }
    if (NOT_PLAIN_START.has(c) || ((c === '-' || c === '?' || c === ':') && this.blankAt(p + 1))) return undefined;
    let colon = find(text, COLON, p + 1, end);
    while (colon >= 0 && !this.blankAt(colon + 1)) colon = find(text, COLON, colon + 1, end);
    if (colon < 0 || findComment(text, p, colon) >= 0) return undefined;
    let keyEnd = colon;
    while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
    if (keyEnd - p > MAX_KEY_LENGTH) giveUp();
    const raw = text.slice(p, keyEnd);
    return { text: keyText(raw), start: p, end: keyEnd, after: colon + 1, merge: raw === '<<' };
  }

  /** A quoted scalar closed on the same line (keys), or undefined. */
  private singleLineQuoted(p: number, end: number): { value: string; end: number } | undefined {
    const text = this.text;
    let value = '';
    let i = p + 1;
    const q = text.charCodeAt(p);
    for (;;) {
      const close = find(text, q, i, end);
      const esc = q === 34 ? find(text, 92, i, end) : -1;
      if (close < 0) return undefined;
      if (esc >= 0 && esc < close) {
        value += text.slice(i, esc) + this.escape(esc);
        i = esc + (text[esc + 1] === 'x' ? 4 : text[esc + 1] === 'u' ? 6 : text[esc + 1] === 'U' ? 10 : 2);
        continue;
      }
      value += text.slice(i, close);
      if (q === 39 && text.charCodeAt(close + 1) === 39) {
        value += "'";
        i = close + 2;
        continue;
      }
      return { value, end: close + 1 };
    }
  }

  /** The character a double-quoted escape at `p` (the backslash) stands for. */
  escape(p: number): string {
    const c = this.text[p + 1];
    if (c === undefined || c === '\n') giveUp();
    const simple = DOUBLE_ESCAPES[c];
    if (simple !== undefined) return simple;
    const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.text.slice(p + 2, p + 2 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) giveUp();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) giveUp();
    return String.fromCodePoint(code);
  }

  /** A value (not a key, not a block sequence) starting at `q` on line `li`, inside a block indented `parent`. */
  private value(li: number, q: number, parent: number, tagged: boolean): SNode {
    const text = this.text;
    const c = text[q]!;
    if (c === '!') return this.tagged(li, q, parent, tagged);
    if (c === '|' || c === '>') return this.blockScalar(li, q, parent);
    if (c === '[' || c === '{' || c === '"' || c === "'") {
      const flow = new FlowCursor(this, q, li, parent);
      const node = flow.node(tagged);
      this.endOfLine(flow.line, flow.pos);
      this.next = flow.line + 1;
      return node;
    }
    if (NOT_PLAIN_START.has(c) || ((c === '-' || c === '?' || c === ':') && this.blankAt(q + 1))) giveUp();
    return this.plain(li, q, parent, tagged);
  }

  private tagged(li: number, q: number, parent: number, tagged: boolean): SNode {
    if (tagged) giveUp();
    const text = this.text;
    let e = q + 1;
    while (e < this.ends[li]! && text.charCodeAt(e) !== SPACE) e++;
    const tag = text.slice(q, e);
    if (!SHORT_FORMS.has(tag) && !LOCAL_TAG.test(tag)) giveUp();
    const r = this.skipSpaces(e);
    let inner: SNode;
    if (r < this.ends[li]!) {
      if (text.charCodeAt(r) === HASH || r === e) giveUp();
      inner = this.value(li, r, parent, true);
    } else {
      const nl = this.nextContent(li + 1);
      if (nl < this.lines && this.indent[nl]! > parent) inner = this.blockNode(nl, this.indent[nl]!, parent, true);
      else {
        inner = { kind: 'scalar', loc: this.loc(r, r), value: '' };
        this.next = li + 1;
      }
    }
    return longForm(this.file, tag, q, inner);
  }

  /** A plain scalar in block context, possibly continued on more-indented lines. */
  private plain(li: number, q: number, parent: number, tagged: boolean): SNode {
    let end = this.plainLineEnd(q, this.ends[li]!);
    let value = this.text.slice(q, end.content);
    let last = li;
    if (!end.comment) {
      let empties = 0;
      for (let l = li + 1; l < this.lines; l++) {
        const s = this.starts[l]!;
        const ind = this.indent[l]!;
        if (ind < 0) {
          if (this.skipSpaces(s) < this.ends[l]!) break; // a comment line ends the scalar
          empties++;
          continue;
        }
        if (ind <= parent) break;
        const from = s + ind;
        const c = this.text[from]!;
        if (NOT_PLAIN_START.has(c) || c === '-' || c === '?' || c === ':') giveUp();
        end = this.plainLineEnd(from, this.ends[l]!);
        value += (empties > 0 ? '\n'.repeat(empties) : ' ') + this.text.slice(from, end.content);
        empties = 0;
        last = l;
        if (end.comment) break;
      }
    }
    this.next = last + 1;
    return { kind: 'scalar', loc: this.loc(q, end.content), value: tagged ? value : coreScalar(value) };
  }

  /** Where a plain scalar's text ends on one line (before a comment and trailing spaces). */
  private plainLineEnd(p: number, lineEnd: number): { content: number; comment: boolean } {
    const text = this.text;
    let stop = lineEnd;
    let comment = false;
    const hash = findComment(text, p, lineEnd);
    if (hash >= 0) {
      stop = hash;
      comment = true;
    }
    // `a: b: c` and `a: b:` are nested implicit keys, which block scalars cannot hold.
    for (let colon = find(text, COLON, p, stop); colon >= 0; colon = find(text, COLON, colon + 1, stop)) {
      if (colon + 1 >= stop || text.charCodeAt(colon + 1) === SPACE) giveUp();
    }
    while (stop > p && text.charCodeAt(stop - 1) === SPACE) stop--;
    return { content: stop, comment };
  }

  /** `|` or `>` with an optional `-` (strip); other headers are left to the yaml package. */
  private blockScalar(li: number, q: number, parent: number): SNode {
    const text = this.text;
    let h = q + 1;
    let strip = false;
    if (text[h] === '-') {
      strip = true;
      h++;
    }
    this.endOfLine(li, h);
    if (h < this.ends[li]! && text.charCodeAt(h) !== SPACE) giveUp(); // `+`, an indentation digit, ...
    const folded = text[q] === '>';
    let contentIndent = -1;
    const parts: string[] = [];
    let lastContent = -1;
    let l = li + 1;
    for (; l < this.lines; l++) {
      const s = this.starts[l]!;
      const e = this.ends[l]!;
      const first = this.skipSpaces(s);
      const lead = first - s;
      if (first >= e) {
        // A blank line is an empty line of the scalar; spaces past the content's indentation are content.
        if (contentIndent < 0 && lead > 0) giveUp();
        if (contentIndent < 0 || lead <= contentIndent) {
          parts.push('');
          continue;
        }
      } else if (contentIndent < 0) {
        if (lead <= parent) break;
        contentIndent = lead;
      } else if (lead < contentIndent) break;
      parts.push(text.slice(s + contentIndent, e));
      lastContent = l;
    }
    if (lastContent < 0) giveUp();
    const body = parts.slice(0, lastContent - li);
    let value = folded ? fold(body) : body.join('\n');
    if (!strip) value += '\n';
    this.next = lastContent + 1;
    const end = Math.min(this.ends[lastContent]! + 1, this.n);
    return { kind: 'scalar', loc: this.loc(q, end), value };
  }

  // For FlowCursor.
  lineOf(li: number): { start: number; end: number } {
    return { start: this.starts[li]!, end: this.ends[li]! };
  }
  get lineCount(): number {
    return this.lines;
  }
}

/**
 * Folded block scalar lines: a single line break between two lines becomes a space, each empty line
 * a line break; breaks next to a more-indented line (one starting with a space) are kept.
 */
function fold(lines: string[]): string {
  let out = '';
  let breaks = 0;
  let previous: string | undefined;
  for (const line of lines) {
    if (line === '') {
      breaks++;
      continue;
    }
    if (previous === undefined) out += '\n'.repeat(breaks);
    else if (previous.charCodeAt(0) === SPACE || line.charCodeAt(0) === SPACE) out += '\n'.repeat(breaks + 1);
    else out += breaks === 0 ? ' ' : '\n'.repeat(breaks);
    out += line;
    breaks = 0;
    previous = line;
  }
  return out;
}

/**
 * Reads flow collections and quoted scalars, which may span lines: every continuation line must be
 * indented past the enclosing block (`parent`), as the `yaml` package requires.
 */
class FlowCursor {
  private readonly text: string;
  private depth = 0;

  constructor(private readonly r: FastReader, public pos: number, public line: number, private readonly parent: number) {
    this.text = r.file.text;
  }

  node(tagged: boolean): SNode {
    if (++this.depth > MAX_DEPTH) giveUp();
    const c = this.text[this.pos];
    let node: SNode;
    if (c === '[') node = this.seq();
    else if (c === '{') node = this.map();
    else if (c === '"' || c === "'") node = this.quoted();
    else if (c === '!') node = this.tagged(tagged);
    else node = this.plain(tagged);
    this.depth--;
    return node;
  }

  /** Skips spaces, line breaks and comments between flow tokens. */
  private space(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === SPACE) this.pos++;
      else if (c === NL) this.newLine();
      else if (c === HASH && (this.pos === 0 || text.charCodeAt(this.pos - 1) === SPACE || text.charCodeAt(this.pos - 1) === NL)) {
        const { end } = this.r.lineOf(this.line);
        this.pos = end;
      } else return;
    }
  }

  /** Moves past a line break onto the next line, which must be indented past the enclosing block. */
  private newLine(): void {
    this.line++;
    if (this.line >= this.r.lineCount) giveUp();
    const { start, end } = this.r.lineOf(this.line);
    let i = start;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    if (i < end && i - start <= this.parent) throw UNDER_INDENTED;
    if (i - start === 0 && (this.text.startsWith('---', start) || this.text.startsWith('...', start))) giveUp();
    this.pos = start;
  }

  private seq(): SNode {
    const start = this.pos++;
    const items: SNode[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === ']') break;
      items.push(this.node(false));
      this.space();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c !== ']') giveUp();
    }
    this.pos++;
    return { kind: 'seq', loc: this.r.loc(start, this.pos), items };
  }

  private map(): SNode {
    const start = this.pos++;
    const raw: RawEntry[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === '}') break;
      const keyStart = this.pos;
      const c = this.text[this.pos];
      let key: string;
      let merge = false;
      if (c === '"' || c === "'") {
        const q = this.quoted();
        key = String(q.value);
      } else {
        const p = this.plainToken(true);
        key = keyText(p.raw);
        merge = p.raw === '<<';
      }
      const keyEnd = this.pos;
      while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
      if (this.text[this.pos] !== ':') giveUp();
      this.pos++;
      this.space();
      const v = this.text[this.pos];
      if (v === ',' || v === '}') giveUp();
      const value = this.node(false);
      raw.push({ key, keyLoc: this.r.loc(keyStart, keyEnd), value, merge });
      this.space();
      const d = this.text[this.pos];
      if (d === ',') this.pos++;
      else if (d !== '}') giveUp();
    }
    this.pos++;
    return assembleMap(this.r.loc(start, this.pos), raw, this.r.warnings);
  }

  private tagged(tagged: boolean): SNode {
    if (tagged) giveUp();
    const start = this.pos;
    let e = start + 1;
    while (e < this.text.length && !' \n,[]{}'.includes(this.text[e]!)) e++;
    const tag = this.text.slice(start, e);
    if ((!SHORT_FORMS.has(tag) && !LOCAL_TAG.test(tag)) || this.text[e] !== ' ') giveUp();
    this.pos = e;
    this.space();
    const c = this.text[this.pos];
    if (c === ',' || c === ']' || c === '}' || c === undefined) giveUp();
    const inner = this.node(true);
    return longForm(this.r.file, tag, start, inner);
  }

  private plain(tagged: boolean): SNode {
    const start = this.pos;
    const { raw } = this.plainToken(false);
    return { kind: 'scalar', loc: this.r.loc(start, start + raw.length), value: tagged ? raw : coreScalar(raw) };
  }

  /** A plain scalar inside a flow collection: one line, up to a flow indicator, `: ` or a comment. */
  private plainToken(isKey: boolean): { raw: string } {
    const text = this.text;
    const start = this.pos;
    const c = text[start]!;
    if (NOT_PLAIN_START.has(c) || ((c === '-' || c === '?' || c === ':') && ' \n,[]{}'.includes(text[start + 1] ?? ' '))) giveUp();
    let i = start;
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch === '\n' || ch === ',' || ch === ']' || ch === '}') break;
      if (ch === '[' || ch === '{') giveUp();
      if (ch === ':' && ' \n,[]{}'.includes(text[i + 1] ?? ' ')) break;
      if (ch === '#' && text[i - 1] === ' ') break;
      i++;
    }
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) giveUp();
    this.pos = end;
    // A plain scalar continued on the next line is left to the yaml package.
    let after = i;
    while (text.charCodeAt(after) === SPACE) after++;
    if (text[after] === '\n' || text[after] === '#') {
      const save = { pos: this.pos, line: this.line };
      this.pos = after;
      this.space();
      const next = text[this.pos];
      if (!(next === ',' || next === ']' || next === '}' || (isKey && next === ':'))) giveUp();
      this.pos = save.pos;
      this.line = save.line;
    }
    if (isKey && end - start > MAX_KEY_LENGTH) giveUp();
    return { raw: text.slice(start, end) };
  }

  /**
   * A single- or double-quoted scalar; line breaks fold into spaces, empty lines into line breaks.
   * Pieces are collected and joined once: reading back a string built by `+=` would flatten it.
   */
  private quoted(): SScalar {
    const text = this.text;
    const start = this.pos;
    const quote = text.charCodeAt(start);
    const parts: string[] = [];
    let run = start + 1;
    let i = run;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) giveUp();
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) {
          parts.push(text.slice(run, i + 1));
          i += 2;
          run = i;
          continue;
        }
        break;
      }
      if (c === 92 && quote === 34) {
        const e = text[i + 1];
        if (e === '\n' || e === ' ') giveUp(); // escaped line breaks and trailing spaces
        parts.push(text.slice(run, i), this.r.escape(i));
        i += e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
        run = i;
        continue;
      }
      if (c === NL) {
        // The line's trailing spaces go; the break folds into a space, or into one line break per empty line.
        let end = i;
        while (end > run && text.charCodeAt(end - 1) === SPACE) end--;
        parts.push(text.slice(run, end));
        let breaks = 0;
        this.pos = i;
        for (;;) {
          this.newLine();
          const { end: lineEnd } = this.r.lineOf(this.line);
          let j = this.pos;
          while (text.charCodeAt(j) === SPACE) j++;
          if (j < lineEnd) {
            i = j;
            break;
          }
          breaks++;
          this.pos = lineEnd;
        }
        parts.push(breaks > 0 ? '\n'.repeat(breaks) : ' ');
        run = i;
        continue;
      }
      i++;
    }
    parts.push(text.slice(run, i));
    this.pos = i + 1;
    return { kind: 'scalar', loc: this.r.loc(start, this.pos), value: parts.join('') };
  }
}
