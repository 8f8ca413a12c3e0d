/**
 * HCL (Terraform / OpenTofu) syntax into a plain tree with source offsets.
 *
 * The parser is tree-sitter's HCL grammar (`tree-sitter-terraform.wasm`, run by web-tree-sitter:
 * no native build). It was chosen over `@cdktf/hcl2json` because it gives every node's position
 * (findings need line:col of the argument) and recovers from errors (the first error is reported
 * with its location, as YAML syntax errors are). The tree lives in WASM memory, so everything the
 * model needs is copied out here into `HBody` / `HExpr`; no tree-sitter node escapes this module.
 * Callers must have awaited `initTreeSitter()` first.
 *
 * `.tf.json` files are JSON whose strings are HCL templates: `parseHclJson` reads them into the
 * same tree (block nesting by the Terraform JSON rules), each string parsed as a template in place.
 */
import { registerComments } from './comments.js';
import type { ParseIssue } from './issue.js';
import { parseJson } from './json.js';
import type { SNode } from './node.js';
import { SourceFile, type Loc } from './source.js';
import { withTree, type Tree } from './tree-sitter.js';

export interface HBody {
  attributes: HAttribute[];
  blocks: HBlock[];
  loc: Loc;
}

export interface HAttribute {
  name: string;
  nameLoc: Loc;
  expr: HExpr;
  loc: Loc;
}

export interface HBlock {
  type: string;
  typeLoc: Loc;
  labels: { value: string; loc: Loc }[];
  body: HBody;
  loc: Loc;
}

export type TemplatePart = string | HExpr | TemplateIf | TemplateFor;
export interface TemplateIf { t: 'tif'; cond: HExpr; then: TemplatePart[]; else: TemplatePart[]; loc: Loc }
export interface TemplateFor { t: 'tfor'; keyVar?: string; valVar: string; coll: HExpr; body: TemplatePart[]; loc: Loc }

export type HExpr =
  | { t: 'lit'; value: string | number | boolean | null; loc: Loc }
  | { t: 'template'; parts: TemplatePart[]; loc: Loc }
  | { t: 'tuple'; items: HExpr[]; loc: Loc }
  | { t: 'object'; items: { key: HExpr; value: HExpr }[]; loc: Loc }
  | { t: 'var'; name: string; loc: Loc }
  | { t: 'attr'; obj: HExpr; name: string; loc: Loc }
  | { t: 'index'; obj: HExpr; key: HExpr; loc: Loc }
  /** `obj[*].a.b`: `each` applies to every element, written over the placeholder `{t: 'splatItem'}`. */
  | { t: 'splat'; obj: HExpr; each: HExpr; loc: Loc }
  | { t: 'splatItem'; loc: Loc }
  | { t: 'call'; name: string; args: HExpr[]; expand: boolean; loc: Loc }
  | { t: 'cond'; cond: HExpr; then: HExpr; else: HExpr; loc: Loc }
  | { t: 'binary'; op: string; left: HExpr; right: HExpr; loc: Loc }
  | { t: 'unary'; op: string; operand: HExpr; loc: Loc }
  | { t: 'for'; kind: 'tuple' | 'object'; keyVar?: string; valVar: string; coll: HExpr; key?: HExpr; value: HExpr; cond?: HExpr; group: boolean; loc: Loc }
  /** A piece the reader does not understand (an error node inside a recovered tree). */
  | { t: 'bad'; loc: Loc };

export interface HclComment {
  text: string;
  start: number;
  end: number;
}

export interface HclFile {
  file: SourceFile;
  body: HBody;
  comments: HclComment[];
}

export type HclParse = { ok: true; hcl: HclFile } | { ok: false; error: ParseIssue };

/** Parses native HCL syntax (`.tf`, `.tofu`, `.tfvars`). */
export function parseHcl(path: string, text: string): HclParse {
  const file = new SourceFile(path, text);
  return withTree('terraform', text, (tree) => {
    if (tree.rootNode.hasError) return { ok: false, error: syntaxError(file, copyTree(tree, text)) };
    const root = copyTree(tree, text);
    const reader = new Reader(file, 0);
    const comments: HclComment[] = [];
    collectComments(root, comments);
    const bodyNode = root.namedChildren.find((c) => c?.type === 'body');
    const body = bodyNode ? reader.body(bodyNode) : { attributes: [], blocks: [], loc: { file, start: 0, end: text.length } };
    registerComments(file, { comments, extents: extentsOf(file, body) });
    return { ok: true, hcl: { file, body, comments } };
  });
}

