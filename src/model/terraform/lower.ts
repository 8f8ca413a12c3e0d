/**
 * Lowers evaluated Terraform resource instances into the CloudFormation-shaped template the model
 * and the checks read (terraform.md, "Resource mapping"): `aws_lambda_function` becomes an
 * `AWS::Lambda::Function` whose `Timeout` is the `timeout` argument, and so on. Every node keeps
 * the location where its value was written; a property's key is the argument's name; references
 * to computed attributes become `Ref` / `Fn::GetAtt` of the resource's address, unknown values
 * `Fn::ldlintUnknown` with their reason, and values of `sensitive` variables NoEcho parameters.
 */
import { makeMap, type Loc, type SEntry, type SMap, type SNode } from '../../parse/index.js';
import type { Evaluator, ResourceInstance } from './evaluate.js';
import { jsonValue, mapGet, type TEntry, type TMap, type TV } from './values.js';

interface Ctx {
  /** Terraform type of a resource address of the project. */
  typeOf(address: string): string | undefined;
  params: SEntry[];
}

/** One resource instance to lower: its evaluated arguments and blocks, and where its block is. */
export interface LowerInput {
  address: string;
  type: string;
  body: TMap;
  /** The block's label (absent properties are reported here) and the whole block. */
  keyLoc: Loc;
  loc: Loc;
  /** The provider's `default_tags`. */
  defaultTags?: TMap;
}

type Body = TMap;

