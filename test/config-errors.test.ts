import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineRule, type Rule } from '../src/engine/types.js';
import { closest, ConfigError, levenshtein, loadConfig } from '../src/config/index.js';

const docs = { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } };

const rules: Rule<any>[] = [
  defineRule({
    meta: {
      id: 'BR-LD-3/timeout', businessRule: 'BR-LD-3', description: 'Require an explicit timeout', defaultSeverity: 'error', docs,
      schema: { type: 'object', properties: { maxTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 900 } }, additionalProperties: false },
      defaultOptions: { maxTimeoutSeconds: 900 },
    },
    check() {},
  }),
  defineRule({
    meta: {
      id: 'BR-LD-3/memory', businessRule: 'BR-LD-3', description: 'Require explicit memory', defaultSeverity: 'warning', docs,
      schema: { type: 'object', properties: { maxMemoryMb: { type: 'integer' } }, additionalProperties: false },
      defaultOptions: { maxMemoryMb: 10240 },
    },
    check() {},
  }),
  defineRule({
    meta: {
      id: 'BR-LD-2/log-forwarding', businessRule: 'BR-LD-2', description: 'Forward logs', defaultSeverity: 'error', docs,
      schema: {
        type: 'object',
        properties: {
          approvedDestinations: { type: 'array', items: { type: 'string' } },
          forwardingLayers: { type: 'array', items: { type: 'string' } },
          forwardedAtAccountLevel: { type: 'boolean' },
          reason: { type: 'string', minLength: 1 },
        },
        additionalProperties: false,
        if: { properties: { forwardedAtAccountLevel: { const: true } }, required: ['forwardedAtAccountLevel'] },
        then: { required: ['reason'] },
      },
      defaultOptions: { approvedDestinations: ['*'], forwardingLayers: [], forwardedAtAccountLevel: false },
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

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ldlint-config-errors-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function fail(text: string, name = `c${n++}.yaml`): ConfigError {
  const file = join(dir, name);
  writeFileSync(file, text);
  try {
    loadConfig(file, rules);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).file).toBe(file);
    expect((e as ConfigError).message.startsWith(`${file}:`)).toBe(true);
    return e as ConfigError;
  }
  throw new Error(`expected ${name} to fail:\n${text}`);
}

describe('suggest', () => {
  it('levenshtein', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });
  it('closest picks the nearest candidate within reach, case-insensitively', () => {
    expect(closest('maxTimeoutSecs', ['maxTimeoutSeconds', 'maxMemoryMb'])).toBe('maxTimeoutSeconds');
    expect(closest('BR-LD-3/timout', ['BR-LD-3/timeout', 'BR-LD-3/memory'])).toBe('BR-LD-3/timeout');
    expect(closest('MAXMEMORYMB', ['maxTimeoutSeconds', 'maxMemoryMb'])).toBe('maxMemoryMb');
    expect(closest('zzzzzz', ['maxTimeoutSeconds', 'rules'])).toBeUndefined();
    expect(closest('rule', ['extends', 'rules', 'settings'])).toBe('rules');
    expect(closest('ab', ['xy'], 1)).toBeUndefined();
  });
});

