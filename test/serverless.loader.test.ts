import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import { localReader } from '../src/io/read.js';
import { lintSource, type FileOutcome } from '../src/lint.js';
import { loadSource } from '../src/model/load.js';
import { loadServerless, naming, normalizedName } from '../src/model/serverless/index.js';
import type { Resource } from '../src/model/types.js';
import { toPlain, toRange, type Loc } from '../src/parse/index.js';
import { rules } from '../rules/index.js';
import { findingsOf, lintFile, lintText, type LintOptions } from './support/lint.js';

/** Strips the common indentation of a template literal (YAML in tests). */
function yml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((s, part, i) => s + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

const FILE = 'fixtures/serverless/virtual/serverless.yml';
const load = (text: string, opts?: LintOptions): FileOutcome => lintText(FILE, text, opts);
const resources = (out: FileOutcome): Map<string, Resource> => out.project!.templates[0]!.resources;
const res = (out: FileOutcome, id: string): Resource => {
  const r = resources(out).get(id);
  if (!r) throw new Error(`no resource ${id}; have ${[...resources(out).keys()].join(', ')}`);
  return r;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const props = (out: FileOutcome, id: string): any => toPlain(res(out, id).properties!);
const pos = (loc: Loc): string => {
  const r = toRange(loc);
  return `${r.file}:${r.line}:${r.column}`;
};
const at = (line: number, column: number, file = FILE) => `${file}:${line}:${column}`;
const errors = (out: FileOutcome) => out.findings.filter((f) => f.ruleId === 'ldlint/parse-error');
/** Findings about includes: unreadable ones are unverifiable (info), refused ones an error. */
const includes = (out: FileOutcome) => out.findings.filter((f) => f.ruleId === 'ldlint/include-refused' || (f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('cannot read ${file(')));

describe('provider defaults and function overrides', () => {
  const out = load(yml`
    service: claims
    provider:
      name: aws
      runtime: nodejs20.x
      memorySize: 512
      timeout: 10
      architecture: arm64
      kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/provider
      logRetentionInDays: 30
      tracing:
        lambda: true
    functions:
      plain:
        handler: h.plain
      custom:
        handler: h.custom
        runtime: python3.12
        memorySize: 2048
        timeout: 60
        architecture: x86_64
        kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/own
        logRetentionInDays: 7
        tracing: PassThrough
  `);

  it('applies provider values to a function that sets nothing', () => {
    expect(props(out, 'PlainLambdaFunction')).toMatchObject({
      FunctionName: 'claims-dev-plain', Handler: 'h.plain', Runtime: 'nodejs20.x', MemorySize: 512, Timeout: 10,
      Architectures: ['arm64'], KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/provider', TracingConfig: { Mode: 'Active' },
      Role: { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] },
    });
    expect(props(out, 'PlainLogGroup')).toEqual({ LogGroupName: '/aws/lambda/claims-dev-plain', RetentionInDays: 30 });
  });

  it('lets function values win', () => {
    expect(props(out, 'CustomLambdaFunction')).toMatchObject({
      Runtime: 'python3.12', MemorySize: 2048, Timeout: 60, Architectures: ['x86_64'],
      KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/own', TracingConfig: { Mode: 'PassThrough' },
    });
    expect(props(out, 'CustomLogGroup')).toEqual({ LogGroupName: '/aws/lambda/claims-dev-custom', RetentionInDays: 7 });
  });

  it('points values at the text they come from', () => {
    const plain = res(out, 'PlainLambdaFunction');
    expect(pos(plain.get('Timeout').loc)).toBe(at(6, 12));
    expect(pos(plain.keyLoc)).toBe(at(13, 3));
    expect(pos(res(out, 'CustomLambdaFunction').get('Timeout').loc)).toBe(at(19, 14));
  });

  it('leaves settings nobody made absent (the defaults live on the model)', () => {
    const o = load(yml`
      service: s
      provider:
        name: aws
      functions:
        hello:
          handler: h.hello
    `);
    const p = props(o, 'HelloLambdaFunction');
    for (const k of ['Timeout', 'MemorySize', 'Runtime', 'ReservedConcurrentExecutions', 'VpcConfig', 'Layers', 'Environment', 'Tags', 'TracingConfig', 'KmsKeyArn']) expect(p).not.toHaveProperty(k);
    const fn = o.project!.functions[0]!;
    expect(fn.defaults).toEqual({ Timeout: 6, MemorySize: 1024 });
    expect(fn.get('Timeout')).toMatchObject({ kind: 'absent' });
    expect(pos(fn.get('Timeout').loc)).toBe(at(5, 3));
    expect(props(o, 'HelloLogGroup')).toEqual({ LogGroupName: '/aws/lambda/s-dev-hello' });
    expect(findingsOf(o, 'BR-LD-3/timeout').map((f) => [f.resource, f.line, f.column])).toEqual([['hello', 5, 3]]);
  });

  it('names functions by name when set, and disableLogs removes only the log group', () => {
    const o = load(yml`
      service: s
      provider:
        name: aws
      functions:
        hello:
          handler: h.hello
          name: custom-hello
          disableLogs: true
    `);
    expect(props(o, 'HelloLambdaFunction').FunctionName).toBe('custom-hello');
    expect(resources(o).has('HelloLogGroup')).toBe(false);
    expect(o.project!.logGroupOf(o.project!.functions[0]!).resource).toBeUndefined();
  });
});

describe('VPC', () => {
  const out = load(yml`
    service: s
    provider:
      name: aws
      vpc:
        securityGroupIds: [sg-provider]
        subnetIds: [subnet-a, subnet-b]
    functions:
      inherits:
        handler: h.a
      optOutFalse:
        handler: h.b
        vpc: false
      optOutNull:
        handler: h.c
        vpc: ~
      ownSubnets:
        handler: h.d
        vpc:
          subnetIds: [subnet-c]
      emptyMap:
        handler: h.e
        vpc: {}
  `);

  it('inherits the provider VPC, and false / ~ opt out', () => {
    expect(props(out, 'InheritsLambdaFunction').VpcConfig).toEqual({ SecurityGroupIds: ['sg-provider'], SubnetIds: ['subnet-a', 'subnet-b'] });
    expect(props(out, 'OptOutFalseLambdaFunction')).not.toHaveProperty('VpcConfig');
    expect(props(out, 'OptOutNullLambdaFunction')).not.toHaveProperty('VpcConfig');
    expect(props(out, 'EmptyMapLambdaFunction').VpcConfig).toEqual({ SecurityGroupIds: ['sg-provider'], SubnetIds: ['subnet-a', 'subnet-b'] });
  });

  it('falls back to the provider for subnets and groups separately', () => {
    expect(props(out, 'OwnSubnetsLambdaFunction').VpcConfig).toEqual({ SecurityGroupIds: ['sg-provider'], SubnetIds: ['subnet-c'] });
    const r = res(out, 'OwnSubnetsLambdaFunction');
    expect(pos(r.get('VpcConfig.SubnetIds').loc)).toBe(at(19, 7)); // the key of the function's list
    expect(pos(r.get('VpcConfig.SecurityGroupIds').loc)).toBe(at(5, 5)); // the provider's, where the list is written
  });

  it('writes VpcConfig only when both lists are set', () => {
    const o = load(yml`
      service: s
      provider:
        name: aws
        vpc:
          subnetIds: [subnet-a]
      functions:
        hello:
          handler: h
    `);
    expect(props(o, 'HelloLambdaFunction')).not.toHaveProperty('VpcConfig');
  });

  it('adds the VPC access policy to the shared role', () => {
    expect(props(out, 'IamRoleLambdaExecution').ManagedPolicyArns).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole']] },
    ]);
  });
});

