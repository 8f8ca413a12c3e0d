import { createHash } from 'node:crypto';
import { entry, get, intrinsicName, type Loc, type SEntry, type SMap, type SNode } from '../parse/index.js';
import { layerLogicalId, renameReferences } from './sam-layer.js';
import { managedPolicyArn, POLICY_TEMPLATES } from './sam-policies.js';
import { syn } from './synth.js';

/** Properties of AWS::Serverless::Function that SAM consumes instead of copying to AWS::Lambda::Function. */
const SAM_ONLY = new Set([
  'CodeUri', 'InlineCode', 'ImageUri', 'Policies', 'Events', 'AutoPublishAlias', 'AutoPublishCodeSha256',
  'AutoPublishAliasAllProperties', 'VersionDescription', 'ProvisionedConcurrencyConfig', 'DeploymentPreference',
  'DeadLetterQueue', 'Tracing', 'Tags', 'EventInvokeConfig', 'FunctionUrlConfig', 'AssumeRolePolicyDocument',
  'PermissionsBoundary', 'RolePath', 'PropagateTags', 'VersionDeletionPolicy', 'PublishToLatestPublished', 'SourceKMSKeyArn',
]);

const STREAM_EVENTS: Record<string, string> = { SQS: 'Queue', Kinesis: 'Stream', DynamoDB: 'Stream', MSK: 'Stream', MQ: 'Broker', DocumentDB: 'Cluster' };

/** Paths whose local list replaces the global one instead of being appended to it. */
const REPLACE_LISTS = new Set(['Architectures']);

/**
 * Merges a Globals section value into a resource's value as the SAM translator does: a local
 * primitive (or intrinsic) wins, maps merge key by key (global keys first), lists concatenate
 * (global items first) except those in REPLACE_LISTS.
 */
export function mergeGlobals(global: SNode, local: SNode, path = ''): SNode {
  const g = token(global);
  const l = token(local);
  if (g !== l || g === 'primitive') return local;
  if (g === 'list') {
    if (REPLACE_LISTS.has(path)) return local;
    return syn.seq(local.loc, [...(global as { items: SNode[] }).items, ...(local as { items: SNode[] }).items]);
  }
  const gm = global as SMap;
  const lm = local as SMap;
  const entries: SEntry[] = [];
  for (const e of gm.entries) {
    const le = lm.index.get(e.key);
    entries.push(le ? { ...le, value: mergeGlobals(e.value, le.value, path ? `${path}.${e.key}` : e.key) } : e);
  }
  for (const e of lm.entries) if (!gm.index.has(e.key)) entries.push(e);
  return syn.entries(local.loc, entries);
}

function token(n: SNode): 'primitive' | 'list' | 'dict' {
  if (n.kind === 'seq') return 'list';
  if (n.kind === 'map' && !intrinsicName(n)) return 'dict';
  return 'primitive';
}

/** `IgnoreGlobals` is a resource attribute: `'*'` or a list of global property names to leave out. */
function withGlobals(globals: SNode | undefined, props: SMap | undefined, keyLoc: Loc, ignore: SNode | undefined): SMap {
  const own = props ?? syn.entries(keyLoc, []);
  if (!globals || globals.kind !== 'map') return own;
  const ignored = new Set<string>();
  if (ignore?.kind === 'scalar' && ignore.value === '*') return own;
  if (ignore?.kind === 'seq') for (const i of ignore.items) if (i.kind === 'scalar') ignored.add(String(i.value));
  if (ignore?.kind === 'scalar') ignored.add(String(ignore.value));
  const g = syn.entries(globals.loc, globals.entries.filter((e) => !ignored.has(e.key)));
  return mergeGlobals(g, own) as SMap;
}

/**
 * Expands SAM resources into the CloudFormation resources the SAM translator generates (as far as
 * governance reads them). Generated nodes point at the SAM syntax they come from.
 */
