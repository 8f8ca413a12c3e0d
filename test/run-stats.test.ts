import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { runMain } from './support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-stats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

/** A function that passes every check of ldlint:recommended. */
const CLEAN = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: {ZipFile: "exports.handler = async () => 1;"}
      Role: !GetAtt Role.Arn
      Timeout: 30
      MemorySize: 256
      ReservedConcurrentExecutions: 5
      LoggingConfig: {LogGroup: !Ref Logs}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {RetentionInDays: 90}
  Forward:
    Type: AWS::Logs::SubscriptionFilter
    Properties: {LogGroupName: !Ref Logs, FilterPattern: "", DestinationArn: arn:aws:logs:us-east-1:123456789012:destination:central}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
`;

describe('a clean run says what it checked', () => {
  it('prints one summary line with templates and functions', async () => {
    const dir = project('clean', { 'template.yaml': CLEAN });
    const r = await runMain(['.'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ 1 template, 1 function checked: no problems \((\d+ ms|\d+\.\d s)\)\n$/);
  });

  it('counts the same in the JSON report', async () => {
    const dir = project('clean-json', { 'a.yaml': CLEAN, 'b/template.yaml': CLEAN });
    const r = await runMain(['.', '-f', 'json'], dir);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ errors: 0, warnings: 0, infos: 0, templates: 2, functions: 2 });
  });
});

describe('the run inventory', () => {
  const dir = project('inventory', {
    'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  Claims:
    Type: AWS::Serverless::Function
    Metadata:
      ldlint:
        exception: {reference: ISSO-9, approvedBy: Ann Lee, expires: 2030-01-01}
        suppress:
          - {id: BR-LD-3/timeout, reason: set by the platform team}
          - {id: BR-LD-4, reason: nothing to cover}
          - {id: BR-LD-3/memory}
    Properties: {Runtime: nodejs20.x, Handler: i.h, CodeUri: src/}
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: child.yaml}
`,
    'child.yaml': `Resources:
  Child:
    Type: AWS::Lambda::Function
    Properties: {Runtime: nodejs20.x, Handler: i.h, Code: {ZipFile: x}, Role: arn:aws:iam::123456789012:role/r}
`,
    'ldlint.config.yaml': 'ignore:\n  - {id: BR-LD-2, reason: migrating, expires: 2031-05-01}\n',
  });

  it('lists the functions once, though a nested template is linted on its own and through its parent', async () => {
    const run = await lintPaths(['.'], { cwd: dir, today: '2026-12-08' });
    const s = run.result.stats!;
    expect(s.templates).toBe(2);
    expect(s.functions).toBe(2);
    expect(s.functionList!.map((f) => `${f.file}:${f.line} ${f.name} ${f.flavour}`).sort()).toEqual(['child.yaml:2 Child cloudformation', 'template.yaml:3 Claims sam']);
    expect(s.configs!.map((c) => c.file)).toEqual([path.join(dir, 'ldlint.config.yaml')]);
    expect(s.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('lists every suppression and exception with how it stands', async () => {
    const run = await lintPaths(['.'], { cwd: dir, today: '2026-12-08' });
    const risks = run.result.stats!.risks!.map((r) => [r.kind, r.id, r.resource, r.reason, r.approvedBy, r.expires, `${r.file}:${r.line}`, r.status, r.matched]);
    expect(risks).toEqual([
      ['exception', 'BR-LD-1', 'Claims', 'ISSO-9', 'Ann Lee', '2030-01-01', 'template.yaml:7', 'valid', undefined],
      ['inline', 'BR-LD-3/timeout', 'Claims', 'set by the platform team', undefined, undefined, 'template.yaml:9', 'applied', 1],
      ['inline', 'BR-LD-4', 'Claims', 'nothing to cover', undefined, undefined, 'template.yaml:10', 'unused', 0],
      ['inline', 'BR-LD-3/memory', 'Claims', undefined, undefined, undefined, 'template.yaml:11', 'invalid', 0],
      ['config', 'BR-LD-2', null, 'migrating', undefined, '2031-05-01', 'ldlint.config.yaml:2', 'applied', 5],
    ]);
    // The counts are those of the findings reported as suppressed (each once, though child.yaml is linted twice).
    const shown = await lintPaths(['.'], { cwd: dir, today: '2026-12-08', reportSuppressed: true });
    const config = shown.result.findings.filter((f) => f.suppression?.kind === 'config');
    expect(config.map((f) => `${f.file} ${f.resource} ${f.ruleId}`).sort()).toEqual(['child.yaml Child BR-LD-2/log-forwarding', 'child.yaml Child BR-LD-2/log-retention', 'child.yaml Child ldlint/unverifiable', 'template.yaml Claims BR-LD-2/log-forwarding', 'template.yaml Claims BR-LD-2/log-retention']);
    expect(run.result.stats!.risks!.find((r) => r.status === 'invalid')!.problem).toMatch(/has no reason/);
  });

  it('counts what a baseline accepted', async () => {
    const before = (await lintPaths(['.'], { cwd: dir, today: '2026-12-08' })).result.findings.length;
    expect((await runMain(['baseline', '.', '-o', 'base.json'], dir)).code).toBe(0);
    const run = await lintPaths(['.'], { cwd: dir, today: '2026-12-08', baseline: 'base.json' });
    const matched = run.result.stats!.baseline!.matched;
    expect(run.result.stats!.baseline!.file).toBe('base.json');
    expect(matched).toBeGreaterThan(0);
    // What the baseline accepted is gone from the report; the findings about suppressions stay.
    expect(run.result.findings.length).toBe(before - matched);
    expect(run.result.findings.map((f) => f.ruleId).sort()).toEqual(['ldlint/suppression-invalid', 'ldlint/suppression-unused']);
  });
});
