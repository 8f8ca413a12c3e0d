/**
 * Terraform fixtures of one check: `fixtures/<id>/{valid,invalid}/tf-<scenario>/`, each a module
 * directory, linted as a user lints it, through the public API (`lintPaths` on the directory, the
 * directory as the working directory): findings name files relative to the module.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths, type LintRun } from '../../src/index.js';
import type { Finding, Severity } from '../../src/engine/types.js';
import { ROOT } from './lint.js';
import { requireTerraformInput } from './terraform-input.js';

export interface TfExpected {
  /** The resource address (`aws_lambda_function.intake`, `module.nightly.aws_lambda_function.this`), null for the project. */
  resource: string | null;
  /** File relative to the module directory (default `main.tf`). */
  file?: string;
  line: number;
  column: number;
  message?: RegExp;
  severity?: Severity;
}

export interface TfOptions {
  /** Config `rules` (written to a config file given with `--config`). */
  rules?: Record<string, Severity | 'off' | [Severity | 'off', Record<string, unknown>]>;
  settings?: Record<string, unknown>;
  strict?: boolean;
}

export interface TfCases {
  /** Per scenario of valid/: options to lint it with (every tf- scenario of valid/ is linted; none may report). */
  valid?: Record<string, TfOptions>;
  /** Every tf- scenario of invalid/ must be listed, with exactly the findings of the check it gives. */
  invalid: Record<string, TfExpected[] | { options: TfOptions; findings: TfExpected[] } | { todo: string }>;
}

const TODAY = '2026-06-01';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-tf-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let configs = 0;

/** Lints a module directory of the repository (relative to its root) as `ldlint .` run inside it. */
export async function lintModule(dir: string, options: TfOptions = {}): Promise<LintRun> {
  let config: string | undefined;
  if (options.rules || options.settings) {
    config = path.join(tmp, `config-${++configs}.json`);
    writeFileSync(config, JSON.stringify({ rules: options.rules, settings: options.settings }));
  }
  return lintPaths(['.'], { cwd: path.join(ROOT, dir), config, strict: options.strict, today: TODAY });
}

const show = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.resource} ${f.message}`;
const byPlace = (a: { file?: string; line: number; column: number }, b: { file?: string; line: number; column: number }) =>
  (a.file ?? 'main.tf').localeCompare(b.file ?? 'main.tf') || a.line - b.line || a.column - b.column;

export function testTerraformRule(id: string, cases: TfCases): void {
  const dir = path.join('fixtures', id.toLowerCase());
  const list = (sub: string) => {
    try {
      return readdirSync(path.join(ROOT, dir, sub)).filter((f) => f.startsWith('tf-')).sort();
    } catch {
      return [];
    }
  };
  describe(`${id} (Terraform)`, () => {
    requireTerraformInput();
    it('has valid and invalid Terraform fixtures, each covered by a case', () => {
      expect(list('valid').length).toBeGreaterThan(0);
      expect(list('invalid')).toEqual(Object.keys(cases.invalid).sort());
    });
    for (const scenario of list('valid')) {
      it(`valid/${scenario} gives no ${id} finding`, async () => {
        const run = await lintModule(path.join(dir, 'valid', scenario), cases.valid?.[scenario]);
        const findings = run.result.findings;
        expect(findings.filter((f) => f.ruleId === 'ldlint/parse-error' || f.ruleId === 'ldlint/internal-error').map(show)).toEqual([]);
        expect(run.outcomes.some((o) => o.flavour === 'terraform'), 'linted as Terraform').toBe(true);
        const own = findings.filter((f) => f.ruleId === id || (f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(`${id}:`)));
        expect(own.map(show)).toEqual([]);
      });
    }
    for (const [scenario, spec] of Object.entries(cases.invalid)) {
      // A fixture whose findings the Terraform reader does not give yet: listed, and shown as a todo.
      if ('todo' in spec) {
        it.todo(`invalid/${scenario}: ${spec.todo}`);
        continue;
      }
      it(`invalid/${scenario} reports exactly the expected findings`, async () => {
        const { options, findings: expected } = Array.isArray(spec) ? { options: undefined, findings: spec } : spec;
        const run = await lintModule(path.join(dir, 'invalid', scenario), options);
        const findings = run.result.findings;
        expect(findings.filter((f) => f.ruleId === 'ldlint/parse-error' || f.ruleId === 'ldlint/internal-error').map(show)).toEqual([]);
        const got = findings.filter((f) => f.ruleId === id).sort(byPlace);
        const want = [...expected].sort(byPlace);
        expect(got.map((f) => ({ resource: f.resource, file: f.file, line: f.line, column: f.column, flavour: f.flavour }))).toEqual(
          // A finding about the whole project names no resource, and no flavour.
          want.map((e) => ({ resource: e.resource, file: e.file ?? 'main.tf', line: e.line, column: e.column, flavour: e.resource === null ? null : 'terraform' })),
        );
        want.forEach((e, i) => {
          if (e.message) expect(got[i]!.message).toMatch(e.message);
          if (e.severity) expect(got[i]!.severity).toBe(e.severity);
        });
      });
    }
  });
}
