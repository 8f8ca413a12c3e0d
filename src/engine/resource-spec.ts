/**
 * Property names of the resource types ldlint governs, for `ldlint/unknown-property`.
 *
 * CloudFormation types come from `resource-spec.json`, extracted from the `@aws-cdk/aws-service-spec`
 * version the package locks by `scripts/gen-resource-spec.mjs` (a test keeps it fresh). SAM types
 * are not in that database: they are written here from the AWS SAM specification.
 */
import spec from './resource-spec.json' with { type: 'json' };

/**
 * What a property holds: `''` for a value without property names of its own, else the name of a
 * property type (in `propertyType`), followed by `[]` (a list of it) or `{}` (a map of it).
 */
export type Shape = string;
export type PropertyShapes = Readonly<Record<string, Shape>>;

const LAMBDA = spec.resources['AWS::Lambda::Function'] as PropertyShapes;
const SFN = spec.resources['AWS::StepFunctions::StateMachine'] as PropertyShapes;

/** SAM function properties that are Lambda's own are checked against Lambda's; these are not SAM properties. */
const LAMBDA_NOT_SAM = new Set(['Code', 'TracingConfig', 'DeadLetterConfig']);

/** AWS::Serverless::Function (SAM specification; SAM passes Lambda's other properties through). */
const SAM_FUNCTION: PropertyShapes = {
  DurableConfig: '',
  TenancyConfig: '',
  ...Object.fromEntries(Object.entries(LAMBDA).filter(([k]) => !LAMBDA_NOT_SAM.has(k))),
  // SAM's own flat form, which SAM turns into Lambda's LambdaManagedInstancesCapacityProviderConfig.
  CapacityProviderConfig: 'AWS::Serverless::Function.CapacityProviderConfig',
  AssumeRolePolicyDocument: '',
  AutoPublishAlias: '',
  AutoPublishAliasAllProperties: '',
  AutoPublishCodeSha256: '',
  CodeUri: '',
  DeadLetterQueue: 'AWS::Serverless::Function.DeadLetterQueue',
  DeploymentPreference: '',
  EventInvokeConfig: 'AWS::Serverless::Function.EventInvokeConfiguration',
  Events: '',
  FunctionUrlConfig: 'AWS::Serverless::Function.FunctionUrlConfig',
  ImageUri: '',
  InlineCode: '',
  PermissionsBoundary: '',
  Policies: '',
  PropagateTags: '',
  ProvisionedConcurrencyConfig: 'AWS::Serverless::Function.ProvisionedConcurrencyConfig',
  RolePath: '',
  SourceKMSKeyArn: '',
  Tags: '',
  Tracing: '',
  VersionDeletionPolicy: '',
  VersionDescription: '',
  VersionPruningPolicy: '',
};

/** AWS::Serverless::StateMachine (SAM specification). */
const SAM_STATE_MACHINE: PropertyShapes = {
  AutoPublishAlias: '',
  Definition: '',
  DefinitionSubstitutions: '',
  DefinitionUri: '',
  DeploymentPreference: '',
  Events: '',
  Logging: SFN.LoggingConfiguration ?? '',
  Name: '',
  PermissionsBoundary: '',
  Policies: '',
  PropagateTags: '',
  Role: '',
  RolePath: '',
  Tags: '',
  Tracing: SFN.TracingConfiguration ?? '',
  Type: '',
  UseAliasAsEventTarget: '',
};

const SAM_TYPES: Record<string, PropertyShapes> = {
  'AWS::Serverless::Function.CapacityProviderConfig': { Arn: '', ExecutionEnvironmentMemoryGiBPerVCpu: '', PerExecutionEnvironmentMaxConcurrency: '' },
  'AWS::Serverless::Function.DeadLetterQueue': { TargetArn: '', Type: '' },
  'AWS::Serverless::Function.ProvisionedConcurrencyConfig': { ProvisionedConcurrentExecutions: '' },
  'AWS::Serverless::Function.FunctionUrlConfig': { AuthType: '', Cors: '', InvokeMode: '' },
  'AWS::Serverless::Function.EventInvokeConfiguration': {
    DestinationConfig: 'AWS::Serverless::Function.EventInvokeDestinationConfiguration',
    MaximumEventAgeInSeconds: '',
    MaximumRetryAttempts: '',
  },
  'AWS::Serverless::Function.EventInvokeDestinationConfiguration': {
    OnFailure: 'AWS::Serverless::Function.OnFailure',
    OnSuccess: 'AWS::Serverless::Function.OnSuccess',
  },
  'AWS::Serverless::Function.OnFailure': { Destination: '', Type: '' },
  'AWS::Serverless::Function.OnSuccess': { Destination: '', Type: '' },
};

/** Properties the catalogue reads are never unknown, whatever the specification version says. */
const CATALOGUE_READS: PropertyShapes = { CapacityProviderConfig: '', DurableConfig: '', TenancyConfig: '' };

const RESOURCES: Record<string, PropertyShapes> = {
  ...(spec.resources as Record<string, PropertyShapes>),
  'AWS::Lambda::Function': { ...CATALOGUE_READS, ...LAMBDA },
  'AWS::Serverless::Function': SAM_FUNCTION,
  'AWS::Serverless::StateMachine': SAM_STATE_MACHINE,
};
const TYPES: Record<string, PropertyShapes> = { ...(spec.types as Record<string, PropertyShapes>), ...SAM_TYPES };

/** Where the CloudFormation names come from (`@aws-cdk/aws-service-spec@x.y.z`). */
export const RESOURCE_SPEC_SOURCE: string = spec.source;

/** The governed resource types (CloudFormation and SAM). */
export const GOVERNED_RESOURCE_TYPES: readonly string[] = Object.keys(RESOURCES).sort();

/** Property shapes of a governed resource type, undefined for a type ldlint does not govern. */
export function resourceProperties(type: string): PropertyShapes | undefined {
  return Object.hasOwn(RESOURCES, type) ? RESOURCES[type] : undefined;
}

/** Property shapes of a property type named in a shape. */
export function propertyType(name: string): PropertyShapes | undefined {
  return Object.hasOwn(TYPES, name) ? TYPES[name] : undefined;
}

/** A shape without its outermost collection suffix: `X[]` -> {kind: 'list', of: 'X'}. */
export function unwrapShape(shape: Shape): { kind: 'plain' | 'type' | 'list' | 'map'; of: Shape } {
  if (shape === '') return { kind: 'plain', of: '' };
  if (shape.endsWith('[]')) return { kind: 'list', of: shape.slice(0, -2) };
  if (shape.endsWith('{}')) return { kind: 'map', of: shape.slice(0, -2) };
  return { kind: 'type', of: shape };
}