/**
 * A node copied out of the WASM tree in one cursor walk: reading nodes one accessor at a time
 * crosses into WASM for every property and costs more than the parse itself.
 */
class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  constructor(
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}
  get hasError(): boolean {
    return this.isError || this.isMissing || this.children.some((c) => c.hasError);
  }
  get isError(): boolean {
    return this.type === 'ERROR';
  }
  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }
  get childCount(): number {
    return this.children.length;
  }
  get namedChildren(): SyntaxNode[] {
    return this.children.filter((c) => c.isNamed);
  }
  namedChild(i: number): SyntaxNode | undefined {
    return this.namedChildren[i];
  }
}

function copyTree(tree: Tree, text: string): SyntaxNode {
  const c = tree.walk();
  try {
    const make = () => new SyntaxNode(text, c.nodeType, c.nodeIsNamed, c.nodeIsMissing, c.startIndex, c.endIndex);
    const root = make();
    const stack = [root];
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const n = make();
      stack[stack.length - 1]!.children.push(n);
      if (c.gotoFirstChild()) { stack.push(n); continue; }
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    c.delete();
  }
}

/** First line -> last line of every block and argument (for directives above them). */
function extentsOf(file: SourceFile, body: HBody): Map<number, number> {
  const out = new Map<number, number>();
  const add = (start: number, end: number) => {
    const a = file.position(start).line;
    const b = file.position(Math.max(start, end - 1)).line;
    if (b > (out.get(a) ?? a)) out.set(a, b);
  };
  const visit = (b: HBody) => {
    for (const a of b.attributes) add(a.loc.start, a.loc.end);
    for (const blk of b.blocks) { add(blk.loc.start, blk.loc.end); visit(blk.body); }
  };
  visit(body);
  return out;
}

function collectComments(n: SyntaxNode, out: HclComment[]): void {
  if (n.type === 'comment') {
    out.push({ text: n.text, start: n.startIndex, end: n.endIndex });
    return;
  }
  for (const c of n.children) if (c) collectComments(c, out);
}

/** The first error or missing node, as a located syntax error. */
function syntaxError(file: SourceFile, root: SyntaxNode): ParseIssue {
  let bad: SyntaxNode | undefined;
  const visit = (n: SyntaxNode): boolean => {
    if (n.isError || n.isMissing) {
      bad = n;
      // Within an error node, the first child that is itself wrong is the better place.
      for (const c of n.children) if (c && (c.isError || c.isMissing || c.hasError)) return visit(c) || true;
      return true;
    }
    if (!n.hasError) return false;
    for (const c of n.children) if (c && visit(c)) return true;
    return false;
  };
  visit(root);
  const at = bad ?? root;
  const what = at.isMissing ? `missing ${JSON.stringify(at.type)}` : at.text.length > 0 && at.text.length <= 40 ? `unexpected ${JSON.stringify(at.text.split('\n')[0])}` : 'invalid syntax';
  return { kind: 'syntax', message: `HCL syntax error: ${what}`, loc: { file, start: at.startIndex, end: at.endIndex } };
}

/** Copies tree-sitter nodes out into HBody / HExpr; `shift` maps offsets (for strings of a .tf.json file). */
class Reader {
  constructor(private readonly file: SourceFile, private readonly shift: number) {}

  loc(n: SyntaxNode): Loc {
    return { file: this.file, start: n.startIndex + this.shift, end: n.endIndex + this.shift };
  }