/** CloudFormation type and properties of each mapped Terraform type. */
const SPECS: Record<string, { type: string; props: (b: Body, c: Ctx) => SEntry[] }> = {
  aws_lambda_function: {
    type: 'AWS::Lambda::Function',
    props: (b, c) => [
      ...prop(c, b, 'function_name', 'FunctionName'),
      ...prop(c, b, 'description', 'Description'),
      ...prop(c, b, 'handler', 'Handler'),
      ...prop(c, b, 'runtime', 'Runtime'),
      ...prop(c, b, 'package_type', 'PackageType'),
      ...prop(c, b, 'timeout', 'Timeout'),
      ...prop(c, b, 'memory_size', 'MemorySize'),
      // -1 (the provider's default) is "no reservation": not set.
      ...prop(c, b, 'reserved_concurrent_executions', 'ReservedConcurrentExecutions', (v) => (v.k === 'lit' && Number(v.v) === -1 && v.v !== null ? undefined : v)),
      ...prop(c, b, 'role', 'Role'),
      ...prop(c, b, 'kms_key_arn', 'KmsKeyArn'),
      ...prop(c, b, 'layers', 'Layers'),
      ...prop(c, b, 'architectures', 'Architectures'),
      ...code(c, b),
      ...nested(c, b, 'ephemeral_storage', 'EphemeralStorage', [['size', 'Size']]),
      ...vpcConfig(c, b),
      ...nested(c, b, 'environment', 'Environment', [['variables', 'Variables']]),
      ...nested(c, b, 'logging_config', 'LoggingConfig', [['log_group', 'LogGroup'], ['log_format', 'LogFormat'], ['application_log_level', 'ApplicationLogLevel'], ['system_log_level', 'SystemLogLevel']]),
      ...nested(c, b, 'dead_letter_config', 'DeadLetterConfig', [['target_arn', 'TargetArn']]),
      ...nested(c, b, 'durable_config', 'DurableConfig', [['execution_timeout', 'ExecutionTimeout'], ['retention_period', 'RetentionPeriodInDays']]),
      ...nested(c, b, 'tracing_config', 'TracingConfig', [['mode', 'Mode']]),
      ...nested(c, b, 'snap_start', 'SnapStart', [['apply_on', 'ApplyOn']]),
      ...nestedList(c, b, 'file_system_config', 'FileSystemConfigs', [['arn', 'Arn'], ['local_mount_path', 'LocalMountPath']]),
    ],
  },
  aws_lambda_alias: {
    type: 'AWS::Lambda::Alias',
    props: (b, c) => [...prop(c, b, 'function_name', 'FunctionName'), ...prop(c, b, 'function_version', 'FunctionVersion'), ...prop(c, b, 'name', 'Name')],
  },
  // Provisioned concurrency on a qualifier counts toward its function (as a version's would).
  aws_lambda_provisioned_concurrency_config: {
    type: 'AWS::Lambda::Version',
    props: (b, c) => {
      const pc = mapGet(b, 'provisioned_concurrent_executions');
      const e = b.entries.find((x) => x.key === 'provisioned_concurrent_executions');
      return [
        ...prop(c, b, 'function_name', 'FunctionName'),
        ...(pc && e ? [entry('ProvisionedConcurrencyConfig', e.keyLoc, makeMap(pc.loc, [entry('ProvisionedConcurrentExecutions', e.keyLoc, node(c, pc))]))] : []),
      ];
    },
  },
  aws_lambda_event_source_mapping: {
    type: 'AWS::Lambda::EventSourceMapping',
    props: (b, c) => [...prop(c, b, 'event_source_arn', 'EventSourceArn'), ...prop(c, b, 'function_name', 'FunctionName'), ...prop(c, b, 'batch_size', 'BatchSize'), ...prop(c, b, 'enabled', 'Enabled')],
  },
  aws_lambda_function_event_invoke_config: {
    type: 'AWS::Lambda::EventInvokeConfig',
    props: (b, c) => {
      const dc = first(b, 'destination_config');
      const out: SEntry[] = [...prop(c, b, 'function_name', 'FunctionName'), ...prop(c, b, 'qualifier', 'Qualifier'), ...prop(c, b, 'maximum_retry_attempts', 'MaximumRetryAttempts'), ...prop(c, b, 'maximum_event_age_in_seconds', 'MaximumEventAgeInSeconds')];
      if (dc) {
        const inner: SEntry[] = [];
        for (const [tf, cfn] of [['on_success', 'OnSuccess'], ['on_failure', 'OnFailure']] as const) {
          const blk = first(dc.value, tf);
          if (blk) inner.push(entry(cfn, blk.keyLoc, makeMap(blk.value.loc, prop(c, blk.value, 'destination', 'Destination'))));
        }
        out.push(entry('DestinationConfig', dc.keyLoc, makeMap(dc.value.loc, inner)));
      }
      return out;
    },
  },
  aws_lambda_permission: {
    type: 'AWS::Lambda::Permission',
    props: (b, c) => [...prop(c, b, 'function_name', 'FunctionName'), ...prop(c, b, 'action', 'Action'), ...prop(c, b, 'principal', 'Principal'), ...prop(c, b, 'source_arn', 'SourceArn'), ...prop(c, b, 'qualifier', 'Qualifier')],
  },
  aws_cloudwatch_log_group: {
    type: 'AWS::Logs::LogGroup',
    props: (b, c) => [
      ...prop(c, b, 'name', 'LogGroupName'),
      // Absent or 0: never expires.
      ...prop(c, b, 'retention_in_days', 'RetentionInDays', (v) => (v.k === 'lit' && v.v !== null && Number(v.v) === 0 ? undefined : v)),
      ...prop(c, b, 'kms_key_id', 'KmsKeyId'),
      ...prop(c, b, 'log_group_class', 'LogGroupClass'),
    ],
  },
  aws_cloudwatch_log_subscription_filter: {
    type: 'AWS::Logs::SubscriptionFilter',
    props: (b, c) => [...prop(c, b, 'log_group_name', 'LogGroupName'), ...prop(c, b, 'destination_arn', 'DestinationArn'), ...prop(c, b, 'filter_pattern', 'FilterPattern'), ...prop(c, b, 'role_arn', 'RoleArn'), ...prop(c, b, 'name', 'FilterName')],
  },
  aws_cloudwatch_log_account_policy: {
    type: 'AWS::Logs::AccountPolicy',
    props: (b, c) => [...prop(c, b, 'policy_name', 'PolicyName'), ...prop(c, b, 'policy_type', 'PolicyType'), ...prop(c, b, 'policy_document', 'PolicyDocument'), ...prop(c, b, 'scope', 'Scope'), ...prop(c, b, 'selection_criteria', 'SelectionCriteria')],
  },
  aws_iam_role: {
    type: 'AWS::IAM::Role',
    props: (b, c) => {
      const out: SEntry[] = [...prop(c, b, 'name', 'RoleName'), ...policyProp(c, b, 'assume_role_policy', 'AssumeRolePolicyDocument'), ...prop(c, b, 'managed_policy_arns', 'ManagedPolicyArns'), ...prop(c, b, 'permissions_boundary', 'PermissionsBoundary'), ...prop(c, b, 'path', 'Path')];
      const inline = b.entries.find((e) => e.key === 'inline_policy');
      if (inline?.value.k === 'list') {
        const items = inline.value.items.flatMap((p) => (p.k === 'map' && mapGet(p, 'policy') ? [makeMap(p.loc, [...prop(c, p, 'name', 'PolicyName'), ...policyProp(c, p, 'policy', 'PolicyDocument')])] : []));
        if (items.length) out.push(entry('Policies', inline.keyLoc, { kind: 'seq', loc: inline.value.loc, items }));
      }
      return out;
    },
  },
  aws_iam_role_policy: {
    type: 'AWS::IAM::RolePolicy',
    props: (b, c) => [...prop(c, b, 'name', 'PolicyName'), ...prop(c, b, 'role', 'RoleName'), ...policyProp(c, b, 'policy', 'PolicyDocument')],
  },
  aws_iam_policy: {
    type: 'AWS::IAM::ManagedPolicy',
    props: (b, c) => [...prop(c, b, 'name', 'ManagedPolicyName'), ...policyProp(c, b, 'policy', 'PolicyDocument')],
  },
  aws_sfn_state_machine: {
    type: 'AWS::StepFunctions::StateMachine',
    props: (b, c) => [...prop(c, b, 'name', 'StateMachineName'), ...prop(c, b, 'role_arn', 'RoleArn'), ...prop(c, b, 'type', 'StateMachineType'), ...definition(c, b)],
  },
  aws_vpc: { type: 'AWS::EC2::VPC', props: (b, c) => [...prop(c, b, 'cidr_block', 'CidrBlock'), ...prop(c, b, 'instance_tenancy', 'InstanceTenancy')] },
  aws_subnet: { type: 'AWS::EC2::Subnet', props: (b, c) => [...prop(c, b, 'vpc_id', 'VpcId'), ...prop(c, b, 'availability_zone', 'AvailabilityZone'), ...prop(c, b, 'availability_zone_id', 'AvailabilityZoneId'), ...prop(c, b, 'cidr_block', 'CidrBlock')] },
  aws_security_group: { type: 'AWS::EC2::SecurityGroup', props: (b, c) => [...prop(c, b, 'vpc_id', 'VpcId'), ...prop(c, b, 'name', 'GroupName')] },
  aws_dynamodb_table: { type: 'AWS::DynamoDB::Table', props: (b, c) => prop(c, b, 'name', 'TableName') },
  aws_s3_bucket: { type: 'AWS::S3::Bucket', props: (b, c) => prop(c, b, 'bucket', 'BucketName') },
  aws_db_instance: { type: 'AWS::RDS::DBInstance', props: (b, c) => prop(c, b, 'identifier', 'DBInstanceIdentifier') },
  aws_rds_cluster: { type: 'AWS::RDS::DBCluster', props: (b, c) => prop(c, b, 'cluster_identifier', 'DBClusterIdentifier') },
  aws_sqs_queue: { type: 'AWS::SQS::Queue', props: (b, c) => prop(c, b, 'name', 'QueueName') },
  aws_kinesis_stream: { type: 'AWS::Kinesis::Stream', props: (b, c) => prop(c, b, 'name', 'Name') },
  aws_sns_topic: { type: 'AWS::SNS::Topic', props: (b, c) => prop(c, b, 'name', 'TopicName') },
  aws_efs_file_system: { type: 'AWS::EFS::FileSystem', props: () => [] },
  aws_sns_topic_subscription: { type: 'AWS::SNS::Subscription', props: (b, c) => [...prop(c, b, 'topic_arn', 'TopicArn'), ...prop(c, b, 'protocol', 'Protocol'), ...prop(c, b, 'endpoint', 'Endpoint')] },
};

