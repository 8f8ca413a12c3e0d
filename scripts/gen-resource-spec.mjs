#!/usr/bin/env node
/**
 * Extracts the property names of the resource types ldlint governs from the CloudFormation
 * resource specification that `@aws-cdk/aws-service-spec` ships (a gzipped database that takes
 * seconds to load), into the small committed file `src/engine/resource-spec.json` that
 * `ldlint/unknown-property` reads.
 *
 *   node scripts/gen-resource-spec.mjs           # rewrite src/engine/resource-spec.json
 *   node scripts/gen-resource-spec.mjs --check   # exit 1 when the committed file is stale
 *
 * Format: `resources[type][property]` and `types[name][property]` are shapes: `""` for a value
 * whose inside has no property names of its own (string, number, list of strings, JSON, tags),
 * else the name of a property type in `types`, followed by `[]` for a list of it or `{}` for a
 * map of it (suffixes repeat for nested collections).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CloudFormation resource types whose properties ldlint checks (SAM types are hand-written). */
export const GOVERNED_TYPES = [
  'AWS::Lambda::Alias',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::Function',
  'AWS::Lambda::Version',
  'AWS::Logs::LogGroup',
  'AWS::Logs::SubscriptionFilter',
  'AWS::StepFunctions::StateMachine',
];

const here = path.dirname(fileURLToPath(import.meta.url));
export const OUTPUT = path.join(here, '..', 'src', 'engine', 'resource-spec.json');

/** Builds the compact spec object from the installed package. */
export function buildResourceSpec() {
  const require = createRequire(import.meta.url);
  const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');
  const version = require('@aws-cdk/aws-service-spec/package.json').version;
  const db = loadAwsServiceSpecSync();
  const resources = {};
  const types = {};

  const shapeOf = (type, owner) => {
    switch (type.type) {
      case 'ref': {
        const def = db.get('typeDefinition', type.reference.$ref);
        const name = `${owner}.${def.name}`;
        if (!(name in types)) {
          types[name] = {}; // reserve first: property types may be recursive
          types[name] = propertiesOf(def.properties, owner);
        }
        return name;
      }
      case 'array': {
        const e = shapeOf(type.element, owner);
        return e ? `${e}[]` : '';
      }
      case 'map': {
        const e = shapeOf(type.element, owner);
        return e ? `${e}{}` : '';
      }
      case 'union': {
        for (const t of type.types) {
          const s = shapeOf(t, owner);
          if (s) return s;
        }
        return '';
      }
      default:
        return '';
    }
  };
  const propertiesOf = (props, owner) => {
    const out = {};
    for (const name of Object.keys(props).sort()) out[name] = shapeOf(props[name].type, owner);
    return out;
  };

  for (const cfnType of GOVERNED_TYPES) {
    const found = db.lookup('resource', 'cloudFormationType', 'equals', cfnType);
    if (found.length !== 1) throw new Error(`${cfnType}: ${found.length} entries in @aws-cdk/aws-service-spec`);
    resources[cfnType] = propertiesOf(found[0].properties, cfnType);
  }
  const sortedTypes = {};
  for (const k of Object.keys(types).sort()) sortedTypes[k] = types[k];
  return { source: `@aws-cdk/aws-service-spec@${version}`, resources, types: sortedTypes };
}

/** The file's text: one resource or property type per line, so that diffs stay readable. */
export function renderResourceSpec(spec) {
  const line = (obj) => JSON.stringify(obj);
  const block = (obj) =>
    Object.entries(obj)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${line(v)}`)
      .join(',\n');
  return `{\n  "source": ${JSON.stringify(spec.source)},\n  "resources": {\n${block(spec.resources)}\n  },\n  "types": {\n${block(spec.types)}\n  }\n}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = renderResourceSpec(buildResourceSpec());
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), OUTPUT)} is stale: run node scripts/gen-resource-spec.mjs`);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), OUTPUT)} is up to date`);
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
  }
}