describe('config errors', () => {
  it('a typo in an option names the path, suggests the option and lists the allowed ones', () => {
    const e = fail('rules:\n  BR-LD-3/timeout: [error, {maxTimeoutSecs: 60}]\n');
    expect(e.message).toContain('rules["BR-LD-3/timeout"][1].maxTimeoutSecs');
    expect(e.message).toContain('unknown option');
    expect(e.message).toContain('did you mean maxTimeoutSeconds?');
    expect(e.message).toContain('Allowed options: maxTimeoutSeconds');
    // Line and column of the offending key.
    expect([e.line, e.column]).toEqual([2, 29]);
    expect(e.problems).toHaveLength(1);
  });

  it('locates keys in block-style YAML', () => {
    const e = fail(['extends: ldlint:recommended', 'rules:', '  BR-LD-3/timeout:', '    - warning', '    - maxTimeoutSecs: 60', ''].join('\n'));
    expect([e.line, e.column]).toEqual([5, 7]);
    expect(e.message).toContain(`:5:7: rules["BR-LD-3/timeout"][1].maxTimeoutSecs: unknown option; did you mean maxTimeoutSeconds?`);
  });

  it('locates keys in JSON', () => {
    const e = fail('{\n  "rules": {\n    "BR-LD-3/timeout": ["error", {"maxTimeoutSecs": 5}]\n  }\n}\n', 'ldlint.config.json');
    expect([e.line, e.column]).toEqual([3, 35]);
    expect(e.message).toContain('did you mean maxTimeoutSeconds?');
  });

  it('an unknown rule id suggests the closest id and lists the known ones', () => {
    const e = fail('rules:\n  BR-LD-3/timout: error\n');
    expect(e.message).toContain('rules["BR-LD-3/timout"]: unknown rule id; did you mean BR-LD-3/timeout?');
    expect(e.message).toContain('Known rule ids: BR-LD-2/log-forwarding, BR-LD-3/memory, BR-LD-3/timeout, BR-LD-5/durable-functions');
    expect([e.line, e.column]).toEqual([2, 3]);
  });

  it('an unknown top-level key suggests the closest key', () => {
    const e = fail('extends: ldlint:recommended\nrule:\n  BR-LD-3/timeout: error\n');
    expect(e.message).toContain('rule: unknown key; did you mean rules? Allowed keys: extends, rules, settings, ignore, nonSuppressible, code, cdk');
    expect([e.line, e.column]).toEqual([2, 1]);
  });

  it('a bad severity lists the allowed values', () => {
    const e = fail('rules:\n  BR-LD-3/memory: erorr\n');
    expect(e.message).toContain('rules["BR-LD-3/memory"]: must be one of error, warning, info, off (got string "erorr"); did you mean error?');
    const inList = fail('rules:\n  BR-LD-3/memory: [warn, {maxMemoryMb: 512}]\n');
    expect(inList.message).toContain('rules["BR-LD-3/memory"][0]: must be one of error, warning, info, off (got string "warn")');
    expect([inList.line, inList.column]).toEqual([2, 20]);
    const wrongType = fail('rules:\n  BR-LD-3/memory: 2\n');
    expect(wrongType.message).toContain('must be a severity (error, warning, info, off), or [severity], or [severity, {options}] (got integer 2)');
  });

  it('wrong option types and ranges', () => {
    const e = fail('rules:\n  BR-LD-3/timeout: [error, {maxTimeoutSeconds: "ten"}]\n  BR-LD-3/memory: [error, {maxMemoryMb: 1.5}]\n');
    expect(e.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'rules["BR-LD-3/timeout"][1].maxTimeoutSeconds: must be an integer (got string "ten")',
      'rules["BR-LD-3/memory"][1].maxMemoryMb: must be an integer (got number 1.5)',
    ]);
    const range = fail('rules:\n  BR-LD-3/timeout: [error, {maxTimeoutSeconds: 901}]\n');
    expect(range.message).toContain('rules["BR-LD-3/timeout"][1].maxTimeoutSeconds: must be <= 900 (got integer 901)');
    const arity = fail('rules:\n  BR-LD-3/timeout: [error, {}, {}]\n');
    expect(arity.message).toContain('rules["BR-LD-3/timeout"]: must have at most 2 items (got 3)');
  });

  it('a rule without options rejects options', () => {
    const e = fail('rules:\n  BR-LD-5/durable-functions: [error, {strict: true}]\n');
    expect(e.message).toContain('rules["BR-LD-5/durable-functions"][1].strict: unknown option: BR-LD-5/durable-functions takes no options');
  });

  it('forwardedAtAccountLevel: true requires a non-empty reason', () => {
    const e = fail('rules:\n  BR-LD-2/log-forwarding: [error, {forwardedAtAccountLevel: true}]\n');
    expect(e.message).toContain('rules["BR-LD-2/log-forwarding"][1].reason: missing option (required when forwardedAtAccountLevel is true)');
    expect([e.line, e.column]).toEqual([2, 35]);
    const empty = fail('rules:\n  BR-LD-2/log-forwarding: [error, {forwardedAtAccountLevel: true, reason: ""}]\n');
    expect(empty.message).toContain('rules["BR-LD-2/log-forwarding"][1].reason: must not be empty');
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'rules:\n  BR-LD-2/log-forwarding: [error, {forwardedAtAccountLevel: true, reason: "Org-wide subscription, ticket SEC-1"}]\n');
    expect(loadConfig(file, rules).rules.get('BR-LD-2/log-forwarding')?.options).toEqual({
      approvedDestinations: ['*'], forwardingLayers: [], forwardedAtAccountLevel: true, reason: 'Org-wide subscription, ticket SEC-1',
    });
  });

  it('extends, settings, ignore and nonSuppressible are checked', () => {
    expect(fail('extends: ldlint:recomended\n').message).toContain('extends: must be one of ldlint:recommended, ldlint:strict (got string "ldlint:recomended"); did you mean ldlint:recommended?');
    expect(fail('extends: [ldlint:strict, eslint:recommended]\n').message).toContain('extends[1]: must be one of ldlint:recommended, ldlint:strict');
    const s = fail('settings:\n  sensitiveData:\n    tagKey: [Secret]\n    tagValues: PII\n  parameters: {Stage: [a]}\n');
    expect(s.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '3:5 settings.sensitiveData.tagKey: unknown key; did you mean tagKeys? Allowed keys: tagKeys, tagValues, booleanTagKeys, exceptionTagKey',
      '4:5 settings.sensitiveData.tagValues: must be a list (got string "PII")',
      '5:16 settings.parameters.Stage: must be a string, a number or a boolean (true or false) (got a list)',
    ]);
    const ig = fail('ignore:\n  - reason: legacy\n    expires: 2030/01/01\n    resource: [Fn]\n');
    expect(ig.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'ignore[0].id: missing required key',
      'ignore[0].expires: must be a date YYYY-MM-DD (got string "2030/01/01")',
      'ignore[0].resource: unknown key; did you mean resources? Allowed keys: id, files, resources, reason, expires',
    ]);
    expect(fail('nonSuppressible: [BR-LD-3/timout]\n').message).toContain('did you mean BR-LD-3/timeout?');
  });

  it('the whole file must be a mapping', () => {
    const e = fail('- rules\n');
    expect(e.message).toBe(`${e.file}:1:1: must be a mapping (object) (got a list)`);
  });

  it('syntax errors carry their position', () => {
    const y = fail('rules:\n  BR-LD-3/timeout: error\n  BR-LD-3/timeout: warning\n');
    expect(y.message).toMatch(/invalid YAML: Map keys must be unique/);
    expect(y.line).toBe(3);
    const j = fail('{\n  "rules": {\n    "BR-LD-3/timeout": "error",\n  }\n}\n', 'bad.json');
    expect(j.message).toContain('invalid JSON');
    expect([j.line, j.column]).toEqual([4, 3]);
    const dup = fail('{"rules": {}, "rules": {}}', 'dup.json');
    expect(dup.message).toContain('duplicate key "rules"');
  });

  it('reports every problem, in file order', () => {
    const e = fail('rules:\n  BR-LD-3/memory: loud\n  BR-LD-3/timout: error\nextend: ldlint:strict\n');
    expect(e.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(e.message.split('\n')).toHaveLength(3);
  });
});
