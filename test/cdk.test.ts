/**
 * ldlint/cdk with a real aws-cdk-lib app synthesized in process (once for the file): the
 * policy-validation plugin, the cdk-nag 3 pack, acknowledgements, and parity with `ldlint cdk.out/`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LdlintChecks, LdlintValidator, nagRuleId } from '../src/cdk/index.js';
import { lintPaths } from '../src/run.js';
import type { Finding } from '../src/engine/types.js';
import { buildTestApp, type TestApp } from './cdk-app.js';

const TODAY = '2026-06-01';
let t: TestApp;
let outdir: string;
let cwd: string;
let validator: LdlintValidator;
let pack: LdlintChecks;
let report: any;
let cli: Finding[];

/** (check, construct) pairs of findings about a resource. */
const pairs = (fs: readonly Finding[], keep: (f: Finding) => boolean = () => true) =>
  [...new Set(fs.filter((f) => f.resource !== null && keep(f)).map((f) => `${f.ruleId} ${f.constructPath ?? f.resource}`))].sort();
const pluginReport = (name: string) => report.pluginReports.find((p: any) => p.pluginName === name);
const violationPairs = (name: string) =>
  [...new Set(pluginReport(name).violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`)))].sort();

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-app-'));
  outdir = path.join(cwd, 'cdk.out');
  t = buildTestApp(outdir);
  validator = new LdlintValidator({ cwd, today: TODAY });
  pack = new LdlintChecks(t.app, { cwd, today: TODAY });
  Validations.of(t.app).addPlugins(validator, pack);
  // Acknowledgements with a reason: one for the cdk-nag pack, one for the validator.
  Validations.of(t.bad).acknowledge({ id: nagRuleId('BR-LD-3/memory'), reason: 'The default 128 MB is enough for this handler.' });
  Validations.of(t.bad).acknowledge({ id: 'ldlint::BR-LD-4/tmp-persistence', reason: 'Scratch database rebuilt on every invocation.' });
  t.app.synth();
  report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  cli = (await lintPaths([outdir], { cwd, today: TODAY })).result.findings;
}, 120_000);

describe('LdlintValidator (policy validation plugin)', () => {
  it('runs the engine on every synthesized stack: root, nested stack, stage', () => {
    const fs = validator.findings;
    expect(fs.filter((f) => f.ruleId === 'BR-LD-3/timeout').map((f) => f.constructPath)).toEqual(['Service/Bad/Resource']);
    expect(fs.filter((f) => f.ruleId === 'BR-LD-3/reserved-concurrency').map((f) => f.constructPath).sort()).toEqual(['Service/Bad/Resource', 'Service/Workers/Worker/Resource']);
    expect(fs.filter((f) => f.ruleId === 'RP-LD-1/long-running').map((f) => f.constructPath)).toEqual(['Prod/Api/ApiFn/Resource']);
    // The compliant function has no finding; the generated notifications handler is skipped.
    expect(fs.some((f) => f.constructPath?.startsWith('Service/Good/'))).toBe(false);
    expect(fs.some((f) => /BucketNotificationsHandler/.test(f.constructPath ?? f.resource ?? ''))).toBe(false);
  });

  it('points at the template line of the resource and carries its construct path', () => {
    const f = validator.findings.find((x) => x.ruleId === 'BR-LD-3/timeout')!;
    expect(f.file).toBe('cdk.out/Service.template.json');
    const lines = readFileSync(path.join(outdir, 'Service.template.json'), 'utf8').split('\n');
    expect(lines[f.line - 1]).toMatch(new RegExp(`^\\s*"${f.resource}": \\{`));
    expect(f.resource).toMatch(/^Bad[0-9A-F]{8}$/);
  });

  it('reports violations with construct paths, lines and severities; acknowledged ones are set apart', () => {
    const r = pluginReport('ldlint');
    expect(r.conclusion).toBe('failure');
    const timeout = r.violations.find((v: any) => v.ruleName === 'BR-LD-3/timeout');
    expect(timeout).toMatchObject({ severity: 'error', ruleMetadata: { file: 'cdk.out/Service.template.json', constructPath: 'Service/Bad/Resource' } });
    expect(timeout.violatingConstructs[0]).toMatchObject({ constructPath: 'Service/Bad/Resource', cloudFormationResource: { templatePath: 'Service.template.json' } });
    expect(r.violations.some((v: any) => v.ruleName === 'BR-LD-4/tmp-persistence')).toBe(false);
    expect(r.suppressedViolations.map((v: any) => [v.ruleName, v.reason])).toEqual([['BR-LD-4/tmp-persistence', 'Scratch database rebuilt on every invocation.']]);
    expect(violationPairs('ldlint')).toContain('BR-LD-2/log-forwarding Service/Workers/Worker/Resource');
  });
});

describe('LdlintChecks (cdk-nag 3 NagPack)', () => {
  it('reports each check on the construct involved, with cdk-nag rule ids and levels', () => {
    const r = pluginReport('LdlintChecks');
    expect(r.conclusion).toBe('failure');
    const byRule = new Map(r.violations.map((v: any) => [v.ruleName, v]));
    expect(byRule.get('ldlint-BR-LD-3/timeout')).toMatchObject({ severity: 'error', violatingConstructs: [{ constructPath: 'Service/Bad/Resource' }] });
    expect((byRule.get('ldlint-BR-LD-4/tmp-persistence') as any).severity).toBe('warning');
    expect(violationPairs('LdlintChecks')).toContain('ldlint-BR-LD-3/reserved-concurrency Service/Workers/Worker/Resource');
    expect(violationPairs('LdlintChecks')).toContain('ldlint-RP-LD-1/long-running Prod/Api/ApiFn/Resource');
  });

  it('honours an acknowledgement with a reason (the cdk-nag 3 NagSuppressions)', () => {
    expect(pack.findings.some((f) => f.ruleId === 'BR-LD-3/memory' && f.constructPath === 'Service/Bad/Resource')).toBe(true);
    expect(violationPairs('LdlintChecks')).not.toContain('ldlint-BR-LD-3/memory Service/Bad/Resource');
    expect(violationPairs('LdlintChecks')).toContain('ldlint-BR-LD-3/memory Service/Workers/Worker/Resource');
  });

  it('added as an aspect (the cdk-nag 2 way), it registers itself as a validation plugin', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-aspect-'));
    const app = new App({ outdir: path.join(dir, 'cdk.out'), builtinCloudFormationValidation: false, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    Aspects.of(app).add(new LdlintChecks({ cwd: dir, today: TODAY }));
    new lambda.Function(new Stack(app, 'S'), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    app.synth();
    const r = JSON.parse(readFileSync(path.join(dir, 'cdk.out/validation-report.json'), 'utf8')).pluginReports;
    expect(r.map((p: any) => p.pluginName)).toEqual(['LdlintChecks']);
    expect(r[0].violations.map((v: any) => v.ruleName)).toContain('ldlint-BR-LD-3/timeout');
  });

  it('validateScope() lints the tree in memory and finds the same (check, construct) pairs', () => {
    const direct = new LdlintChecks({ cwd, today: TODAY });
    const r = direct.validateScope(t.app);
    const pairsOf = (vs: any[]) => [...new Set(vs.flatMap((v) => v.violatingResources.map((x: any) => `${v.ruleName} ${x.constructPath}`)))].sort();
    // Acknowledgements are construct metadata: honoured here too.
    expect(pairsOf(r.violations)).toEqual(violationPairs('LdlintChecks'));
    expect(r.success).toBe(false);
  });
});

describe('ldlint cdk.out/ and the plugins agree', () => {
  it('all honour an ldlint suppression written into the template (Metadata.ldlint.suppress)', () => {
    const worker = 'BR-LD-2/log-retention Service/Workers/Worker/Resource';
    expect(pairs(cli)).not.toContain(worker);
    expect(pairs(validator.findings)).not.toContain(worker);
    expect(violationPairs('LdlintChecks')).not.toContain(`ldlint-${worker}`);
    expect(pairs(cli)).toContain('BR-LD-2/log-retention Service/Bad/Resource');
  });

  it('the CLI reports the same (check, function) pairs as the validator', () => {
    expect(pairs(cli)).toEqual(pairs(validator.findings));
    expect(cli.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(validator.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`));
  });

  it('the cdk-nag pack reports the same pairs, less info findings and its acknowledged one', () => {
    const expected = pairs(cli, (f) => f.severity !== 'info').map((p) => `ldlint-${p}`);
    expect([...violationPairs('LdlintChecks'), 'ldlint-BR-LD-3/memory Service/Bad/Resource'].sort()).toEqual(expected);
  });

  it('the validator report lists the same pairs, less its acknowledged one', () => {
    expect([...violationPairs('ldlint'), 'BR-LD-4/tmp-persistence Service/Bad/Resource'].sort()).toEqual(pairs(cli));
  });
});

