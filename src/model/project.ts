import { get, type Loc, type SNode } from '../parse/index.js';
import { parseText } from '../parse/index.js';
import { buildRole, refersTo } from './iam.js';
import { indexReferences, type Reference } from './references.js';
import type { DataStore, DataStoreKind, Destination, EventSource, LambdaFunction, LogGroupBinding, Project, Resource, Role, StateMachine, Template } from './types.js';
import { field, items, templateText, type Value } from './value.js';
import { groupBy } from '../group-by.js';

const STORES: Record<string, { kind: DataStoreKind; name: string; services: string[] }> = {
  'AWS::DynamoDB::Table': { kind: 'dynamodb', name: 'TableName', services: ['dynamodb'] },
  'AWS::DynamoDB::GlobalTable': { kind: 'dynamodb', name: 'TableName', services: ['dynamodb'] },
  'AWS::S3::Bucket': { kind: 's3', name: 'BucketName', services: ['s3'] },
  'AWS::RDS::DBInstance': { kind: 'rds', name: 'DBInstanceIdentifier', services: ['rds', 'rds-db', 'rds-data'] },
  'AWS::RDS::DBCluster': { kind: 'rds', name: 'DBClusterIdentifier', services: ['rds', 'rds-db', 'rds-data'] },
  'AWS::SQS::Queue': { kind: 'sqs', name: 'QueueName', services: ['sqs'] },
  'AWS::Kinesis::Stream': { kind: 'kinesis', name: 'Name', services: ['kinesis'] },
  'AWS::SNS::Topic': { kind: 'sns', name: 'TopicName', services: ['sns'] },
  'AWS::EFS::FileSystem': { kind: 'efs', name: '', services: ['elasticfilesystem'] },
};

/** Reads a file that a template refers to (nested stack, state machine definition), relative to the template. */
export type LocalReader = (fromFile: string, relative: string) => { path: string; text: string } | undefined;

/** Builds the normalized project model over already-built templates. */
export function buildProject(templates: Template[], readLocal: LocalReader = () => undefined): Project {
  const resources = templates.flatMap((t) => [...t.resources.values()]);
  const byType = groupBy(resources, (r) => r.type);
  const ofType = (type: string) => byType.get(type) ?? [];
  const refIndex = new Map<Template, Map<string, Reference[]>>();
  const referrers = (target: Resource): Reference[] => {
    let idx = refIndex.get(target.template);
    if (!idx) refIndex.set(target.template, (idx = indexReferences(target.template)));
    return idx.get(target.logicalId) ?? [];
  };
  const deref = (v: Value): Resource | undefined => {
    if (v.kind !== 'ref') return undefined;
    for (const t of templates) {
      if (t.file === v.loc.file || templates.length === 1) {
        const r = t.resources.get(v.target);
        if (r) return r;
      }
    }
    return resources.find((r) => r.logicalId === v.target);
  };
  const roles = new Map<Resource, Role>();
  const roleOf = (r: Resource): Role => {
    let role = roles.get(r);
    if (!role) roles.set(r, (role = buildRole(r, r.template.resources.values(), referrers)));
    return role;
  };

  const functions: LambdaFunction[] = [];
  const byResource = new Map<Resource, LambdaFunction>();
  for (const r of ofType('AWS::Lambda::Function')) {
    const fn = makeFunction(r, { deref, roleOf, referrers, ofType });
    functions.push(fn);
    byResource.set(r, fn);
  }

  const dataStores: DataStore[] = [];
  for (const r of resources) {
    const s = Object.hasOwn(STORES, r.type) ? STORES[r.type] : undefined;
    if (s) dataStores.push({ kind: s.kind, resource: r, physicalName: s.name ? r.get(s.name) : { kind: 'absent', loc: r.keyLoc }, services: s.services });
  }

  const stateMachines: StateMachine[] = ofType('AWS::StepFunctions::StateMachine').map((r) => makeStateMachine(r, readLocal));

  const logGroups = new Map<LambdaFunction, LogGroupBinding>();
  const project: Project = {
    templates,
    functions,
    resources,
    stateMachines,
    dataStores,
    ofType,
    deref,
    referrers,
    functionOf: (r) => byResource.get(r),
    logGroupOf(fn) {
      let b = logGroups.get(fn);
      if (!b) logGroups.set(fn, (b = bindLogGroup(fn, ofType('AWS::Logs::LogGroup'))));
      return b;
    },
  };
  return project;
}

