import { get, intrinsicName, type Loc, type SMap, type SNode, type SourceFile, type ParseIssue } from '../parse/index.js';
import { Evaluator, type ParameterOverrides } from './evaluate.js';
import { expandSam } from './sam.js';
import type { Flavour, Resource, Template } from './types.js';
import type { Value, VUnknown } from './value.js';

/** Builds a template's resources (SAM expanded) with lazy, memoized property evaluation. */
export function buildTemplate(file: SourceFile, root: SMap, flavour: Flavour, overrides: ParameterOverrides, issues: ParseIssue[] = []): Template {
  const effective = flavour === 'sam' ? expandSam(root, (name) => parameterText(root, name, overrides)) : root;
  const resourcesNode = get(effective, 'Resources');
  const ids = new Set<string>(resourcesNode?.kind === 'map' ? resourcesNode.entries.map((e) => e.key) : []);
  const template: Template = {
    file,
    flavour,
    root: effective,
    ...(flavour === 'sam' ? { sourceRoot: root } : {}),
    resources: new Map(),
    evaluator: new Evaluator(effective, ids, overrides),
    issues,
  };
  if (resourcesNode?.kind === 'map') {
    for (const e of resourcesNode.entries) {
      if (e.value.kind !== 'map') continue;
      const r = makeResource(template, e.key, e.keyLoc, e.value);
      template.resources.set(e.key, r);
      // Whatever it defines (a function, its role, its log group) no check sees: say so once.
      if (r.definitionUnknown) {
        issues.push({ kind: 'unresolved', message: `all checks: resource ${e.key} (Resources.${e.key}) cannot be verified: ${r.definitionUnknown.reason}.`, loc: r.definitionUnknown.loc });
      }
    }
  }
  return template;
}

/** Why a resource's definition (the whole of it, or its Type) is an unknown value, if it is. */
function unknownDefinition(template: Template, node: SMap): VUnknown | undefined {
  const whole = intrinsicName(node) ? template.evaluator.eval(node) : undefined;
  if (whole) return whole.kind === 'unknown' ? whole : { kind: 'unknown', source: 'intrinsic', reason: 'its definition is computed by an intrinsic function', loc: node.loc };
  const type = get(node, 'Type');
  if (!type || type.kind === 'scalar') return undefined;
  const v = template.evaluator.eval(type);
  return { kind: 'unknown', source: v.kind === 'unknown' ? v.source : 'intrinsic', reason: `its Type is not known${v.kind === 'unknown' ? ` (${v.reason})` : ''}`, loc: type.loc };
}

function parameterText(root: SMap, name: string, overrides: ParameterOverrides): string | undefined {
  const o = overrides.get(name);
  if (o !== undefined) return o;
  const d = get(get(get(root, 'Parameters'), name), 'Default');
  return d?.kind === 'scalar' && d.value !== null ? String(d.value) : undefined;
}

/** The resource whose property was read last: the engine names it when a rule fails. */
export const lastAccess: { resource: Resource | undefined } = { resource: undefined };

export function makeResource(template: Template, logicalId: string, keyLoc: Loc, node: SMap): Resource {
  const type = get(node, 'Type');
  const props = get(node, 'Properties');
  const cond = get(node, 'Condition');
  const source = get(node, '__SamSource') ?? get(node, '__Source');
  const sourceType = get(node, '__SourceType');
  const cache = new Map<string, Value>();
  const properties = props?.kind === 'map' ? props : undefined;
  const resource: Resource = {
    logicalId,
    type: type?.kind === 'scalar' ? String(type.value) : '',
    keyLoc,
    properties,
    metadata: get(node, 'Metadata'),
    condition: cond?.kind === 'scalar' ? String(cond.value) : undefined,
    generatedFrom: source?.kind === 'scalar' ? String(source.value) : undefined,
    sourceType: sourceType?.kind === 'scalar' ? String(sourceType.value) : undefined,
    ...(get(node, '__ByFramework') ? { byFramework: true as const } : {}),
    ...optional('definitionUnknown', unknownDefinition(template, node)),
    ...optional('sourceProperties', samSourceProperties(template, source)),
    template,
    get(path: string): Value {
      lastAccess.resource = resource;
      const [head, ...rest] = path.split('.');
      let v = cache.get(head!);
      if (!v) {
        const e = properties?.index.get(head!);
        v = e ? template.evaluator.evalProperty(e) : { kind: 'absent', loc: keyLoc };
        cache.set(head!, v);
      }
      return walk(v, rest, properties?.index.get(head!)?.keyLoc ?? keyLoc);
    },
  };
  return resource;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/** The Properties of the SAM resource a generated resource comes from, as written. */
function samSourceProperties(template: Template, source: SNode | undefined): SMap | undefined {
  if (!template.sourceRoot || source?.kind !== 'scalar') return undefined;
  const props = get(get(get(template.sourceRoot, 'Resources'), String(source.value)), 'Properties');
  return props?.kind === 'map' ? props : undefined;
}

/** Follows a property path through a value; `choice` values are followed on both branches. */
export function walk(v: Value, path: string[], keyLoc: Loc): Value {
  if (path.length === 0) return v;
  const [seg, ...rest] = path;
  switch (v.kind) {
    case 'choice':
      return { ...v, then: walk(v.then, path, keyLoc), else: walk(v.else, path, keyLoc) };
    case 'map': {
      for (let i = v.entries.length - 1; i >= 0; i--) {
        const e = v.entries[i]!;
        if (e.key === seg) return walk(e.value, rest, e.keyLoc);
      }
      return { kind: 'absent', loc: keyLoc };
    }
    case 'list': {
      const i = Number(seg);
      const item = Number.isInteger(i) ? v.items[i] : undefined;
      return item ? walk(item, rest, item.loc) : { kind: 'absent', loc: keyLoc };
    }
    case 'unknown':
      return v;
    default:
      return { kind: 'absent', loc: keyLoc };
  }
}

export type { SNode };
