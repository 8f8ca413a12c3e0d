import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectProject } from '../src/inspect.js';
import { lintFile, ROOT } from './support/lint.js';

/**
 * ldlint's model of a serverless.yml against what the Serverless Framework itself compiled for it
 * (`serverless package --stage dev --region us-east-1`), without the framework: each
 * fixtures/serverless/parity/<name>/compiled.json holds the governed properties of every function
 * of the framework's template, written by `node scripts/sls-parity.mjs --write-compiled <file>`
 * (see the `framework` field for the version). Compared as scripts/sls-parity.mjs compares them:
 * environment variable names only, tags as key -> value, everything else as the framework wrote it.
 */
const PARITY = 'fixtures/serverless/parity';
const PROPS = ['Timeout', 'MemorySize', 'ReservedConcurrentExecutions', 'Environment', 'VpcConfig', 'Tags', 'EphemeralStorage', 'Layers', 'Architectures'] as const;

interface Compiled {
  framework: string;
  command: string;
  functions: Record<string, Record<string, unknown>>;
}

function shape(prop: string, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (prop === 'Environment') {
    const vars = (v as { Variables?: Record<string, unknown> }).Variables;
    return vars && typeof vars === 'object' ? Object.keys(vars).sort() : v;
  }
  if (prop === 'Tags' && Array.isArray(v)) return Object.fromEntries(v.map((t: { Key: string; Value?: unknown }) => [t.Key, t.Value ?? null]));
  return v;
}

const services = existsSync(path.join(ROOT, PARITY)) ? readdirSync(path.join(ROOT, PARITY)).filter((d) => existsSync(path.join(ROOT, PARITY, d, 'compiled.json'))) : [];

describe('Serverless parity with the framework\'s compiled template', () => {
  it('has parity fixtures', () => {
    expect(services.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(services)('%s', (name) => {
    const compiled = JSON.parse(readFileSync(path.join(ROOT, PARITY, name, 'compiled.json'), 'utf8')) as Compiled;
    // Every function the framework compiles, its own generated ones included.
    const out = lintFile(`${PARITY}/${name}/serverless.yml`, { serverless: { stage: 'dev', region: 'us-east-1', env: {} }, settings: { includeGeneratedFunctions: true } });
    const functions = out.project ? (inspectProject(out.project).functions as { logicalId: string; properties: Record<string, unknown> }[]) : [];
    const byId = new Map(functions.map((f) => [f.logicalId, f]));

    it('records the framework that compiled it', () => {
      expect(compiled.framework).toMatch(/^(serverless|osls)@\d+\.\d+\.\d+$/);
      expect(compiled.command).toBe('serverless package --stage dev --region us-east-1');
    });

    it('models the functions the framework generates, and no others', () => {
      expect(functions.map((f) => f.logicalId).sort()).toEqual(Object.keys(compiled.functions).sort());
    });

    it.each(Object.keys(compiled.functions))('%s: governed properties as the framework compiles them', (id) => {
      const got = byId.get(id)?.properties ?? {};
      const want = compiled.functions[id]!;
      for (const p of PROPS) expect({ [p]: shape(p, got[p]) }).toEqual({ [p]: shape(p, want[p]) });
    });
  });
});