interface Helpers {
  deref(v: Value): Resource | undefined;
  roleOf(r: Resource): Role;
  referrers(r: Resource): Reference[];
  ofType(type: string): Resource[];
}

function makeFunction(r: Resource, h: Helpers): LambdaFunction {
  const template = r.template;
  const serverless = template.flavour === 'serverless';
  const functionName = r.get('FunctionName');
  const names = functionName.kind === 'lit' && typeof functionName.value === 'string' ? [functionName.value] : [];
  const tags: LambdaFunction['tags'] = [];
  for (const t of items(r.get('Tags'))) {
    const k = field(t, 'Key');
    if (k.kind !== 'lit' || k.value === 'lambda:createdBy') continue;
    tags.push({ key: String(k.value), keyLoc: k.loc, value: field(t, 'Value'), inherited: false });
  }
  const stackTags: LambdaFunction['stackTags'] = [];
  const st = get(template.root, '__StackTags');
  if (st?.kind === 'map') for (const e of st.entries) stackTags.push({ key: e.key, keyLoc: e.keyLoc, value: template.evaluator.eval(e.value) });

  const roleValue = unreadableRole(r.get('Role'), h);
  const roleRes = findRole(roleValue, r, h);
  const role = roleRes ? h.roleOf(roleRes) : undefined;

  // Everything in the template that points at the function.
  const eventSources: EventSource[] = [];
  const destinations: Destination[] = [];
  const provisioned: LambdaFunction['provisioned'] = [];
  const pointsHere = (v: Value) => refersTo(v, r, names) || (v.kind === 'ref' && isAliasOrVersionOf(h.deref(v), r, names));
  const seen = new Set<Resource>();
  for (const ref of h.referrers(r)) collect(ref.from);
  if (names.length) {
    for (const t of ['AWS::Lambda::EventSourceMapping', 'AWS::Lambda::EventInvokeConfig', 'AWS::Lambda::Alias', 'AWS::Lambda::Version']) {
      for (const other of h.ofType(t)) if (other.template === template && refersTo(other.get('FunctionName'), r, names)) collect(other);
    }
  }
  function collect(from: Resource): void {
    if (seen.has(from)) return;
    seen.add(from);
    const kind = get(from.properties, '__EventKind');
    const kindName = kind?.kind === 'scalar' ? String(kind.value) : undefined;
    switch (from.type) {
      case 'AWS::Lambda::EventSourceMapping':
        if (pointsHere(from.get('FunctionName'))) {
          const src = from.get('EventSourceArn');
          eventSources.push({ kind: kindName ?? sourceKind(src, h), source: src, loc: from.keyLoc, origin: `${from.type} ${from.logicalId}` });
        }
        break;
      case 'AWS::Lambda::Permission': {
        const src = from.get('SourceArn');
        if (pointsHere(from.get('FunctionName')) && src.kind !== 'absent') {
          eventSources.push({ kind: kindName ?? sourceKind(src, h), source: src, loc: from.keyLoc, origin: `${from.type} ${from.logicalId}` });
        }
        break;
      }
      case 'AWS::SNS::Subscription':
        if (pointsHere(from.get('Endpoint'))) eventSources.push({ kind: 'SNS', source: from.get('TopicArn'), loc: from.keyLoc, origin: `${from.type} ${from.logicalId}` });
        break;
      case 'AWS::SNS::Topic':
        for (const s of items(from.get('Subscription'))) {
          if (pointsHere(field(s, 'Endpoint'))) eventSources.push({ kind: 'SNS', source: { kind: 'ref', target: from.logicalId, loc: from.keyLoc }, loc: s.loc, origin: `${from.type} ${from.logicalId}` });
        }
        break;
      case 'AWS::S3::Bucket':
        for (const c of items(from.get('NotificationConfiguration.LambdaConfigurations'))) {
          if (pointsHere(field(c, 'Function'))) eventSources.push({ kind: 'S3', source: { kind: 'ref', target: from.logicalId, loc: from.keyLoc }, loc: c.loc, origin: `${from.type} ${from.logicalId}` });
        }
        break;
      case 'AWS::Lambda::EventInvokeConfig':
        if (pointsHere(from.get('FunctionName'))) {
          for (const k of ['OnSuccess', 'OnFailure']) {
            const d = from.get(`DestinationConfig.${k}.Destination`);
            if (d.kind !== 'absent') destinations.push({ target: d, loc: d.loc, origin: `${from.type} ${from.logicalId} ${k}` });
          }
        }
        break;
      case 'AWS::Lambda::Alias':
      case 'AWS::Lambda::Version':
        if (pointsHere(from.get('FunctionName'))) {
          const pc = from.get('ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions');
          if (pc.kind !== 'absent') provisioned.push({ value: pc, on: from });
          // An alias's referrers (event source mappings on the alias) belong to the function too.
          for (const ref of h.referrers(from)) collect(ref.from);
        }
        break;
    }
  }

  const meta = r.metadata;
  return {
    name: r.generatedFrom && template.flavour !== 'sam' ? r.generatedFrom : r.logicalId,
    resource: r,
    flavour: template.flavour,
    functionName,
    defaults: serverless ? { Timeout: 6, MemorySize: 1024 } : { Timeout: 3, MemorySize: 128 },
    tags,
    stackTags,
    ldlintMetadata: get(meta, 'ldlint'),
    role,
    roleValue,
    eventSources,
    destinations,
    provisioned,
    constructPath: template.constructPaths?.get(r.logicalId),
    ...(r.byFramework ? { generated: true } : {}),
    get: (path) => r.get(path),
  };
}

