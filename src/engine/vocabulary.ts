/**
 * How each flavour spells the settings the checks read. The model speaks CloudFormation
 * (`ReservedConcurrentExecutions`), but a finding must name the setting as the user writes it in
 * the file it points into: `reservedConcurrency` in serverless.yml, `reservedConcurrentExecutions`
 * in CDK code, `reserved_concurrent_executions` in Terraform. One table, read by every check
 * through `ctx.vocabulary(resource)`, so that no rule keeps its own per-flavour switch.
 */
import type { Flavour, Resource } from '../model/types.js';

/** The syntax a setting is written in: a flavour, except CloudFormation written inside SAM or Serverless files. */
export type Dialect = Flavour;

/** How one dialect writes one setting. */
interface Spelling {
  /**
   * The setting's path as written: dotted for CloudFormation, SAM and Serverless (`vpc.subnetIds`),
   * block then argument for Terraform (`vpc_config.subnet_ids` reads `vpc_config { subnet_ids }`).
   */
  name: string;
  /** The setting with a value, when the dialect does not write it `name: value` (CDK: `timeout: Duration.seconds(30)`). */
  write?: (value: string) => string;
  /** Where it is set once for all functions (SAM `Globals.Function.Timeout`, Serverless `provider.timeout`). */
  shared?: string;
  /** Where it is written, when not on the resource kind's usual place. */
  on?: string;
}

type Entry = { resource: ResourceKind } & Record<Dialect, Spelling | string>;

type ResourceKind = 'function' | 'logGroup' | 'alias' | 'stateMachine' | 'role' | 'vpc';

/** A function setting; SAM writes it as CloudFormation does, and shares it through `Globals.Function` unless told otherwise. */
const fn = (e: Omit<Entry, 'resource' | 'sam'> & { sam?: Entry['sam'] }): Entry => ({
  resource: 'function',
  sam: typeof e.cloudformation === 'string' ? { name: e.cloudformation, shared: `Globals.Function.${e.cloudformation}` } : e.cloudformation,
  ...e,
});

