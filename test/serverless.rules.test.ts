import { testRule } from './support/rule-tester.js';

/**
 * Serverless Framework fixtures of every check: `fixtures/<id>/{valid,invalid}/sls-<scenario>/serverless.yml`.
 * Findings name the function by its key under `functions:` (state machines by their key under
 * `stepFunctions.stateMachines`), and point at the serverless.yml text the setting comes from
 * (or at the function's key when it is not set).
 */
const sls = ['sls'];
const options = (id: string, o: Record<string, unknown>, severity: 'error' | 'warning' | 'info' = 'error') => ({ rules: { [id]: { severity, options: o } } });

testRule('BR-LD-1/dedicated-tenancy-vpc', {
  flavours: sls,
  invalid: {
    // report opts out of the provider VPC with `vpc: false`.
    'sls-dedicated-vpc': [{ resource: 'intake', line: 9, column: 9, message: /subnet SubnetA, subnet SubnetB and security group AppSecurityGroup in VPC DedicatedVpc, which has `InstanceTenancy: dedicated`/ }],
  },
});

testRule('BR-LD-1/exception-controls', {
  flavours: sls,
  invalid: {
    'sls-missing-controls': [
      { resource: 'intake', line: 16, column: 3, message: /ISSO-2041\) does not set `kmsKeyArn`/, help: /or as `provider\.kmsKeyArn` for all functions$/ },
      { resource: 'intake', line: 16, column: 3, message: /is not attached to a VPC/ },
      { resource: 'intake', line: 16, column: 3, message: /writes to log group IntakeLogGroup, which does not set `KmsKeyId`$/, help: /^Set `KmsKeyId` to a customer-managed KMS key on the log group, overridden under `resources\.Resources`$/ },
      { resource: 'partial', line: 18, column: 3, message: /writes to log group PartialLogGroup, which does not set `KmsKeyId`/ },
    ],
  },
});

testRule('BR-LD-1/multiple-vpcs', {
  flavours: sls,
  invalid: {
    // report's own security group is in the provider subnets' VPC: one VPC.
    'sls-two-vpcs': [{ resource: 'intake', line: 7, column: 9, message: /subnet SubnetInA in VPC VpcA; security group GroupInB in VPC VpcB/ }],
  },
});

