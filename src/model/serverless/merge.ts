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

/**
 * The framework's last step (`stripNullPropsFromTemplateResources`): in every resource's
 * `Properties`, a key whose value is null is removed, at any depth (list items stay); a resource
 * whose `Properties` is null has none. So `Timeout: ~` in `resources.Resources` unsets the compiled
 * `Timeout`, and a null environment variable or tag value disappears.
 */
export function stripNullProperties(resource: SNode): SNode {
  if (resource.kind !== 'map') return resource;
  const props = resource.index.get('Properties');
  if (!props) return resource;
  if (props.value.kind === 'scalar' && props.value.value === null) return makeMap(resource.loc, resource.entries.filter((e) => e.key !== 'Properties'));
  const stripped = stripNulls(props.value, 0);
  if (stripped === props.value) return resource;
  return makeMap(resource.loc, resource.entries.map((e) => (e.key === 'Properties' ? { ...e, value: stripped } : e)));
}

function stripNulls(node: SNode, depth: number): SNode {
  if (depth > 200 || isUnknownNode(node)) return node;
  if (node.kind === 'seq') {
    const items = node.items.map((i) => stripNulls(i, depth + 1));
    return items.every((x, i) => x === node.items[i]) ? node : { kind: 'seq', loc: node.loc, items };
  }
  if (node.kind !== 'map') return node;
  let changed = false;
  const entries: SEntry[] = [];
  for (const e of node.entries) {
    if (e.value.kind === 'scalar' && e.value.value === null) {
      changed = true;
      continue;
    }
    const v = stripNulls(e.value, depth + 1);
    if (v !== e.value) changed = true;
    entries.push(v === e.value ? e : { ...e, value: v });
  }
  return changed ? makeMap(node.loc, entries) : node;
}