describe('layers, tags, environment, coercion', () => {
  const out = load(yml`
    service: s
    provider:
      name: aws
      layers:
        - arn:aws:lambda:us-east-1:123456789012:layer:provider:1
      tags:
        team: intake
        DataClassification: internal
        cost-center: 1234
      stackTags:
        owner: claims
        Retain: true
      environment:
        STAGE: dev
        RETRIES: 3
        DEBUG: false
    functions:
      inherits:
        handler: h.a
        timeout: '30'
        memorySize: '256'
        reservedConcurrency: '0'
        ephemeralStorageSize: '1024'
      replaces:
        handler: h.b
        layers: arn:aws:lambda:us-east-1:123456789012:layer:own:2
        tags:
          DataClassification: PHI
        environment:
          STAGE: prod
          EXTRA: 1.5
      clears:
        handler: h.c
        layers: []
  `);

  it('replaces provider layers entirely; [] clears them; one value becomes a list', () => {
    expect(props(out, 'InheritsLambdaFunction').Layers).toEqual(['arn:aws:lambda:us-east-1:123456789012:layer:provider:1']);
    expect(props(out, 'ReplacesLambdaFunction').Layers).toEqual(['arn:aws:lambda:us-east-1:123456789012:layer:own:2']);
    expect(props(out, 'ClearsLambdaFunction').Layers).toEqual([]);
  });

  it('merges tags key by key with the function winning, values as strings', () => {
    expect(props(out, 'InheritsLambdaFunction').Tags).toEqual([
      { Key: 'team', Value: 'intake' }, { Key: 'DataClassification', Value: 'internal' }, { Key: 'cost-center', Value: '1234' },
    ]);
    expect(props(out, 'ReplacesLambdaFunction').Tags).toEqual([
      { Key: 'team', Value: 'intake' }, { Key: 'DataClassification', Value: 'PHI' }, { Key: 'cost-center', Value: '1234' },
    ]);
    const phi = res(out, 'ReplacesLambdaFunction').get('Tags.1.Value');
    expect(pos(phi.loc)).toBe(at(28, 27));
  });

  it('keeps stack tags apart (with the framework STAGE tag) and out of the function properties', () => {
    const fn = out.project!.functions[0]!;
    expect(fn.stackTags.map((t) => [t.key, toPlainValue(t.value)])).toEqual([['STAGE', 'dev'], ['owner', 'claims'], ['Retain', 'true']]);
    expect(JSON.stringify(props(out, 'InheritsLambdaFunction'))).not.toContain('owner');
  });

  it('merges environment variables, numbers and booleans as strings', () => {
    expect(props(out, 'InheritsLambdaFunction').Environment).toEqual({ Variables: { STAGE: 'dev', RETRIES: '3', DEBUG: 'false' } });
    expect(props(out, 'ReplacesLambdaFunction').Environment).toEqual({ Variables: { STAGE: 'prod', RETRIES: '3', DEBUG: 'false', EXTRA: '1.5' } });
  });

  it('coerces numeric strings of numeric settings', () => {
    expect(props(out, 'InheritsLambdaFunction')).toMatchObject({ Timeout: 30, MemorySize: 256, ReservedConcurrentExecutions: 0, EphemeralStorage: { Size: 1024 } });
  });
});

function toPlainValue(v: { kind: string; value?: unknown }): unknown {
  return v.kind === 'lit' ? v.value : v.kind;
}