/** The settings, by their model (CloudFormation) path. */
const SETTINGS = {
  Timeout: fn({
    cloudformation: 'Timeout',
    serverless: { name: 'timeout', shared: 'provider.timeout' },
    cdk: { name: 'timeout', write: (v) => `timeout: Duration.seconds(${v})` },
    terraform: 'timeout',
  }),
  MemorySize: fn({
    cloudformation: 'MemorySize',
    serverless: { name: 'memorySize', shared: 'provider.memorySize' },
    cdk: 'memorySize',
    terraform: 'memory_size',
  }),
  ReservedConcurrentExecutions: fn({
    cloudformation: 'ReservedConcurrentExecutions',
    serverless: 'reservedConcurrency',
    cdk: 'reservedConcurrentExecutions',
    terraform: 'reserved_concurrent_executions',
  }),
  'EphemeralStorage.Size': fn({
    cloudformation: 'EphemeralStorage.Size',
    sam: { name: 'EphemeralStorage.Size', shared: 'Globals.Function.EphemeralStorage' },
    serverless: 'ephemeralStorageSize',
    cdk: { name: 'ephemeralStorageSize', write: (v) => `ephemeralStorageSize: Size.mebibytes(${v})` },
    terraform: 'ephemeral_storage.size',
  }),
  VpcConfig: fn({
    cloudformation: 'VpcConfig',
    serverless: { name: 'vpc', shared: 'provider.vpc' },
    cdk: 'vpc',
    terraform: 'vpc_config',
  }),
  'VpcConfig.SubnetIds': fn({
    cloudformation: 'VpcConfig.SubnetIds',
    serverless: { name: 'vpc.subnetIds', shared: 'provider.vpc.subnetIds' },
    cdk: { name: 'vpcSubnets', write: (v) => `vpcSubnets: { subnets: ${v} }` },
    terraform: 'vpc_config.subnet_ids',
  }),
  'VpcConfig.SecurityGroupIds': fn({
    cloudformation: 'VpcConfig.SecurityGroupIds',
    serverless: { name: 'vpc.securityGroupIds', shared: 'provider.vpc.securityGroupIds' },
    cdk: 'securityGroups',
    terraform: 'vpc_config.security_group_ids',
  }),
  'Environment.Variables': fn({
    cloudformation: 'Environment.Variables',
    serverless: { name: 'environment', shared: 'provider.environment' },
    cdk: 'environment',
    terraform: 'environment.variables',
  }),
  KmsKeyArn: fn({
    cloudformation: 'KmsKeyArn',
    serverless: { name: 'kmsKeyArn', shared: 'provider.kmsKeyArn' },
    cdk: 'environmentEncryption',
    terraform: 'kms_key_arn',
  }),
  Layers: fn({
    cloudformation: 'Layers',
    serverless: { name: 'layers', shared: 'provider.layers' },
    cdk: 'layers',
    terraform: 'layers',
  }),
  'LoggingConfig.LogGroup': fn({
    cloudformation: 'LoggingConfig.LogGroup',
    serverless: { name: 'logs.logGroup', shared: 'provider.logs.lambda.logGroup' },
    cdk: 'logGroup',
    terraform: 'logging_config.log_group',
  }),
  DurableConfig: fn({
    cloudformation: 'DurableConfig',
    serverless: 'durableConfig',
    cdk: 'durableConfig',
    terraform: 'durable_config',
  }),
  'DurableConfig.ExecutionTimeout': fn({
    cloudformation: 'DurableConfig.ExecutionTimeout',
    sam: 'DurableConfig.ExecutionTimeout',
    serverless: 'durableConfig.executionTimeout',
    cdk: { name: 'durableConfig.executionTimeout', write: (v) => `durableConfig: { executionTimeout: Duration.seconds(${v}) }` },
    terraform: 'durable_config.execution_timeout',
  }),
  Role: fn({
    cloudformation: 'Role',
    sam: 'Role',
    serverless: { name: 'role', shared: 'provider.iam.role' },
    cdk: 'role',
    terraform: 'role',
  }),
  FunctionName: fn({ cloudformation: 'FunctionName', sam: 'FunctionName', serverless: 'name', cdk: 'functionName', terraform: 'function_name' }),
  'Architectures.0': fn({
    cloudformation: { name: 'Architectures', write: (v) => `Architectures: [${v}]` },
    sam: { name: 'Architectures', write: (v) => `Architectures: [${v}]`, shared: 'Globals.Function.Architectures' },
    serverless: { name: 'architecture', shared: 'provider.architecture' },
    cdk: { name: 'architecture', write: (v) => `architecture: Architecture.${v === 'arm64' ? 'ARM_64' : 'X86_64'}` },
    terraform: { name: 'architectures', write: (v) => `architectures = ["${v}"]` },
  }),
  Tags: fn({
    cloudformation: 'Tags',
    serverless: { name: 'tags', shared: 'provider.tags' },
    cdk: { name: 'Tags.of(fn)', write: (v) => `Tags.of(fn).add(${v})` },
    terraform: 'tags',
  }),
  'Metadata.ldlint.exception': fn({
    cloudformation: 'Metadata.ldlint.exception',
    sam: 'Metadata.ldlint.exception',
    serverless: 'custom.ldlint.exceptions.<function>',
    cdk: { name: "addMetadata('ldlint', { exception })", write: (v) => `addMetadata('ldlint', { exception: ${v} })` },
    terraform: 'tags',
  }),
  ProvisionedConcurrency: {
    resource: 'alias',
    cloudformation: 'ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions',
    sam: { name: 'ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions', shared: 'Globals.Function.ProvisionedConcurrencyConfig' },
    serverless: 'provisionedConcurrency',
    cdk: 'provisionedConcurrentExecutions',
    terraform: 'provisioned_concurrent_executions',
  },
  RetentionInDays: {
    resource: 'logGroup',
    cloudformation: 'RetentionInDays',
    sam: 'RetentionInDays',
    serverless: { name: 'logRetentionInDays', shared: 'provider.logRetentionInDays' },
    cdk: { name: 'retention', write: (v) => `retention: RetentionDays.${v}` },
    terraform: 'retention_in_days',
  },
  KmsKeyId: {
    resource: 'logGroup',
    cloudformation: 'KmsKeyId',
    sam: 'KmsKeyId',
    serverless: { name: 'KmsKeyId', on: 'on the log group, overridden under `resources.Resources`' },
    cdk: 'encryptionKey',
    terraform: 'kms_key_id',
  },
  LogRetention: fn({
    cloudformation: { name: 'RetentionInDays', on: 'on the `Custom::LogRetention`' },
    sam: { name: 'RetentionInDays', on: 'on the `Custom::LogRetention`' },
    serverless: 'logRetentionInDays',
    cdk: { name: 'logRetention', write: (v) => `logRetention: RetentionDays.${v}` },
    terraform: 'retention_in_days',
  }),
  ManagedPolicyArns: {
    resource: 'role',
    cloudformation: 'ManagedPolicyArns',
    sam: { name: 'Policies', on: 'on the function' },
    serverless: 'provider.iam.role.managedPolicies',
    cdk: { name: 'role.addManagedPolicy()', write: (v) => `role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('${v}'))` },
    terraform: { name: 'aws_iam_role_policy_attachment', write: (v) => `aws_iam_role_policy_attachment { policy_arn = "${v}" }` },
  },
  PolicyStatements: {
    resource: 'role',
    cloudformation: 'Policies',
    sam: { name: 'Policies', on: 'on the function' },
    serverless: 'provider.iam.role.statements',
    cdk: 'role.addToPolicy()',
    terraform: 'aws_iam_role_policy',
  },
  InstanceTenancy: {
    resource: 'vpc',
    cloudformation: 'InstanceTenancy',
    sam: 'InstanceTenancy',
    serverless: 'InstanceTenancy',
    cdk: { name: 'defaultInstanceTenancy', write: (v) => `defaultInstanceTenancy: DefaultInstanceTenancy.${v.toUpperCase()}` },
    terraform: { name: 'instance_tenancy', write: (v) => `instance_tenancy = "${v}"` },
  },
  Definition: {
    resource: 'stateMachine',
    cloudformation: 'Definition',
    sam: 'Definition',
    serverless: 'definition',
    cdk: 'definitionBody',
    terraform: 'definition',
  },
} satisfies Record<string, Entry>;

