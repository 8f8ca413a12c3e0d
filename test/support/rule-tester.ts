import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../../src/parse/tree-sitter.js';
import { findingsOf, lintFile, ROOT, type LintOptions } from './lint.js';

export interface Expected {
  resource: string | null;
  line: number;
  column: number;
  message?: RegExp;
  /** The fix, in the vocabulary of the file the finding points into. */
  help?: RegExp;
  severity?: 'error' | 'warning' | 'info';
}

export interface RuleCases {
  /**
   * Fixture name prefixes this call covers (default: everything but `sls-` and `tf-`, which the Serverless and Terraform
   * tests cover). A Serverless fixture is a folder `sls-<scenario>/` holding `serverless.yml`.
   */
  flavours?: string[];
  /** Per fixture file name in valid/: options to lint it with (every file of valid/ is linted; none may report). */
  valid?: Record<string, LintOptions>;
  /** Every file of invalid/ must be listed, with exactly the findings of the rule it must produce. */
  invalid: Record<string, Expected[] | { options: LintOptions; findings: Expected[] }>;
  /**
   * A code check: fixtures are folders `<language>-<scenario>/` holding `template.yaml` (or
   * `serverless.yml`) and the handler code, linted with code reading on.
   */
  code?: boolean;
}

/**
 * Tests one rule against its fixtures: `fixtures/<id lower-cased>/{valid,invalid}/`. Valid files
 * must give no finding of the rule (nor an unverifiable about it); invalid files must give exactly
 * the listed findings, and every fixture must be covered.
 */
export function testRule(id: string, cases: RuleCases): void {
  const dir = path.join('fixtures', id.toLowerCase());
  const covered = (f: string) => (cases.flavours ? cases.flavours.some((p) => f.startsWith(`${p}-`)) : !f.startsWith('sls-') && !f.startsWith('tf-'));
  const list = (sub: string) => {
    try {
      return readdirSync(path.join(ROOT, dir, sub)).filter((f) => !f.startsWith('.') && covered(f)).sort();
    } catch {
      return [];
    }
  };
  const fileOf = (sub: string, f: string) => {
    const p = path.join(dir, sub, f);
    if (!statSync(path.join(ROOT, p)).isDirectory()) return p;
    return existsSync(path.join(ROOT, p, 'template.yaml')) ? path.join(p, 'template.yaml') : path.join(p, 'serverless.yml');
  };
  const withCode = (o: LintOptions | undefined): LintOptions | undefined => (cases.code ? { ...o, code: true } : o);
  describe(id, () => {
    if (cases.code) beforeAll(() => initTreeSitter());
    it('has valid and invalid fixtures, each covered by a case', () => {
      expect(list('valid').length).toBeGreaterThan(0);
      expect(list('invalid').sort()).toEqual(Object.keys(cases.invalid).sort());
    });
    for (const file of list('valid')) {
      it(`valid/${file} gives no ${id} finding`, () => {
        const out = lintFile(fileOf('valid', file), withCode(cases.valid?.[file]));
        expect(out.findings.filter((f) => f.ruleId === 'ldlint/parse-error')).toEqual([]);
        expect(out.flavour).not.toBeNull();
        const own = findingsOf(out, id);
        const unverifiable = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(`${id}:`));
        expect([...own, ...unverifiable].map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
      });
    }
    for (const [file, spec] of Object.entries(cases.invalid)) {
      it(`invalid/${file} reports exactly the expected findings`, () => {
        const { options, findings } = Array.isArray(spec) ? { options: undefined, findings: spec } : spec;
        const out = lintFile(fileOf('invalid', file), withCode(options));
        expect(out.findings.filter((f) => f.ruleId === 'ldlint/parse-error')).toEqual([]);
        const got = findingsOf(out, id).sort((a, b) => a.line - b.line || a.column - b.column);
        expect(got.map((f) => ({ resource: f.resource, line: f.line, column: f.column }))).toEqual(
          [...findings].sort((a, b) => a.line - b.line || a.column - b.column).map((f) => ({ resource: f.resource, line: f.line, column: f.column })),
        );
        const sorted = [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
        sorted.forEach((e, i) => {
          if (e.message) expect(got[i]!.message).toMatch(e.message);
          if (e.help) expect(got[i]!.help).toMatch(e.help);
          if (e.severity) expect(got[i]!.severity).toBe(e.severity);
        });
      });
    }
  });
}