describe('CDK logRetention (Custom::LogRetention)', () => {
  it('takes the retention from the custom resource: no "not managed" finding, bounds checked, its log group forwarded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-logretention-'));
    const app = new App({ outdir: path.join(dir, 'cdk.out'), builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Logs');
    const props = { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') };
    const kept = new lambda.Function(stack, 'Kept', { ...props, logRetention: logs.RetentionDays.TWO_WEEKS });
    kept.logGroup.addSubscriptionFilter('Forward', {
      destination: { bind: () => ({ arn: 'arn:aws:logs:us-east-1:111122223333:destination:cms-enterprise-logging' }) },
      filterPattern: logs.FilterPattern.allEvents(),
    });
    new lambda.Function(stack, 'Long', { ...props, logRetention: logs.RetentionDays.ONE_YEAR });
    new lambda.Function(stack, 'Forever', { ...props, logRetention: logs.RetentionDays.INFINITE });
    app.synth();
    const config = path.join(dir, 'ldlint.config.yaml');
    writeFileSync(config, 'rules:\n  BR-LD-2/log-retention: [warning, {maxRetentionDays: 30}]\n');
    const fs = (await lintPaths([path.join(dir, 'cdk.out')], { cwd: dir, today: TODAY, config })).result.findings;
    const retention = fs.filter((f) => f.ruleId === 'BR-LD-2/log-retention');
    expect(retention.map((f) => [f.constructPath, f.message.replace(/^.*?: its implicit log group "[^"]*" /, '')])).toEqual([
      ['Logs/Long/Resource', expect.stringMatching(/^\(Custom::LogRetention LongLogRetention[0-9A-F]{8}\) keeps logs 365 days, above the maximum of 30 days$/)],
      ['Logs/Forever/Resource', expect.stringMatching(/^function Forever\w+: Custom::LogRetention ForeverLogRetention[0-9A-F]{8} sets no retention, so CloudWatch keeps its logs forever$/)],
    ]);
    // The fix in CDK's words: the construct prop, not the CloudFormation property.
    expect(retention.map((f) => f.help)).toEqual([expect.stringMatching(/^Set `logRetention: RetentionDays\.<period>` \(at most 30 days\)/), expect.stringMatching(/^Set `logRetention: RetentionDays\.<period>`/)]);
    expect(fs.some((f) => /is not managed in the project/.test(f.message))).toBe(false);
    // The subscription filter names the group by GetAtt of the custom resource's LogGroupName.
    expect(fs.filter((f) => f.ruleId === 'BR-LD-2/log-forwarding').map((f) => f.constructPath).sort()).toEqual(['Logs/Forever/Resource', 'Logs/Long/Resource']);
  }, 60_000);
});
