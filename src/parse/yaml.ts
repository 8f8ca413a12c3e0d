import { Alias, isMap, isScalar, isSeq, parseDocument, Scalar as YScalar } from 'yaml';
import type { Document, Node as YNode, Pair, Tags } from 'yaml';
import { isLocalTag, SHORT_FORMS } from './cfn-tags.js';
import type { ParseIssue, ParseResult } from './issue.js';
import { assembleMap, longForm, type RawEntry } from './assemble.js';
import type { SNode } from './node.js';
import { readYamlFast } from './fast-yaml.js';
import { repairIndentation } from './repair.js';
import { SourceFile, withLfEnds, type Loc } from './source.js';

/** Upper bound on nodes after alias expansion: a "billion laughs" document stops here. */
export const MAX_EXPANDED_NODES = 1_000_000;
const MAX_DEPTH = 500;

/**
 * The short forms registered as identity tags for scalars, sequences and maps: the builder turns
 * them into long form. Unregistered, each would cost an "unresolved tag" warning object.
 */
const CFN_TAGS: Tags = [...SHORT_FORMS.keys()].flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as unknown as Tags;

const OPTIONS = { uniqueKeys: false, merge: false, strict: true, prettyErrors: false, stringKeys: false, customTags: CFN_TAGS } as const;

/** Parses YAML (CloudFormation short forms included) into an SNode tree with positions. */
export function parseYaml(path: string, text: string): ParseResult {
  const file = new SourceFile(path, text);
  return readFast(file) ?? parseWithPackage(file);
}

/**
 * The fast reader (src/parse/fast-yaml.ts), on the text or, when only lines continued below their
 * block's indentation stopped it, on the text re-indented as parseWithPackage would re-indent it;
 * undefined when the file needs the general reader.
 */
export function readFast(file: SourceFile): ParseResult | undefined {
  const crlf = withLfEnds(file);
  if (crlf !== file) return crlf && readFast(crlf);
  const first = readYamlFast(file);
  if (first !== 'under-indented') return first;
  const repaired = repairIndentation(file.text);
  const second = repaired ? readYamlFast(new SourceFile(file.path, repaired.text, repaired.shifts)) : undefined;
  return second === 'under-indented' ? undefined : second;
}

/** The general reader: the `yaml` package, then indentation repair for CloudFormation-tolerant YAML. */
export function parseWithPackage(file: SourceFile): ParseResult {
  const { path, text } = file;
  const first = parseWith(file);
  if (!first.error || first.error.kind !== 'syntax') return first;
  // CloudFormation (SnakeYAML) and PyYAML accept flow collections and quoted scalars whose
  // continuation lines are not indented past their key; re-indent those lines and parse again.
  const repaired = repairIndentation(text);
  if (!repaired) return first;
  const second = parseWith(new SourceFile(path, repaired.text, repaired.shifts));
  return second.error ? first : second;
}

function parseWith(file: SourceFile): ParseResult {
  const at = (offset: number, end = offset + 1): Loc => ({ file, start: offset, end });
  let doc: Document;
  try {
    doc = parseDocument(file.text, OPTIONS);
  } catch (e) {
    // The yaml package recurses per nesting level: pathological nesting exhausts the stack.
    if (e instanceof RangeError) return { error: { kind: 'limit', message: 'nesting too deep to parse', loc: at(0, 0) }, warnings: [] };
    throw e;
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (/call stack/i.test(message)) return { error: { kind: 'limit', message: 'nesting too deep to parse', loc: at(e.pos[0], e.pos[1]) }, warnings: [] };
    return { error: { kind: 'syntax', message, loc: at(e.pos[0], e.pos[1]) }, warnings: [] };
  }
  const builder = new Builder(file, doc);
  try {
    const root = doc.contents ? builder.convert(doc.contents as YNode, 0) : undefined;
    return root ? { root, warnings: builder.warnings } : { warnings: builder.warnings, error: { kind: 'syntax', message: 'empty document', loc: at(0, 0) } };
  } catch (e) {
    if (e instanceof LimitError) return { error: { kind: 'limit', message: e.message, loc: e.loc }, warnings: [] };
    throw e;
  }
}

class LimitError extends Error {
  constructor(message: string, readonly loc: Loc) {
    super(message);
  }
}

class Builder {
  readonly warnings: ParseIssue[] = [];
  private expanded = 0;
  private readonly aliasCache = new Map<YNode, { node: SNode; size: number }>();

  constructor(private readonly file: SourceFile, private readonly doc: Document) {}

  private loc(start: number, end: number): Loc {
    return { file: this.file, start, end };
  }

