import { parseJson } from './json.js';
import { parseYaml } from './yaml.js';
import type { ParseResult } from './issue.js';
import { scanDirectives } from './directives.js';

export type { ParseIssue, ParseResult } from './issue.js';
export type { SNode, SMap, SSeq, SScalar, SEntry, Scalar } from './node.js';
export { get, entry, toPlain, intrinsicName, makeMap } from './node.js';
export { SourceFile, toRange, type Loc, type Range, type Position } from './source.js';
export { scanDirectives, type Directive, type DirectiveKind } from './directives.js';
export { UNKNOWN_TAG_KEY } from './cfn-tags.js';

/** JSON when the name says so or the text starts with `{`; YAML otherwise (YAML also reads JSON). */
export function parseText(path: string, text: string): ParseResult {
  const lower = path.toLowerCase();
  const head = text.replace(/^\uFEFF/, '').trimStart();
  const json = lower.endsWith('.json') || (head.startsWith('{') && !lower.endsWith('.yaml') && !lower.endsWith('.yml'));
  if (json) {
    const r = parseJson(path, text);
    // `.template` and extension-less files may be YAML that happens to start with a flow map.
    if (r.error && !lower.endsWith('.json')) {
      const y = parseYaml(path, text);
      if (!y.error) return y;
    }
    return r;
  }
  const y = parseYaml(path, text);
  const directives = y.root ? scanDirectives(text) : [];
  return directives.length ? { ...y, directives } : y;
}