  body(n: SyntaxNode): HBody {
    const attributes: HAttribute[] = [];
    const blocks: HBlock[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'attribute') {
        const id = c.namedChildren.find((x) => x?.type === 'identifier')!;
        const e = c.namedChildren.find((x) => x?.type === 'expression');
        attributes.push({ name: id.text, nameLoc: this.loc(id), expr: e ? this.expr(e) : { t: 'bad', loc: this.loc(c) }, loc: this.loc(c) });
      } else if (c.type === 'block') {
        blocks.push(this.block(c));
      }
    }
    return { attributes, blocks, loc: this.loc(n) };
  }

  block(n: SyntaxNode): HBlock {
    const labels: HBlock['labels'] = [];
    let type = '';
    let typeLoc = this.loc(n);
    let body: HBody | undefined;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'identifier') {
        if (!type) { type = c.text; typeLoc = this.loc(c); } else labels.push({ value: c.text, loc: this.loc(c) });
      } else if (c.type === 'string_lit') {
        labels.push({ value: this.stringLit(c), loc: this.loc(c) });
      } else if (c.type === 'body') {
        body = this.body(c);
      }
    }
    return { type, typeLoc, labels, body: body ?? { attributes: [], blocks: [], loc: this.loc(n) }, loc: this.loc(n) };
  }

  /** A string literal without interpolation: its text with escapes decoded. */
  stringLit(n: SyntaxNode): string {
    return n.namedChildren.filter((c) => c?.type === 'template_literal' || c?.type === 'escape_sequence').map((c) => decodeEscapes(c!.text)).join('');
  }

  expr(n: SyntaxNode): HExpr {
    switch (n.type) {
      case 'expression': {
        const kids = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
        if (kids.length === 0) return { t: 'bad', loc: this.loc(n) };
        // `( expr )`: the parentheses are anonymous tokens around one expression.
        return this.chain(kids, n) ?? { t: 'bad', loc: this.loc(n) };
      }
      case 'literal_value':
        return this.literal(n.namedChild(0)!);
      case 'collection_value':
        return this.expr(n.namedChild(0)!);
      case 'tuple':
        return { t: 'tuple', items: n.namedChildren.filter((c) => c?.type === 'expression').map((c) => this.expr(c!)), loc: this.loc(n) };
      case 'object': {
        const items: { key: HExpr; value: HExpr }[] = [];
        for (const el of n.namedChildren) {
          if (el?.type !== 'object_elem') continue;
          const [k, v] = el.namedChildren.filter((c) => c?.type === 'expression');
          if (k && v) items.push({ key: this.expr(k), value: this.expr(v) });
        }
        return { t: 'object', items, loc: this.loc(n) };
      }
      case 'variable_expr':
        return { t: 'var', name: n.namedChild(0)!.text, loc: this.loc(n) };
      case 'function_call': {
        const name = n.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c!.text).join('::');
        const argsNode = n.namedChildren.find((c) => c?.type === 'function_arguments');
        const args = argsNode ? argsNode.namedChildren.filter((c) => c?.type === 'expression').map((c) => this.expr(c!)) : [];
        const expand = !!argsNode?.namedChildren.some((c) => c?.type === 'ellipsis');
        return { t: 'call', name, args, expand, loc: this.loc(n) };
      }
      case 'conditional': {
        const [c, a, b] = n.namedChildren.filter((x) => x?.type === 'expression').map((x) => this.expr(x!));
        return c && a && b ? { t: 'cond', cond: c, then: a, else: b, loc: this.loc(n) } : { t: 'bad', loc: this.loc(n) };
      }
      case 'operation':
        return this.expr(n.namedChild(0)!);
      case 'binary_operation': {
        // Operands are not wrapped in `expression` nodes: a primary and its postfixes on each side of the operator.
        const opAt = n.children.findIndex((c) => !!c && !c.isNamed);
        const side = (from: number, to: number) => this.chain(n.children.slice(from, to).filter((c): c is SyntaxNode => !!c && c.isNamed && c.type !== 'comment'), n);
        const op = n.children[opAt]?.type ?? '?';
        const l = side(0, opAt);
        const r = side(opAt + 1, n.childCount);
        return l && r ? { t: 'binary', op, left: l, right: r, loc: this.loc(n) } : { t: 'bad', loc: this.loc(n) };
      }
      case 'unary_operation': {
        const opAt = n.children.findIndex((c) => !!c && !c.isNamed);
        const operand = this.chain(n.children.slice(opAt + 1).filter((c): c is SyntaxNode => !!c && c.isNamed && c.type !== 'comment'), n);
        const op = n.children[opAt]?.type ?? '?';
        return operand ? { t: 'unary', op, operand, loc: this.loc(n) } : { t: 'bad', loc: this.loc(n) };
      }
      case 'for_expr':
        return this.forExpr(n.namedChild(0)!);
      case 'template_expr':
        return this.template(n.namedChild(0)!);
      default:
        return { t: 'bad', loc: this.loc(n) };
    }
  }

  /** A primary expression followed by its postfixes (`.attr`, `[i]`, splats). */
  private chain(kids: SyntaxNode[], whole: SyntaxNode): HExpr | undefined {
    if (kids.length === 0) return undefined;
    let e = this.expr(kids[0]!);
    for (const post of kids.slice(1)) e = this.postfix(e, post, whole);
    return e;
  }

  literal(n: SyntaxNode): HExpr {
    const loc = this.loc(n);
    switch (n.type) {
      case 'numeric_lit':
        return { t: 'lit', value: Number(n.text), loc };
      case 'bool_lit':
        return { t: 'lit', value: n.text === 'true', loc };
      case 'null_lit':
        return { t: 'lit', value: null, loc };
      case 'string_lit':
        return { t: 'lit', value: this.stringLit(n), loc };
      default:
        return { t: 'bad', loc };
    }
  }

  postfix(obj: HExpr, post: SyntaxNode, whole: SyntaxNode): HExpr {
    const loc: Loc = { file: this.file, start: obj.loc.start, end: post.endIndex + this.shift };
    switch (post.type) {
      case 'get_attr':
        return { t: 'attr', obj, name: post.namedChild(0)!.text, loc };
      case 'index': {
        const i = post.namedChild(0)!;
        if (i.type === 'legacy_index') return { t: 'index', obj, key: { t: 'lit', value: Number(i.text.replace(/^\./, '')), loc: this.loc(i) }, loc };
        const e = i.namedChildren.find((c) => c?.type === 'expression');
        return { t: 'index', obj, key: e ? this.expr(e) : { t: 'bad', loc: this.loc(i) }, loc };
      }
      case 'splat': {
        const s = post.namedChild(0)!;
        let each: HExpr = { t: 'splatItem', loc: this.loc(s) };
        for (const c of s.namedChildren) if (c) each = this.postfix(each, c, whole);
        return { t: 'splat', obj, each, loc };
      }
      default:
        return { t: 'bad', loc: this.loc(whole) };
    }
  }

  forExpr(n: SyntaxNode): HExpr {
    const intro = n.namedChildren.find((c) => c?.type === 'for_intro')!;
    const ids = intro.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c!.text);
    const collNode = intro.namedChildren.find((c) => c?.type === 'expression');
    const exprs = n.namedChildren.filter((c) => c?.type === 'expression').map((c) => this.expr(c!));
    const condNode = n.namedChildren.find((c) => c?.type === 'for_cond');
    const condExpr = condNode?.namedChildren.find((c) => c?.type === 'expression');
    const common = {
      ...(ids.length === 2 ? { keyVar: ids[0]! } : {}),
      valVar: ids[ids.length - 1] ?? '_',
      coll: collNode ? this.expr(collNode) : ({ t: 'bad', loc: this.loc(intro) } as HExpr),
      ...(condExpr ? { cond: this.expr(condExpr) } : {}),
      loc: this.loc(n),
    };
    if (n.type === 'for_object_expr') {
      return { t: 'for', kind: 'object', ...common, key: exprs[0] ?? { t: 'bad', loc: this.loc(n) }, value: exprs[1] ?? { t: 'bad', loc: this.loc(n) }, group: n.namedChildren.some((c) => c?.type === 'ellipsis') };
    }
    return { t: 'for', kind: 'tuple', ...common, value: exprs[0] ?? { t: 'bad', loc: this.loc(n) }, group: false };
  }

  /** A quoted or heredoc template: literal text (from the source, escapes decoded), interpolations, directives. */
  template(n: SyntaxNode): HExpr {
    const heredoc = n.type === 'heredoc_template';
    const idents = heredoc ? n.namedChildren.filter((c) => c?.type === 'heredoc_identifier') : [];
    const kids = n.namedChildren.filter((c): c is SyntaxNode => !!c && (c.type === 'template_interpolation' || c.type === 'template_directive'));
    let start: number;
    let end: number;
    if (heredoc) {
      const open = idents[0];
      const close = idents[1];
      const text = this.fileText();
      start = open ? text.indexOf('\n', open.endIndex + this.shift) + 1 - this.shift : n.startIndex;
      end = close ? lineStart(text, close.startIndex + this.shift) - this.shift : n.endIndex;
    } else {
      start = n.startIndex + 1;
      end = n.endIndex - 1;
    }
    const parts = this.parts(kids, start, end, !heredoc);
    const flush = heredoc && n.children.some((c) => c?.type === 'heredoc_start' && c.text.startsWith('<<-'));
    return { t: 'template', parts: flush ? dedent(parts) : parts, loc: this.loc(n) };
  }

  private fileText(): string {
    return this.file.text;
  }

  private parts(kids: SyntaxNode[], start: number, end: number, quoted: boolean): TemplatePart[] {
    const out: TemplatePart[] = [];
    const text = this.fileText();
    let at = start;
    const lit = (a: number, b: number) => {
      if (b > a) out.push(quoted ? decodeEscapes(text.slice(a + this.shift, b + this.shift)) : text.slice(a + this.shift, b + this.shift).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
    };
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.startIndex < at) continue;
      lit(at, k.startIndex);
      if (k.type === 'template_interpolation') {
        const e = k.namedChildren.find((c) => c?.type === 'expression');
        out.push(e ? this.expr(e) : { t: 'bad', loc: this.loc(k) });
      } else {
        out.push(this.directive(k, quoted));
      }
      at = k.endIndex;
    }
    lit(at, end);
    return out;
  }

  private directive(n: SyntaxNode, quoted: boolean): TemplatePart {
    const d = n.namedChild(0)!;
    const sections = d.namedChildren.filter((c): c is SyntaxNode => !!c);
    const exprOf = (s: SyntaxNode | undefined) => {
      const e = s?.namedChildren.find((c) => c?.type === 'expression');
      return e ? this.expr(e) : ({ t: 'bad', loc: this.loc(n) } as HExpr);
    };
    // Body text between two section nodes (intro ... else/end), with its interpolations.
    const between = (a: SyntaxNode, b: SyntaxNode | undefined) => {
      const endAt = b ? b.startIndex : d.endIndex;
      const kids = sections.filter((c) => c.startIndex >= a.endIndex && c.endIndex <= endAt && (c.type === 'template_interpolation' || c.type === 'template_directive'));
      return this.parts(kids, a.endIndex, endAt, quoted);
    };
    if (d.type === 'template_if') {
      const intro = sections.find((c) => c.type === 'template_if_intro')!;
      const elseN = sections.find((c) => c.type === 'template_else_intro');
      const endN = sections.find((c) => c.type === 'template_if_end');
      return { t: 'tif', cond: exprOf(intro), then: between(intro, elseN ?? endN), else: elseN ? between(elseN, endN) : [], loc: this.loc(n) };
    }
    if (d.type === 'template_for') {
      const intro = sections.find((c) => c.type === 'template_for_start')!;
      const endN = sections.find((c) => c.type === 'template_for_end');
      const ids = intro.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c!.text);
      return { t: 'tfor', ...(ids.length === 2 ? { keyVar: ids[0]! } : {}), valVar: ids[ids.length - 1] ?? '_', coll: exprOf(intro), body: between(intro, endN), loc: this.loc(n) };
    }
    return { t: 'bad', loc: this.loc(n) };
  }
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** `<<-` heredocs: the smallest indentation of the non-blank lines is removed from every line. */
function dedent(parts: TemplatePart[]): TemplatePart[] {
  // Work on one string where every non-literal part is a placeholder character, then split back.
  const joined = parts.map((p) => (typeof p === 'string' ? p.replace(/\u0000/g, '') : '\u0000')).join('');
  const lines = joined.split('\n');
  let min = Infinity;
  for (const line of lines) if (line.trim() !== '') min = Math.min(min, /^[ \t]*/.exec(line)![0].length);
  if (!Number.isFinite(min) || min === 0) return parts;
  const stripped = lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
  const others = parts.filter((p) => typeof p !== 'string');
  const out: TemplatePart[] = [];
  stripped.split('\u0000').forEach((text, i) => {
    if (text) out.push(text);
    if (i < others.length) out.push(others[i]!);
  });
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function decodeEscapes(s: string): string {
  return s
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, c: string) => (c.length > 1 ? String.fromCodePoint(parseInt(c.slice(1), 16)) : ESCAPES[c] ?? m))
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

