/**
 * Issue 15: every finding is one sentence of at most 200 characters (what is wrong, with the values
 * that matter), with a `help` that says how to fix it. Held over every finding of every fixture
 * and example, whatever its flavour (fixtures added later are walked too), linted with the
 * fixtures' own configs and again with thresholds that make the option-gated checks report.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import type { Finding } from '../src/engine/types.js';
import { ROOT } from './support/lint.js';

const MAX = 200;


/** CDK cloud assemblies: walking a directory skips `cdk.out`, so they are named explicitly. */
function assemblies(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (!statSync(p).isDirectory()) return [];
    return name === 'cdk.out' ? [p] : assemblies(p);
  });
}

/** Code spans, quoted text and parenthesised values may hold any punctuation; what is left is the sentence. */
function prose(text: string): string {
  return text.replace(/`[^`]*`/g, '`…`').replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)/g, '(…)');
}

/** One sentence: no sentence end followed by more text (a final period is allowed). */
export function isOneSentence(text: string): boolean {
  return !/[.!?]\s+\S/.test(prose(text).trim()) && !text.includes('\n');
}

let findings: Finding[] = [];

beforeAll(async () => {
  const paths = ['fixtures', 'examples', ...assemblies(path.join(ROOT, 'fixtures')).map((p) => path.relative(ROOT, p))];
  const common = { cwd: ROOT, reportSuppressed: true, today: '2026-06-01' };
  const own = await lintPaths(paths, common);
  const tight = await lintPaths(paths, { ...common, config: 'test/fixtures-messages/tight.ldlint.config.yaml' });
  findings = [...own.result.findings, ...tight.result.findings];
}, 120_000);

describe('finding messages', () => {
  it('come from every check and flavour the fixtures have', () => {
    const ids = new Set(findings.map((f) => f.ruleId));
    expect(ids.size).toBeGreaterThan(25);
    const flavours = new Set(findings.map((f) => f.flavour));
    for (const f of ['cloudformation', 'sam', 'serverless', 'cdk']) expect(flavours, f).toContain(f);
  });

  it(`are one sentence of at most ${MAX} characters, with a help`, () => {
    const bad = findings
      .flatMap((f) => {
        const problems = [
          f.message.length > MAX ? `${f.message.length} characters` : '',
          isOneSentence(f.message) ? '' : 'more than one sentence',
          f.help && f.help.trim().length > 10 ? '' : 'no help',
        ].filter(Boolean);
        return problems.length ? [`${f.file}:${f.line}:${f.column} ${f.ruleId}: ${problems.join(', ')}: ${f.message}`] : [];
      });
    expect(bad).toEqual([]);
  });

  it('name settings in the vocabulary of the file they point into', () => {
    const sls = findings.filter((f) => f.flavour === 'serverless' && /^BR-LD-3\/(timeout|memory|reserved-concurrency)$/.test(f.ruleId));
    expect(sls.length).toBeGreaterThan(2);
    for (const f of sls) expect(`${f.message} ${f.help}`, f.message).not.toMatch(/ReservedConcurrentExecutions|MemorySize|\bTimeout\b/);
    const cdk = findings.filter((f) => f.flavour === 'cdk' && f.ruleId === 'BR-LD-3/timeout');
    expect(cdk.length).toBeGreaterThan(0);
    for (const f of cdk) expect(f.help).toContain('Duration.seconds(');
  });
});

describe('isOneSentence', () => {
  it('tells one sentence from two', () => {
    expect(isOneSentence('function A has `Timeout` 1200, which is invalid: Lambda accepts 1 to 900 seconds')).toBe(true);
    expect(isOneSentence('function A (FunctionName "a. b") sets x.')).toBe(true);
    expect(isOneSentence('function A does not set Timeout. Set Timeout explicitly.')).toBe(false);
    expect(isOneSentence('first line\nsecond line')).toBe(false);
  });
});