export function expandSam(root: SMap, param: ParamLookup = () => undefined): SMap {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return root;
  const globals = get(root, 'Globals');
  const out: SEntry[] = [];
  const add = (key: string, keyLoc: Loc, value: SMap) => out.push({ key, keyLoc, value });
  const renamed = new Map<string, string>();
  const isParameter = (name: string): 'value' | 'unknown' | false => {
    const def = get(get(root, 'Parameters'), name);
    if (def?.kind !== 'map') return false;
    const t = get(def, 'Type');
    return t?.kind === 'scalar' && String(t.value).startsWith('AWS::SSM::Parameter::Value') ? 'unknown' : 'value';
  };
  for (const e of resources.entries) {
    const res = e.value;
    const type = res.kind === 'map' ? get(res, 'Type') : undefined;
    const typeName = type?.kind === 'scalar' ? String(type.value) : '';
    if (res.kind !== 'map' || !typeName.startsWith('AWS::Serverless::')) { out.push(e); continue; }
    const props = get(res, 'Properties');
    const p = props?.kind === 'map' ? props : undefined;
    const common = (type: string, properties: SMap, extra: [string, SNode | undefined][] = []): SMap =>
      syn.map(e.keyLoc, [['Type', syn.str(type === typeName ? (get(res, 'Type')!.loc) : e.keyLoc, type)], ['Properties', properties], ['Metadata', get(res, 'Metadata')], ['Condition', get(res, 'Condition')], ['DependsOn', get(res, 'DependsOn')], ...extra, ['__SamSource', syn.str(e.keyLoc, e.key)], ['__SourceType', syn.str(e.keyLoc, typeName)]]);
    switch (typeName) {
      case 'AWS::Serverless::Function':
        expandFunction(e, withGlobals(get(globals, 'Function'), p, e.keyLoc, get(res, 'IgnoreGlobals')), common, add, param);
        break;
      case 'AWS::Serverless::StateMachine':
        expandStateMachine(e, p ?? syn.entries(e.keyLoc, []), common, add);
        break;
      case 'AWS::Serverless::SimpleTable': {
        const sp = withGlobals(get(globals, 'SimpleTable'), p, e.keyLoc, get(res, 'IgnoreGlobals'));
        add(e.key, e.keyLoc, common('AWS::DynamoDB::Table', syn.map(sp.loc, [['TableName', get(sp, 'TableName')], ['SSESpecification', get(sp, 'SSESpecification')], ['Tags', tagList(get(sp, 'Tags'), e.keyLoc, false)]])));
        break;
      }
      case 'AWS::Serverless::Application': {
        const location = get(p, 'Location');
        add(e.key, e.keyLoc, common('AWS::CloudFormation::Stack', syn.map(p?.loc ?? e.keyLoc, [['TemplateURL', location], ['Parameters', get(p, 'Parameters')]])));
        break;
      }
      case 'AWS::Serverless::LayerVersion': {
        // The translator names the layer `<Id><10 hex of a sha1 of the resource>` (see sam-layer.ts)
        // and points every reference to Id at it; the name stays Id when the hash is not knowable.
        const lp = withGlobals(get(globals, 'LayerVersion'), p, e.keyLoc, get(res, 'IgnoreGlobals'));
        const id = layerLogicalId(e.key, res, lp, isParameter, param) ?? e.key;
        if (id !== e.key) renamed.set(e.key, id);
        // Without a LayerName the translator names the layer after the SAM logical id.
        add(id, e.keyLoc, common('AWS::Lambda::LayerVersion', syn.map(p?.loc ?? e.keyLoc, [['LayerName', get(p, 'LayerName') ?? syn.str(e.keyLoc, e.key)], ['CompatibleRuntimes', get(p, 'CompatibleRuntimes')]])));
        break;
      }
      default:
        out.push(e);
    }
  }
  const rest = root.entries.filter((x) => x.key !== 'Resources' && x.key !== 'Globals');
  const built = syn.entries(root.loc, [...rest, { key: 'Resources', keyLoc: entry(root, 'Resources')!.keyLoc, value: syn.entries(resources.loc, out) }]);
  const expanded = renamed.size ? (renameReferences(built, renamed) as SMap) : built;
  const table = referableProperties(resources, globals, param);
  return table.size ? (rewriteRefs(expanded, table) as SMap) : expanded;
}

/**
 * SAM's referable properties (`MyFn.Alias`, `MyApi.Stage`) name resources the translator generates;
 * it rewrites `Ref`, `Fn::GetAtt` and `Fn::Sub` placeholders that use them to the generated ids.
 */