export type Setting = keyof typeof SETTINGS;

/** What a dialect calls a resource type (CDK construct, Terraform resource type). */
const TYPES: Record<string, Partial<Record<Dialect, string>>> = {
  'AWS::Lambda::Function': { sam: 'AWS::Serverless::Function', serverless: 'function', cdk: 'lambda.Function', terraform: 'aws_lambda_function' },
  'AWS::Lambda::Alias': { cdk: 'lambda.Alias', terraform: 'aws_lambda_alias' },
  'AWS::Logs::LogGroup': { cdk: 'logs.LogGroup', terraform: 'aws_cloudwatch_log_group' },
  'AWS::Logs::SubscriptionFilter': { serverless: '`custom.logSubscription` (serverless-plugin-log-subscription)', cdk: 'logs.SubscriptionFilter', terraform: 'aws_cloudwatch_log_subscription_filter' },
  'AWS::StepFunctions::StateMachine': { sam: 'AWS::Serverless::StateMachine', serverless: '`stepFunctions.stateMachines` (serverless-step-functions)', cdk: 'sfn.StateMachine', terraform: 'aws_sfn_state_machine' },
  'AWS::IAM::Role': { cdk: 'iam.Role', terraform: 'aws_iam_role' },
  'AWS::EC2::Subnet': { cdk: 'ec2.Subnet', terraform: 'aws_subnet' },
  'AWS::EC2::VPC': { cdk: 'ec2.Vpc', terraform: 'aws_vpc' },
  'AWS::Lambda::Version': { cdk: 'lambda.Version', terraform: 'aws_lambda_provisioned_concurrency_config' },
};

/** The dialect a resource is written in: CloudFormation inside a SAM or Serverless file is CloudFormation. */
export function dialectOf(resource: Resource | null, fallback: Flavour = 'cloudformation'): Dialect {
  if (!resource) return fallback;
  const flavour = resource.template.flavour;
  if (flavour === 'sam') return resource.sourceType?.startsWith('AWS::Serverless::') ? 'sam' : 'cloudformation';
  if (flavour === 'serverless') return resource.generatedFrom !== undefined || resource.type === 'AWS::Lambda::Function' ? 'serverless' : 'cloudformation';
  return flavour;
}

/** The settings of one dialect, for messages and help. Every name comes back in backticks. */
export interface Vocabulary {
  dialect: Dialect;
  /** `timeout`, `vpc_config { subnet_ids }`. */
  name(setting: Setting): string;
  /** `timeout: 30`, `"Timeout": 30`, `timeout: Duration.seconds(30)`, `timeout = 30`. */
  write(setting: Setting, value: string): string;
  /** `on the function or as `provider.timeout` for all functions`. */
  where(setting: Setting): string;
  /** A resource type as the dialect names it: `aws_cloudwatch_log_group`, `logs.LogGroup`. */
  type(cfnType: string): string;
  /** The model path of a setting, translated when it is one of the table's (for unverifiable findings). */
  path(modelPath: string): string;
}

const tick = (s: string) => `\`${s}\``;