describe('variables', () => {
  const text = yml`
    service: claims
    custom:
      memory:
        dev: 512
        prod: 2048
      tableName: \${self:service}-\${sls:stage}-table
      nested: \${self:custom.memory.\${opt:stage, 'dev'}}
      chain: \${opt:missing, self:custom.absent, 'literal'}
      stops: \${opt:missing, env:NOPE, 'literal'}
      configured: \${self:provider.stage}
      region: \${opt:region, self:provider.region}
      awsRegion: \${aws:region}
      flag: \${strToBool(true)}
      numberFallback: \${opt:memory, 128}
    provider:
      name: aws
      stage: qa
      region: eu-west-1
      environment:
        TABLE: \${self:custom.tableName}
        CONFIGURED: \${self:custom.configured}
        REGION: \${self:custom.region}
        AWS_REGION_NAME: \${self:custom.awsRegion}
        CHAIN: \${self:custom.chain}
        STOPS: \${self:custom.stops}
        FLAG: \${self:custom.flag}
        SECRET_ARN: arn:aws:secretsmanager:\${aws:region}:\${aws:accountId}:secret:db
        DB_PASSWORD: \${ssm:/claims/db-password}
        HOME_DIR: \${env:HOME_DIR}
        QUEUE_URL: !Sub https://sqs.\${AWS::Region}.amazonaws.com/\${AWS::AccountId}/\${self:service}-jobs
    functions:
      hello:
        handler: h.hello
        memorySize: \${self:custom.nested}
        timeout: \${self:custom.numberFallback}
  `;

  it('resolves self, opt, sls, aws, fallbacks and nested variables (stage from the file)', () => {
    const out = load(text);
    const p = props(out, 'HelloLambdaFunction');
    expect(p.FunctionName).toBe('claims-qa-hello');
    expect(p.MemorySize).toBe(512);
    expect(p.Timeout).toBe(128);
    expect(p.Environment.Variables).toMatchObject({
      TABLE: 'claims-qa-table', CONFIGURED: 'qa', REGION: 'eu-west-1', AWS_REGION_NAME: 'eu-west-1', CHAIN: 'literal', FLAG: 'true',
      QUEUE_URL: { 'Fn::Sub': 'https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/claims-jobs' },
    });
  });

  it('follows --stage and --region; ${self:provider.stage} stays the configured text', () => {
    const out = load(text, { serverless: { stage: 'prod', region: 'us-west-2' } });
    const p = props(out, 'HelloLambdaFunction');
    expect(p.FunctionName).toBe('claims-prod-hello');
    expect(p.MemorySize).toBe(2048);
    expect(p.Environment.Variables).toMatchObject({ TABLE: 'claims-prod-table', CONFIGURED: 'qa', REGION: 'us-west-2', AWS_REGION_NAME: 'us-west-2' });
  });

  it('keeps ${aws:accountId} symbolic and ${ssm:} / ${env:} unknown', () => {
    const out = load(text);
    const r = res(out, 'HelloLambdaFunction');
    const arn = r.get('Environment.Variables.SECRET_ARN');
    expect(arn.kind).toBe('template');
    expect(JSON.stringify(arn)).toContain('AWS::AccountId');
    expect(r.get('Environment.Variables.DB_PASSWORD')).toMatchObject({ kind: 'unknown', source: 'variable', reason: '${ssm:/claims/db-password} is read from SSM Parameter Store at deploy time' });
    const home = r.get('Environment.Variables.HOME_DIR');
    expect(home).toMatchObject({ kind: 'unknown', source: 'variable' });
    expect((home as { reason: string }).reason).toMatch(/--allow-env/);
    expect(pos(home.loc)).toBe(at(29, 15));
  });

  it('reads ${env:} only when an environment is given', () => {
    const out = load(text, { serverless: { env: { HOME_DIR: '/srv/app' } } });
    expect(props(out, 'HelloLambdaFunction').Environment.Variables.HOME_DIR).toBe('/srv/app');
    const unset = load(text, { serverless: { env: {} } });
    expect(res(unset, 'HelloLambdaFunction').get('Environment.Variables.HOME_DIR')).toMatchObject({ kind: 'unknown' });
  });

  it('points a referenced value at its definition', () => {
    const out = load(text);
    const r = res(out, 'HelloLambdaFunction');
    expect(pos(r.get('MemorySize').loc)).toBe(at(4, 10));
    expect(pos(r.get('Timeout').loc)).toBe(at(14, 19));
    expect(pos(r.get('Environment.Variables.CHAIN').loc)).toBe(at(8, 10));
    // An unknown alternative ends the chain: its value may well be set at deploy time.
    expect(r.get('Environment.Variables.STOPS')).toMatchObject({ kind: 'unknown' });
  });

  it('leaves CloudFormation placeholders and unknown sources alone', () => {
    const out = load(yml`
      service: s
      provider:
        name: aws
        environment:
          A: \${MyHttpApi}
          B: \${stageVariables.bucket}
          C: \${construct:jobs.queueUrl}
      functions:
        f:
          handler: h
    `);
    const r = res(out, 'FLambdaFunction');
    expect(r.get('Environment.Variables.A')).toMatchObject({ kind: 'lit', value: '${MyHttpApi}' });
    expect(r.get('Environment.Variables.B')).toMatchObject({ kind: 'lit', value: '${stageVariables.bucket}' });
    expect(r.get('Environment.Variables.C')).toMatchObject({ kind: 'unknown' });
  });

  it('reports an unknown value instead of a default when a setting is unknown', () => {
    const out = load(yml`
      service: s
      provider:
        name: aws
        timeout: \${ssm:/app/timeout}
      functions:
        f:
          handler: h
    `);
    expect(findingsOf(out, 'BR-LD-3/timeout')).toEqual([]);
    const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('BR-LD-3/timeout'));
    expect(u.map((f) => [f.resource, f.line, f.column])).toEqual([['f', 4, 12]]);
  });
});