  convert(node: YNode, depth: number): SNode {
    if (depth > MAX_DEPTH) throw new LimitError(`nesting deeper than ${MAX_DEPTH} levels`, this.loc(node.range?.[0] ?? 0, node.range?.[1] ?? 0));
    if (++this.expanded > MAX_EXPANDED_NODES) throw new LimitError(`more than ${MAX_EXPANDED_NODES} values after alias expansion`, this.loc(node.range?.[0] ?? 0, node.range?.[1] ?? 0));
    if (node instanceof Alias) return this.alias(node, depth);
    const plain = this.plain(node, depth);
    const tag = (node as { tag?: string }).tag;
    if (!tag || (!SHORT_FORMS.has(tag) && !isLocalTag(tag))) return plain;
    return longForm(this.file, tag, this.tagStart(plain.loc.start, tag), plain);
  }

  /**
   * The yaml package starts a tagged node's range at its value; the tag precedes it (within 4 KiB:
   * the search stays in that window, so that many tags written otherwise, `!<!Ref>`, stay linear).
   */
  private tagStart(valueStart: number, tag: string): number {
    const text = this.file.text;
    const window = Math.max(0, valueStart - 4096);
    const found = text.slice(window, valueStart + tag.length).lastIndexOf(tag, valueStart - window);
    const from = found < 0 ? -1 : window + found;
    return from >= 0 && /^[\s]*$/.test(text.slice(from + tag.length, valueStart).replace(/&\S+/, ''))
      ? from
      : valueStart;
  }

  /**
   * A block collection ends where its last value ends (the yaml package's own end also covers the
   * comments and line breaks after it); a flow collection at its closing bracket.
   */
  private plain(node: YNode, depth: number): SNode {
    const [start, end] = node.range ?? [0, 0];
    if (isScalar(node)) return { kind: 'scalar', loc: this.loc(start, end), value: scalarValue(node) };
    if (isSeq(node)) {
      const items = node.items.map((i) => this.convert(i as YNode, depth + 1));
      return { kind: 'seq', loc: this.loc(start, contentEnd(node)), items };
    }
    if (isMap(node)) {
      const raw: RawEntry[] = [];
      for (const pair of node.items as Pair<YNode, YNode>[]) {
        const k = pair.key;
        const keyText = k && isScalar(k) ? String(k.value ?? '') : k ? String(this.plainKey(k)) : '';
        const kr = k?.range ?? [start, start];
        const value: SNode = pair.value
          ? this.convert(pair.value, depth + 1)
          : { kind: 'scalar', loc: this.loc(kr[1], kr[1]), value: null };
        const merge = keyText === '<<' && !!k && isScalar(k) && (k as YScalar).type === 'PLAIN';
        raw.push({ key: keyText, keyLoc: this.loc(kr[0], kr[1]), value, merge });
      }
      return assembleMap(this.loc(start, contentEnd(node)), raw, this.warnings);
    }
    return { kind: 'scalar', loc: this.loc(start, end), value: null };
  }

  private plainKey(k: YNode): unknown {
    const js = k.toJSON();
    return typeof js === 'object' ? JSON.stringify(js) : js;
  }

  private alias(node: Alias, depth: number): SNode {
    const target = node.resolve(this.doc) as YNode | undefined;
    if (!target) {
      const [s, e] = node.range ?? [0, 0];
      throw new LimitError(`unresolved alias *${node.source}`, this.loc(s, e));
    }
    const cached = this.aliasCache.get(target);
    if (cached) {
      // Shared, not copied; count the expansion so that nested aliases cannot grow without bound.
      this.expanded += cached.size;
      if (this.expanded > MAX_EXPANDED_NODES) {
        const [s, e] = node.range ?? [0, 0];
        throw new LimitError(`more than ${MAX_EXPANDED_NODES} values after alias expansion`, this.loc(s, e));
      }
      return cached.node;
    }
    const before = this.expanded;
    const converted = this.convert(target, depth + 1);
    this.aliasCache.set(target, { node: converted, size: this.expanded - before });
    return converted;
  }
}

/** Where a node's content ends: a block collection at its last value, anything else at its range end. */
function contentEnd(node: YNode): number {
  const end = node.range?.[1] ?? 0;
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items.at(-1) as YNode | Pair<YNode, YNode> | undefined;
    const value = last && isMap(node) ? (last as Pair<YNode, YNode>).value ?? (last as Pair<YNode, YNode>).key : (last as YNode | undefined);
    return value ? contentEnd(value) : end;
  }
  return end;
}

function scalarValue(node: YScalar): string | number | boolean | null {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(node.source ?? v);
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}