function spelling(setting: Setting, dialect: Dialect): Spelling {
  const s = (SETTINGS[setting] as Entry)[dialect];
  return typeof s === 'string' ? { name: s } : s;
}

/** `vpc_config.subnet_ids` -> `vpc_config { subnet_ids }` (and with a value, `vpc_config { subnet_ids = v }`). */
function terraform(path: string, value?: string): string {
  const parts = path.split('.');
  const last = value === undefined ? parts.at(-1)! : `${parts.at(-1)} = ${value}`;
  return parts.slice(0, -1).reduceRight((inner, block) => `${block} { ${inner} }`, last);
}

/** `EphemeralStorage.Size` with 1024 -> `EphemeralStorage: {Size: 1024}` (YAML) or `"EphemeralStorage": {"Size": 1024}` (JSON). */
function nested(path: string, value: string, json: boolean): string {
  const parts = path.split('.');
  const key = (k: string) => (json ? `"${k}"` : k);
  return parts.slice(0, -1).reduceRight((inner, k) => `${key(k)}: {${inner}}`, `${key(parts.at(-1)!)}: ${value}`);
}

const CONTAINERS: Record<ResourceKind, Record<Dialect, string>> = {
  function: {
    cloudformation: 'on the `AWS::Lambda::Function`',
    sam: 'on the function',
    serverless: 'on the function',
    cdk: 'in the `lambda.Function` props',
    terraform: 'in the `aws_lambda_function` block',
  },
  logGroup: {
    cloudformation: 'on the `AWS::Logs::LogGroup`',
    sam: 'on the `AWS::Logs::LogGroup`',
    serverless: 'on the function',
    cdk: 'in the `logs.LogGroup` props',
    terraform: 'in the `aws_cloudwatch_log_group` block',
  },
  alias: {
    cloudformation: 'on the alias or version',
    sam: 'on the function',
    serverless: 'on the function',
    cdk: 'on the alias or version',
    terraform: 'in the `aws_lambda_provisioned_concurrency_config` block',
  },
  role: {
    cloudformation: 'on the `AWS::IAM::Role`',
    sam: 'on the `AWS::IAM::Role`',
    serverless: 'in `provider.iam.role`',
    cdk: 'on the `iam.Role`',
    terraform: 'of the `aws_iam_role`',
  },
  vpc: {
    cloudformation: 'on the `AWS::EC2::VPC`',
    sam: 'on the `AWS::EC2::VPC`',
    serverless: 'on the `AWS::EC2::VPC`',
    cdk: 'in the `ec2.Vpc` props',
    terraform: 'in the `aws_vpc` block',
  },
  stateMachine: {
    cloudformation: 'of the state machine',
    sam: 'of the state machine',
    serverless: 'of `stepFunctions.stateMachines.<name>`',
    cdk: 'of the `sfn.StateMachine`',
    terraform: 'of the `aws_sfn_state_machine`',
  },
};

/** The vocabulary of one dialect; `json` when the file is JSON (`"Timeout": 30`). */
export function vocabularyOf(dialect: Dialect, json = false): Vocabulary {
  return {
    dialect,
    name: (setting) => tick(dialect === 'terraform' ? terraform(spelling(setting, dialect).name) : spelling(setting, dialect).name),
    write(setting, value) {
      const s = spelling(setting, dialect);
      if (s.write) return tick(s.write(value));
      if (dialect === 'terraform') return tick(terraform(s.name, value));
      return tick(nested(s.name, value, json && dialect !== 'cdk'));
    },
    where(setting) {
      const s = spelling(setting, dialect);
      const on = s.on ?? CONTAINERS[(SETTINGS[setting] as Entry).resource][dialect];
      return s.shared ? `${on} or as ${tick(s.shared)} for all functions` : on;
    },
    type(cfnType) {
      const t = TYPES[cfnType]?.[dialect] ?? cfnType;
      return t.includes('`') ? t : tick(t);
    },
    path(modelPath) {
      // `Architectures` reads its first item (`Architectures.0`): one setting either way.
      const key = [modelPath, `${modelPath}.0`].find((k) => Object.hasOwn(SETTINGS, k));
      return key ? this.name(key as Setting) : modelPath;
    },
  };
}

/** The vocabulary of the file a resource is written in. */
export function vocabularyFor(resource: Resource | null, fallback: Flavour = 'cloudformation'): Vocabulary {
  const json = resource ? /\.json$/i.test(resource.template.file.path) : false;
  return vocabularyOf(dialectOf(resource, fallback), json);
}
