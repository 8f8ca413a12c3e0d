import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineRule, type Rule } from '../src/engine/types.js';
import { ConfigError, createConfigResolver, findConfigFile, loadConfig } from '../src/config/index.js';

const docs = { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } };

function fakeRules(): Rule<any>[] {
  return [
    defineRule({
      meta: {
        id: 'BR-LD-3/timeout', businessRule: 'BR-LD-3', description: 'Require an explicit timeout', defaultSeverity: 'error', docs,
        schema: { type: 'object', properties: { maxTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 900, description: 'Largest Timeout, s.' } }, additionalProperties: false },
        defaultOptions: { maxTimeoutSeconds: 900 },
      },
      check() {},
    }),
    defineRule({
      meta: {
        id: 'BR-LD-3/memory', businessRule: 'BR-LD-3', description: 'Require explicit memory', defaultSeverity: 'warning', docs,
        schema: { type: 'object', properties: { maxMemoryMb: { type: 'integer', minimum: 128, maximum: 10240 } }, additionalProperties: false },
        defaultOptions: { maxMemoryMb: 10240 },
      },
      check() {},
    }),
    defineRule({
      meta: {
        id: 'BR-LD-3/cost-ceiling', businessRule: 'BR-LD-3', description: 'Budget', defaultSeverity: 'error', docs,
        schema: {
          type: 'object',
          properties: {
            budget: { type: 'object', properties: { maxHourlyUsdPerFunction: { type: 'number' }, maxHourlyUsdPerProject: { type: 'number' } }, additionalProperties: false },
            prices: { type: 'object', properties: { x86_64: { type: 'number' }, arm64: { type: 'number' } }, additionalProperties: false },
          },
          additionalProperties: false,
        },
        defaultOptions: { prices: { x86_64: 0.0000166667, arm64: 0.0000133334 } },
      },
      check() {},
    }),
    defineRule({
      meta: {
        id: 'RP-LD-1/function-quantity', businessRule: 'RP-LD-1', description: 'Count functions', defaultSeverity: 'info', docs,
        schema: { type: 'object', properties: { maxFunctions: { type: 'integer', minimum: 1 } }, additionalProperties: false },
        defaultOptions: { maxFunctions: 25 },
      },
      check() {},
    }),
    defineRule({
      meta: {
        id: 'BR-LD-5/durable-functions', businessRule: 'BR-LD-5', description: 'No durable functions', defaultSeverity: 'error', docs,
        schema: { type: 'object', properties: {}, additionalProperties: false },
        defaultOptions: {},
      },
      check() {},
    }),
  ];
}

const rules = fakeRules();
const dirs: string[] = [];
function tmp(): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), 'ldlint-config-')));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('findConfigFile', () => {
  it('finds the nearest config file upward', () => {
    const root = tmp();
    mkdirSync(join(root, '.git'));
    const top = write(join(root, 'ldlint.config.yaml'), 'extends: ldlint:recommended\n');
    const nested = write(join(root, 'svc', '.ldlintrc.json'), '{}');
    mkdirSync(join(root, 'svc', 'deep', 'er'), { recursive: true });
    expect(findConfigFile(join(root, 'svc', 'deep', 'er'))).toBe(nested);
    expect(findConfigFile(join(root, 'svc'))).toBe(nested);
    mkdirSync(join(root, 'other'));
    expect(findConfigFile(join(root, 'other'))).toBe(top);
    expect(findConfigFile(root)).toBe(top);
  });

  it('accepts a file path and starts at its directory', () => {
    const root = tmp();
    mkdirSync(join(root, '.git'));
    const cfg = write(join(root, '.ldlintrc'), 'rules: {}\n');
    const tpl = write(join(root, 'a', 'template.yaml'), 'Resources: {}\n');
    expect(findConfigFile(tpl)).toBe(cfg);
  });

  it('stops at the repository root (the directory holding .git)', () => {
    const outer = tmp();
    write(join(outer, 'ldlint.config.yaml'), 'extends: ldlint:strict\n');
    const repo = join(outer, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'src'));
    expect(findConfigFile(join(repo, 'src'))).toBeUndefined();
    // .git as a file (worktree, submodule) also marks the root.
    const wt = join(outer, 'worktree');
    write(join(wt, '.git'), 'gitdir: ../repo/.git/worktrees/x\n');
    expect(findConfigFile(wt)).toBeUndefined();
  });

  it('prefers names in the documented order within one directory', () => {
    const root = tmp();
    mkdirSync(join(root, '.git'));
    write(join(root, '.ldlintrc.yml'), '{}\n');
    const json = write(join(root, 'ldlint.config.json'), '{}');
    expect(findConfigFile(root)).toBe(json);
    const yaml = write(join(root, 'ldlint.config.yaml'), '{}\n');
    expect(findConfigFile(root)).toBe(yaml);
  });
});

