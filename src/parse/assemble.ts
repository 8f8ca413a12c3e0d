import { SHORT_FORMS, UNKNOWN_TAG_KEY } from './cfn-tags.js';
import type { ParseIssue } from './issue.js';
import { makeMap, type SEntry, type SMap, type SNode } from './node.js';
import type { Loc, SourceFile } from './source.js';

/**
 * What both YAML readers (the fast one and the `yaml`-package one) share, so that they build the
 * same tree: map assembly (duplicate keys, merge keys) and short-form tags turned into long form.
 */

/** One `key: value` as read; `merge` marks a plain `<<` key, whose value's entries are merged in. */
export interface RawEntry {
  key: string;
  keyLoc: Loc;
  value: SNode;
  merge: boolean;
}

export function assembleMap(loc: Loc, raw: readonly RawEntry[], warnings: ParseIssue[]): SMap {
  const entries: SEntry[] = [];
  const merged: SEntry[] = [];
  const seen = new Map<string, SEntry>();
  for (const r of raw) {
    if (r.merge) {
      merged.push(...mergeSources(r.value));
      continue;
    }
    const e: SEntry = { key: r.key, keyLoc: r.keyLoc, value: r.value };
    if (seen.has(r.key)) warnings.push({ kind: 'duplicate-key', message: `duplicate key "${r.key}": the last one wins`, loc: e.keyLoc });
    seen.set(r.key, e);
    entries.push(e);
  }
  // YAML merge keys (`<<: *defaults`, common in serverless.yml): explicit keys win.
  for (const m of merged) if (!seen.has(m.key)) { seen.set(m.key, m); entries.push(m); }
  return makeMap(loc, entries);
}

function mergeSources(value: SNode): SEntry[] {
  if (value.kind === 'map') return value.entries;
  if (value.kind === 'seq') return value.items.flatMap((i) => (i.kind === 'map' ? i.entries : []));
  return [];
}

/**
 * A short-form tag (`!Ref`, `!GetAtt`, ...) applied to its value: the long form `{Fn::X: value}`,
 * located from the tag to the value's end. `!GetAtt A.B.C` is `[A, B.C]`: a logical id never holds a
 * dot, an attribute may. Any other local tag gives `{Fn::ldlintTag: [tag, value]}` (cfn-tags.ts).
 */
export function longForm(file: SourceFile, tag: string, tagStart: number, plain: SNode): SNode {
  const long = SHORT_FORMS.get(tag);
  const tagLoc: Loc = { file, start: tagStart, end: tagStart + tag.length };
  if (long === undefined) {
    const value: SNode = { kind: 'seq', loc: { file, start: tagStart, end: plain.loc.end }, items: [{ kind: 'scalar', loc: tagLoc, value: tag }, plain] };
    return makeMap({ file, start: tagStart, end: plain.loc.end }, [{ key: UNKNOWN_TAG_KEY, keyLoc: tagLoc, value }]);
  }
  let value = plain;
  if (long === 'Fn::GetAtt' && plain.kind === 'scalar' && typeof plain.value === 'string') {
    const { start, end } = plain.loc;
    const s = plain.value;
    const dot = s.indexOf('.');
    const at = (from: number, to: number): Loc => ({ file, start: from, end: to });
    value = {
      kind: 'seq',
      loc: plain.loc,
      items: dot < 0 ? [{ kind: 'scalar', loc: at(start, end), value: s }] : [
        { kind: 'scalar', loc: at(start, start + dot), value: s.slice(0, dot) },
        { kind: 'scalar', loc: at(start + dot + 1, end), value: s.slice(dot + 1) },
      ],
    };
  }
  return makeMap({ file, start: tagStart, end: plain.loc.end }, [{ key: long, keyLoc: tagLoc, value }]);
}