/** Resource types whose tags are read (functions and data stores); EFS tags are `FileSystemTags`. */
const TAGGED: Record<string, string> = {
  aws_lambda_function: 'Tags', aws_dynamodb_table: 'Tags', aws_s3_bucket: 'Tags', aws_db_instance: 'Tags', aws_rds_cluster: 'Tags',
  aws_sqs_queue: 'Tags', aws_kinesis_stream: 'Tags', aws_sns_topic: 'Tags', aws_efs_file_system: 'FileSystemTags', aws_vpc: 'Tags', aws_subnet: 'Tags',
  aws_security_group: 'Tags', aws_cloudwatch_log_group: 'Tags', aws_iam_role: 'Tags', aws_sfn_state_machine: 'Tags',
};

/** What `Ref` of a CloudFormation resource gives, per Terraform attribute; others are `Fn::GetAtt`. */
const REF_ATTRS: Record<string, Record<string, string | null>> = {
  aws_lambda_function: { function_name: null, id: null, arn: 'Arn', qualified_arn: 'Arn', invoke_arn: 'Arn' },
  aws_iam_role: { name: null, id: null, arn: 'Arn', unique_id: 'RoleId' },
  aws_iam_policy: { arn: null, id: null },
  aws_cloudwatch_log_group: { name: null, id: null, arn: 'GroupArn' },
  aws_sqs_queue: { id: null, url: null, arn: 'Arn' },
  aws_sns_topic: { arn: null, id: null },
  aws_sfn_state_machine: { arn: null, id: null },
  aws_lambda_alias: { arn: null, invoke_arn: null },
  aws_dynamodb_table: { name: null, id: null, arn: 'Arn', stream_arn: 'StreamArn' },
  aws_s3_bucket: { id: null, bucket: null, arn: 'Arn' },
  aws_kinesis_stream: { name: null, id: 'Arn', arn: 'Arn' },
  aws_vpc: { id: null }, aws_subnet: { id: null }, aws_security_group: { id: null },
};

