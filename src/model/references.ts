import type { Loc, SNode } from '../parse/index.js';
import type { Resource, Template } from './types.js';

export interface Reference {
  from: Resource;
  path: string;
  loc: Loc;
}

/** Every Ref, GetAtt and Sub placeholder in a template's resource properties, indexed by target logical id. */
export function indexReferences(template: Template): Map<string, Reference[]> {
  const index = new Map<string, Reference[]>();
  const add = (target: string, ref: Reference) => {
    const list = index.get(target);
    if (list) list.push(ref);
    else index.set(target, [ref]);
  };
  for (const r of template.resources.values()) {
    if (!r.properties) continue;
    const stack: { node: SNode; path: string }[] = [{ node: r.properties, path: '' }];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (node.kind === 'seq') node.items.forEach((n, i) => stack.push({ node: n, path: `${path}[${i}]` }));
      if (node.kind !== 'map') continue;
      for (const e of node.entries) {
        const v = e.value;
        if (e.key === 'Ref' && v.kind === 'scalar' && typeof v.value === 'string') {
          if (template.resources.has(v.value)) add(v.value, { from: r, path, loc: node.loc });
        } else if (e.key === 'Fn::GetAtt') {
          const id = v.kind === 'seq' && v.items[0]?.kind === 'scalar' ? String(v.items[0].value) : v.kind === 'scalar' ? String(v.value).split('.')[0]! : '';
          if (template.resources.has(id)) add(id, { from: r, path, loc: node.loc });
        } else if (e.key === 'Fn::Sub') {
          const text = v.kind === 'scalar' ? v.value : v.kind === 'seq' && v.items[0]?.kind === 'scalar' ? v.items[0].value : undefined;
          if (typeof text === 'string') {
            for (const m of text.matchAll(/\$\{([^}!.][^}.]*)(\.[^}]*)?\}/g)) {
              if (template.resources.has(m[1]!)) add(m[1]!, { from: r, path, loc: node.loc });
            }
          }
        }
        stack.push({ node: v, path: path ? `${path}.${e.key}` : e.key });
      }
    }
  }
  return index;
}