// ---------------------------------------------------------------------------------------------
// Terraform JSON syntax (.tf.json, .tofu.json, .tfvars.json)

/** Block types whose JSON form nests labels as object keys, and how many labels they take. */
const JSON_LABELS: Record<string, number> = {
  resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0, moved: 0, import: 0, check: 1, removed: 0,
};

/**
 * Reads a Terraform JSON file into the same tree: top-level keys are block types (labels as nested
 * keys), nested objects under a resource are arguments (an object value whose key names a known
 * nested block is left to the lowering, which reads maps and blocks alike); strings are templates.
 */
export function parseHclJson(path: string, text: string, tfvars = false): HclParse {
  const parsed = parseJson(path, text);
  if (!parsed.root) return { ok: false, error: parsed.error! };
  const file = parsed.root.loc.file;
  if (parsed.root.kind !== 'map') return { ok: false, error: { kind: 'syntax', message: 'a Terraform JSON file must hold an object', loc: parsed.root.loc } };
  const reader = new JsonReader(file);
  if (tfvars) return { ok: true, hcl: { file, body: reader.attributes(parsed.root), comments: [] } };
  const blocks: HBlock[] = [];
  const attributes: HAttribute[] = [];
  for (const e of parsed.root.entries) {
    if (e.key === '//') continue;
    const n = JSON_LABELS[e.key];
    if (n === undefined) continue;
    const keyLoc = e.keyLoc;
    const expand = (node: SNode, labels: HBlock['labels'], depth: number): void => {
      if (node.kind === 'seq') { for (const i of node.items) expand(i, labels, depth); return; }
      if (node.kind !== 'map') return;
      if (depth === n) {
        blocks.push({ type: e.key, typeLoc: keyLoc, labels, body: reader.blockBody(node, e.key === 'locals' || e.key === 'terraform' ? 'attrs' : 'auto'), loc: node.loc });
        return;
      }
      for (const c of node.entries) expand(c.value, [...labels, { value: c.key, loc: c.keyLoc }], depth + 1);
    };
    expand(e.value, [], 0);
  }
  return { ok: true, hcl: { file, body: { attributes, blocks, loc: parsed.root.loc }, comments: [] } };
}