function referableProperties(resources: SMap, globals: SNode | undefined, param: ParamLookup): Map<string, string> {
  const table = new Map<string, string>();
  for (const e of resources.entries) {
    const type = resolved(get(e.value, 'Type'), () => undefined);
    const props = get(e.value, 'Properties');
    if (type === 'AWS::Serverless::Function') {
      const alias = resolved(get(props, 'AutoPublishAlias') ?? get(get(globals, 'Function'), 'AutoPublishAlias'), param);
      if (alias) {
        table.set(`${e.key}.Alias`, `${e.key}Alias${alias.replace(/-/g, 'D').replace(/_/g, 'U')}`);
        table.set(`${e.key}.Version`, `${e.key}Version`);
      }
    } else if (type === 'AWS::Serverless::Api' || type === 'AWS::Serverless::HttpApi') {
      const section = type === 'AWS::Serverless::Api' ? 'Api' : 'HttpApi';
      const stage = resolved(get(props, 'StageName') ?? get(get(globals, section), 'StageName'), param) ?? (section === 'HttpApi' ? '$default' : undefined);
      if (stage === undefined) continue;
      const id = /^[A-Za-z0-9]+$/.test(stage)
        ? `${e.key}${stage}Stage`
        : stage === '$default' && section === 'HttpApi' ? `${e.key}ApiGatewayDefaultStage` : `${e.key}Stage${createHash('sha1').update(stage).digest('hex').slice(0, 10)}`;
      table.set(`${e.key}.Stage`, id);
    }
  }
  return table;
}

function rewriteRefs(node: SNode, table: Map<string, string>): SNode {
  if (node.kind === 'seq') return { ...node, items: node.items.map((i) => rewriteRefs(i, table)) };
  if (node.kind !== 'map') return node;
  if (node.entries.length === 1) {
    const { key, value } = node.entries[0]!;
    if (key === 'Ref' && value.kind === 'scalar' && table.has(String(value.value))) {
      return syn.entries(node.loc, [{ ...node.entries[0]!, value: { ...value, value: table.get(String(value.value))! } }]);
    }
    if (key === 'Fn::Sub') {
      const sub = (t: SNode): SNode => (t.kind === 'scalar' && typeof t.value === 'string' ? { ...t, value: t.value.replace(/\$\{([^}!]+)\}/g, (m, name: string) => (table.has(name) ? `\${${table.get(name)}}` : m)) } : t);
      const v = value.kind === 'seq' ? { ...value, items: value.items.map((x, i) => (i === 0 ? sub(x) : rewriteRefs(x, table))) } : sub(value);
      return syn.entries(node.loc, [{ ...node.entries[0]!, value: v }]);
    }
  }
  return syn.entries(node.loc, node.entries.map((e) => ({ ...e, value: rewriteRefs(e.value, table) })));
}

/** A parameter's value (override or default) as text, for the few places SAM resolves parameters itself. */
export type ParamLookup = (name: string) => string | undefined;

/** A literal, or a `Ref` to a parameter with a value; undefined otherwise. */
function resolved(n: SNode | undefined, param: ParamLookup): string | undefined {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value === null ? undefined : String(n.value);
  const ref = get(n, 'Ref');
  return ref?.kind === 'scalar' && n.kind === 'map' && n.entries.length === 1 ? param(String(ref.value)) : undefined;
}

type Common = (type: string, properties: SMap, extra?: [string, SNode | undefined][]) => SMap;
type Add = (key: string, keyLoc: Loc, value: SMap) => void;

