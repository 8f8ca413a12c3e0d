import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { docPath, rulePage, ruleTable } from '../src/docs/generate.js';
import { ROOT } from './support/lint.js';

const CATALOGUE = path.join(ROOT, '../shared/spec/rules.md');
const ids = rules.map((r) => r.meta.id);

describe('one id joins rule, fixtures, tests and docs', () => {
  it('registers rules sorted, once each, in the module named by the id', () => {
    expect(ids).toEqual([...ids].sort((a, b) => (a.startsWith('ldlint/') ? 1 : 0) - (b.startsWith('ldlint/') ? 1 : 0) || a.localeCompare(b)));
    expect(new Set(ids).size).toBe(ids.length);
    const index = readFileSync(path.join(ROOT, 'rules/index.ts'), 'utf8');
    for (const id of ids) expect(index).toContain(`from './${id.toLowerCase()}.js'`);
  });
  if (existsSync(CATALOGUE)) {
    it('implements every check of the catalogue', () => {
      const spec = [...readFileSync(CATALOGUE, 'utf8').matchAll(/^\| ((?:BR-LD-\d|RP-LD-1)\/[a-z-]+) \| (\w+) \|/gm)].map((m) => [m[1], m[2]]);
      expect(spec.length).toBeGreaterThan(20);
      for (const [id, sev] of spec) {
        const rule = rules.find((r) => r.meta.id === id);
        expect(rule, id).toBeDefined();
        expect(rule!.meta.defaultSeverity, id).toBe(sev);
      }
    });
  }
  for (const rule of rules) {
    const id = rule.meta.id;
    const slug = id.toLowerCase();
    describe(id, () => {
      it('has complete metadata', () => {
        expect(rule.meta.businessRule).toBe(id.split('/')[0] === 'ldlint' ? 'ldlint' : id.split('/')[0]);
        expect(rule.meta.description.length).toBeGreaterThan(10);
        expect(rule.meta.docs.rationale.length).toBeGreaterThan(40);
        for (const f of ['cloudformation', 'sam', 'serverless', 'cdk'] as const) expect(rule.meta.docs.remediation[f].length, f).toBeGreaterThan(10);
        expect(rule.meta.schema).toMatchObject({ type: 'object', additionalProperties: false });
      });
      it('has valid and invalid fixtures for CloudFormation YAML, CloudFormation JSON and SAM', () => {
        for (const kind of ['valid', 'invalid']) {
          const files = readdirSync(path.join(ROOT, 'fixtures', slug, kind));
          expect(files.some((f) => f.startsWith('cfn-') && /\.ya?ml$/.test(f)), `${kind} cfn yaml`).toBe(true);
          expect(files.some((f) => f.startsWith('cfn-') && f.endsWith('.json')), `${kind} cfn json`).toBe(true);
          expect(files.some((f) => f.startsWith('sam-')), `${kind} sam`).toBe(true);
          expect(files.some((f) => f.startsWith('sls-') && existsSync(path.join(ROOT, 'fixtures', slug, kind, f, 'serverless.yml'))), `${kind} serverless`).toBe(true);
        }
      });
      it('has a test file that runs its fixtures', () => {
        const test = path.join(ROOT, 'test', `${slug.replace('/', '.')}.test.ts`);
        expect(existsSync(test), test).toBe(true);
        expect(readFileSync(test, 'utf8')).toContain(`testRule('${id}'`);
        const sls = readFileSync(path.join(ROOT, 'test/serverless.rules.test.ts'), 'utf8');
        const at = sls.indexOf(`testRule('${id}', {`);
        expect(at, 'Serverless fixtures tested in test/serverless.rules.test.ts').toBeGreaterThanOrEqual(0);
        expect(sls.slice(at, at + 80)).toContain('flavours: sls');
      });
      it('has an up-to-date docs page', () => {
        const file = path.join(ROOT, docPath(id));
        expect(existsSync(file), `${file} (run npm run docs)`).toBe(true);
        expect(readFileSync(file, 'utf8')).toBe(rulePage(rule, ROOT));
      });
    });
  }
  it('keeps the README rule table fresh', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(ruleTable(rules));
  });
});