/** Nested block types that Terraform's JSON syntax writes as objects (or arrays of objects). */
const JSON_NESTED_BLOCKS = new Set([
  'vpc_config', 'environment', 'ephemeral_storage', 'logging_config', 'dead_letter_config', 'durable_config', 'tracing_config',
  'inline_policy', 'statement', 'principals', 'not_principals', 'condition', 'destination_config', 'on_success', 'on_failure',
  'default_tags', 'lifecycle', 'dynamic', 'content', 'image_config', 'file_system_config', 'snap_start', 'filter_criteria', 'filter',
  'validation', 'provisioner', 'connection', 'ingress', 'egress', 'backend', 'required_providers', 'logging_configuration', 'tracing_configuration',
]);

class JsonReader {
  constructor(private readonly file: SourceFile) {}

  attributes(node: SNode): HBody {
    const attributes: HAttribute[] = [];
    if (node.kind === 'map') for (const e of node.entries) attributes.push({ name: e.key, nameLoc: e.keyLoc, expr: this.expr(e.value), loc: { file: this.file, start: e.keyLoc.start, end: e.value.loc.end } });
    return { attributes, blocks: [], loc: node.loc };
  }

  blockBody(node: SNode, mode: 'attrs' | 'auto'): HBody {
    if (node.kind !== 'map') return { attributes: [], blocks: [], loc: node.loc };
    const attributes: HAttribute[] = [];
    const blocks: HBlock[] = [];
    for (const e of node.entries) {
      if (e.key === '//') continue;
      if (mode === 'auto' && JSON_NESTED_BLOCKS.has(e.key) && (e.value.kind === 'map' || e.value.kind === 'seq')) {
        const labelled = e.key === 'dynamic' || e.key === 'provisioner';
        const each = (v: SNode, labels: HBlock['labels']) => {
          if (v.kind === 'seq') { for (const i of v.items) each(i, labels); return; }
          if (v.kind !== 'map') return;
          if (labelled && labels.length === 0) { for (const c of v.entries) each(c.value, [{ value: c.key, loc: c.keyLoc }]); return; }
          blocks.push({ type: e.key, typeLoc: e.keyLoc, labels, body: this.blockBody(v, e.key === 'required_providers' ? 'attrs' : 'auto'), loc: v.loc });
        };
        each(e.value, []);
        continue;
      }
      attributes.push({ name: e.key, nameLoc: e.keyLoc, expr: this.expr(e.value), loc: { file: this.file, start: e.keyLoc.start, end: e.value.loc.end } });
    }
    return { attributes, blocks, loc: node.loc };
  }