describe('file includes', () => {
  it('resolves whole blocks and keys from files next to serverless.yml, locations in the included file', () => {
    const out = lintFile('fixtures/serverless/includes/serverless.yml');
    expect(errors(out)).toEqual([]);
    const hello = res(out, 'HelloLambdaFunction');
    expect(toPlain(hello.properties!)).toMatchObject({ FunctionName: 'intake-dev-hello', MemorySize: 512, Timeout: 20, Environment: { Variables: { LOG_LEVEL: 'debug', RETRIES: '3' } } });
    expect(pos(hello.keyLoc)).toBe('fixtures/serverless/includes/functions.yml:1:1');
    expect(pos(hello.get('MemorySize').loc)).toBe('fixtures/serverless/includes/config/dev.yml:2:9');
    expect(pos(hello.get('Timeout').loc)).toBe('fixtures/serverless/includes/config/dev.yml:1:10');
    expect(props(out, 'WorkerLambdaFunction').ReservedConcurrentExecutions).toBe(3);
    const prod = lintFile('fixtures/serverless/includes/serverless.yml', { serverless: { stage: 'prod' } });
    expect(props(prod, 'WorkerLambdaFunction')).toMatchObject({ ReservedConcurrentExecutions: 50, Timeout: 60, Environment: { Variables: { LOG_LEVEL: 'info' } } });
    expect(findingsOf(out, 'BR-LD-3/memory').map((f) => [f.resource, f.file, f.line, f.column])).toEqual([['worker', 'fixtures/serverless/includes/functions.yml', 4, 1]]);
  });

  it('uses the fallback of a missing file silently; the checks that read a missing value without one say so', () => {
    const out = load(yml`
      service: s
      provider:
        name: aws
        timeout: \${file(./nope.yml):timeout, 12}
        memorySize: \${file(./nope.yml):memory}
      functions:
        f:
          handler: h
    `);
    expect(props(out, 'FLambdaFunction').Timeout).toBe(12);
    expect(res(out, 'FLambdaFunction').get('MemorySize')).toMatchObject({ kind: 'unknown' });
    expect(errors(out)).toEqual([]);
    expect(includes(out)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable').map((f) => [f.severity, f.line, f.column, f.message])).toEqual([
      ['info', 5, 15, 'BR-LD-3/memory: `memorySize` cannot be verified: ${file(./nope.yml):memory} names a file that does not exist, and has no fallback.'],
    ]);
  });

  describe('outside the project root', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-sls-'));
    const project = path.join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(path.join(tmp, 'secret.yml'), 'password: hunter2\ntimeout: 99\n');
    symlinkSync(path.join(tmp, 'secret.yml'), path.join(project, 'link.yml'));
    writeFileSync(path.join(project, 'inside.yml'), 'timeout: 15\n');
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const run = (text: string) => {
      const o = lintSource({ path: 'serverless.yml', text }, rules, { rules: new Map(), settings: DEFAULT_SETTINGS, strict: false, today: '2026-06-01' },
        { overrides: new Map(), readLocal: localReader(project, project), serverless: loadServerless, serverlessOptions: { projectRoot: project, cwd: project } });
      return o;
    };

    it('refuses a path that leaves the root: unknown value and a located warning', () => {
      const o = run('service: s\nprovider:\n  name: aws\n  timeout: ${file(../secret.yml):timeout, 5}\nfunctions:\n  f:\n    handler: h\n');
      const fn = o.project!.functions[0]!;
      expect(fn.get('Timeout')).toMatchObject({ kind: 'unknown', reason: '${file(../secret.yml):timeout} was not read: ../secret.yml is outside the project root' });
      expect(includes(o).map((f) => [f.ruleId, f.severity, f.line, f.column, f.message])).toEqual([
        ['ldlint/include-refused', 'error', 4, 12, '${file(../secret.yml):timeout} refused: ../secret.yml is outside the project root; its values are unknown'],
      ]);
      expect(JSON.stringify(o.findings)).not.toContain('hunter2');
    });

    it('refuses a symbolic link to outside the root', () => {
      const o = run('service: s\nprovider:\n  name: aws\n  timeout: ${file(./link.yml):timeout}\nfunctions:\n  f:\n    handler: h\n');
      expect(o.project!.functions[0]!.get('Timeout')).toMatchObject({ kind: 'unknown' });
      expect(includes(o).map((f) => f.message)).toEqual(['${file(./link.yml):timeout} refused: ./link.yml is a symbolic link to outside the project root; its values are unknown']);
    });

    it('reads files inside the root', () => {
      const o = run('service: s\nprovider:\n  name: aws\n  timeout: ${file(./inside.yml):timeout}\nfunctions:\n  f:\n    handler: h\n');
      expect(o.project!.functions[0]!.get('Timeout')).toMatchObject({ kind: 'lit', value: 15 });
      expect(errors(o)).toEqual([]);
    });

    it('without a configured root, reads only below the file', () => {
      const parsedText = 'service: s\nprovider:\n  name: aws\n  timeout: ${file(../secret.yml):timeout}\nfunctions:\n  f:\n    handler: h\n';
      const o = loadSource({ path: path.join(project, 'serverless.yml'), text: parsedText }, { overrides: new Map(), readLocal: () => undefined, serverless: loadServerless });
      expect(o.kind).toBe('template');
      expect(o.issues.map((i) => i.kind)).toEqual(['refused']);
    });
  });
});

