import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import { localReader } from '../src/io/read.js';
import { lintSource } from '../src/lint.js';
import { loadServerless } from '../src/model/serverless/index.js';
import { rules } from '../rules/index.js';
import { ROOT } from './support/lint.js';

/**
 * Every Serverless file of the shared corpus (when it is there) and of the repository's fixtures
 * lints without throwing: AWS services give a model, other providers give no Lambda findings.
 */
const CORPUS = path.resolve(ROOT, '../shared/corpus');

interface Case {
  /** Directory the file's path is relative to (its project root). */
  base: string;
  file: string;
}

function corpusCases(): Case[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[3] === 'serverless')
    .map((c) => ({ base: CORPUS, file: `${c[0]!.replace('/', '__')}/${c[2]}` }));
}

function fixtureCases(): Case[] {
  const out: Case[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const rel = path.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
      else if (/^serverless\.(ya?ml|json)$/.test(name)) out.push({ base: ROOT, file: rel.split(path.sep).join('/') });
    }
  };
  walk('fixtures');
  return out;
}

function lint(c: Case) {
  const text = readFileSync(path.join(c.base, c.file), 'utf8');
  return lintSource(
    { path: c.file, text },
    rules,
    { rules: new Map(), settings: DEFAULT_SETTINGS, strict: false, today: '2026-06-01' },
    { overrides: new Map(), readLocal: localReader(c.base, c.base), serverless: loadServerless, serverlessOptions: { projectRoot: c.base, cwd: c.base } },
  );
}

const corpus = corpusCases();
const fixtures = fixtureCases();

describe('Serverless files lint without throwing', () => {
  it('finds files to lint', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    if (existsSync(CORPUS)) expect(corpus.length).toBe(209);
  });

  it.each([...corpus, ...fixtures].map((c) => [c.file, c] as const))('%s', (_name, c) => {
    const out = lint(c);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/internal-error').map((f) => f.message)).toEqual([]);
    if (out.note) {
      // Non-AWS providers: no Lambda checks at all.
      expect(out.note).toMatch(/is not aws|not a plain value/);
      expect(out.findings.filter((f) => !f.ruleId.startsWith('ldlint/'))).toEqual([]);
    } else {
      expect(out.flavour).toBe('serverless');
      expect(out.project).toBeDefined();
    }
  });

  it.runIf(corpus.length > 0)('gives a model to every AWS service of the corpus and none to the others', () => {
    let aws = 0;
    let other = 0;
    let functions = 0;
    for (const c of corpus) {
      const out = lint(c);
      if (out.project) {
        aws++;
        functions += out.project.functions.length;
      } else other++;
    }
    // 60 of the 209 corpus files target other providers (openwhisk, azure, google, ...).
    expect(other).toBe(60);
    expect(aws).toBe(149);
    expect(functions).toBeGreaterThan(200);
  });
});