/** Evaluated resource instances of a configuration as lowering inputs. */
export function configInputs(ev: Evaluator, defaultTags: (inst: ResourceInstance) => TMap | undefined): LowerInput[] {
  return ev.resources.map((inst) => ({
    address: inst.address,
    type: inst.type,
    body: ev.blockValue(inst.block.body, inst.module, inst.scope, (a) => inst.attr(a.name)!, META),
    keyLoc: inst.block.labels[1]?.loc ?? inst.block.loc,
    loc: inst.block.loc,
    defaultTags: defaultTags(inst),
  }));
}

/** The template root (`Resources`, and `Parameters` for sensitive values) of resource instances. */
export function lowerResources(inputs: LowerInput[]): SMap {
  const types = new Map(inputs.map((i) => [i.address, i.type]));
  const c: Ctx = { typeOf: (a) => types.get(a), params: [] };
  const lowered: { address: string; node: SMap; keyLoc: Loc }[] = [];
  // Role attachments add to the role's managed policies (CloudFormation has no attachment resource).
  const attached = new Map<string, SNode[]>();
  const roleAddress = (v: TV | undefined): string[] => {
    if (!v) return [];
    if (v.k === 'ref') return [v.target];
    if (v.k === 'list') return v.items.flatMap(roleAddress);
    if (v.k === 'lit' && typeof v.v === 'string') {
      const name = v.v;
      return inputs.filter((r) => r.type === 'aws_iam_role' && textOf(mapGet(r.body, 'name')) === name).map((r) => r.address);
    }
    return [];
  };
  for (const { type, body } of inputs) {
    const add = (roles: TV | undefined, arns: TV[]) => {
      for (const role of roleAddress(roles)) attached.set(role, [...(attached.get(role) ?? []), ...arns.map((a) => node(c, a))]);
    };
    if (type === 'aws_iam_role_policy_attachment') add(mapGet(body, 'role'), [mapGet(body, 'policy_arn')].filter((x): x is TV => !!x));
    else if (type === 'aws_iam_policy_attachment') add(mapGet(body, 'roles'), [mapGet(body, 'policy_arn')].filter((x): x is TV => !!x));
    else if (type === 'aws_iam_role_policy_attachments_exclusive') {
      const arns = mapGet(body, 'policy_arns');
      add(mapGet(body, 'role_name'), arns?.k === 'list' ? arns.items : arns ? [arns] : []);
    }
  }
  for (const inst of inputs) {
    const { body, keyLoc } = inst;
    const spec = Object.hasOwn(SPECS, inst.type) ? SPECS[inst.type]! : undefined;
    const props = spec ? spec.props(body, c) : [];
    const tagKey = Object.hasOwn(TAGGED, inst.type) ? TAGGED[inst.type] : undefined;
    if (tagKey) {
      const t = tags(c, body, inst.defaultTags);
      if (t) props.push(entry(tagKey, t.keyLoc, t.node));
    }
    const extra = attached.get(inst.address);
    if (inst.type === 'aws_iam_role' && extra?.length) {
      const i = props.findIndex((p) => p.key === 'ManagedPolicyArns');
      const old = i >= 0 ? props[i]! : undefined;
      const items = [...(old?.value.kind === 'seq' ? old.value.items : old ? [old.value] : []), ...extra];
      const e = entry('ManagedPolicyArns', old?.keyLoc ?? keyLoc, { kind: 'seq', loc: old?.value.loc ?? keyLoc, items });
      if (i >= 0) props[i] = e;
      else props.push(e);
    }
    const resource = makeMap(inst.loc, [
      entry('Type', keyLoc, scalar(spec?.type ?? `Terraform::${inst.type}`, keyLoc)),
      entry('Properties', keyLoc, makeMap(body.loc, props)),
      entry('__SourceType', keyLoc, scalar(inst.type, keyLoc)),
    ]);
    lowered.push({ address: inst.address, node: resource, keyLoc });
  }
  const rootLoc = lowered[0]?.keyLoc;
  const entries: SEntry[] = [];
  if (rootLoc) {
    entries.push(entry('Resources', rootLoc, makeMap(rootLoc, lowered.map((r) => entry(r.address, r.keyLoc, r.node)))));
    if (c.params.length) entries.push(entry('Parameters', rootLoc, makeMap(rootLoc, c.params)));
  }
  return makeMap(rootLoc ?? { file: undefined as never, start: 0, end: 0 }, entries);
}

