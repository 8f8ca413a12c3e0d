/** The JSON Schema (draft-07) of ldlint config files, generated from the rules' metadata. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BUSINESS_RULES, type Rule } from '../engine/types.js';
import { DEFAULT_SETTINGS } from '../engine/settings.js';
import { defaultSeverityText, ENGINE_FINDINGS } from '../engine/engine-findings.js';
import { CONFIG_SEVERITIES, PRESETS } from './types.js';

export const SCHEMA_ID = 'urn:ldlint:schema:config';
export const SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/** YYYY-MM-DD with a plausible month and day. */
export const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/**
 * Findings the engine emits itself (not registered checks). They may be listed in
 * `nonSuppressible`; those in ENGINE_SEVERITY_IDS may also be given a severity under `rules`.
 */
export const ENGINE_FINDING_IDS: readonly string[] = [...ENGINE_FINDINGS.keys()];

/** Engine findings whose severity the config may set (`off` silences them). */
export const ENGINE_SEVERITY_IDS: Readonly<Record<string, { description: string; defaultSeverity: string }>> = Object.fromEntries(
  [...ENGINE_FINDINGS.values()].filter((m) => m.configurable).map((m) => [m.id, { description: `${m.description} Default: ${defaultSeverityText(m)}.`, defaultSeverity: m.defaultSeverity }]),
);

type JsonObject = Record<string, unknown>;

function severitySchema(): JsonObject {
  return { title: 'a severity (error, warning, info, off)', type: 'string', enum: [...CONFIG_SEVERITIES], description: 'error | warning | info | off' };
}

function presetSchema(): JsonObject {
  return {
    type: 'string',
    enum: [...PRESETS],
    description: 'ldlint:recommended: every check at its default severity. ldlint:strict: warnings become errors and unverifiable values are warnings.',
  };
}

/** Rules sorted by id; throws on a duplicate id. */
export function sortedRules(rules: readonly Rule<any>[]): Rule<any>[] {
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.meta.id)) throw new Error(`duplicate rule id ${r.meta.id}`);
    seen.add(r.meta.id);
  }
  return [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Rewrites a rule schema's local `$ref`s (`#/definitions/x`) to where the schema is embedded. */
function rebaseRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rebaseRefs(n, base));
  if (node && typeof node === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? base + v.slice(1) : rebaseRefs(v, base);
    }
    return out;
  }
  return node;
}

/** The rule's options schema, made closed (`additionalProperties: false`) and annotated with defaults. */
export function ruleOptionsSchema(rule: Rule<any>, embeddedAt: string): JsonObject {
  const { $schema: _s, $id: _i, ...schema } = structuredClone(rule.meta.schema ?? {}) as JsonObject;
  if (schema.type === undefined) schema.type = 'object';
  if (schema.additionalProperties === undefined) schema.additionalProperties = false;
  if (schema.properties === undefined) schema.properties = {};
  const defaults = (rule.meta.defaultOptions ?? {}) as JsonObject;
  const props = schema.properties as Record<string, JsonObject>;
  for (const [name, prop] of Object.entries(props)) {
    if (prop && typeof prop === 'object' && prop.default === undefined && defaults[name] !== undefined) {
      props[name] = { ...prop, default: structuredClone(defaults[name]) };
    }
  }
  if (schema.description === undefined) {
    schema.description = Object.keys(props).length > 0 ? `Options of ${rule.meta.id}.` : `${rule.meta.id} takes no options.`;
  }
  return rebaseRefs(schema, embeddedAt) as JsonObject;
}

function ruleEntrySchema(rule: Rule<any>): JsonObject {
  const m = rule.meta;
  const br = m.businessRule in BUSINESS_RULES ? `${m.businessRule} ${BUSINESS_RULES[m.businessRule as keyof typeof BUSINESS_RULES]}. ` : '';
  const at = `#/properties/rules/properties/${escapePointer(m.id)}/oneOf/2/items/1`;
  return {
    description: `${m.description}\n\n${br}Default severity: ${m.defaultSeverity}. Write a severity, or [severity, {options}].`,
    default: m.defaultSeverity,
    oneOf: [
      severitySchema(),
      { title: '[severity]', type: 'array', items: [severitySchema()], minItems: 1, additionalItems: false },
      { title: '[severity, {options}]', type: 'array', items: [severitySchema(), ruleOptionsSchema(rule, at)], minItems: 2, additionalItems: false },
    ],
  };
}

function stringList(description: string, def?: readonly string[]): JsonObject {
  return { type: 'array', items: { type: 'string' }, description, ...(def ? { default: [...def] } : {}) };
}

