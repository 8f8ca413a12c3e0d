import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { rules as registry } from '../rules/index.js';
import { defineRule, type Rule } from '../src/engine/types.js';
import { buildSchema, initConfigText, loadConfig, schemaText, SCHEMA_ID, SCHEMA_MODELINE, writeSchemaFile } from '../src/config/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } };

const fake: Rule<any>[] = [
  defineRule({
    meta: {
      id: 'BR-LD-3/timeout', businessRule: 'BR-LD-3', description: 'Require an explicit timeout', defaultSeverity: 'error', docs,
      schema: { type: 'object', properties: { maxTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 900, description: 'Largest Timeout, in seconds.' } }, additionalProperties: false },
      defaultOptions: { maxTimeoutSeconds: 900 },
    },
    check() {},
  }),
  defineRule({
    meta: {
      id: 'BR-LD-3/cost-ceiling', businessRule: 'BR-LD-3', description: 'Worst-case spend within budget', defaultSeverity: 'error', docs,
      schema: {
        type: 'object',
        properties: {
          budget: { type: 'object', properties: { maxHourlyUsdPerFunction: { type: 'number' } }, additionalProperties: false, description: 'Budget.' },
          prices: { type: 'object', properties: { x86_64: { type: 'number' } }, additionalProperties: false },
        },
        additionalProperties: false,
      },
      defaultOptions: { prices: { x86_64: 0.0000166667 } },
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
          forwardedAtAccountLevel: { type: 'boolean' },
          reason: { type: 'string', minLength: 1 },
        },
        additionalProperties: false,
        if: { properties: { forwardedAtAccountLevel: { const: true } }, required: ['forwardedAtAccountLevel'] },
        then: { required: ['reason'] },
      },
      defaultOptions: { approvedDestinations: ['*'], forwardedAtAccountLevel: false },
    },
    check() {},
  }),
  defineRule({
    meta: {
      id: 'BR-LD-4/tmp-persistence', businessRule: 'BR-LD-4', description: 'No persistent data in /tmp', defaultSeverity: 'warning', docs,
      schema: { type: 'object', properties: { persistentPathNames: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
      defaultOptions: { persistentPathNames: ['DB_PATH', 'DATA_DIR'] },
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

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ldlint-config-schema-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Uncomments every `# ` example line (not the modeline); `##` lines stay comments. */
function uncommentAll(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === SCHEMA_MODELINE ? l : l.startsWith('# ') ? l.slice(2) : l === '#' ? '' : l))
    .join('\n');
}

describe('buildSchema', () => {
  it('is a draft-07 schema with an id, a title and one entry per rule', () => {
    const s = buildSchema(fake) as any;
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.$id).toBe(SCHEMA_ID);
    expect(s.title).toBe('ldlint configuration');
    expect(Object.keys(s.properties)).toEqual(['extends', 'rules', 'settings', 'ignore', 'nonSuppressible', 'code', 'cdk']);
    expect(Object.keys(s.properties.rules.properties)).toEqual([
      'BR-LD-2/log-forwarding', 'BR-LD-3/cost-ceiling', 'BR-LD-3/timeout', 'BR-LD-4/tmp-persistence', 'BR-LD-5/durable-functions', 'ldlint/suppression-invalid', 'ldlint/suppression-unused', 'ldlint/unverifiable',
    ]);
    const timeout = s.properties.rules.properties['BR-LD-3/timeout'];
    expect(timeout.description).toContain('Require an explicit timeout');
    expect(timeout.description).toContain('Default severity: error');
    expect(timeout.default).toBe('error');
    const opts = timeout.oneOf[2].items[1];
    expect(opts.additionalProperties).toBe(false);
    expect(opts.properties.maxTimeoutSeconds).toMatchObject({ description: 'Largest Timeout, in seconds.', default: 900 });
    expect(s.properties.settings.properties.sensitiveData.properties.exceptionTagKey.default).toBe('cms:isso-exception');
  });

  it('is stable and does not depend on rule order', () => {
    expect(schemaText([...fake].reverse())).toBe(schemaText(fake));
  });

  it('compiles in ajv strict mode, for the fake rules and for the registry', () => {
    for (const rs of [fake, registry]) {
      const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
      const validate = ajv.compile(buildSchema(rs));
      expect(validate({ extends: 'ldlint:strict', rules: { [rs[0]!.meta.id]: 'off' } })).toBe(true);
      expect(validate({ rules: { 'NOPE/nope': 'off' } })).toBe(false);
    }
  });

  it('rejects duplicate rule ids', () => {
    expect(() => buildSchema([fake[0]!, fake[0]!])).toThrow(/duplicate rule id BR-LD-3\/timeout/);
  });

  it('writeSchemaFile writes the pretty JSON', () => {
    const file = join(dir, 'out', 'ldlint.schema.json');
    writeSchemaFile(fake, file);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(JSON.stringify(buildSchema(fake), null, 2) + '\n');
  });

  it('the committed schema/ldlint.schema.json is up to date with rules/index.ts', () => {
    // To regenerate: LDLINT_UPDATE_SCHEMA=1 npx vitest run test/config-schema.test.ts
    const file = join(repo, 'schema', 'ldlint.schema.json');
    if (process.env.LDLINT_UPDATE_SCHEMA) writeSchemaFile(registry, file);
    expect(readFileSync(file, 'utf8')).toBe(schemaText(registry));
  });
});

describe('initConfigText', () => {
  for (const [name, rs] of [['fake rules', fake], ['registry', registry]] as const) {
    it(`loads cleanly as written and with every example uncommented (${name})`, () => {
      const text = initConfigText(rs);
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/ldlint/schema/ldlint.schema.json');
      expect(text).toMatch(/^extends: ldlint:recommended$/m);
      const asWritten = join(dir, `init-${rs.length}.yaml`);
      writeFileSync(asWritten, text);
      const c = loadConfig(asWritten, rs);
      expect(c.strict).toBe(false);
      expect([...c.rules]).toEqual([...loadConfig(undefined, rs).rules]);

      const full = join(dir, `init-full-${rs.length}.yaml`);
      writeFileSync(full, uncommentAll(text));
      const u = loadConfig(full, rs);
      // Uncommented, every example restates a default.
      for (const r of rs) {
        expect(u.rules.get(r.meta.id)).toEqual({ severity: r.meta.defaultSeverity, options: r.meta.defaultOptions });
      }
      expect(u.settings.sensitiveData).toEqual(c.settings.sensitiveData);
      expect(u.ignore).toHaveLength(1);
      expect(u.nonSuppressible).toHaveLength(1);
    });
  }

  it('shows each rule, its options with defaults and descriptions, and the settings', () => {
    const text = initConfigText(fake);
    expect(text).toContain('#   BR-LD-3/timeout:  ## Require an explicit timeout\n#     - error\n#     - maxTimeoutSeconds: 900  ## Largest Timeout, in seconds.\n');
    expect(text).toContain('#   BR-LD-5/durable-functions: error  ## No durable functions\n');
    expect(text).toContain('#     - prices: {"x86_64":0.0000166667}\n');
    expect(text).toContain('##      budget: <object>  (no default) Budget.\n');
    expect(text).toContain('#     tagKeys: ["DataClassification","data-classification","cms:data-classification","Classification","Sensitivity","DataSensitivity"]\n');
    expect(text).toContain('#     exceptionTagKey: "cms:isso-exception"\n');
    expect(text).toContain('##  BR-LD-3 Configure Lambda to control the cost / budget\n');
  });
});