const META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);

function textOf(v: TV | undefined): string | undefined {
  return v?.k === 'lit' && v.v !== null ? String(v.v) : undefined;
}

function entry(key: string, keyLoc: Loc, value: SNode): SEntry {
  return { key, keyLoc, value };
}

function scalar(value: string | number | boolean | null, loc: Loc): SNode {
  return { kind: 'scalar', value, loc };
}

function isNullTV(v: TV | undefined): boolean {
  return v === undefined || (v.k === 'lit' && v.v === null);
}

/** A top-level argument as a property (null means not set, as in Terraform). */
function prop(c: Ctx, b: Body, tf: string, cfn: string, transform?: (v: TV) => TV | undefined): SEntry[] {
  const e = b.entries.find((x) => x.key === tf);
  if (!e || isNullTV(e.value)) return [];
  const v = transform ? transform(e.value) : e.value;
  return v ? [entry(cfn, e.keyLoc, node(c, v))] : [];
}

/** A policy argument (JSON text) as a structured document, references kept. */
function policyProp(c: Ctx, b: Body, tf: string, cfn: string): SEntry[] {
  const e = b.entries.find((x) => x.key === tf);
  if (!e || isNullTV(e.value)) return [];
  const doc = jsonValue(e.value);
  return [entry(cfn, e.keyLoc, node(c, doc ?? (e.value.k === 'unknown' ? e.value : { k: 'unknown', reason: `${tf} is not JSON that ldlint can read`, loc: e.value.loc })))];
}