describe('circular and runaway variables', () => {
  it('reports a cycle as a parse error at the variable, file:line:col', () => {
    const out = load(yml`
      service: s
      custom:
        a: \${self:custom.b}
        b: x-\${self:custom.a}
      provider:
        name: aws
      functions:
        f:
          handler: h
          timeout: \${self:custom.a}
    `);
    expect(out.project).toBeUndefined();
    expect(errors(out).map((f) => [f.severity, f.line, f.column, f.resource])).toEqual([['error', 4, 8, null]]);
    expect(errors(out)[0]!.message).toBe(`${FILE}:4:8: circular variable reference: \${self:custom.b} -> \${self:custom.a} refers back to a value that is being resolved`);
  });

  it('reports a value that refers to itself', () => {
    const out = load('service: s\nprovider:\n  name: aws\n  stage: ${self:provider.stage}\nfunctions:\n  f:\n    handler: h\n    timeout: ${self:provider.stage}\n');
    expect(errors(out).map((f) => [f.severity, f.line])).toEqual([['error', 4]]);
  });

  it('bounds chains and expansion instead of hanging', () => {
    const chain = ['service: s', 'custom:', ...Array.from({ length: 400 }, (_, i) => `  v${i}: \${self:custom.v${i + 1}}`), '  v400: 1', 'provider:', '  name: aws', 'functions:', '  f:', '    handler: h', '    timeout: ${self:custom.v0}'].join('\n');
    const deep = load(chain);
    expect(errors(deep).map((f) => f.message)).toEqual([expect.stringMatching(/variables nested more than 200 levels deep/)]);
    const bomb = ['service: s', 'custom:', '  l0: abcdefghij', ...Array.from({ length: 40 }, (_, i) => `  l${i + 1}: \${self:custom.l${i}}\${self:custom.l${i}}`), 'provider:', '  name: aws', 'functions:', '  f:', '    handler: h', '    description: ${self:custom.l40}'].join('\n');
    const started = Date.now();
    const big = load(bomb);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errors(big).map((f) => f.message)).toEqual([expect.stringMatching(/more than 1000000 characters/)]);
  });
});

