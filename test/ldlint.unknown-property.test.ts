import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsOf, lintFile, lintText, ROOT } from './support/lint.js';
import { testRule } from './support/rule-tester.js';
import { suggest } from '../rules/ldlint/unknown-property.js';
import { resourceProperties } from '../src/engine/resource-spec.js';

const ID = 'ldlint/unknown-property';

testRule('ldlint/unknown-property', {
  invalid: {
    'cfn-misspelt.yaml': [
      { resource: 'ClaimsIntake', line: 12, column: 7, message: /^AWS::Lambda::Function ClaimsIntake: "ReservedConcurrency" is not a property of AWS::Lambda::Function$/, help: /^Did you mean "ReservedConcurrentExecutions"\? Rename it \(names are case-sensitive, as in the CloudFormation resource specification \(@aws-cdk\/aws-service-spec@[\d.]+\)\), or remove it$/ },
      { resource: 'ClaimsIntake', line: 14, column: 9, message: /"SubnetId" at VpcConfig is not a property of AWS::Lambda::Function\.VpcConfig/, help: /Did you mean "SubnetIds"\?/ },
      { resource: 'ClaimsIntake', line: 18, column: 9, message: /"Variable" at Environment is not a property of AWS::Lambda::Function\.Environment/, help: /Did you mean "Variables"\?/ },
      { resource: 'ClaimsLive', line: 29, column: 9, message: /^AWS::Lambda::Alias ClaimsLive: "ProvisionedConcurrentExecution" /, help: /Did you mean "ProvisionedConcurrentExecutions"\?/ },
      { resource: 'ClaimsLogs', line: 34, column: 7, message: /^AWS::Logs::LogGroup ClaimsLogs: "RetentionInDay" /, help: /Did you mean "RetentionInDays"\?/ },
    ],
    'cfn-nested.json': [
      // Fn::If at the property-map level: each branch is checked.
      { resource: 'Worker', line: 16, column: 71, message: /"Sizes" at EphemeralStorage is not a property of AWS::Lambda::Function\.EphemeralStorage/, help: /Did you mean "Size"\?/ },
      { resource: 'WorkerInvokeConfig', line: 27, column: 26, message: /"Destinaton" at DestinationConfig\.OnFailure is not a property of AWS::Lambda::EventInvokeConfig\.OnFailure/, help: /Did you mean "Destination"\?/ },
      { resource: 'Pipeline', line: 39, column: 43, message: /"LogGroupARN" at LoggingConfiguration\.Destinations\[0\]\.CloudWatchLogsLogGroup /, help: /Did you mean "LogGroupArn"\?/ },
    ],
    'sam-globals.yaml': [
      { resource: null, line: 6, column: 5, message: /^Globals\.Function: "MemorySizeMb" is not a property of AWS::Serverless::Function$/, help: /^Did you mean "MemorySize"\? Rename it \(names are case-sensitive, as in the AWS SAM specification\), or remove it$/ },
      { resource: 'Intake', line: 14, column: 7, message: /^AWS::Serverless::Function Intake: "TracingConfig" /, help: /Did you mean "Tracing"\?/ },
      { resource: 'Intake', line: 16, column: 7, message: /"DeadLetterConfig" /, help: /Did you mean "DeadLetterQueue"\?/ },
      { resource: 'Intake', line: 25, column: 13, message: /"Destinaton" at EventInvokeConfig\.DestinationConfig\.OnSuccess /, help: /Did you mean "Destination"\?/ },
      { resource: 'Flow', line: 31, column: 9, message: /^AWS::Serverless::StateMachine Flow: "Enable" /, help: /Did you mean "Enabled"\?/ },
    ],
  },
});