function definition(c: Ctx, b: Body): SEntry[] {
  const e = b.entries.find((x) => x.key === 'definition');
  if (!e || isNullTV(e.value)) return [];
  const doc = jsonValue(e.value);
  if (doc) return [entry('Definition', e.keyLoc, node(c, doc))];
  return [entry('DefinitionString', e.keyLoc, node(c, e.value))];
}

function first(b: Body, block: string): TEntry & { value: TMap } | undefined {
  const e = b.entries.find((x) => x.key === block);
  if (!e) return undefined;
  const v = e.value.k === 'list' ? e.value.items[0] : e.value;
  return v?.k === 'map' ? { key: e.key, keyLoc: e.keyLoc, value: v } : undefined;
}

/** A nested block (one) as a map property with renamed arguments. */
function nested(c: Ctx, b: Body, block: string, cfn: string, fields: [string, string][]): SEntry[] {
  const e = b.entries.find((x) => x.key === block);
  if (!e) return [];
  const v = e.value.k === 'list' ? e.value.items[0] : e.value;
  if (!v) return [];
  if (v.k === 'unknown') return [entry(cfn, e.keyLoc, node(c, v))];
  if (v.k !== 'map') return [];
  return [entry(cfn, e.keyLoc, makeMap(v.loc, fields.flatMap(([tf, name]) => prop(c, v, tf, name))))];
}

function nestedList(c: Ctx, b: Body, block: string, cfn: string, fields: [string, string][]): SEntry[] {
  const e = b.entries.find((x) => x.key === block);
  if (!e || e.value.k !== 'list' || e.value.items.length === 0) return [];
  return [entry(cfn, e.keyLoc, { kind: 'seq', loc: e.value.loc, items: e.value.items.map((v) => (v.k === 'map' ? makeMap(v.loc, fields.flatMap(([tf, name]) => prop(c, v, tf, name))) : node(c, v))) })];
}

/** `vpc_config`: an empty block, or one without subnets and security groups, is no VPC attachment. */
function vpcConfig(c: Ctx, b: Body): SEntry[] {
  const e = b.entries.find((x) => x.key === 'vpc_config');
  const v = e?.value.k === 'list' ? e.value.items[0] : e?.value;
  if (!e || !v) return [];
  if (v.k === 'unknown') return [entry('VpcConfig', e.keyLoc, node(c, v))];
  if (v.k !== 'map') return [];
  const empty = (x: TV | undefined) => isNullTV(x) || (x!.k === 'list' && x!.items.length === 0);
  if (empty(mapGet(v, 'subnet_ids')) && empty(mapGet(v, 'security_group_ids'))) return [];
  return [entry('VpcConfig', e.keyLoc, makeMap(v.loc, [...prop(c, v, 'subnet_ids', 'SubnetIds'), ...prop(c, v, 'security_group_ids', 'SecurityGroupIds'), ...prop(c, v, 'ipv6_allowed_for_dual_stack', 'Ipv6AllowedForDualStack')]))];
}

function code(c: Ctx, b: Body): SEntry[] {
  const fields = prop(c, b, 'filename', 'ZipFile').concat(prop(c, b, 's3_bucket', 'S3Bucket'), prop(c, b, 's3_key', 'S3Key'), prop(c, b, 'image_uri', 'ImageUri'));
  if (fields.length === 0) return [];
  return [entry('Code', fields[0]!.keyLoc, makeMap(fields[0]!.value.loc, fields))];
}

/** Effective tags: the provider's default_tags, then the resource's own (which win), as `tags_all`. */
function tags(c: Ctx, b: Body, defaults: TMap | undefined): { keyLoc: Loc; node: SNode } | undefined {
  const own = b.entries.find((x) => x.key === 'tags');
  const merged = new Map<string, TEntry>();
  if (defaults) for (const e of defaults.entries) merged.set(e.key, e);
  if (own?.value.k === 'map') for (const e of own.value.entries) merged.set(e.key, e);
  else if (own && own.value.k === 'unknown') return { keyLoc: own.keyLoc, node: node(c, own.value) };
  if (merged.size === 0) return undefined;
  const loc = own?.value.loc ?? defaults!.loc;
  const items = [...merged.values()].filter((e) => !isNullTV(e.value)).map((e) => makeMap(e.keyLoc, [entry('Key', e.keyLoc, scalar(e.key, e.keyLoc)), entry('Value', e.keyLoc, node(c, e.value))]));
  return { keyLoc: own?.keyLoc ?? loc, node: { kind: 'seq', loc, items } };
}

