import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { inspectProject } from '../src/inspect.js';
import { lintFile, ROOT } from './support/lint.js';

// Expected outputs were produced by the official SAM translator (scripts/sam-translate.py); the
// comparison keeps ldlint's SAM expansion equal to it without the translator installed.
const DIR = 'fixtures/sam-parity';

for (const file of readdirSync(path.join(ROOT, DIR)).filter((f) => f.endsWith('.yaml'))) {
  it(`inspect agrees with the SAM translator on ${file}`, () => {
    const expected = JSON.parse(readFileSync(path.join(ROOT, DIR, file.replace('.yaml', '.expected.json')), 'utf8')).functions as Record<string, Record<string, unknown>>;
    const out = lintFile(path.join(DIR, file), { rules: {} });
    const functions = inspectProject(out.project!).functions as { logicalId: string; properties: Record<string, unknown> }[];
    expect(functions.map((f) => f.logicalId).sort()).toEqual(Object.keys(expected).sort());
    for (const f of functions) {
      const want = expected[f.logicalId]!;
      const got = Object.fromEntries(Object.keys(want).map((k) => [k, f.properties[k]]));
      expect({ function: f.logicalId, ...got }).toEqual({ function: f.logicalId, ...want });
      // Nothing the translator leaves out appears either.
      for (const k of ['Timeout', 'MemorySize', 'ReservedConcurrentExecutions', 'VpcConfig', 'Environment', 'EphemeralStorage', 'KmsKeyArn', 'Layers', 'Architectures', 'TracingConfig', 'DeadLetterConfig', 'LoggingConfig']) {
        if (!(k in want)) expect(f.properties[k], `${f.logicalId}.${k}`).toBeUndefined();
      }
    }
  });
}