function expandFunction(e: SEntry, props: SMap, common: Common, add: Add, param: ParamLookup): void {
  const id = e.key;
  const at = e.keyLoc;
  const lambda: SEntry[] = [];
  for (const pe of props.entries) {
    if (!SAM_ONLY.has(pe.key)) lambda.push(pe);
  }
  const code = get(props, 'InlineCode') ?? get(props, 'CodeUri') ?? get(props, 'ImageUri');
  if (code) lambda.push({ key: 'Code', keyLoc: code.loc, value: code });
  const push = (key: string, value: SNode) => lambda.push({ key, keyLoc: entry(props, key)?.keyLoc ?? value.loc, value });
  const tracing = entry(props, 'Tracing');
  if (tracing && resolved(tracing.value, param) !== 'Disabled') lambda.push({ key: 'TracingConfig', keyLoc: tracing.keyLoc, value: syn.map(tracing.value.loc, [['Mode', tracing.value]]) });
  const dlq = entry(props, 'DeadLetterQueue');
  if (dlq && dlq.value.kind === 'map' && !intrinsicName(dlq.value)) {
    lambda.push({ key: 'DeadLetterConfig', keyLoc: dlq.keyLoc, value: syn.map(dlq.value.loc, [['TargetArn', get(dlq.value, 'TargetArn')]]) });
  }
  const tags = entry(props, 'Tags');
  const own = tagList(tags?.value, at, false);
  const ownItems = own?.kind === 'seq' ? own.items : [];
  // PropagateTags re-assigns the user's tags to every generated resource, dropping SAM's own tag.
  const propagate = get(props, 'PropagateTags');
  const propagated = propagate?.kind === 'scalar' && propagate.value === true && ownItems.length > 0;
  push('Tags', syn.seq(tags?.value.loc ?? at, propagated ? ownItems : [tagEntry(at, 'lambda:createdBy', 'SAM'), ...ownItems]));
  if (!get(props, 'Role')) {
    lambda.push({ key: 'Role', keyLoc: at, value: syn.getAtt(at, `${id}Role`, 'Arn') });
    add(`${id}Role`, at, common('AWS::IAM::Role', implicitRole(id, props, at, param)));
  }
  add(id, at, common('AWS::Lambda::Function', syn.entries(props.loc, lambda)));

  const alias = get(props, 'AutoPublishAlias');
  if (alias) {
    add(`${id}Version`, at, common('AWS::Lambda::Version', syn.map(at, [['FunctionName', syn.ref(at, id)]])));
    const aliasName = (resolved(alias, param) ?? 'live').replace(/-/g, 'D').replace(/_/g, 'U');
    add(`${id}Alias${aliasName}`, at, common('AWS::Lambda::Alias', syn.map(alias.loc, [
      ['Name', alias], ['FunctionName', syn.ref(at, id)], ['FunctionVersion', syn.getAtt(at, `${id}Version`, 'Version')],
      ['ProvisionedConcurrencyConfig', get(props, 'ProvisionedConcurrencyConfig')],
    ])));
  }

  const invoke = get(props, 'EventInvokeConfig');
  if (invoke?.kind === 'map') {
    const dc = get(invoke, 'DestinationConfig');
    const dest = (k: string) => {
      const d = get(dc, k);
      return d?.kind === 'map' ? syn.map(d.loc, [['Destination', get(d, 'Destination')], ['Type', get(d, 'Type')]]) : undefined;
    };
    add(`${id}EventInvokeConfig`, at, common('AWS::Lambda::EventInvokeConfig', syn.map(invoke.loc, [
      ['FunctionName', syn.ref(at, id)], ['Qualifier', syn.str(at, '$LATEST')],
      ['MaximumEventAgeInSeconds', get(invoke, 'MaximumEventAgeInSeconds')], ['MaximumRetryAttempts', get(invoke, 'MaximumRetryAttempts')],
      ['DestinationConfig', dc ? syn.map(dc.loc, [['OnSuccess', dest('OnSuccess')], ['OnFailure', dest('OnFailure')]]) : undefined],
    ])));
  }

  const events = get(props, 'Events');
  if (events?.kind === 'map') {
    for (const ev of events.entries) {
      const evType = get(ev.value, 'Type');
      const kind = evType?.kind === 'scalar' ? String(evType.value) : '';
      const ep = get(ev.value, 'Properties');
      const sourceKey = Object.hasOwn(STREAM_EVENTS, kind) ? STREAM_EVENTS[kind] : undefined;
      if (sourceKey) {
        add(`${id}${ev.key}`, ev.keyLoc, common('AWS::Lambda::EventSourceMapping', syn.map(ev.value.loc, [
          ['FunctionName', syn.ref(ev.keyLoc, id)], ['EventSourceArn', get(ep, sourceKey)], ['__EventKind', syn.str(ev.keyLoc, kind)],
        ])));
      } else if (kind === 'S3' || kind === 'SNS') {
        const src = kind === 'S3' ? get(ep, 'Bucket') : get(ep, 'Topic');
        add(`${id}${ev.key}Permission`, ev.keyLoc, common('AWS::Lambda::Permission', syn.map(ev.value.loc, [
          ['Action', syn.str(ev.keyLoc, 'lambda:InvokeFunction')], ['FunctionName', syn.ref(ev.keyLoc, id)],
          ['Principal', syn.str(ev.keyLoc, kind === 'S3' ? 's3.amazonaws.com' : 'sns.amazonaws.com')], ['SourceArn', src], ['__EventKind', syn.str(ev.keyLoc, kind)],
        ])));
      } else if (kind === 'CloudWatchLogs') {
        add(`${id}${ev.key}`, ev.keyLoc, common('AWS::Logs::SubscriptionFilter', syn.map(ev.value.loc, [
          ['DestinationArn', syn.getAtt(ev.keyLoc, id, 'Arn')], ['LogGroupName', get(ep, 'LogGroupName')], ['FilterPattern', get(ep, 'FilterPattern')],
        ])));
      }
    }
  }
}