/** A value as a CloudFormation-shaped node. */
export function node(c: Ctx, v: TV): SNode {
  switch (v.k) {
    case 'lit':
      if (v.sensitive && v.v !== null) {
        const name = `${v.sensitive}#${c.params.length + 1}`;
        c.params.push(entry(name, v.loc, makeMap(v.loc, [entry('Type', v.loc, scalar(typeof v.v === 'number' ? 'Number' : 'String', v.loc)), entry('NoEcho', v.loc, scalar(true, v.loc)), entry('Default', v.loc, scalar(v.v, v.loc))])));
        return makeMap(v.loc, [entry('Ref', v.loc, scalar(name, v.loc))]);
      }
      return scalar(v.v, v.loc);
    case 'list':
      return { kind: 'seq', loc: v.loc, items: v.items.map((i) => node(c, i)) };
    case 'map':
      return makeMap(v.loc, v.entries.map((e) => entry(e.key, e.keyLoc, node(c, e.value))));
    case 'ref':
      return refNode(c, v.target, v.attr, v.loc);
    case 'str':
      return makeMap(v.loc, [entry('Fn::Join', v.loc, { kind: 'seq', loc: v.loc, items: [scalar('', v.loc), { kind: 'seq', loc: v.loc, items: v.parts.map((p) => (typeof p === 'string' ? scalar(p, v.loc) : node(c, p))) }] })]);
    case 'unknown':
      return makeMap(v.loc, [entry('Fn::ldlintUnknown', v.loc, { kind: 'seq', loc: v.loc, items: [scalar(v.reason, v.loc), scalar(v.service ?? null, v.loc), ...(v.sensitive ? [scalar(v.sensitive, v.loc)] : [])] })]);
    case 'json': {
      const text = jsonText(v);
      return text !== undefined ? scalar(text, v.loc) : node(c, { k: 'unknown', reason: 'JSON text of values known only after apply', loc: v.loc });
    }
    case 'res':
      return node(c, { k: 'unknown', reason: `the whole object ${v.address}`, loc: v.loc });
    case 'pseudo':
      return makeMap(v.loc, [entry('Ref', v.loc, scalar(v.name, v.loc))]);
  }
}

function jsonText(v: TV): string | undefined {
  const p = (x: TV): unknown => {
    if (x.k === 'lit') return x.sensitive ? undefined : x.v;
    if (x.k === 'list') { const out = x.items.map(p); return out.includes(undefined) ? undefined : out; }
    if (x.k === 'map') { const out: Record<string, unknown> = {}; for (const e of x.entries) { const y = p(e.value); if (y === undefined) return undefined; out[e.key] = y; } return out; }
    if (x.k === 'json') { const y = p(x.of); return y === undefined ? undefined : JSON.stringify(y); }
    return undefined;
  };
  const out = p(v.k === 'json' ? v.of : v);
  return out === undefined ? undefined : JSON.stringify(out);
}

function refNode(c: Ctx, target: string, attr: string, loc: Loc): SNode {
  const type = c.typeOf(target);
  const [head, ...rest] = attr.split('.');
  const table = type && Object.hasOwn(REF_ATTRS, type) ? REF_ATTRS[type]! : { id: null, arn: 'Arn' };
  const mapped = Object.hasOwn(table, head!) ? table[head!]! : head!;
  if (rest.length) return node(c, { k: 'unknown', reason: `${target}.${attr} is known only after apply`, loc });
  if (mapped === null) return makeMap(loc, [entry('Ref', loc, scalar(target, loc))]);
  return makeMap(loc, [entry('Fn::GetAtt', loc, { kind: 'seq', loc, items: [scalar(target, loc), scalar(mapped, loc)] })]);
}