function isAliasOrVersionOf(x: Resource | undefined, fn: Resource, names: string[]): boolean {
  return !!x && (x.type === 'AWS::Lambda::Alias' || x.type === 'AWS::Lambda::Version') && refersTo(x.get('FunctionName'), fn, names);
}

/**
 * A role of the project whose definition cannot be read (`LambdaRole: ${file(./role.yml)}` with no
 * such file) is an unknown value, not a role from outside the project.
 */
function unreadableRole(v: Value, h: Helpers): Value {
  const target = h.deref(v);
  const u = target?.definitionUnknown;
  if (!u) return v;
  return { kind: 'unknown', source: u.source, reason: `role ${target.logicalId} is in the project, but ${u.reason}`, loc: v.loc };
}

function findRole(v: Value, fn: Resource, h: Helpers): Resource | undefined {
  const direct = h.deref(v);
  if (direct?.type === 'AWS::IAM::Role') return direct;
  if (v.kind === 'template') {
    for (const p of v.parts) if (typeof p !== 'string' && p.kind === 'ref') {
      const r = fn.template.resources.get(p.target);
      if (r?.type === 'AWS::IAM::Role') return r;
    }
  }
  if (v.kind === 'lit' && typeof v.value === 'string') {
    const name = v.value.slice(v.value.lastIndexOf('/') + 1);
    return [...fn.template.resources.values()].find((r) => r.type === 'AWS::IAM::Role' && templateText(r.get('RoleName')) === name);
  }
  return undefined;
}

/** Event source kind from the resource an ARN points at (`SQS`, `Kinesis`, `DynamoDB`, ...). */
function sourceKind(src: Value, h: Helpers): string {
  const r = h.deref(src) ?? (src.kind === 'template' ? firstRef(src, h) : undefined);
  if (r) return r.type.split('::')[1] ?? r.type;
  const text = templateText(src) ?? '';
  const svc = /^arn:[^:]*:([^:]+):/.exec(text)?.[1];
  return svc ?? 'unknown';
}

function firstRef(v: Value & { kind: 'template' }, h: Helpers): Resource | undefined {
  for (const p of v.parts) if (typeof p !== 'string' && p.kind === 'ref') return h.deref(p);
  return undefined;
}