function tagEntry(loc: Loc, key: string, value: string): SNode {
  return syn.map(loc, [['Key', syn.str(loc, key)], ['Value', syn.str(loc, value)]]);
}

/** SAM's Tags map as a CloudFormation tag list (values keep their own locations). */
export function tagList(tags: SNode | undefined, at: Loc, keepIntrinsic = true): SNode | undefined {
  if (!tags) return undefined;
  if (tags.kind !== 'map' || intrinsicName(tags)) return keepIntrinsic ? tags : undefined;
  return syn.seq(tags.loc, tags.entries.map((t) => syn.map(t.keyLoc, [['Key', { kind: 'scalar', loc: t.keyLoc, value: t.key }], ['Value', t.value]])));
  void at;
}

const PULL_EVENT_POLICIES: Record<string, string> = { SQS: 'AWSLambdaSQSQueueExecutionRole', Kinesis: 'AWSLambdaKinesisExecutionRole', DynamoDB: 'AWSLambdaDynamoDBExecutionRole' };

/** The role SAM generates when `Role` is not set, with the managed and inline policies it attaches. */
function implicitRole(id: string, props: SMap, at: Loc, param: ParamLookup): SMap {
  const durable = get(props, 'DurableConfig');
  const managed: SNode[] = [syn.sub(at, managedPolicyArn(durable ? 'AWSLambdaBasicDurableExecutionRolePolicy' : 'AWSLambdaBasicExecutionRole'))];
  const tracing = get(props, 'Tracing');
  if (tracing && resolved(tracing, param) !== 'Disabled') managed.push(syn.sub(tracing.loc, managedPolicyArn('AWSXrayWriteOnlyAccess')));
  const vpc = get(props, 'VpcConfig');
  if (vpc) managed.push(syn.sub(vpc.loc, managedPolicyArn('AWSLambdaVPCAccessExecutionRole')));
  const inline: SNode[] = [];
  const dlq = get(props, 'DeadLetterQueue');
  if (dlq?.kind === 'map' && get(dlq, 'TargetArn')) {
    const type = resolved(get(dlq, 'Type'), param);
    const statement = syn.map(dlq.loc, [['Effect', syn.str(dlq.loc, 'Allow')], ['Action', syn.str(dlq.loc, type === 'SNS' ? 'sns:Publish' : 'sqs:SendMessage')], ['Resource', get(dlq, 'TargetArn')]]);
    inline.push(syn.map(dlq.loc, [['PolicyName', syn.str(dlq.loc, 'DeadLetterQueuePolicy')], ['PolicyDocument', syn.map(dlq.loc, [['Statement', syn.seq(dlq.loc, [statement])]])]]));
  }
  const policies = get(props, 'Policies');
  const list = policies ? (policies.kind === 'seq' ? policies.items : [policies]) : [];
  list.forEach((pol, i) => {
    if (pol.kind === 'scalar') {
      managed.push(typeof pol.value === 'string' && !pol.value.startsWith('arn:') ? syn.sub(pol.loc, managedPolicyArn(pol.value)) : pol);
    } else if (pol.kind === 'map' && intrinsicName(pol)) {
      managed.push(pol);
    } else if (pol.kind === 'map' && get(pol, 'Statement')) {
      inline.push(syn.map(pol.loc, [['PolicyName', syn.str(pol.loc, `${id}RolePolicy${i}`)], ['PolicyDocument', pol]]));
    } else if (pol.kind === 'map' && pol.entries.length === 1) {
      const doc = policyTemplate(pol.entries[0]!, id, i);
      if (doc) inline.push(doc);
    }
  });
  const events = get(props, 'Events');
  for (const ev of events?.kind === 'map' ? events.entries : []) {
    const kind = resolved(get(ev.value, 'Type'), param);
    const policy = kind && Object.hasOwn(PULL_EVENT_POLICIES, kind) ? PULL_EVENT_POLICIES[kind] : undefined;
    if (policy && !managed.some((m) => m.kind === 'map' && get(m, 'Fn::Sub')?.kind === 'scalar' && String((get(m, 'Fn::Sub') as { value: unknown }).value).endsWith(`/${policy}`))) managed.push(syn.sub(ev.keyLoc, managedPolicyArn(policy)));
  }
  return syn.map(at, [
    ['AssumeRolePolicyDocument', get(props, 'AssumeRolePolicyDocument')],
    ['ManagedPolicyArns', syn.seq(at, managed)],
    ['Policies', inline.length ? syn.seq(at, inline) : undefined],
    ['PermissionsBoundary', get(props, 'PermissionsBoundary')],
  ]);
}