  expr(node: SNode): HExpr {
    switch (node.kind) {
      case 'seq':
        return { t: 'tuple', items: node.items.map((i) => this.expr(i)), loc: node.loc };
      case 'map':
        return { t: 'object', items: node.entries.filter((e) => e.key !== '//').map((e) => ({ key: this.stringExpr(e.key, e.keyLoc), value: this.expr(e.value) })), loc: node.loc };
      case 'scalar':
        return typeof node.value === 'string' ? this.stringExpr(node.value, node.loc) : { t: 'lit', value: node.value, loc: node.loc };
    }
  }

  /** A JSON string is an HCL template: parsed in place, positions shifted to the string's own. */
  private stringExpr(value: string, loc: Loc): HExpr {
    if (!value.includes('${') && !value.includes('%{')) return { t: 'lit', value, loc };
    const raw = this.file.text.slice(loc.start, loc.end);
    const prefix = 'a = ';
    const parsed = withTree('terraform', prefix + raw, (tree) => {
      if (tree.rootNode.hasError) return undefined;
      const attr = copyTree(tree, prefix + raw).namedChild(0)?.namedChild(0);
      const e = attr?.namedChildren.find((c) => c?.type === 'expression');
      return e ? new Reader(new SourceFile(this.file.path, prefix + raw), 0).expr(e) : undefined;
    });
    return parsed ? relocate(parsed, this.file, loc.start - prefix.length) : { t: 'lit', value, loc };
  }
}

