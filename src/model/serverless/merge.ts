import { intrinsicName, makeMap, type SEntry, type SMap, type SNode } from '../../parse/index.js';
import { isUnknownNode } from './variables.js';
import { isMap } from './nodes.js';

/**
 * `resources.Resources` is merged into the generated template as lodash `_.merge` does: maps key by
 * key, lists position by position, anything else replaced. Two different intrinsic functions are
 * not blended into one map (lodash would): the user's replaces the generated one.
 */
export function deepMerge(target: SNode, source: SNode): SNode {
  if (isUnknownNode(source)) return source;
  if (target.kind === 'map' && source.kind === 'map') {
    const ti = intrinsicName(target);
    const si = intrinsicName(source);
    if ((ti || si) && ti !== si) return source;
    const entries: SEntry[] = target.entries.map((e) => {
      const s = source.index.get(e.key);
      return s ? { key: e.key, keyLoc: s.keyLoc, value: deepMerge(e.value, s.value) } : e;
    });
    for (const e of source.entries) if (!target.index.has(e.key)) entries.push(e);
    return makeMap(target.loc, entries);
  }
  if (target.kind === 'seq' && source.kind === 'seq') {
    const items = target.items.map((t, i) => (i < source.items.length ? deepMerge(t, source.items[i]!) : t));
    for (let i = target.items.length; i < source.items.length; i++) items.push(source.items[i]!);
    return { kind: 'seq', loc: source.loc, items };
  }
  return source;
}

/**
 * `resources.extensions.<id>`: applied last; `Properties` is a shallow assign per property,
 * `DependsOn` is appended, other attributes (`Metadata`, `Condition`, `DeletionPolicy`...) replace.
 */
export function extend(resource: SMap, extension: SMap): SMap {
  const entries: SEntry[] = [...resource.entries];
  const put = (e: SEntry) => {
    const i = entries.findIndex((x) => x.key === e.key);
    if (i >= 0) entries[i] = e;
    else entries.push(e);
  };
  for (const e of extension.entries) {
    const current = resource.index.get(e.key);
    if (e.key === 'Properties' && isMap(e.value)) {
      const props = current && isMap(current.value) ? current.value : makeMap(e.value.loc, []);
      const merged: SEntry[] = [...props.entries];
      for (const p of e.value.entries) {
        const i = merged.findIndex((x) => x.key === p.key);
        if (i >= 0) merged[i] = p;
        else merged.push(p);
      }
      put({ key: 'Properties', keyLoc: current?.keyLoc ?? e.keyLoc, value: makeMap(props.loc, merged) });
    } else if (e.key === 'DependsOn') {
      const before = current ? (current.value.kind === 'seq' ? current.value.items : [current.value]) : [];
      const added = e.value.kind === 'seq' ? e.value.items : [e.value];
      put({ key: 'DependsOn', keyLoc: e.keyLoc, value: { kind: 'seq', loc: e.value.loc, items: [...before, ...added] } });
    } else put(e);
  }
  return makeMap(resource.loc, entries);
}