testRule('BR-LD-1/sensitive-data-access', {
  flavours: sls,
  invalid: {
    // report runs under its own role (ReportRole), which grants nothing on the table.
    'sls-role-statements': [{ resource: 'intake', line: 12, column: 21, message: /reaches sensitive data store ClaimsTable \(tag DataClassification=PHI\) through its role; it carries no ISSO exception$/, help: /^Remove the access \(IamRoleLambdaExecution/ }],
    'sls-events': [
      { resource: 'consumer', line: 12, column: 16, message: /IntakeQueue \(tag PII=true\) through its role and event source/, help: /AWS::Lambda::EventSourceMapping ConsumerEventSourceMappingSQSIntakeQueue\), or record the ISSO approval in `custom\.ldlint\.exceptions\.consumer`$/ },
      { resource: 'uploader', line: 18, column: 19, message: /DocumentsBucket \(tag Sensitivity=restricted\) through its role/, help: /^Remove the access \(UploaderIamRoleLambdaExecution/ },
    ],
  },
});

testRule('BR-LD-1/sensitive-data-classification', {
  flavours: sls,
  invalid: {
    // report's own tag replaces the provider's DataClassification.
    'sls-tags': [{ resource: 'intake', line: 6, column: 25, message: /classified sensitive by tag DataClassification=Internal,PHI and carries no ISSO exception/ }],
    'sls-stack-tags': [{ resource: 'intake', line: 6, column: 18, message: /tag Sensitivity=restricted/ }],
    'sls-expired-exception': [{ resource: 'intake', line: 7, column: 18, message: /ISSO exception ISSO-1999 expired on 2025-01-31/ }],
  },
});

testRule('BR-LD-1/sensitive-env-vars', {
  flavours: sls,
  invalid: {
    'sls-plaintext': [
      // The secret's text is in custom.dbPassword, which provider.environment refers to.
      { resource: 'intake', line: 3, column: 15, message: /environment variable DB_PASSWORD to a plaintext literal \(value redacted\)/ },
      { resource: 'intake', line: 13, column: 7, message: /PATIENT_DOB whose name suggests PII\/PHI/ },
      { resource: 'intake', line: 14, column: 15, message: /SAMPLE to a literal that contains a Social Security number/ },
    ],
  },
});

const loggingLayer = options('BR-LD-2/common-logging-layer', { approvedLayers: ['arn:aws:lambda:*:*:layer:cms-logging:*'] }, 'info');
testRule('BR-LD-2/common-logging-layer', {
  flavours: sls,
  valid: { 'sls-provider-layer': loggingLayer },
  invalid: {
    // report's layers replace the provider's, the approved one included.
    'sls-no-layer': { options: loggingLayer, findings: [{ resource: 'report', line: 12, column: 5 }] },
  },
});

testRule('BR-LD-2/execution-role-logging', {
  flavours: sls,
  invalid: {
    'sls-custom-role': [{ resource: 'intake', line: 8, column: 11, message: /its role IntakeRole does not allow logs:PutLogEvents on its log group "\/aws\/lambda\/claims-dev-intake", so it writes no logs$/ }],
    // The framework denies log writes to a canonically named function with disableLogs.
    'sls-disable-logs': [{ resource: 'quiet', line: 10, column: 18, message: /IamRoleLambdaExecution denies logs:PutLogEvents on its implicit log group "\/aws\/lambda\/claims-dev-quiet"/ }],
  },
});

testRule('BR-LD-2/log-forwarding', {
  flavours: sls,
  invalid: {
    // custom.logSubscription does nothing without serverless-plugin-log-subscription.
    'sls-plugin-not-installed': [{ resource: 'intake', line: 10, column: 3, message: /its log group "\/aws\/lambda\/claims-dev-intake" is not forwarded/, help: /with `custom\.logSubscription` \(serverless-plugin-log-subscription\), or add an approved forwarding layer to `layers`/ }],
    // The plugin is off by default: only the function that enables it is forwarded.
    'sls-disabled-function': [{ resource: 'report', line: 14, column: 3 }],
  },
});

testRule('BR-LD-2/log-retention', {
  flavours: sls,
  invalid: {
    'sls-no-retention': [
      { resource: 'intake', line: 6, column: 3, message: /its log group "\/aws\/lambda\/claims-dev-intake" does not set `logRetentionInDays`, so CloudWatch keeps its logs forever$/, help: /^Set `logRetentionInDays: <days>` \(a bounded number of days\) on the function or as `provider\.logRetentionInDays` for all functions$/ },
      { resource: 'quiet', line: 8, column: 3, message: /its implicit log group "\/aws\/lambda\/claims-dev-quiet" is not managed in the project/ },
    ],
  },
});

const budget = options('BR-LD-3/cost-ceiling', { budget: { maxHourlyUsdPerFunction: 2 } });
testRule('BR-LD-3/cost-ceiling', {
  flavours: sls,
  valid: { 'sls-within-budget': options('BR-LD-3/cost-ceiling', { budget: { maxHourlyUsdPerFunction: 1, maxHourlyUsdPerProject: 1 } }) },
  invalid: {
    'sls-over-budget': {
      options: budget,
      findings: [
        { resource: 'intake', line: 9, column: 26, message: /100 x 2 GB x 3600 s x \$0\.0000166667 = \$12\.00\/h, above the budget of \$2\.00\/h per function$/, help: /^Lower `reservedConcurrency`, `memorySize` or `provisionedConcurrency`, or use `architecture: arm64`/ },
        { resource: 'unbounded', line: 14, column: 3, message: /does not set `reservedConcurrency`, so its worst-case spend is unbounded/ },
      ],
    },
  },
});

testRule('BR-LD-3/memory', {
  flavours: sls,
  invalid: {
    'sls-memory': [
      { resource: 'intake', line: 6, column: 3, message: /does not set `memorySize`, so the default of 1024 MB applies$/, help: /^Set `memorySize: <MB>` \(128 to 10240\) on the function or as `provider\.memorySize` for all functions$/ },
      { resource: 'big', line: 10, column: 17, message: /`memorySize` 20480, which is invalid/ },
    ],
  },
});

testRule('BR-LD-3/provisioned-concurrency', {
  flavours: sls,
  invalid: {
    'sls-provisioned': [{ resource: 'intake', line: 9, column: 29, message: /provisioned concurrency 5 .*IntakeProvConcLambdaAlias.* \$54\.75\/month$/, help: /^Remove `provisionedConcurrency`/ }],
  },
});

testRule('BR-LD-3/reserved-concurrency', {
  flavours: sls,
  invalid: {
    'sls-reserved': [
      { resource: 'intake', line: 6, column: 3, message: /does not set `reservedConcurrency`/, help: /^Set `reservedConcurrency: <n>`, the most parallel executions the budget allows, on the function$/ },
      { resource: 'disabled', line: 10, column: 26, severity: 'info', message: /`reservedConcurrency` 0, so every invocation is throttled/ },
    ],
  },
});

testRule('BR-LD-3/timeout', {
  flavours: sls,
  invalid: {
    'sls-timeout': [
      { resource: 'intake', line: 6, column: 3, message: /does not set `timeout`, so the default of 6 s applies$/, help: /^Set `timeout: <seconds>` \(at most 900\) on the function or as `provider\.timeout` for all functions$/ },
      { resource: 'slow', line: 10, column: 14, message: /`timeout` 1200, which is invalid/ },
    ],
  },
});

testRule('BR-LD-3/vpc-capacity', {
  flavours: sls,
  invalid: {
    'sls-one-subnet': [
      // A single subnet id where the framework expects a list.
      { resource: 'intake', line: 7, column: 5, message: /lists 1 subnet in `vpc\.subnetIds` \("subnet-0123456789abcdef0"\), fewer than the minimum of 2/ },
      { resource: 'zoned', line: 14, column: 7, message: /subnets SubnetA and SubnetB that are all in Availability Zone us-east-1a/ },
    ],
  },
});

testRule('BR-LD-4/ephemeral-storage', {
  flavours: sls,
  invalid: {
    'sls-large-tmp': [{ resource: 'intake', line: 8, column: 27, message: /`ephemeralStorageSize` 4096 MB, above the maximum of 512 MB/, help: /^Lower it to `ephemeralStorageSize: 512`/ }],
  },
});

testRule('BR-LD-4/tmp-persistence', {
  flavours: sls,
  invalid: {
    'sls-tmp-paths': [
      { resource: 'intake', line: 6, column: 14, message: /sets DB_PATH, a persistent data location by its name, to "\/tmp\/claims\.db"/ },
      { resource: 'report', line: 6, column: 14, message: /sets DB_PATH/ },
      { resource: 'intake', line: 11, column: 21, message: /sets DATABASE_URL to "sqlite:\/\/\/tmp\/intake\.sqlite"/ },
    ],
  },
});

testRule('BR-LD-5/durable-functions', {
  flavours: sls,
  invalid: {
    // resources.extensions adds DurableConfig to the generated function.
    'sls-extension': [{ resource: 'orchestrator', line: 14, column: 9, message: /sets `durableConfig`/, help: /^Remove `durableConfig` and move the workflow to a state machine \(`stepFunctions\.stateMachines` \(serverless-step-functions\)\)/ }],
  },
});

testRule('BR-LD-5/step-functions', {
  flavours: sls,
  invalid: {
    'sls-state-machine': [{ resource: 'claimFlow', line: 14, column: 5, message: /State machine claimFlow keeps workflow state for Lambda functions: it invokes validate-claim and store$/ }],
  },
});

testRule('RP-LD-1/function-quantity', {
  flavours: sls,
  invalid: {
    'sls-many': [{ resource: null, line: 1, column: 1, message: /The project defines 26 functions, more than the maximum of 25/ }],
  },
});

testRule('RP-LD-1/lambda-chaining', {
  flavours: sls,
  invalid: {
    // A destination naming a function of the service: the framework also grants lambda:InvokeFunction, "invokes" says it all.
    'sls-destinations': [{ resource: 'intake', line: 9, column: 18, message: /^function intake invokes notify \(async destination destinations\.onSuccess\)\.$/ }],
    'sls-invoke-statement': [{ resource: 'intake', line: 13, column: 19, message: /^function intake may invoke score \(its role allows lambda:InvokeFunction on it; environment variable SCORER names it\)\.$/ }],
  },
});

testRule('RP-LD-1/long-running', {
  flavours: sls,
  invalid: {
    'sls-long': [{ resource: 'batch', line: 5, column: 12, message: /`timeout` 720 s, at or above the long-running threshold of 600 s$/ }],
  },
});

testRule('RP-LD-1/workflow-complexity', {
  flavours: sls,
  invalid: {
    'sls-many-states': [{ resource: 'bigFlow', line: 13, column: 7, message: /State machine bigFlow has 11 states, more than the maximum of 10/ }],
  },
});

testRule('ldlint/unknown-property', {
  flavours: sls,
  invalid: {
    // Misspelt function keys (catalogue: "a key of a Serverless function is not in the resource specification").
    'sls-function-key': [
      { resource: 'intake', line: 10, column: 5, message: /^Serverless function intake: "reservedConcurency" is not a function key of the Serverless Framework or of a listed plugin; did you mean "reservedConcurrency"\?$/ },
      { resource: 'intake', line: 11, column: 5, message: /timout.*timeout/ },
    ],
    // warmup and esbuild belong to listed plugins; iamRoleStatements to one that is not listed.
    'sls-plugin-keys': [
      { resource: 'intake', line: 16, column: 5, severity: 'warning', message: /^Serverless function intake: "iamRoleStatements" is a key of plugin serverless-iam-roles-per-function, which is not under plugins, so it has no effect\.$/ },
      { resource: 'intake', line: 20, column: 5, severity: 'warning', message: /"timout" .*did you mean "timeout"\?$/ },
    ],
    'sls-unknown-plugin': [
      { resource: 'intake', line: 12, column: 5, severity: 'info', message: /^Serverless function intake: "costCenter" is not a function key ldlint knows; it may be defined by plugins \.\/plugins\/cost-tags and serverless-company-conventions\.$/ },
    ],
    'sls-raw-resource': [{ resource: 'LegacyFunction', line: 18, column: 9, message: /"ReservedConcurrency" is not a property of AWS::Lambda::Function$/, help: /^Did you mean "ReservedConcurrentExecutions"\?/ }],
  },
});