/** The JSON Schema of a config file for the given rules (stable: rules sorted by id). */
export function buildSchema(rules: readonly Rule<any>[]): JsonObject {
  const sorted = sortedRules(rules);
  const ruleProps: JsonObject = {};
  for (const r of sorted) ruleProps[r.meta.id] = ruleEntrySchema(r);
  for (const [id, e] of Object.entries(ENGINE_SEVERITY_IDS)) {
    if (!(id in ruleProps)) ruleProps[id] = { ...severitySchema(), description: e.description, default: e.defaultSeverity };
  }
  const ids = [...new Set([...sorted.map((r) => r.meta.id), ...ENGINE_FINDING_IDS])].sort();
  const sd = DEFAULT_SETTINGS.sensitiveData;
  return {
    $schema: SCHEMA_DRAFT,
    $id: SCHEMA_ID,
    title: 'ldlint configuration',
    description:
      'Configuration of ldlint, the governance linter for AWS Lambda templates (ldlint.config.yaml, ldlint.config.json, .ldlintrc).',
    type: 'object',
    additionalProperties: false,
    properties: {
      extends: {
        description: 'Preset(s) to start from; later presets win. Default: ldlint:recommended.',
        oneOf: [presetSchema(), { type: 'array', items: presetSchema() }],
      },
      rules: {
        description: 'Severity (error | warning | info | off) and options of each check, by id. Checks not listed keep the preset\'s setting.',
        type: 'object',
        additionalProperties: false,
        properties: ruleProps,
      },
      settings: {
        description: 'Settings shared by several checks.',
        type: 'object',
        additionalProperties: false,
        properties: {
          sensitiveData: {
            description: 'How BR-LD-1 recognises sensitive functions and their exceptions. A list given here replaces the default list.',
            type: 'object',
            additionalProperties: false,
            properties: {
              tagKeys: stringList('Tag keys whose value classifies data (matched with tagValues).', sd.tagKeys),
              tagValues: stringList('Classification values that mark data sensitive (case-insensitive, whole values; lists like "PII,PHI" are split).', sd.tagValues),
              booleanTagKeys: stringList('Tag keys that mark data sensitive when their value is true or yes.', sd.booleanTagKeys),
              exceptionTagKey: {
                type: 'string',
                minLength: 1,
                description: 'Tag key whose value is the approval reference of a sensitive-data exception.',
                default: sd.exceptionTagKey,
              },
            },
          },
          parameters: {
            description: 'Template parameter values used instead of their defaults (the command line wins).',
            type: 'object',
            additionalProperties: { type: ['string', 'number', 'boolean'] },
          },
          includeGeneratedFunctions: {
            type: 'boolean',
            default: DEFAULT_SETTINGS.includeGeneratedFunctions,
            description:
              'Lint the functions a framework generates itself, which the user does not write: CDK\'s (log retention, bucket notifications, AwsCustomResource and custom-resource provider handlers, bucket deployments) and the Serverless Framework\'s custom-resource functions (S3 and Cognito events with existing: true, EventBridge, the API Gateway CloudWatch role). They are always flagged as generated.',
          },
        },
      },
      ignore: {
        description: 'Central suppressions: findings of a check accepted for some files or resources, with a reason.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: {
            id: { type: 'string', minLength: 1, description: 'Check id, e.g. BR-LD-3/timeout.' },
            files: stringList('Globs of template paths, relative to this config file (default: every file).'),
            resources: stringList('Globs of resource names: logical ids, Serverless function keys (default: every resource).'),
            reason: { type: 'string', description: 'Why the finding is accepted (required for the suppression to apply).' },
            expires: { type: 'string', pattern: DATE_PATTERN, description: 'YYYY-MM-DD after which the suppression stops applying.' },
          },
        },
      },
      nonSuppressible: {
        description: 'Check ids whose findings no inline comment, ignore entry or baseline can suppress.',
        type: 'array',
        items: { type: 'string', enum: ids },
      },
      code: {
        type: 'boolean',
        default: true,
        description: "Read each function's own code (its handler and the local modules it imports) for the code checks. false turns code reading off, as --no-code does.",
      },
      cdk: {
        description: 'CDK cloud assemblies (cdk.out) and the ldlint/cdk plugins.',
        type: 'object',
        additionalProperties: false,
        properties: {
          skipConstructPaths: stringList('Globs of construct paths (e.g. "MyStack/Legacy/**") whose resources are not linted.'),
        },
      },
    },
  };
}

/** The schema file's text: pretty JSON with a trailing newline. */
export function schemaText(rules: readonly Rule<any>[]): string {
  return JSON.stringify(buildSchema(rules), null, 2) + '\n';
}

/** Writes the schema (normally to schema/ldlint.schema.json). */
export function writeSchemaFile(rules: readonly Rule<any>[], path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, schemaText(rules));
}
