/**
 * Issue 13 item 2: a run that lints nothing (an empty directory, a mistyped path, only YAML that is
 * not a template) exits 2 and says so, as ESLint does for a pattern that matches nothing;
 * --no-error-on-unmatched-pattern allows it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintedInputs, unmatchedInputs } from '../src/cli/unmatched.js';
import { runMain } from './support/cli.js';
import { ROOT } from './support/lint.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-unmatched-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dir(name: string, files: Record<string, string> = {}): string {
  const d = path.join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    writeFileSync(path.join(d, f), text);
  }
  return d;
}

const NOT_TEMPLATES = { 'package.json': '{"name": "app"}\n', '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'config/app.yaml': 'logLevel: info\n' };
const CLEAN = path.join(ROOT, 'fixtures/ci/clean/template.yaml');
const NONE = /^ldlint: no templates found in (.+) \(--no-error-on-unmatched-pattern allows a run that lints nothing\)$/m;

describe('a run that lints nothing', () => {
  it('fails on an empty directory', async () => {
    const d = dir('empty');
    const r = await runMain(['empty'], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(NONE);
    expect(r.stderr.match(NONE)![1]).toBe('empty');
    expect(existsSync(d)).toBe(true);
  });

  it('fails on `.` (the default) when the project holds only YAML and JSON that are not templates', async () => {
    const d = dir('not-templates', NOT_TEMPLATES);
    for (const args of [[], ['.']]) {
      const r = await runMain(args, d);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.match(NONE)?.[1]).toBe('.');
    }
  });

  it('fails on files named on the command line when none is a template, naming them all', async () => {
    const d = dir('named', NOT_TEMPLATES);
    const r = await runMain(['package.json', 'config/app.yaml'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ldlint: package.json: not a CloudFormation, SAM or Serverless Framework template\n');
    expect(r.stderr.match(NONE)?.[1]).toBe('package.json config/app.yaml');
  });

  it('fails on a mistyped path, saying so once, with no finding in the report', async () => {
    dir('typo', { 'infra/template.yaml': 'x' });
    const r = await runMain(['--format', 'json', 'infar/'], path.join(tmp, 'typo'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ldlint: infar/: no such file or directory\n');
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  it('fails on a mistyped path beside a template, and still reports the template', async () => {
    const d = dir('typo-beside');
    cpSync(CLEAN, path.join(d, 'template.yaml'));
    const r = await runMain(['--format', 'json', 'template.yaml', 'nope.yaml'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ldlint: nope.yaml: no such file or directory\n');
    expect(JSON.parse(r.stdout).summary.files).toBe(1);
  });

  it('passes with --no-error-on-unmatched-pattern: silent when nothing matched, a note for a missing path', async () => {
    dir('empty-allowed');
    let r = await runMain(['--no-error-on-unmatched-pattern', 'empty-allowed'], tmp);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const d = dir('allowed-missing');
    cpSync(CLEAN, path.join(d, 'template.yaml'));
    r = await runMain(['--no-error-on-unmatched-pattern', 'template.yaml', 'gone.yaml'], d);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ldlint: gone.yaml: no such file or directory (passed over: --no-error-on-unmatched-pattern)\n');
  });

  it('counts a template that does not parse as linted (its parse error says what is wrong)', async () => {
    const d = dir('broken', { 'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: [\n' });
    const r = await runMain(['--format', 'json', '.'], d);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['ldlint/parse-error']);
    expect(r.stderr).not.toMatch(NONE);
  });

  it('does not write a baseline of nothing, unless allowed', async () => {
    const d = dir('baseline-empty', NOT_TEMPLATES);
    let r = await runMain(['baseline', '.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(NONE);
    expect(r.stderr).toContain('ldlint: .ldlint-baseline.json not written\n');
    expect(existsSync(path.join(d, '.ldlint-baseline.json'))).toBe(false);
    r = await runMain(['baseline', '--no-error-on-unmatched-pattern', '.'], d);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(d, '.ldlint-baseline.json'))).toBe(true);
  });

  it('makes inspect of nothing an error too', async () => {
    const d = dir('inspect', NOT_TEMPLATES);
    cpSync(CLEAN, path.join(d, 'infra/template.yaml'), { recursive: true });
    let r = await runMain(['inspect', 'config'], d);
    expect(r.code).toBe(2);
    expect(r.stderr.match(NONE)?.[1]).toBe('config');
    expect(JSON.parse(r.stdout).functions).toEqual([]);
    r = await runMain(['inspect', 'infra'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).functions.length).toBeGreaterThan(0);
  });

  it('fails --changed-since on a path that holds no template', async () => {
    const d = dir('git', NOT_TEMPLATES);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: d, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
    let r = await runMain(['--changed-since', 'HEAD', 'config'], d);
    expect(r.code).toBe(2);
    expect(r.stderr.match(NONE)?.[1]).toBe('config');
    r = await runMain(['--changed-since', 'HEAD', 'cnofig'], d);
    expect([r.code, r.stderr]).toEqual([2, 'ldlint: cnofig: no such file or directory\n']);
  });
});

describe('what counts as linted', () => {
  it('is any input with a model, whatever its flavour, not a file name', () => {
    const run = (flavours: (string | null)[]) => ({ missing: [], files: flavours.map((flavour) => ({ flavour })), findings: [] });
    expect(lintedInputs(run([null, null]))).toBe(0);
    expect(lintedInputs(run([null, 'terraform']))).toBe(1);
    expect(unmatchedInputs(['infra'], run(['cdk']), false)).toEqual({ messages: [], fails: false });
    expect(unmatchedInputs([], run([null]), false).fails).toBe(true);
  });
});
