import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { docPath, engineFindingPage, engineFindingTable, rulePage, ruleTable } from '../src/docs/generate.js';
import { ENGINE_FINDINGS } from '../src/engine/engine-findings.js';
import { runMain } from './support/cli.js';
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
        for (const f of ['cloudformation', 'sam', 'serverless', 'cdk', 'terraform'] as const) expect(rule.meta.docs.remediation[f].length, f).toBeGreaterThan(10);
        expect(rule.meta.schema).toMatchObject({ type: 'object', additionalProperties: false });
      });
      const languages = rule.meta.languages;
      if (languages) {
        it('has valid and invalid code fixtures in every language it reads, run with code', () => {
          for (const kind of ['valid', 'invalid']) {
            const dirs = readdirSync(path.join(ROOT, 'fixtures', slug, kind));
            for (const lang of languages) expect(dirs.some((d) => d.startsWith(`${lang}-`)), `${kind} ${lang}`).toBe(true);
          }
          const test = readFileSync(path.join(ROOT, 'test', `${slug.replace('/', '.')}.test.ts`), 'utf8');
          expect(test.slice(test.indexOf(`testRule(`), test.indexOf(`testRule(`) + 80)).toContain('code: true');
        });
      }
      if (!languages) it('has valid and invalid fixtures for CloudFormation YAML, CloudFormation JSON, SAM, Serverless and Terraform', () => {
        for (const kind of ['valid', 'invalid']) {
          const files = readdirSync(path.join(ROOT, 'fixtures', slug, kind));
          expect(files.some((f) => f.startsWith('cfn-') && /\.ya?ml$/.test(f)), `${kind} cfn yaml`).toBe(true);
          expect(files.some((f) => f.startsWith('cfn-') && f.endsWith('.json')), `${kind} cfn json`).toBe(true);
          expect(files.some((f) => f.startsWith('sam-')), `${kind} sam`).toBe(true);
          expect(files.some((f) => f.startsWith('sls-') && existsSync(path.join(ROOT, 'fixtures', slug, kind, f, 'serverless.yml'))), `${kind} serverless`).toBe(true);
          const tf = files.filter((f) => f.startsWith('tf-'));
          expect(tf.length, `${kind} terraform`).toBeGreaterThan(0);
          for (const f of tf) expect(readdirSync(path.join(ROOT, 'fixtures', slug, kind, f)).some((m) => /\.(tf|tofu)(\.json)?$/.test(m)), `${kind}/${f} is a module`).toBe(true);
        }
      });
      it('has a test file that runs its fixtures', () => {
        const test = path.join(ROOT, 'test', `${slug.replace('/', '.')}.test.ts`);
        expect(existsSync(test), test).toBe(true);
        expect(readFileSync(test, 'utf8')).toContain(`testRule('${id}'`);
        if (languages) return;
        const sls = readFileSync(path.join(ROOT, 'test/serverless.rules.test.ts'), 'utf8');
        const at = sls.indexOf(`testRule('${id}', {`);
        expect(at, 'Serverless fixtures tested in test/serverless.rules.test.ts').toBeGreaterThanOrEqual(0);
        expect(sls.slice(at, at + 80)).toContain('flavours: sls');
        const tf = readFileSync(path.join(ROOT, 'test/terraform.rules.test.ts'), 'utf8');
        expect(tf, 'Terraform fixtures tested in test/terraform.rules.test.ts').toContain(`testTerraformRule('${id}', {`);
      });
      it('explains its remediation for every flavour, Terraform included', async () => {
        const r = await runMain(['explain', id], ROOT);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.replace(/\s+/g, ' ')).toContain(`Terraform: ${rule.meta.docs.remediation.terraform}`.replace(/\s+/g, ' '));
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

describe('engine findings are documented like checks', () => {
  for (const m of ENGINE_FINDINGS.values()) {
    describe(m.id, () => {
      it('has complete metadata, and no check has its id', () => {
        expect(m.id).toMatch(/^ldlint\/[a-z]+(-[a-z]+)*$/);
        expect(m.description.length).toBeGreaterThan(10);
        expect(m.rationale.length).toBeGreaterThan(40);
        expect(m.remedy.length).toBeGreaterThan(10);
        expect(ids).not.toContain(m.id);
      });
      it('has an up-to-date docs page', () => {
        const file = path.join(ROOT, docPath(m.id));
        expect(existsSync(file), `${file} (run npm run docs)`).toBe(true);
        expect(readFileSync(file, 'utf8')).toBe(engineFindingPage(m, ROOT));
      });
      it('is explained by ldlint explain', async () => {
        const r = await runMain(['explain', m.id.toUpperCase()], ROOT);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain(`${m.id}  [${m.defaultSeverity}`);
        expect(r.stdout.replace(/\s+/g, ' ')).toContain(m.remedy.replace(/\s+/g, ' '));
      });
    });
  }

  it('are listed by ldlint rules, marked as engine findings', async () => {
    const json = JSON.parse((await runMain(['rules', '--format', 'json'], ROOT)).stdout) as { id: string; kind: string }[];
    expect(json.filter((e) => e.kind === 'engine').map((e) => e.id)).toEqual([...ENGINE_FINDINGS.keys()]);
    expect(json.filter((e) => e.kind === 'check').map((e) => e.id)).toEqual(ids);
    const text = (await runMain(['rules'], ROOT)).stdout;
    const heading = text.indexOf('Engine findings');
    expect(heading).toBeGreaterThan(0);
    for (const id of ENGINE_FINDINGS.keys()) expect(text.indexOf(`\n${id} `), id).toBeGreaterThan(heading);
  });

  it('covers every ldlint/ id the engine reports', () => {
    // Formatters describe findings, they do not report them.
    const sources = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === 'formatters' ? [] : sources(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
      );
    const found = new Set<string>();
    for (const file of [...sources('src'), ...sources('rules')]) {
      for (const m of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/'(ldlint\/[a-z]+(?:-[a-z]+)*)'/g)) found.add(m[1]!);
    }
    expect(found.size).toBeGreaterThan(5);
    for (const id of found) expect(ENGINE_FINDINGS.has(id) || ids.includes(id), id).toBe(true);
  });

  if (existsSync(CATALOGUE)) {
    it('includes every engine finding of the catalogue', () => {
      const section = readFileSync(CATALOGUE, 'utf8').split('## Engine findings')[1]!.split('\n## ')[0]!;
      const spec = [...section.matchAll(/^\| (ldlint\/[a-z-]+) \| (\w+) \|/gm)].map((x) => [x[1]!, x[2]!] as const);
      expect(spec.length).toBeGreaterThan(3);
      for (const [id, sev] of spec) expect(ENGINE_FINDINGS.get(id)?.defaultSeverity ?? rules.find((r) => r.meta.id === id)?.meta.defaultSeverity, id).toBe(sev);
    });
  }

  it('keeps the README engine findings table fresh', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(engineFindingTable());
  });
});