/** Moves every location of an expression read from a probe text into the file it came from. */
function relocate<T>(x: T, file: SourceFile, shift: number): T {
  if (Array.isArray(x)) return x.map((i) => relocate(i, file, shift)) as T;
  if (x && typeof x === 'object') {
    if ('file' in x && 'start' in x && 'end' in x) {
      const l = x as unknown as Loc;
      return { file, start: Math.max(0, l.start + shift), end: Math.max(0, l.end + shift) } as T;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = relocate(v, file, shift);
    return out as T;
  }
  return x;
}

/**
 * A template file (`templatefile()`) as one template expression, positions in that file. The
 * text is read as a heredoc body, so `${}` and `%{}` work as in Terraform.
 */
export function parseTemplateFile(path: string, text: string): { ok: true; expr: HExpr; file: SourceFile } | { ok: false; error: ParseIssue } {
  const file = new SourceFile(path, text);
  const marker = '__LDLINT_TEMPLATE_END__';
  const prefix = `a = <<${marker}\n`;
  const addNl = !text.endsWith('\n');
  const probe = prefix + text + (addNl ? '\n' : '') + marker + '\n';
  return withTree('terraform', probe, (tree) => {
    const probeFile = new SourceFile(path, probe);
    const root = copyTree(tree, probe);
    if (root.hasError) {
      const e = syntaxError(probeFile, root);
      return { ok: false as const, error: { ...e, loc: { file, start: Math.max(0, e.loc.start - prefix.length), end: Math.max(0, e.loc.end - prefix.length) } } };
    }
    const e = root.namedChild(0)?.namedChild(0)?.namedChildren.find((c) => c.type === 'expression');
    let expr: HExpr = e ? relocate(new Reader(probeFile, 0).expr(e), file, -prefix.length) : { t: 'lit', value: text, loc: { file, start: 0, end: text.length } };
    if (addNl && expr.t === 'template') {
      const last = expr.parts[expr.parts.length - 1];
      if (typeof last === 'string') expr = { ...expr, parts: [...expr.parts.slice(0, -1), last.replace(/\n$/, '')] };
    }
    return { ok: true as const, expr, file };
  });
}
