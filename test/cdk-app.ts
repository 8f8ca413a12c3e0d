/**
 * The CDK app the plugin tests synthesize in process (no credentials, no network): a compliant and
 * a non-compliant function, a function CDK generates (bucket notifications), a nested stack and a
 * stage. Not a test file itself (shared by test/cdk*.test.ts).
 */
import { App, Duration, NestedStack, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';

const code = lambda.Code.fromInline('exports.handler = async () => ({ ok: true });');
const runtime = lambda.Runtime.NODEJS_22_X;

/** A function that passes every check: bounded cost, managed and forwarded logs. */
export function compliantFunction(scope: Construct, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  new logs.CfnSubscriptionFilter(scope, `${id}LogsForwarding`, {
    logGroupName: logGroup.logGroupName,
    filterPattern: '',
    destinationArn: 'arn:aws:logs:us-east-1:111122223333:destination:cms-enterprise-logging',
  });
  return new lambda.Function(scope, id, {
    runtime,
    handler: 'index.handler',
    code,
    timeout: Duration.seconds(30),
    memorySize: 256,
    reservedConcurrentExecutions: 5,
    logGroup,
    ...props,
  });
}

export interface TestApp {
  app: App;
  service: Stack;
  good: lambda.Function;
  bad: lambda.Function;
  workers: NestedStack;
  worker: lambda.Function;
  prod: Stage;
  api: Stack;
}

/** Builds (does not synthesize) the app; `outdir` is where synthesis writes the cloud assembly. */
export function buildTestApp(outdir: string): TestApp {
  const app = new App({
    outdir,
    // CDK's own CloudFormation validation takes ~15 s and is not what these tests are about.
    builtinCloudFormationValidation: false,
    // Let synthesis finish with failing reports so that the tests can read them.
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const service = new Stack(app, 'Service');
  const good = compliantFunction(service, 'Good');
  // No timeout, memory, reserved concurrency or managed log group; data under /tmp.
  const bad = new lambda.Function(service, 'Bad', { runtime, handler: 'index.handler', code, environment: { DB_PATH: '/tmp/app.db' } });
  // CDK generates BucketNotificationsHandler... for this.
  const uploads = new s3.Bucket(service, 'Uploads');
  uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(good));
  const workers = new NestedStack(service, 'Workers');
  const worker = new lambda.Function(workers, 'Worker', { runtime, handler: 'index.handler', code, timeout: Duration.seconds(30) });
  // An ldlint suppression written into the template: honoured by the CLI and by both plugins.
  (worker.node.defaultChild as lambda.CfnFunction).addMetadata('ldlint', { suppress: [{ id: 'BR-LD-2/log-retention', reason: 'Retention is set by the platform team.' }] });
  const prod = new Stage(app, 'Prod');
  const api = new Stack(prod, 'Api');
  compliantFunction(api, 'ApiFn', { timeout: Duration.minutes(12) });
  return { app, service, good, bad, workers, worker, prod, api };
}