describe('loadConfig', () => {
  it('defaults to ldlint:recommended without a file', () => {
    const c = loadConfig(undefined, rules);
    expect(c.file).toBeUndefined();
    expect(c.strict).toBe(false);
    expect(c.rules.get('BR-LD-3/timeout')).toEqual({ severity: 'error', options: { maxTimeoutSeconds: 900 } });
    expect(c.rules.get('BR-LD-3/memory')?.severity).toBe('warning');
    expect(c.rules.get('RP-LD-1/function-quantity')?.severity).toBe('info');
    expect(c.settings.sensitiveData.exceptionTagKey).toBe('cms:isso-exception');
    expect(c.settings.sensitiveData.tagKeys).toContain('DataClassification');
    expect(c.settings.sensitiveData.tagValues).toContain('PHI');
    expect(c.settings.sensitiveData.booleanTagKeys).toContain('ContainsPII');
    expect(c.settings.parameters).toEqual({});
    expect(c.ignore).toEqual([]);
    expect(c.nonSuppressible).toEqual([]);
  });

  it('ldlint:strict raises warnings to errors and sets strict', () => {
    const dir = tmp();
    const c = loadConfig(write(join(dir, 'ldlint.config.yaml'), 'extends: ldlint:strict\n'), rules);
    expect(c.strict).toBe(true);
    expect(c.rules.get('BR-LD-3/memory')?.severity).toBe('error');
    expect(c.rules.get('BR-LD-3/timeout')?.severity).toBe('error');
    expect(c.rules.get('RP-LD-1/function-quantity')?.severity).toBe('info');
    const list = loadConfig(write(join(dir, 'b.yaml'), 'extends: [ldlint:recommended, ldlint:strict]\n'), rules);
    expect(list.strict).toBe(true);
    expect(list.rules.get('BR-LD-3/memory')?.severity).toBe('error');
  });

  it('reads YAML: severities, tuples with deep-merged options, settings, ignore, nonSuppressible', () => {
    const dir = tmp();
    const file = write(
      join(dir, 'ldlint.config.yaml'),
      [
        'extends: ldlint:recommended',
        'rules:',
        '  BR-LD-3/timeout: [warning, {maxTimeoutSeconds: 60}]',
        '  BR-LD-3/memory: "off"',
        '  RP-LD-1/function-quantity: [error]',
        '  BR-LD-3/cost-ceiling:',
        '    - error',
        '    - budget: {maxHourlyUsdPerFunction: 2}',
        '      prices: {arm64: 0.00001}',
        '  ldlint/unverifiable: warning',
        'settings:',
        '  sensitiveData:',
        '    tagKeys: [Secret]',
        '  parameters:',
        '    Stage: prod',
        '    Count: 3',
        '    Enabled: true',
        'ignore:',
        '  - id: BR-LD-3/timeout',
        '    files: ["legacy/**"]',
        '    reason: migrating',
        '    expires: "2030-01-31"',
        'nonSuppressible: [BR-LD-5/durable-functions, BR-LD-5/durable-functions]',
        '',
      ].join('\n'),
    );
    const c = loadConfig(file, rules);
    expect(c.file).toBe(file);
    expect(c.rules.get('BR-LD-3/timeout')).toEqual({ severity: 'warning', options: { maxTimeoutSeconds: 60 } });
    expect(c.rules.get('BR-LD-3/memory')).toEqual({ severity: 'off', options: { maxMemoryMb: 10240 } });
    expect(c.rules.get('RP-LD-1/function-quantity')).toEqual({ severity: 'error', options: { maxFunctions: 25 } });
    expect(c.rules.get('BR-LD-3/cost-ceiling')).toEqual({
      severity: 'error',
      options: { budget: { maxHourlyUsdPerFunction: 2 }, prices: { x86_64: 0.0000166667, arm64: 0.00001 } },
    });
    expect(c.rules.get('ldlint/unverifiable')?.severity).toBe('warning');
    expect(c.settings.sensitiveData.tagKeys).toEqual(['Secret']);
    expect(c.settings.sensitiveData.tagValues).toContain('PII');
    expect(c.settings.parameters).toEqual({ Stage: 'prod', Count: '3', Enabled: 'true' });
    expect(c.ignore).toEqual([
      { id: 'BR-LD-3/timeout', files: ['legacy/**'], reason: 'migrating', expires: '2030-01-31', source: { file, line: 19, column: 5 } },
    ]);
    expect(c.nonSuppressible).toEqual(['BR-LD-5/durable-functions']);
    // Defaults are not shared between loads.
    expect(loadConfig(undefined, rules).rules.get('BR-LD-3/cost-ceiling')?.options).toEqual({ prices: { x86_64: 0.0000166667, arm64: 0.0000133334 } });
  });

  it('reads JSON configs, including extension-less .ldlintrc', () => {
    const dir = tmp();
    const json = write(join(dir, 'ldlint.config.json'), JSON.stringify({ rules: { 'BR-LD-3/timeout': ['error', { maxTimeoutSeconds: 30 }] } }, null, 2));
    expect(loadConfig(json, rules).rules.get('BR-LD-3/timeout')?.options).toEqual({ maxTimeoutSeconds: 30 });
    const rcJson = write(join(dir, 'a', '.ldlintrc'), '{ "extends": "ldlint:strict" }');
    expect(loadConfig(rcJson, rules).strict).toBe(true);
    const rcYaml = write(join(dir, 'b', '.ldlintrc'), 'extends: ldlint:strict\n');
    expect(loadConfig(rcYaml, rules).strict).toBe(true);
  });

  it('treats an empty file as an empty config', () => {
    const dir = tmp();
    expect(loadConfig(write(join(dir, 'ldlint.config.yaml'), '# nothing yet\n'), rules).rules.get('BR-LD-3/memory')?.severity).toBe('warning');
    expect(loadConfig(write(join(dir, 'ldlint.config.json'), ''), rules).strict).toBe(false);
  });

  it('loads an explicit --config path anywhere, and fails on a missing one', () => {
    const dir = tmp();
    const file = write(join(dir, 'configs', 'team.yml'), 'rules: {BR-LD-3/memory: info}\n');
    expect(loadConfig(file, rules).rules.get('BR-LD-3/memory')?.severity).toBe('info');
    const missing = join(dir, 'nope.yaml');
    const err = catchError(() => loadConfig(missing, rules));
    expect(err.file).toBe(missing);
    expect(err.message).toContain('no such file or directory');
  });

  it('createConfigResolver: nearest config per path, or the --config file everywhere', () => {
    const root = tmp();
    mkdirSync(join(root, '.git'));
    write(join(root, 'ldlint.config.yaml'), 'extends: ldlint:strict\n');
    write(join(root, 'svc', 'ldlint.config.yaml'), 'rules: {BR-LD-3/memory: "off"}\n');
    const tplA = write(join(root, 'a', 't.yaml'), '');
    const tplB = write(join(root, 'svc', 't.yaml'), '');
    const forPath = createConfigResolver(rules);
    expect(forPath(tplA).strict).toBe(true);
    expect(forPath(tplB).strict).toBe(false);
    expect(forPath(tplB).rules.get('BR-LD-3/memory')?.severity).toBe('off');
    expect(forPath(tplA)).toBe(forPath(join(root, 'a')));
    const fixed = createConfigResolver(rules, { config: join(root, 'svc', 'ldlint.config.yaml') });
    expect(fixed(tplA).strict).toBe(false);
  });
});

function catchError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}