/** A SAM policy template `{Name: {Param: value}}` as an inline policy with the parameters substituted. */
function policyTemplate(e: SEntry, id: string, i: number): SNode | undefined {
  const t = Object.hasOwn(POLICY_TEMPLATES, e.key) ? POLICY_TEMPLATES[e.key] : undefined;
  const loc = e.keyLoc;
  if (!t) return syn.map(loc, [['PolicyName', syn.str(loc, `${id}RolePolicy${i}`)], ['PolicyTemplate', syn.str(loc, e.key)]]);
  const params = e.value.kind === 'map' ? e.value : undefined;
  const resources = t.resources.map((r) => {
    const vars: [string, SNode | undefined][] = [];
    for (const m of r.matchAll(/\$\{(\w+)\}/g)) {
      const v = get(params, m[1]!);
      if (v) vars.push([m[1]!, v]);
    }
    return syn.map(loc, [['Fn::Sub', syn.seq(loc, [syn.str(loc, r), syn.map(loc, vars)])]]);
  });
  const statement = syn.map(loc, [
    ['Effect', syn.str(loc, 'Allow')],
    ['Action', syn.seq(loc, t.actions.map((a) => syn.str(loc, a)))],
    ['Resource', syn.seq(loc, resources)],
  ]);
  return syn.map(loc, [
    ['PolicyName', syn.str(loc, `${id}RolePolicy${i}`)],
    ['PolicyDocument', syn.map(loc, [['Statement', syn.seq(loc, [statement])]])],
    ['PolicyTemplate', syn.str(loc, e.key)],
  ]);
}

function expandStateMachine(e: SEntry, props: SMap, common: Common, add: Add): void {
  const at = e.keyLoc;
  // Each property keeps the location of the SAM key it comes from (findings point at `Definition:`).
  const sm: SEntry[] = [];
  const keep = (from: string, to: string, value: SNode | undefined = get(props, from)) => {
    const src = entry(props, from);
    if (src && value) sm.push({ key: to, keyLoc: src.keyLoc, value });
  };
  keep('Definition', 'Definition');
  keep('DefinitionUri', 'DefinitionUri');
  keep('DefinitionSubstitutions', 'DefinitionSubstitutions');
  keep('Name', 'StateMachineName');
  keep('Type', 'StateMachineType');
  keep('Tags', 'Tags', tagList(get(props, 'Tags'), at));
  if (!get(props, 'Role')) {
    sm.push({ key: 'RoleArn', keyLoc: at, value: syn.getAtt(at, `${e.key}Role`, 'Arn') });
    add(`${e.key}Role`, at, common('AWS::IAM::Role', implicitRole(e.key, syn.map(at, [['Policies', get(props, 'Policies')]]), at, () => undefined)));
  } else keep('Role', 'RoleArn');
  add(e.key, at, common('AWS::StepFunctions::StateMachine', syn.entries(props.loc, sm)));
}