function bindLogGroup(fn: LambdaFunction, groups: Resource[]): LogGroupBinding {
  const configured = fn.get('LoggingConfig.LogGroup');
  const inTemplate = groups.filter((g) => g.template === fn.resource.template);
  if (configured.kind !== 'absent') {
    const byRef = configured.kind === 'ref' ? inTemplate.find((g) => g.logicalId === configured.target) : undefined;
    const text = templateText(configured);
    const byName = byRef ?? inTemplate.find((g) => text !== undefined && templateText(g.get('LogGroupName')) === text);
    return { resource: byName, name: byName ? byName.get('LogGroupName') : configured, configured: true };
  }
  const fnName = fn.functionName;
  const expected = fnName.kind === 'absent' ? undefined : templateText(fnName);
  // The Serverless Framework writes each function's group itself, whatever its name turns out to be.
  const own = fn.resource.generatedFrom !== undefined && fn.flavour === 'serverless' ? inTemplate.find((g) => g.generatedFrom === fn.resource.generatedFrom) : undefined;
  const match = own ?? inTemplate.find((g) => {
    const name = g.get('LogGroupName');
    if (expected !== undefined && templateText(name) === `/aws/lambda/${expected}`) return true;
    // `!Sub /aws/lambda/${Fn}` or `!Join ['', ['/aws/lambda/', !Ref Fn]]`
    return name.kind === 'template' && name.parts.length === 2 && name.parts[0] === '/aws/lambda/' && typeof name.parts[1] !== 'string' && name.parts[1]!.kind === 'ref' && name.parts[1]!.target === fn.resource.logicalId && !name.parts[1]!.attr;
  });
  const loc = fn.resource.keyLoc;
  const implicit: Value = expected !== undefined
    ? { kind: 'lit', value: `/aws/lambda/${expected}`, loc }
    : { kind: 'template', parts: ['/aws/lambda/', { kind: 'ref', target: fn.resource.logicalId, loc }], loc };
  return { resource: match, name: match ? match.get('LogGroupName') : implicit, configured: false };
}

function makeStateMachine(r: Resource, readLocal: LocalReader): StateMachine {
  const substitutions = new Map<string, Value>();
  const subs = r.get('DefinitionSubstitutions');
  if (subs.kind === 'map') for (const e of subs.entries) substitutions.set(e.key, e.value);
  const base = { name: r.generatedFrom ?? r.logicalId, resource: r, substitutions };
  const raw = r.properties?.index.get('Definition');
  if (raw) return { ...base, definition: raw.value, definitionLoc: raw.keyLoc };
  const str = r.properties?.index.get('DefinitionString');
  if (str) {
    const v = r.get('DefinitionString');
    const text = templateText(v);
    if (text === undefined) return { ...base, definition: undefined, definitionLoc: str.keyLoc, definitionUnknown: { reason: 'DefinitionString is not known', loc: str.keyLoc } };
    // Placeholders become plain strings so that the JSON parses.
    const parsed = parseText(`${r.template.file.path}#${r.logicalId}.DefinitionString`, quotePlaceholders(text));
    return parsed.root
      ? { ...base, definition: parsed.root, definitionLoc: str.keyLoc }
      : { ...base, definition: undefined, definitionLoc: str.keyLoc, definitionUnknown: { reason: `DefinitionString does not parse: ${parsed.error?.message}`, loc: str.keyLoc } };
  }
  const uri = r.properties?.index.get('DefinitionUri') ?? r.properties?.index.get('DefinitionS3Location');
  if (uri) {
    const v = uri.value;
    if (v.kind === 'scalar' && typeof v.value === 'string' && !/^s3:\/\//.test(v.value)) {
      const file = readLocal(r.template.file.path, v.value);
      if (file) {
        const parsed = parseText(file.path, file.text);
        if (parsed.root) return { ...base, definition: parsed.root, definitionLoc: uri.keyLoc };
      }
      return { ...base, definition: undefined, definitionLoc: uri.keyLoc, definitionUnknown: { reason: `definition file ${v.value} cannot be read`, loc: v.loc } };
    }
    return { ...base, definition: undefined, definitionLoc: uri.keyLoc, definitionUnknown: { reason: 'the definition is stored in S3', loc: uri.keyLoc } };
  }
  return { ...base, definition: undefined, definitionLoc: r.keyLoc, definitionUnknown: { reason: 'no definition', loc: r.keyLoc } };
}

/**
 * Placeholders outside JSON strings (`"TimeoutSeconds": ${Timeout}`) become strings so that the
 * definition parses; those inside strings stay as written.
 */
function quotePlaceholders(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) { out += text.slice(i); break; }
      out += JSON.stringify(text.slice(i, end + 1));
      i = end;
    } else out += c;
  }
  return out;
}

/**
 * Leaves the functions a framework generated itself (`generated`) out of the project's functions,
 * as `settings.includeGeneratedFunctions: false` asks: no check sees them.
 */
export function leaveOutGenerated(project: Project): void {
  const kept = project.functions.filter((fn) => !fn.generated);
  if (kept.length < project.functions.length) project.functions.splice(0, project.functions.length, ...kept);
}

export type { Loc, SNode };