describe('ldlint/unknown-property edge cases', () => {
  const fn = (props: string) =>
    `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.b\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n${props}`;

  it('gives the finding a stable path and warning severity', () => {
    const out = lintText('t.yaml', fn('      MemorySizeMB: 512\n'));
    expect(findingsOf(out, ID).map((f) => [f.line, f.column, f.severity, f.path, f.resourceType])).toEqual([[9, 7, 'warning', 'MemorySizeMB', 'AWS::Lambda::Function']]);
  });

  it('skips intrinsic functions other than Fn::If where a property map is expected', () => {
    const out = lintText('t.yaml', `Parameters:\n  V: {Type: String}\n${fn('      VpcConfig: !ImportValue shared-vpc-config\n      Environment: !If [NoSuch, !Ref AWS::NoValue, {Variables: {A: b}}]\n      FileSystemConfigs:\n        - !Ref V\n        - {Arn: x, LocalMountPth: /mnt/x}\n')}`);
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.path}`)).toEqual(['15:20 FileSystemConfigs[1].LocalMountPth']);
  });

  it('reads nothing under a tag it does not know: the value is unknown, and a check that needs it says so', () => {
    const out = lintFile('fixtures/ldlint/unknown-property/valid/cfn-unknown-tag.yaml');
    expect(findingsOf(out, ID)).toEqual([]);
    expect(findingsOf(out, 'ldlint/unverifiable').filter((f) => /^BR-LD-3\/(timeout|vpc-capacity):/.test(f.message)).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      '19:16 BR-LD-3/timeout: `Timeout` cannot be verified: !Rain::Embed is a YAML tag ldlint does not know (a tool rewrites it before deployment).',
      '22:30 BR-LD-3/vpc-capacity: `VpcConfig.SubnetIds` cannot be verified: !Rain::Subnets is a YAML tag ldlint does not know (a tool rewrites it before deployment).',
    ]);
    expect(findingsOf(out, 'BR-LD-3/timeout')).toEqual([]);
  });

  it('checks each branch of Fn::If around the whole Properties map', () => {
    const out = lintText('t.yaml', `Conditions:\n  C: !Equals [a, b]\nResources:\n  F:\n    Type: AWS::Logs::LogGroup\n    Properties: !If\n      - C\n      - {RetentionInDays: 7}\n      - {Retention: 7}\n`);
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.resource} ${f.path}`)).toEqual(['9:10 F Retention']);
  });

  it('ignores resource types it does not govern and the resources SAM generates', () => {
    const out = lintText('t.yaml', `Transform: AWS::Serverless-2016-10-31\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {VisibilityTimeoutSecs: 3}\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n      Runtime: python3.12\n      CodeUri: s/\n      AutoPublishAlias: live\n      Tracing: Active\n`);
    expect(findingsOf(out, ID)).toEqual([]);
  });

  it('never reports the properties the catalogue reads', () => {
    for (const t of ['AWS::Lambda::Function', 'AWS::Serverless::Function']) {
      for (const p of ['DurableConfig', 'TenancyConfig', 'CapacityProviderConfig', 'ReservedConcurrentExecutions', 'Timeout', 'MemorySize', 'LoggingConfig', 'RecursiveLoop', 'SnapStart', 'RuntimeManagementConfig']) {
        expect(resourceProperties(t), `${t}.${p}`).toHaveProperty(p);
      }
    }
    for (const p of ['AutoPublishAliasAllProperties', 'FunctionUrlConfig', 'PropagateTags', 'VersionDescription', 'Events', 'Policies']) {
      expect(resourceProperties('AWS::Serverless::Function')).toHaveProperty(p);
    }
  });

  it('suggests by prefix, then edit distance, then the longest common prefix', () => {
    const names = Object.keys(resourceProperties('AWS::Lambda::Function')!);
    expect(suggest('ReservedConcurrency', names)).toBe('ReservedConcurrentExecutions');
    expect(suggest('timeout', names)).toBe('Timeout');
    expect(suggest('MemorySizeMb', names)).toBe('MemorySize');
    expect(suggest('Zzz', names)).toBeUndefined();
  });
});

describe('src/engine/resource-spec.json', () => {
  it('is fresh against the installed @aws-cdk/aws-service-spec (run node scripts/gen-resource-spec.mjs)', async () => {
    // @ts-expect-error: a plain ES module without types
    const gen = await import('../scripts/gen-resource-spec.mjs');
    const expected: string = gen.renderResourceSpec(gen.buildResourceSpec());
    const committed = readFileSync(path.join(ROOT, 'src/engine/resource-spec.json'), 'utf8');
    expect(committed).toBe(expected);
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(JSON.parse(committed).source).toBe(`@aws-cdk/aws-service-spec@${lock.packages['node_modules/@aws-cdk/aws-service-spec'].version}`);
  });
});
