import { toPlain, toRange, type SNode } from './parse/index.js';
import type { LambdaFunction, Project } from './model/types.js';
import { show, templateText, type Value } from './model/value.js';

/** The model as JSON: what `ldlint inspect` prints and what parity tests compare. */
export function inspectProject(project: Project): Record<string, unknown> {
  return {
    templates: project.templates.map((t) => ({ file: t.file.path, flavour: t.flavour, resources: t.resources.size })),
    functions: project.functions.map((fn) => inspectFunction(project, fn)),
    stateMachines: project.stateMachines.map((sm) => ({ name: sm.name, logicalId: sm.resource.logicalId, source: source(sm.resource.keyLoc), definition: sm.definition ? 'known' : sm.definitionUnknown?.reason })),
    dataStores: project.dataStores.map((d) => ({ kind: d.kind, logicalId: d.resource.logicalId, name: templateText(d.physicalName) ?? null })),
  };
}

function inspectFunction(project: Project, fn: LambdaFunction): Record<string, unknown> {
  const props = fn.resource.properties;
  // No prototype: a template key such as `__proto__` stays an ordinary property.
  const properties: Record<string, unknown> = Object.create(null);
  if (fn.flavour === 'serverless') Object.assign(properties, fn.defaults);
  for (const e of props?.entries ?? []) if (!e.key.startsWith('__')) properties[e.key] = toPlain(e.value as SNode);
  const lg = project.logGroupOf(fn);
  return {
    logicalId: fn.resource.logicalId,
    ...(fn.flavour === 'terraform' ? { address: fn.resource.logicalId, type: fn.resource.sourceType } : {}),
    name: fn.name,
    functionName: fn.functionName.kind === 'absent' ? null : plainValue(fn.functionName),
    flavour: fn.flavour,
    properties,
    ...(fn.stackTags.length ? { stackTags: Object.fromEntries(fn.stackTags.map((t) => [t.key, plainValue(t.value)])) } : {}),
    role: fn.role?.resource ? { logicalId: fn.role.resource.logicalId, managedPolicyArns: fn.role.managedPolicyArns.map(plainValue), statements: fn.role.statements.length } : { external: plainValue(fn.roleValue) },
    logGroup: { logicalId: lg.resource?.logicalId ?? null, name: plainValue(lg.name) },
    eventSources: fn.eventSources.map((s) => ({ kind: s.kind, source: plainValue(s.source), origin: s.origin })),
    destinations: fn.destinations.map((d) => ({ target: plainValue(d.target), origin: d.origin })),
    provisionedConcurrency: fn.provisioned.map((p) => ({ value: plainValue(p.value), on: p.on.logicalId })),
    ...(fn.constructPath ? { constructPath: fn.constructPath } : {}),
    source: source(fn.resource.keyLoc),
  };
}

function source(loc: LambdaFunction['resource']['keyLoc']) {
  const r = toRange(loc);
  return { file: r.file, line: r.line, column: r.column };
}

/** A value in JSON: literals as themselves, references in long CloudFormation form. */
export function plainValue(v: Value): unknown {
  switch (v.kind) {
    case 'lit':
      return v.param?.noEcho ? `<NoEcho parameter ${v.param.name}>` : v.value;
    case 'ref':
      return v.attr ? { 'Fn::GetAtt': [v.target, v.attr] } : { Ref: v.target };
    case 'pseudo':
      return { Ref: v.name };
    case 'template':
      return { 'Fn::Sub': templateText(v) };
    case 'list':
      return v.items.map(plainValue);
    case 'map':
      return Object.fromEntries(v.entries.map((e) => [e.key, plainValue(e.value)]));
    case 'choice':
      return { 'Fn::If': [v.condition, plainValue(v.then), plainValue(v.else)] };
    case 'unknown':
      return { unknown: v.reason };
    case 'absent':
      return null;
  }
}

export { show };
