// A small CDK app checked by ldlint while it synthesizes (offline: no credentials, no network).
//
//   npm run build                          # ldlint/cdk is served from dist/
//   node examples/cdk-app/app.mjs          # synthesizes to examples/cdk-app/cdk.out
//   npx ldlint examples/cdk-app/cdk.out    # the same checks on the cloud assembly
//   LDLINT_EXAMPLE_BROKEN=1 node examples/cdk-app/app.mjs   # adds a non-compliant function: synthesis fails
//
// Both ldlint plugins are registered; an app needs only one of them:
// - LdlintValidator, a CDK policy-validation plugin (findings by check id, with template lines);
// - LdlintChecks, a cdk-nag NagPack (findings as cdk-nag rules `ldlint-<check id>`).
import { fileURLToPath } from 'node:url';
import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LdlintChecks, LdlintValidator } from 'ldlint/cdk';

/** The enterprise log destination that BR-LD-2 asks every function's logs to be forwarded to. */
const LOG_DESTINATION = 'arn:aws:logs:us-east-1:111122223333:destination:cms-enterprise-logging';

/** A function set up the way the CMS rules ask: bounded cost, managed and forwarded logs. */
function governedFunction(scope, id, props) {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  new logs.CfnSubscriptionFilter(scope, `${id}LogsForwarding`, { logGroupName: logGroup.logGroupName, filterPattern: '', destinationArn: LOG_DESTINATION });
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    timeout: Duration.seconds(10),
    memorySize: 256,
    reservedConcurrentExecutions: 10,
    logGroup,
    ...props,
  });
}

class OrdersStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    governedFunction(this, 'OrdersApi');
    const report = governedFunction(this, 'NightlyReport', { timeout: Duration.minutes(12) });
    // RP-LD-1/long-running warns about a 12-minute timeout: accepted, with the reason on record.
    // Written into the template, this suppression holds for both plugins and for `ldlint cdk.out`.
    // (CDK's own `Validations.of(report).acknowledge({ id: 'ldlint::RP-LD-1/long-running', reason })`
    // works for LdlintValidator, `{ id: 'ldlint-RP-LD-1/long-running', reason }` for LdlintChecks.)
    report.node.defaultChild.addMetadata('ldlint', {
      suppress: [{ id: 'RP-LD-1/long-running', reason: 'Batch report, moving to Step Functions in Q3 (CMS-1234).', expires: '2027-09-30' }],
    });
    if (process.env.LDLINT_EXAMPLE_BROKEN) {
      // No timeout, memory size, reserved concurrency or managed log group.
      new lambda.Function(this, 'Unbounded', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
    }
  }
}

const app = new App({
  outdir: process.env.CDK_OUTDIR ?? fileURLToPath(new URL('./cdk.out', import.meta.url)),
  // CDK's own template validation is slow; it is off to keep the example quick.
  builtinCloudFormationValidation: false,
});
Validations.of(app).addPlugins(new LdlintValidator(), new LdlintChecks(app));
new OrdersStack(app, 'Orders');
app.synth();
console.log(`synthesized ${app.outdir}: ldlint found nothing to report`);