describe('generated logical ids and the shared role', () => {
  const out = load(yml`
    service: claims
    provider:
      name: aws
      iam:
        role:
          statements:
            - Effect: Allow
              Action: dynamodb:GetItem
              Resource: !GetAtt ClaimsTable.Arn
          managedPolicies:
            - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
    functions:
      hello-world:
        handler: h.hello
        provisionedConcurrency: 2
        destinations:
          onFailure: arn:aws:sqs:us-east-1:123456789012:dlq
        events:
          - sqs:
              arn: !GetAtt Jobs.Arn
          - stream:
              type: dynamodb
              arn: !GetAtt ClaimsTable.StreamArn
          - s3: uploads-bucket
          - sns: alerts
          - schedule: rate(5 minutes)
          - http: GET /hello
          - cloudwatchLog: /aws/lambda/other
      get_user:
        handler: h.user
        name: user-reader
    resources:
      Resources:
        Jobs:
          Type: AWS::SQS::Queue
        ClaimsTable:
          Type: AWS::DynamoDB::Table
  `);

  it('uses the framework names', () => {
    expect([...resources(out).keys()].sort()).toEqual([
      'ApiGatewayRestApi', 'ClaimsTable', 'GetUnderscoreuserLambdaFunction', 'GetUnderscoreuserLogGroup',
      'HelloDashworldEventSourceMappingDynamodbClaimsTable', 'HelloDashworldEventSourceMappingSQSJobs', 'HelloDashworldEventsRuleSchedule1',
      'HelloDashworldLambdaEvConf', 'HelloDashworldLambdaFunction', 'HelloDashworldLambdaPermissionAlertsSNS', 'HelloDashworldLambdaPermissionApiGateway',
      'HelloDashworldLambdaPermissionEventsRuleSchedule1', 'HelloDashworldLambdaPermissionLogsSubscriptionFilterCloudWatchLog',
      'HelloDashworldLambdaPermissionUploadsbucketS3', 'HelloDashworldLambdaVersion', 'HelloDashworldLogGroup',
      'HelloDashworldLogsSubscriptionFilterCloudWatchLog1', 'HelloDashworldProvConcLambdaAlias', 'IamRoleLambdaExecution', 'Jobs',
      'S3BucketUploadsbucket', 'SNSTopicAlerts',
    ]);
    expect(normalizedName('hello-world')).toBe('HelloDashworld');
    expect(naming.lambda('hello-world')).toBe('HelloDashworldLambdaFunction');
    expect(res(out, 'HelloDashworldLambdaFunction').generatedFrom).toBe('hello-world');
  });

  it('models event sources, provisioned concurrency and destinations on the function', () => {
    const fn = out.project!.functions.find((f) => f.name === 'hello-world')!;
    expect(fn.eventSources.map((e) => `${e.kind} ${e.origin}`).sort()).toEqual([
      'Api AWS::Lambda::Permission HelloDashworldLambdaPermissionApiGateway',
      'CloudWatchLogs AWS::Lambda::Permission HelloDashworldLambdaPermissionLogsSubscriptionFilterCloudWatchLog',
      'DynamoDB AWS::Lambda::EventSourceMapping HelloDashworldEventSourceMappingDynamodbClaimsTable',
      'S3 AWS::S3::Bucket S3BucketUploadsbucket',
      'SNS AWS::SNS::Topic SNSTopicAlerts',
      'SQS AWS::Lambda::EventSourceMapping HelloDashworldEventSourceMappingSQSJobs',
      'Schedule AWS::Lambda::Permission HelloDashworldLambdaPermissionEventsRuleSchedule1',
    ]);
    expect(fn.provisioned.map((p) => [p.on.logicalId, toPlainValue(p.value as never)])).toEqual([['HelloDashworldProvConcLambdaAlias', 2]]);
    expect(fn.destinations.map((d) => toPlainValue(d.target as never))).toEqual(['arn:aws:sqs:us-east-1:123456789012:dlq']);
    expect(props(out, 'HelloDashworldLambdaEvConf')).toMatchObject({ Qualifier: 'provisioned' });
    expect(props(out, 'HelloDashworldProvConcLambdaAlias')).toMatchObject({ Name: 'provisioned', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });
  });

  it('grants log writes on the functions log groups, then the user statements and event reads', () => {
    const role = props(out, 'IamRoleLambdaExecution');
    const statements = role.Policies[0].PolicyDocument.Statement;
    expect(statements.slice(0, 2)).toEqual([
      {
        Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'],
        Resource: [
          { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/claims-dev*:*' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/user-reader:*' },
        ],
      },
      {
        Effect: 'Allow', Action: ['logs:PutLogEvents'],
        Resource: [
          { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/claims-dev*:*:*' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/user-reader:*:*' },
        ],
      },
    ]);
    expect(statements[2]).toEqual({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['ClaimsTable', 'Arn'] } });
    expect(statements.slice(3).map((s: { Action: string[] }) => s.Action[0])).toEqual(['sqs:ReceiveMessage', 'dynamodb:GetRecords', 'sqs:SendMessage']);
    expect(role.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    expect(findingsOf(out, 'BR-LD-2/execution-role-logging')).toEqual([]);
  });

  it('uses a role given as an ARN, a logical id or an intrinsic, without the shared role', () => {
    const arnRole = load(yml`
      service: s
      provider:
        name: aws
        iam:
          role: arn:aws:iam::123456789012:role/external
      functions:
        f:
          handler: h
    `);
    expect(props(arnRole, 'FLambdaFunction').Role).toBe('arn:aws:iam::123456789012:role/external');
    expect(resources(arnRole).has('IamRoleLambdaExecution')).toBe(false);
    const named = load(yml`
      service: s
      provider:
        name: aws
        iam:
          role: MyRole
      functions:
        f:
          handler: h
        g:
          handler: h
          role: !GetAtt OtherRole.Arn
      resources:
        Resources:
          MyRole:
            Type: AWS::IAM::Role
          OtherRole:
            Type: AWS::IAM::Role
    `);
    expect(props(named, 'FLambdaFunction').Role).toEqual({ 'Fn::GetAtt': ['MyRole', 'Arn'] });
    expect(props(named, 'GLambdaFunction').Role).toEqual({ 'Fn::GetAtt': ['OtherRole', 'Arn'] });
    expect(named.project!.functions.map((f) => f.role?.resource?.logicalId)).toEqual(['MyRole', 'OtherRole']);
  });

  it('gives a function with its own iamRoleStatements its own role (serverless-iam-roles-per-function)', () => {
    const o = load(yml`
      service: s
      plugins:
        - serverless-iam-roles-per-function
      provider:
        name: aws
      functions:
        reader:
          handler: h
          iamRoleStatements:
            - Effect: Allow
              Action: s3:GetObject
              Resource: arn:aws:s3:::claims/*
        plain:
          handler: h
    `);
    expect(props(o, 'ReaderLambdaFunction').Role).toEqual({ 'Fn::GetAtt': ['ReaderIamRoleLambdaExecution', 'Arn'] });
    const st = props(o, 'ReaderIamRoleLambdaExecution').Policies[0].PolicyDocument.Statement;
    expect(st.map((s: { Action: unknown }) => s.Action)).toEqual([['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'], ['logs:PutLogEvents'], 's3:GetObject']);
    expect(props(o, 'PlainLambdaFunction').Role).toEqual({ 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
    expect(res(o, 'ReaderIamRoleLambdaExecution').generatedFrom).toBe('reader');
  });
});

describe('resources', () => {
  const out = load(yml`
    service: s
    provider:
      name: aws
      environment:
        A: '1'
      tags:
        team: intake
        owner: claims
    functions:
      hello:
        handler: h
        timeout: 10
    resources:
      Resources:
        HelloLambdaFunction:
          Properties:
            Timeout: 20
            Tags:
              - Value: other
        HelloLogGroup:
          Properties:
            RetentionInDays: 14
            KmsKeyId: !GetAtt LogKey.Arn
        LogKey:
          Type: AWS::KMS::Key
      extensions:
        HelloLambdaFunction:
          Properties:
            Environment:
              Variables:
                B: '2'
          DependsOn: [LogKey]
      Outputs:
        Name:
          Value: !Ref HelloLambdaFunction
  `);

  it('deep-merges resources.Resources into generated resources, lists position by position', () => {
    const p = props(out, 'HelloLambdaFunction');
    expect(p.Timeout).toBe(20);
    expect(p.Tags).toEqual([{ Key: 'team', Value: 'other' }, { Key: 'owner', Value: 'claims' }]);
    expect(props(out, 'HelloLogGroup')).toEqual({ LogGroupName: '/aws/lambda/s-dev-hello', RetentionInDays: 14, KmsKeyId: { 'Fn::GetAtt': ['LogKey', 'Arn'] } });
    expect(pos(res(out, 'HelloLambdaFunction').get('Timeout').loc)).toBe(at(17, 18));
    expect(res(out, 'HelloLambdaFunction').generatedFrom).toBe('hello');
  });

  it('applies extensions last as a shallow assign per property', () => {
    expect(props(out, 'HelloLambdaFunction').Environment).toEqual({ Variables: { B: '2' } });
    expect(toPlain(out.project!.templates[0]!.root)).toMatchObject({ Outputs: { Name: { Value: { Ref: 'HelloLambdaFunction' } } } });
  });
});

describe('exceptions, plugins and providers', () => {
  it('turns custom.ldlint.exceptions into Metadata.ldlint.exception', () => {
    const out = load(yml`
      service: s
      custom:
        ldlint:
          exceptions:
            hello:
              reference: ISSO-1234
              expires: '2027-01-01'
      provider:
        name: aws
      functions:
        hello:
          handler: h
    `);
    expect(toPlain(out.project!.functions[0]!.ldlintMetadata!)).toEqual({ exception: { reference: 'ISSO-1234', expires: '2027-01-01' } });
  });

  it('compiles serverless-step-functions state machines, function names to logical ids', () => {
    const out = load(yml`
      service: s
      plugins:
        - serverless-step-functions
      provider:
        name: aws
      functions:
        hello-world:
          handler: h
      stepFunctions:
        stateMachines:
          flow:
            definition:
              StartAt: A
              States:
                A:
                  Type: Task
                  Resource: !GetAtt hello-world.Arn
                  Next: B
                B:
                  Type: Task
                  Resource:
                    Fn::GetAtt: [hello-world, Arn]
                  End: true
          named:
            name: my-machine
            definition:
              StartAt: A
              States:
                A:
                  Type: Pass
                  End: true
    `);
    const sm = out.project!.stateMachines.map((s) => [s.name, s.resource.logicalId]);
    expect(sm).toEqual([['flow', 'FlowStepFunctionsStateMachine'], ['named', 'MyDashmachine']]);
    const def = toPlain(out.project!.stateMachines[0]!.definition!) as { States: Record<string, { Resource: unknown }> };
    expect(def.States.A!.Resource).toEqual({ 'Fn::GetAtt': ['HelloDashworldLambdaFunction', 'Arn'] });
    expect(def.States.B!.Resource).toEqual({ 'Fn::GetAtt': ['HelloDashworldLambdaFunction', 'Arn'] });
    // `named` has a Pass state only: not about Lambda.
    expect(findingsOf(out, 'BR-LD-5/step-functions').map((f) => [f.resource, f.line])).toEqual([['flow', 11]]);
  });

  it('adds log subscriptions only when serverless-plugin-log-subscription is listed', () => {
    const text = (plugins: string) => yml`
      service: s
      plugins: ${plugins}
      custom:
        logSubscription:
          enabled: true
          destinationArn: arn:aws:logs:us-east-1:123456789012:destination:central
      provider:
        name: aws
      functions:
        hello:
          handler: h
        quiet:
          handler: h
          logSubscription: false
    `;
    const on = load(text('[serverless-plugin-log-subscription]'));
    expect(props(on, 'HelloSubscriptionFilter')).toEqual({
      DestinationArn: 'arn:aws:logs:us-east-1:123456789012:destination:central', FilterPattern: '', LogGroupName: '/aws/lambda/s-dev-hello',
    });
    expect(resources(on).has('QuietSubscriptionFilter')).toBe(false);
    expect(findingsOf(on, 'BR-LD-2/log-forwarding').map((f) => f.resource)).toEqual(['quiet']);
    const off = load(text('[]'));
    expect([...resources(off).keys()].filter((k) => k.includes('Subscription'))).toEqual([]);
  });

  it('reads serverless.json', () => {
    const text = JSON.stringify({ service: 'j', provider: { name: 'aws', timeout: '${self:custom.t}' }, custom: { t: 15 }, functions: { hello: { handler: 'h' } } }, null, 2);
    const out = lintText('fixtures/serverless/virtual/serverless.json', text);
    expect(out.flavour).toBe('serverless');
    expect(props(out, 'HelloLambdaFunction')).toMatchObject({ FunctionName: 'j-dev-hello', Timeout: 15 });
  });

  it('gives non-AWS providers no Lambda checks', () => {
    const out = load(yml`
      service: s
      provider:
        name: openwhisk
      functions:
        hello:
          handler: h
    `);
    expect(out.project).toBeUndefined();
    expect(out.note).toBe('provider "openwhisk" is not aws: no Lambda checks apply');
    expect(out.findings).toEqual([]);
  });
});

const MALFORMED = [
  'service: s\nprovider: aws\nfunctions: ~\n',
  'service: s\nprovider: {name: aws}\nfunctions: [a, b, ~, {x: {handler: h}}]\n',
  'service: s\nprovider: {name: aws, environment: [a, b], tags: ~, vpc: nope, layers: 3, iam: 7}\nfunctions: {f: {handler: h, events: foo, vpc: yes, layers: ~, tags: [1], environment: ~}}\n',
  'service: s\nprovider: {name: aws}\ncustom: ${self:custom}\nfunctions: {f: {handler: h}}\n',
  'service: s\nprovider: {name: aws}\nresources: ~\nfunctions: {f: {handler: h}}\n',
  'service: s\nprovider: {name: aws}\nresources: [~, {Resources: ~}, {Resources: {A: ~, B: 3}, extensions: {FLambdaFunction: ~, Nope: {Properties: {}}}}]\nfunctions: {f: {handler: h}}\n',
  'service: s\nprovider: {name: aws}\nstepFunctions: {stateMachines: {x: ~, y: {definition: "{}"}, z: {definition: {States: ~}}}}\nfunctions: {f: {handler: h}}\n',
  'service: s\nprovider: {name: aws, timeout: "${file()}", memorySize: "${self:custom", runtime: "${}", description: "${ , }"}\nfunctions: {f: {handler: h}}\n',
  'service: s\nprovider:\n  name: aws\ncustom:\n  k: ${ssm:x}\nfunctions:\n  f:\n    handler: h\n    ${self:custom.k}: 1\n    environment:\n      ${self:custom.k}: v\n',
  'service: ${ssm:name}\nprovider:\n  name: ${ssm:provider}\nfunctions:\n  f:\n    handler: h\n    events: [{sqs: ~}, {stream: ~}, {s3: ~}, {sns: ~}, {schedule: ~}, {http: ~}, {cloudwatchLog: ~}, {msk: ~}, {eventBridge: ~}, ~, {}]\n',
  'service: {name: s}\nprovider:\n  name: aws\n  stage: ${sls:stage}\n  region: ${aws:region}\nfunctions:\n  f:\n    handler: h\n    destinations: {onSuccess: ~, onFailure: {arn: ~}}\n    provisionedConcurrency: ${ssm:x}\n',
  'service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements: ${file(./nope.yml)}\nplugins: {modules: [serverless-plugin-log-subscription]}\ncustom:\n  logSubscription:\n    - enabled: true\n    - enabled: true\n      destinationArn: ${ssm:d}\nfunctions:\n  f:\n    handler: h\n    disableLogs: true\n    logSubscription: {filterPattern: x}\n',
  'service: s\nprovider: {name: aws}\ncustom: {a: "${self:custom.b}", b: "${self:custom.c}", c: [1, "${self:custom.a}"]}\nfunctions: {f: {handler: h}}\n',
];

describe('malformed services', () => {
  it.each(MALFORMED.map((c, i) => [i, c] as const))('case %i loads without throwing', (_i, text) => {
    const out = load(text);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/internal-error').map((f) => f.message)).toEqual([]);
    // A model, or (cases 3 and 12: cycles) a located parse error.
    expect(out.project !== undefined || errors(out).some((f) => f.severity === 'error' && /circular/.test(f.message))).toBe(true);
  });
});

describe('functions the framework generates itself', () => {
  const file = 'fixtures/serverless/generated-functions/serverless.yml';
  const generated = ['CustomDashresourceDashexistingDashcupLambdaFunction', 'CustomDashresourceDashexistingDashs3LambdaFunction'];
  const about = (out: FileOutcome) => [...new Set(out.findings.filter((f) => f.resource !== null && /^(BR|RP)-LD/.test(f.ruleId)).map((f) => f.resource))].sort();

  it('are left out by default: no check sees them', () => {
    const out = lintFile(file);
    expect(out.project!.functions.map((f) => f.name).sort()).toEqual(['onSignup', 'replicate']);
    expect(about(out)).toEqual(['onSignup', 'replicate']);
  });

  it('are linted, flagged as generated, with settings.includeGeneratedFunctions (the setting CDK uses too)', () => {
    const out = lintFile(file, { settings: { includeGeneratedFunctions: true } });
    expect(out.project!.functions.filter((f) => f.generated).map((f) => f.name).sort()).toEqual(generated);
    expect(about(out)).toEqual([...generated, 'onSignup', 'replicate']);
    expect(findingsOf(out, 'BR-LD-3/reserved-concurrency').map((f) => f.resource).sort()).toEqual(generated);
  });
});

describe('values from files that cannot be read', () => {
  const out = lintFile('fixtures/serverless/unreadable-includes/serverless.yml');
  const unverifiable = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable').sort((a, b) => a.line - b.line).map((f) => `${f.line}:${f.column} ${f.message}`);

  it('decide the checks whose verdict does not depend on them', () => {
    expect(findingsOf(out, 'BR-LD-2/log-retention').map((f) => [f.resource, f.message])).toEqual([['api', expect.stringMatching(/its log group ApiLogGroup .*does not set `logRetentionInDays`/)]]);
    expect(findingsOf(out, 'BR-LD-2/log-forwarding').map((f) => f.resource)).toEqual(['api']);
    expect(unverifiable.filter((m) => /BR-LD-2\/log-(retention|forwarding)/.test(m))).toEqual([]);
  });

  it('name the check and the value in every unverifiable finding; a role of the project is not an outside role', () => {
    expect(unverifiable).toEqual([
      '11:9 BR-LD-2/execution-role-logging: execution role cannot be verified: role LambdaRole is in the project, but ${file(./resource/LambdaRole.yml)} names a file that does not exist, and has no fallback.',
      '20:17 all checks: resource LambdaRole (Resources.LambdaRole) cannot be verified: ${file(./resource/LambdaRole.yml)} names a file that does not exist, and has no fallback.',
    ]);
  });
});

it('names the section it cannot see when all the functions come from a file that cannot be read', () => {
  const out = lintText('fixtures/serverless/t/serverless.yml', 'service: s\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n');
  expect(out.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
    ['ldlint/unverifiable', 4, 12, 'all checks: functions cannot be verified: ${file(./functions.yml)} names a file that does not exist, and has no fallback.'],
  ]);
});
