import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { ParseIssue, ParseResult } from './issue.js';
import { makeMap, type SEntry, type SNode } from './node.js';
import { readYamlFast } from './fast-yaml.js';
import { SourceFile, withLfEnds, type Loc } from './source.js';

const MAX_DEPTH = 500;

/**
 * Parses JSON (BOM, tabs and CRLF allowed) into an SNode tree with positions. Valid JSON is YAML
 * flow syntax, so the fast YAML reader takes it when it can, building the same tree as the general
 * reader below (test/parse-fast.test.ts compares the two); JSON.parse decides validity first.
 */
export function parseJson(path: string, text: string): ParseResult {
  // A BOM becomes a space so that offsets stay those of the file.
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const file = new SourceFile(path, body);
  return readJsonFast(file) ?? parseJsonTree(file);
}

/** The fast reader's tree of valid JSON (CRLF read as LF), or undefined when it cannot take the file. */
export function readJsonFast(file: SourceFile): ParseResult | undefined {
  try {
    JSON.parse(file.text);
  } catch {
    return undefined;
  }
  const lf = withLfEnds(file);
  const fast = lf && readYamlFast(lf);
  return typeof fast === 'object' ? fast : undefined;
}

/** The general JSON reader (jsonc-parser), which also locates syntax errors. */
export function parseJsonTree(file: SourceFile): ParseResult {
  const body = file.text;
  const errors: ParseError[] = [];
  let tree: JNode | undefined;
  try {
    tree = parseTree(body, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch (e) {
    if (e instanceof RangeError) return { error: { kind: 'limit', message: 'nesting too deep to parse', loc: { file, start: 0, end: 0 } }, warnings: [] };
    throw e;
  }
  const at = (start: number, length: number): Loc => ({ file, start, end: start + length });
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    return {
      error: { kind: 'syntax', message: e ? describe(printParseErrorCode(e.error)) : 'empty document', loc: at(e?.offset ?? 0, e?.length ?? 0) },
      warnings: [],
    };
  }
  const warnings: ParseIssue[] = [];
  const convert = (n: JNode, depth: number): SNode => {
    const loc = at(n.offset, n.length);
    if (depth > MAX_DEPTH) throw Object.assign(new Error(`nesting deeper than ${MAX_DEPTH} levels`), { loc });
    if (n.type === 'object') {
      const entries: SEntry[] = [];
      const seen = new Set<string>();
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = String(k.value);
        const keyLoc = at(k.offset, k.length);
        if (seen.has(key)) warnings.push({ kind: 'duplicate-key', message: `duplicate key "${key}": the last one wins`, loc: keyLoc });
        seen.add(key);
        entries.push({ key, keyLoc, value: v ? convert(v, depth + 1) : { kind: 'scalar', loc: keyLoc, value: null } });
      }
      return makeMap(loc, entries);
    }
    if (n.type === 'array') return { kind: 'seq', loc, items: (n.children ?? []).map((c) => convert(c, depth + 1)) };
    // A number too large for a double keeps its text, as the YAML readers keep it.
    const value = typeof n.value === 'number' && !Number.isFinite(n.value) ? body.slice(n.offset, n.offset + n.length) : n.value;
    return { kind: 'scalar', loc, value: value as string | number | boolean | null };
  };
  try {
    return { root: convert(tree, 0), warnings };
  } catch (e) {
    const loc = (e as { loc?: Loc }).loc;
    if (!loc) throw e;
    return { error: { kind: 'limit', message: (e as Error).message, loc }, warnings: [] };
  }
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
