/**
 * Logical ids the Serverless Framework generates (lib/plugins/aws/lib/naming.js of serverless v3 /
 * osls v4), so that raw CloudFormation in `resources` that refers to them resolves.
 */

const upperFirst = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** `hello-world` -> `HelloDashworld`, `get_user` -> `GetUnderscoreuser`. */
export function normalizedName(name: string): string {
  return upperFirst(name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore'));
}

/** `my-queue.fifo` -> `Myqueuefifo` (used for event resources named after their source). */
export function alphaNumeric(name: string): string {
  return upperFirst(name.replace(/[^0-9A-Za-z]/g, ''));
}

export const naming = {
  lambda: (fn: string) => `${normalizedName(fn)}LambdaFunction`,
  logGroup: (fn: string) => `${normalizedName(fn)}LogGroup`,
  role: () => 'IamRoleLambdaExecution',
  /** serverless-iam-roles-per-function */
  functionRole: (fn: string) => `${normalizedName(fn)}IamRoleLambdaExecution`,
  version: (fn: string) => `${normalizedName(fn)}LambdaVersion`,
  provisionedAlias: (fn: string) => `${normalizedName(fn)}ProvConcLambdaAlias`,
  eventInvokeConfig: (fn: string) => `${normalizedName(fn)}LambdaEvConf`,
  layer: (layer: string) => `${normalizedName(layer)}LambdaLayer`,
  sqs: (fn: string, queue: string) => `${normalizedName(fn)}EventSourceMappingSQS${alphaNumeric(queue)}`,
  stream: (fn: string, type: string, stream: string) => `${normalizedName(fn)}EventSourceMapping${upperFirst(type)}${alphaNumeric(stream)}`,
  msk: (fn: string, cluster: string) => `${normalizedName(fn)}EventSourceMappingMSK${alphaNumeric(cluster)}`,
  mq: (fn: string, kind: string, broker: string) => `${normalizedName(fn)}EventSourceMapping${kind}${alphaNumeric(broker)}`,
  bucket: (bucket: string) => `S3Bucket${alphaNumeric(bucket)}`,
  s3Permission: (fn: string, bucket: string) => `${normalizedName(fn)}LambdaPermission${alphaNumeric(bucket)}S3`,
  topic: (topic: string) => `SNSTopic${alphaNumeric(topic)}`,
  snsSubscription: (fn: string, topic: string) => `${normalizedName(fn)}SnsSubscription${alphaNumeric(topic)}`,
  snsPermission: (fn: string, topic: string) => `${normalizedName(fn)}LambdaPermission${alphaNumeric(topic)}SNS`,
  schedule: (fn: string, n: number) => `${normalizedName(fn)}EventsRuleSchedule${n}`,
  schedulePermission: (fn: string, n: number) => `${normalizedName(fn)}LambdaPermissionEventsRuleSchedule${n}`,
  cloudWatchEvent: (fn: string, n: number) => `${normalizedName(fn)}EventsRuleCloudWatchEvent${n}`,
  cloudWatchEventPermission: (fn: string, n: number) => `${normalizedName(fn)}LambdaPermissionEventsRuleCloudWatchEvent${n}`,
  eventBridgeRule: (fn: string, n: number) => `${normalizedName(fn)}EventBridgeRule${n}`,
  eventBridgePermission: (fn: string, n: number) => `${normalizedName(fn)}EventBridgeLambdaPermission${n}`,
  cloudWatchLog: (fn: string, n: number) => `${normalizedName(fn)}LogsSubscriptionFilterCloudWatchLog${n}`,
  cloudWatchLogPermission: (fn: string) => `${normalizedName(fn)}LambdaPermissionLogsSubscriptionFilterCloudWatchLog`,
  restApi: () => 'ApiGatewayRestApi',
  apiGatewayPermission: (fn: string) => `${normalizedName(fn)}LambdaPermissionApiGateway`,
  httpApi: () => 'HttpApi',
  httpApiPermission: (fn: string) => `${normalizedName(fn)}LambdaPermissionHttpApi`,
  albPermission: (fn: string) => `${normalizedName(fn)}LambdaPermissionAlb`,
  /** serverless-plugin-log-subscription */
  subscriptionFilter: (fn: string, suffix = '') => `${normalizedName(fn)}SubscriptionFilter${suffix}`,
  /** serverless-step-functions: `id` or `name` when given, else the key. */
  stateMachine: (key: string, custom?: string) => (custom ? normalizedName(custom) : `${normalizedName(key)}StepFunctionsStateMachine`),
};
