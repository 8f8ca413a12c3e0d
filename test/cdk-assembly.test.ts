/** Cloud assemblies (cdk.out) read from disk: manifest, stages, nested stacks, construct paths, generated functions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { buildCdkProject, cloudAssemblyDirOf, isGeneratedByCdk, readCloudAssembly } from '../src/model/cdk.js';
import { loadFormatter } from '../src/formatters/index.js';
import { ROOT } from './support/lint.js';

const ASM = 'fixtures/cdk/basic/cdk.out';
const display = (abs: string) => path.relative(ROOT, abs).split(path.sep).join('/');
const pairs = (fs: { ruleId: string; constructPath?: string; resource: string | null }[]) =>
  [...new Set(fs.map((f) => `${f.ruleId} ${f.constructPath ?? f.resource}`))].sort();

describe('reading a cloud assembly', () => {
  const asm = readCloudAssembly(path.join(ROOT, ASM), { display });

  it('reads every stack template: stages (cdk:cloud-assembly) and nested stacks (metadata and aws:asset:path)', () => {
    expect(asm.issues).toEqual([]);
    expect(asm.stacks.map((s) => [s.path, s.stackPath, !!s.nested])).toEqual([
      [`${ASM}/Legacy.template.json`, 'Legacy', false],
      [`${ASM}/LegacyOther5E6F7A8B.nested.template.json`, undefined, true],
      [`${ASM}/LegacyInner1A2B3C4D.nested.template.json`, 'Legacy/Inner', true],
      [`${ASM}/assembly-Stage/StageSvc1234ABCD.template.json`, 'Stage/Svc', false],
    ]);
  });

  it("maps logical ids to construct paths from the manifest's metadata, per template", () => {
    const [legacy, , inner, stage] = asm.stacks;
    expect(legacy!.constructPaths.get('ApiD2D9A5A5')).toBe('Legacy/Api/Resource');
    expect(legacy!.constructPaths.get('InnerNestedStackInnerNestedStackResource1111AAAA')).toBe('Legacy/Inner.NestedStack/Inner.NestedStackResource');
    expect(legacy!.constructPaths.has('Worker3E6F1F8A')).toBe(false);
    expect(inner!.constructPaths.get('Worker3E6F1F8A')).toBe('Legacy/Inner/Worker/Resource');
    expect(stage!.constructPaths.get('Handler886CB40B')).toBe('Stage/Svc/Handler/Resource');
    expect([...legacy!.handlerPaths]).toEqual(['Legacy/Custom::S3AutoDeleteObjectsCustomResourceProvider']);
  });

  it('builds ONE project from all templates; aws:cdk:path metadata wins; generated functions are flagged', () => {
    const built = buildCdkProject(asm.stacks, { overrides: new Map(), cdk: { includeGenerated: true } });
    const p = built.project!;
    expect(p.templates.map((t) => t.flavour)).toEqual(['cdk', 'cdk', 'cdk', 'cdk']);
    expect(p.functions.map((f) => [f.name, f.constructPath ?? null, !!f.generated])).toEqual([
      ['ApiD2D9A5A5', 'Legacy/Api/Resource', false],
      ['Tagged0F1E2D3C', 'Legacy/Reports/Tagged/Resource', false],
      ['LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A', null, true],
      ['CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F', 'Legacy/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler', true],
      ['Other9A8B7C6D', 'Legacy/Other/Other/Resource', false],
      ['Worker3E6F1F8A', 'Legacy/Inner/Worker/Resource', false],
      ['Handler886CB40B', 'Stage/Svc/Handler/Resource', false],
    ]);
    const skipping = buildCdkProject(asm.stacks, { overrides: new Map() });
    expect(skipping.project!.functions.map((f) => f.name)).not.toContain('LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A');
    expect(skipping.project!.functions).toHaveLength(5);
  });

  it('recognises an assembly directory or its manifest, nothing else', () => {
    expect(cloudAssemblyDirOf(path.join(ROOT, ASM))).toBe(path.join(ROOT, ASM));
    expect(cloudAssemblyDirOf(path.join(ROOT, ASM, 'manifest.json'))).toBe(path.join(ROOT, ASM));
    expect(cloudAssemblyDirOf(path.join(ROOT, 'fixtures/cdk/basic'))).toBeUndefined();
    expect(cloudAssemblyDirOf(path.join(ROOT, ASM, 'Legacy.template.json'))).toBeUndefined();
    const web = mkdtempSync(path.join(tmpdir(), 'ldlint-webapp-'));
    writeFileSync(path.join(web, 'manifest.json'), '{"name": "My PWA", "version": "1.0.0", "icons": []}');
    expect(cloudAssemblyDirOf(web)).toBeUndefined();
  });
});

describe('generated functions', () => {
  it.each([
    ['Main/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource', true],
    ['Main/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Resource', true],
    ['Main/AWS679f53fac002430cb0da5b7982bd2287/Resource', true],
    ['Main/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler', true],
    ['Main/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/Resource', true],
    ['Main/Prov/framework-onEvent/Resource', true],
    ['Main/@aws-cdk--aws-eks.KubectlProvider/Handler/Resource', true],
    ['Main/LogRetention/Resource', false],
    ['Main/Orders/Handler/Resource', false],
  ])('%s -> %s', (p, expected) => {
    expect(isGeneratedByCdk('X', p)).toBe(expected);
  });
  it('by handler metadata on an ancestor, and by logical id without construct paths', () => {
    expect(isGeneratedByCdk('X', 'Main/MyProvider/Fn/Resource', new Set(['Main/MyProvider']))).toBe(true);
    expect(isGeneratedByCdk('BucketNotificationsHandler050a0587b7544547bf325f094a3db8347ECC3691', undefined)).toBe(true);
    expect(isGeneratedByCdk('AWS679f53fac002430cb0da5b7982bd22872D164C4C', undefined)).toBe(true);
    expect(isGeneratedByCdk('OrdersHandler1234ABCD', undefined)).toBe(false);
  });
});

describe('ldlint cdk.out/', () => {
  it('lints the stack set with construct paths and template lines; generated functions skipped by default', async () => {
    const run = await lintPaths([ASM], { cwd: ROOT, today: '2026-06-01' });
    const fs = run.result.findings;
    expect(run.result.files.map((f) => [f.path, f.flavour])).toEqual([
      [`${ASM}/Legacy.template.json`, 'cdk'],
      [`${ASM}/LegacyOther5E6F7A8B.nested.template.json`, 'cdk'],
      [`${ASM}/LegacyInner1A2B3C4D.nested.template.json`, 'cdk'],
      [`${ASM}/assembly-Stage/StageSvc1234ABCD.template.json`, 'cdk'],
    ]);
    const timeout = fs.filter((f) => f.ruleId === 'BR-LD-3/timeout');
    expect(timeout.map((f) => [f.constructPath, f.file, f.line])).toEqual([
      ['Legacy/Api/Resource', `${ASM}/Legacy.template.json`, 3],
      ['Legacy/Reports/Tagged/Resource', `${ASM}/Legacy.template.json`, 12],
      ['Legacy/Other/Other/Resource', `${ASM}/LegacyOther5E6F7A8B.nested.template.json`, 10],
    ]);
    expect(fs.every((f) => f.flavour === 'cdk' || f.resource === null)).toBe(true);
    expect(fs.some((f) => /LogRetention|CustomS3AutoDelete/.test(f.resource ?? ''))).toBe(false);
    // The whole app is one project: the function count sees the five linted functions of all stacks.
    const quantity = await lintPaths([ASM], { cwd: ROOT, today: '2026-06-01', config: writeConfig('rules:\n  RP-LD-1/function-quantity: [info, {maxFunctions: 4}]\n') });
    expect(quantity.result.findings.filter((f) => f.ruleId === 'RP-LD-1/function-quantity').map((f) => f.message).join()).toMatch(/\b5\b/);
  });

  it('accepts the manifest itself, and names the assembly alongside walked directories', async () => {
    const byManifest = await lintPaths([`${ASM}/manifest.json`], { cwd: ROOT, today: '2026-06-01' });
    const byDir = await lintPaths([ASM], { cwd: ROOT, today: '2026-06-01' });
    expect(pairs(byManifest.result.findings)).toEqual(pairs(byDir.result.findings));
    // Walking fixtures/cdk skips cdk.out; naming it as well reads it.
    const walked = await lintPaths(['fixtures/cdk/basic'], { cwd: ROOT, today: '2026-06-01' });
    expect(walked.result.findings).toEqual([]);
    const both = await lintPaths(['fixtures/cdk/basic', ASM], { cwd: ROOT, today: '2026-06-01' });
    expect(pairs(both.result.findings)).toEqual(pairs(byDir.result.findings));
  });

  it('config settings.includeGeneratedFunctions and cdk.skipConstructPaths', async () => {
    const config = writeConfig('settings:\n  includeGeneratedFunctions: true\ncdk:\n  skipConstructPaths: ["Legacy/Inner/**", "Stage/**"]\n');
    const run = await lintPaths([ASM], { cwd: ROOT, today: '2026-06-01', config });
    const resources = new Set(run.result.findings.map((f) => f.resource));
    expect(resources.has('LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A')).toBe(true);
    expect(resources.has('CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F')).toBe(true);
    expect(resources.has('Worker3E6F1F8A')).toBe(false);
    expect(resources.has('Handler886CB40B')).toBe(false);
    expect(resources.has('ApiD2D9A5A5')).toBe(true);
  });

  it('rejects an unknown key under cdk in the config', async () => {
    const config = writeConfig('cdk:\n  includeGenerate: true\n');
    await expect(lintPaths([ASM], { cwd: ROOT, config })).rejects.toThrow(/includeGenerate/);
  });

  it('SARIF logical locations and JSON carry the construct path', async () => {
    const run = await lintPaths([ASM], { cwd: ROOT, today: '2026-06-01' });
    const opts = { cwd: ROOT, repoRoot: ROOT, color: false, docsBaseUrl: 'https://example.test/rules', toolVersion: '0.0.0', env: {} };
    const sarif = JSON.parse(await (await loadFormatter('sarif'))(run.result, opts as never));
    const names = sarif.runs[0].results.flatMap((r: any) => r.locations[0].logicalLocations ?? []).map((l: any) => l.fullyQualifiedName);
    expect(names).toContain('Stage/Svc/Handler/Resource');
    const json = JSON.parse(await (await loadFormatter('json'))(run.result, opts as never));
    expect(json.findings.find((f: any) => f.resource === 'Worker3E6F1F8A').constructPath).toBe('Legacy/Inner/Worker/Resource');
  });

  it('reports an unreadable manifest as a parse error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-'));
    writeFileSync(path.join(dir, 'manifest.json'), '{"version": "36.0.0", "artifacts": {"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "missing.json"}}}}');
    const run = await lintPaths([dir], { cwd: dir });
    expect(run.result.findings.map((f) => [f.ruleId, f.message])).toEqual([['ldlint/parse-error', expect.stringMatching(/missing\.json:1:1: no such file/)]]);
  });
});

function writeConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-cdk-config-'));
  const file = path.join(dir, 'ldlint.config.yaml');
  writeFileSync(file, text);
  return file;
}
