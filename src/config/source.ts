/** Reads a config file's text (YAML or JSON) into data, keeping enough of the syntax tree to locate keys. */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, YAMLParseError, type Document, type Node as YNode } from 'yaml';
import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import { ConfigError } from './errors.js';

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

export interface ConfigSource {
  file: string;
  data: unknown;
  /**
   * Position of the node a path leads to: the key when the last segment is a mapping key, the item
   * when it is an index. A path that leaves the tree locates its deepest existing ancestor.
   */
  locate(path: readonly PathSegment[]): Position;
}

/** `.json` files (and extension-less files whose text starts with `{`) are JSON; the rest YAML. */
export function isJsonConfig(file: string, text: string): boolean {
  if (/\.json$/i.test(file)) return true;
  if (/\.ya?ml$/i.test(file)) return false;
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{');
}

/** Largest config file read (a configuration is a few kilobytes). */
export const MAX_CONFIG_SIZE = 1024 * 1024;

export function parseConfigText(file: string, text: string): ConfigSource {
  if (text.length > MAX_CONFIG_SIZE) throw new ConfigError(file, [{ path: '', message: `the file has ${text.length} characters, over the limit of ${MAX_CONFIG_SIZE}`, line: 1, column: 1 }]);
  try {
    return isJsonConfig(file, text) ? parseJsonConfig(file, text) : parseYamlConfig(file, text);
  } catch (e) {
    // Pathological nesting exhausts the parsers' stack: a config error, not a crash.
    if (e instanceof RangeError) throw new ConfigError(file, [{ path: '', message: 'nesting too deep to read', line: 1, column: 1 }]);
    throw e;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function offsetToPosition(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function parseYamlConfig(file: string, text: string): ConfigSource {
  const lc = new LineCounter();
  // Duplicate keys are found below in one pass: the yaml package's own check is quadratic in the keys of a map.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length === 0) {
    visit(doc, {
      Map(_, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          const key = isScalar(pair.key) ? pair.key.value : pair.key;
          const range = (pair.key as YNode | null)?.range;
          if (seen.has(key)) doc.errors.push(new YAMLParseError([range?.[0] ?? 0, range?.[1] ?? 0], 'DUPLICATE_KEY', 'Map keys must be unique'));
          seen.add(key);
        }
      },
    });
  }
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ path: '', message: `invalid YAML: ${firstLine(e.message)}`, ...pos(e.pos[0]) })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(file, [{ path: '', message: `invalid YAML: ${(e as Error).message}`, line: 1, column: 1 }]);
  }
  return {
    file,
    data: data ?? {},
    locate: (path) => pos(locateYaml(doc, path)),
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function locateYaml(doc: Document, path: readonly PathSegment[]): number {
  const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  let node = deref(doc.contents);
  let offset = (node as YNode | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      offset = (pair.key as YNode | null)?.range?.[0] ?? offset;
      node = deref(pair.value);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = deref(item);
    } else {
      break;
    }
  }
  return offset;
}

function parseJsonConfig(file: string, text: string): ConfigSource {
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const body = text.replace(/^\uFEFF/, '');
  const shift = text.length - body.length;
  const root = parseTree(body, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: true });
  if (errors.length > 0) {
    throw new ConfigError(
      file,
      // The first syntax error; the ones after it are usually its echoes.
      errors.slice(0, 1).map((e) => ({ path: '', message: `invalid JSON: ${describeJsonError(printParseErrorCode(e.error))}`, ...offsetToPosition(starts, e.offset + shift) })),
    );
  }
  const duplicates: { path: string; offset: number }[] = [];
  const data = root ? jsonValue(root, duplicates) : {};
  if (duplicates.length > 0) {
    throw new ConfigError(
      file,
      duplicates.map((d) => ({ path: '', message: `duplicate key ${JSON.stringify(d.path)}`, ...offsetToPosition(starts, d.offset + shift) })),
    );
  }
  return {
    file,
    data,
    locate: (path) => offsetToPosition(starts, locateJson(root, path) + shift),
  };
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function jsonValue(node: JNode, duplicates: { path: string; offset: number }[]): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = String(k.value);
        if (Object.prototype.hasOwnProperty.call(out, key)) duplicates.push({ path: key, offset: k.offset });
        // defineProperty: a `__proto__` key is data, not a prototype.
        Object.defineProperty(out, key, { value: v ? jsonValue(v, duplicates) : null, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((c) => jsonValue(c, duplicates));
    default:
      return node.value;
  }
}

function locateJson(root: JNode | undefined, path: readonly PathSegment[]): number {
  let node = root;
  let offset = root?.offset ?? 0;
  for (const seg of path) {
    if (node?.type === 'object') {
      const prop = node.children?.find((p) => p.children?.[0]?.value === String(seg));
      if (!prop) break;
      offset = prop.children![0]!.offset;
      node = prop.children![1];
    } else if (node?.type === 'array' && typeof seg === 'number') {
      const item = node.children?.[seg];
      if (!item) break;
      offset = item.offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
