import type { Loc, SMap, SNode, SourceFile, ParseIssue } from '../parse/index.js';
import type { Evaluator } from './evaluate.js';
import type { Value, VUnknown } from './value.js';
import type { CodeProblem, FunctionCode } from './code/types.js';

export type Flavour = 'cloudformation' | 'sam' | 'serverless' | 'cdk' | 'terraform';

/** A CloudFormation resource: written in a template, or generated from SAM / Serverless syntax. */
export interface Resource {
  logicalId: string;
  type: string;
  /** The key of the resource (or, for generated ones, of what generated it): absent properties report here. */
  keyLoc: Loc;
  /** Properties in AWS::* form (a generated resource's nodes point at the syntax that produced them). */
  properties: SMap | undefined;
  metadata: SNode | undefined;
  condition?: string;
  /** Logical id of the SAM / Serverless resource this one was generated from. */
  generatedFrom?: string;
  /**
   * A resource the framework adds on its own, from nothing the user wrote as it (the Serverless
   * Framework's custom-resource functions): the user cannot configure it.
   */
  byFramework?: true;
  /** The type as written, when the resource was generated (`AWS::Serverless::Function`). */
  sourceType?: string;
  /**
   * For a resource generated from a SAM resource: the `Properties` of that SAM resource as written
   * (before Globals and expansion), e.g. to check property names against the SAM specification.
   */
  sourceProperties?: SMap;
  template: Template;
  /**
   * Set when the resource is in the project but what it is cannot be read: its whole definition
   * is an unknown value (a Serverless `${file()}` that cannot be read, an intrinsic function) or
   * its Type is (`!Rain::Module`). A check that reaches it reports `ldlint/unverifiable`.
   */
  definitionUnknown?: VUnknown;
  /**
   * Terraform `aws_lambda_function`: the local code its `filename` archive is built from (the
   * `source_dir` / `source_file` of the `data "archive_file"` whose `output_path` it is), absolute.
   */
  codeSource?: { dir?: string; file?: string; loc: Loc };
  /** Evaluates a property path such as `VpcConfig.SubnetIds`. */
  get(path: string): Value;
}

export interface Template {
  file: SourceFile;
  flavour: Flavour;
  root: SMap;
  /** The root as written, before SAM expansion (SAM templates only; `root` is the expanded form). */
  sourceRoot?: SMap;
  resources: Map<string, Resource>;
  evaluator: Evaluator;
  /** Parse warnings (duplicate keys) and problems met while building the model. */
  issues: ParseIssue[];
  /** CDK construct path per logical id, when known. */
  constructPaths?: Map<string, string>;
  /** Every file the template was read from, when it is more than `file` (a Terraform module's files). */
  files?: SourceFile[];
}

export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: Value[];
  notActions: boolean;
  resources: Value[];
  notResources: boolean;
  loc: Loc;
  /** Where the statement comes from: `Role.Policies[0]`, `AWS::IAM::Policy MyPolicy`, `SAM policy template DynamoDBCrudPolicy`. */
  origin: string;
}

export interface Role {
  /** The role resource when it is in the project; undefined for an external role. */
  resource: Resource | undefined;
  managedPolicyArns: Value[];
  statements: Statement[];
}

export interface LogGroupBinding {
  /** The explicit AWS::Logs::LogGroup that matches, if any. */
  resource: Resource | undefined;
  /** The group's name as the function will use it. */
  name: Value;
  /** true when the name comes from LoggingConfig.LogGroup */
  configured: boolean;
}

export interface EventSource {
  kind: string;
  /** ARN / Ref of the source (queue, stream, table, bucket, topic...). */
  source: Value;
  loc: Loc;
  origin: string;
}

export interface ProvisionedConcurrency {
  value: Value;
  /** The alias or version resource that carries it. */
  on: Resource;
}

export interface Destination {
  target: Value;
  loc: Loc;
  origin: string;
}

export interface LambdaFunction {
  /** What findings name: logical id, or the Serverless function key. */
  name: string;
  resource: Resource;
  flavour: Flavour;
  /** FunctionName as set (absent when CloudFormation generates one). */
  functionName: Value;
  /** Platform defaults for arithmetic when a property is absent. */
  defaults: { Timeout: number; MemorySize: number };
  /** Effective tags: the function's own and those it inherits (stack tags). */
  tags: { key: string; keyLoc: Loc; value: Value; inherited: boolean }[];
  /** Stack-level tags CloudFormation passes on (Serverless provider.stackTags). */
  stackTags: { key: string; keyLoc: Loc; value: Value }[];
  /** `Metadata.ldlint` of the function (or its Serverless equivalent). */
  ldlintMetadata: SNode | undefined;
  role: Role | undefined;
  roleValue: Value;
  eventSources: EventSource[];
  destinations: Destination[];
  provisioned: ProvisionedConcurrency[];
  /** Extra locations of generated resources (Serverless / CDK construct path). */
  constructPath?: string;
  /** Generated by a framework itself (CDK's log retention function, Serverless custom resources): linted only with `settings.includeGeneratedFunctions`. */
  generated?: boolean;
  /** The function's own code, when the locator found it (never with `--no-code` or for images). */
  code?: FunctionCode;
  /** Why the code could not be read, when the function has a runtime and its code was looked for. */
  codeProblem?: CodeProblem;
  get(path: string): Value;
}

export type DataStoreKind = 'dynamodb' | 's3' | 'rds' | 'sqs' | 'kinesis' | 'sns' | 'efs';

export interface DataStore {
  kind: DataStoreKind;
  resource: Resource;
  /** Literal physical name when the template sets one (TableName, BucketName, QueueName, ...). */
  physicalName: Value;
  /** IAM service prefix(es) whose actions reach the store. */
  services: string[];
}

export interface StateMachine {
  name: string;
  resource: Resource;
  /** The parsed definition, when it can be read (Definition, DefinitionString, DefinitionUri). */
  definition: SNode | undefined;
  /** Why the definition could not be read. */
  definitionUnknown?: { reason: string; loc: Loc };
  /** Where the definition sits (for reporting complexity). */
  definitionLoc: Loc;
  /** Substitutions from DefinitionSubstitutions. */
  substitutions: Map<string, Value>;
}

/** One project: the templates linted together and everything the checks ask of them. */
export interface Project {
  templates: Template[];
  functions: LambdaFunction[];
  resources: Resource[];
  stateMachines: StateMachine[];
  dataStores: DataStore[];
  /** All resources of a CloudFormation type, across templates. */
  ofType(type: string): Resource[];
  /** The resource a `ref` value points at (in the value's template). */
  deref(value: Value): Resource | undefined;
  /** Resources whose properties reference the target (Ref, GetAtt, Sub, Join). */
  referrers(target: Resource): { from: Resource; path: string; loc: Loc }[];
  functionOf(resource: Resource): LambdaFunction | undefined;
  logGroupOf(fn: LambdaFunction): LogGroupBinding;
}
