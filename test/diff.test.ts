import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffChangedSince, diffPaths, effectiveTemplate, renderDiffText, type DiffResult } from '../src/diff/index.js';
import { main } from '../src/cli/main.js';
import { lintText, ROOT } from './support/lint.js';

const TODAY = '2026-06-01';
const DIR = 'fixtures/diff';
const opts = (cwd = ROOT) => ({ cwd, today: TODAY });

async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(String(s)), true), isTTY: false }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { cwd, env: { NO_COLOR: '1' }, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

const ids = (d: DiffResult, which: 'introduced' | 'resolved') => d[which].map((f) => [f.ruleId, f.resource]).sort((a, b) => String(a).localeCompare(String(b)));
const kinds = (d: DiffResult) => d.changes.map((c) => [c.kind, c.resource]).sort((a, b) => String(a).localeCompare(String(b)));

describe('ldlint diff OLD NEW', () => {
  it('a removed subscription filter: the unchanged function gets a new log-forwarding finding, and the removal is a regression', async () => {
    const d = await diffPaths(`${DIR}/filter-old.yaml`, `${DIR}/filter-new.yaml`, opts());
    expect(ids(d, 'introduced')).toEqual([['BR-LD-2/log-forwarding', 'Intake']]);
    expect(d.introduced[0]!.file).toBe(`${DIR}/filter-new.yaml`);
    expect(d.resolved).toEqual([]);
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: 'subscription-filter-removed', businessRule: 'BR-LD-2', resource: 'IntakeForward', side: 'old', regression: true, file: `${DIR}/filter-old.yaml`, line: 32 });
    expect(d.changes[0]!.message).toMatch(/IntakeLogs .* of function Intake no longer forwards/);
  });

  it('OLD against itself reports nothing', async () => {
    for (const [a, b] of [[`${DIR}/old`, `${DIR}/old`], [`${DIR}/filter-old.yaml`, `${DIR}/filter-old.yaml`], [`${DIR}/sls-new`, `${DIR}/sls-new`]]) {
      const d = await diffPaths(a!, b!, opts());
      expect(d.introduced, a).toEqual([]);
      expect(d.resolved, a).toEqual([]);
      expect(d.changes, a).toEqual([]);
    }
    const r = await cli(['diff', `${DIR}/old`, `${DIR}/old`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/New findings \(0\)[\s\S]*Resolved findings \(0\)[\s\S]*Governance-relevant changes \(0\)/);
  });

  it('two directories: new findings, resolved findings and each governance-relevant change', async () => {
    const d = await diffPaths(`${DIR}/old`, `${DIR}/new`, opts());
    expect(ids(d, 'introduced')).toEqual([
      ['BR-LD-1/sensitive-data-classification', 'Intake'],
      ['BR-LD-2/log-forwarding', 'Intake'],
      ['BR-LD-3/reserved-concurrency', 'Reports'],
      ['RP-LD-1/lambda-chaining', 'Intake'],
    ]);
    expect(kinds(d)).toEqual([
      ['invoke-permission-gained', 'Role'],
      ['reserved-concurrency-removed', 'Reports'],
      ['sensitive-classification-added', 'Intake'],
      ['subscription-filter-removed', 'IntakeForward'],
      ['timeout-raised', 'Reports'],
    ]);
    expect(d.changes.find((c) => c.kind === 'timeout-raised')!.message).toMatch(/from 30 s to 300 s/);
    // The other way round, the findings are resolved ones.
    const back = await diffPaths(`${DIR}/new`, `${DIR}/old`, opts());
    expect(ids(back, 'resolved')).toEqual(ids(d, 'introduced'));
    expect(back.introduced).toEqual([]);
    expect(back.changes).toEqual([]);
  });

  it('SAM and Serverless are compared on their effective templates', async () => {
    const sam = await diffPaths(`${DIR}/sam-old.yaml`, `${DIR}/sam-new.yaml`, opts());
    // Globals.Function.Timeout raised: both functions' effective Timeout.
    expect(kinds(sam)).toEqual([['timeout-raised', 'Intake'], ['timeout-raised', 'Reports']]);
    const sls = await diffPaths(`${DIR}/sls-old`, `${DIR}/sls-new`, opts());
    expect(kinds(sls)).toEqual([
      ['reserved-concurrency-removed', 'report'],
      ['sensitive-classification-added', 'report'],
      ['timeout-raised', 'intake'],
      ['timeout-raised', 'report'],
    ]);
    expect(ids(sls, 'introduced')).toEqual([['BR-LD-1/sensitive-data-classification', 'report'], ['BR-LD-3/reserved-concurrency', 'report']]);
    // Suppressed findings (custom.ldlint.suppress) are not new.
    expect(sls.introduced.some((f) => f.ruleId === 'BR-LD-2/log-forwarding')).toBe(false);
  });

  it('builds CloudFormation JSON from the model (SAM expanded)', () => {
    const outcome = lintText(`${DIR}/sam-old.yaml`, `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/, Timeout: 9}\n`);
    const cfn = effectiveTemplate(outcome.project!.templates[0]!) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    expect(cfn.Resources.Fn!.Type).toBe('AWS::Lambda::Function');
    expect(cfn.Resources.Fn!.Properties.Timeout).toBe(9);
    expect(Object.values(cfn.Resources).some((r) => r.Type === 'AWS::IAM::Role')).toBe(true);
  });

  it('CLI: stylish by default, --format json, exit code from the new findings and --fail-on', async () => {
    const text = await cli(['diff', `${DIR}/filter-old.yaml`, `${DIR}/filter-new.yaml`]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/New findings \(1\)/);
    expect(text.stdout).toMatch(/regression {2}\(old\) subscription filter IntakeForward removed/);
    const json = await cli(['diff', `${DIR}/filter-old.yaml`, `${DIR}/filter-new.yaml`, '--format', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ introduced: 1, errors: 1, resolved: 0, changes: 1, regressions: 1 });
    expect(report.introduced[0]).toMatchObject({ ruleId: 'BR-LD-2/log-forwarding', resource: 'Intake' });
    expect(report.changes[0]).toMatchObject({ kind: 'subscription-filter-removed', regression: true });
    expect((await cli(['diff', `${DIR}/filter-old.yaml`, `${DIR}/filter-new.yaml`, '--fail-on', 'none'])).code).toBe(0);
    // Warnings only (SAM: long-running): fail with --fail-on warning.
    expect((await cli(['diff', `${DIR}/sam-old.yaml`, `${DIR}/sam-new.yaml`])).code).toBe(0);
    expect((await cli(['diff', `${DIR}/sam-old.yaml`, `${DIR}/sam-new.yaml`, '--fail-on', 'warning'])).code).toBe(1);
    const mixed = await cli(['diff', `${DIR}/old`, `${DIR}/filter-new.yaml`]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/compare two files or two directories/);
  });

  it('renders colour only when asked', async () => {
    const d = await diffPaths(`${DIR}/filter-old.yaml`, `${DIR}/filter-new.yaml`, opts());
    expect(await renderDiffText(d)).not.toMatch(/\x1b\[/);
    expect(await renderDiffText(d, { color: true })).toMatch(/\x1b\[/);
  });
});

describe('--changed-since in a git repository', () => {
  let repo: string;
  const git = (args: string[], cwd = repo) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const commit = (message: string) => git(['-c', 'user.email=a@b', '-c', 'user.name=t', 'commit', '-q', '-m', message]);

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'ldlint-git-'));
    git(['init', '-q']);
    copyFileSync(path.join(ROOT, DIR, 'filter-old.yaml'), path.join(repo, 'template.yaml'));
    copyFileSync(path.join(ROOT, DIR, 'sam-old.yaml'), path.join(repo, 'sam.yaml'));
    git(['add', '.']);
    commit('base');
    copyFileSync(path.join(ROOT, DIR, 'filter-new.yaml'), path.join(repo, 'template.yaml'));
    git(['add', '.']);
    commit('remove a subscription filter');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('compares the working tree with the ref (base versions from git show)', async () => {
    const d = await diffChangedSince(['.'], 'HEAD~1', opts(repo));
    expect(ids(d, 'introduced')).toEqual([['BR-LD-2/log-forwarding', 'Intake']]);
    expect(d.introduced[0]!.file).toBe('template.yaml');
    expect(kinds(d)).toEqual([['subscription-filter-removed', 'IntakeForward']]);
    expect(d.changes[0]!.file).toBe('template.yaml');
    const same = await diffChangedSince(['.'], 'HEAD', opts(repo));
    expect(same.introduced).toEqual([]);
    expect(same.changes).toEqual([]);
  });

  it('counts uncommitted edits and new files; the CLI exit code follows the new findings', async () => {
    writeFileSync(path.join(repo, 'added.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, Timeout: 5, MemorySize: 128, Code: {ZipFile: x}}\n");
    try {
      const d = await diffChangedSince(['.'], 'HEAD', opts(repo));
      expect(d.introduced.length).toBeGreaterThan(0);
      expect(d.introduced.every((f) => f.file === 'added.yaml')).toBe(true);
      const r = await cli(['--changed-since', 'HEAD', '.', '-f', 'json'], repo);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).introduced.length).toBe(d.introduced.length);
    } finally {
      unlinkSync(path.join(repo, 'added.yaml'));
    }
    const clean = await cli(['--changed-since', 'HEAD', '.'], repo);
    expect(clean.code).toBe(0);
    const prior = await cli(['--changed-since', 'HEAD~1', '.'], repo);
    expect(prior.code).toBe(1);
    expect(prior.stdout).toMatch(/subscription filter IntakeForward removed/);
    // Other formats get the new findings as a lint result (pull-request annotations).
    const gh = await cli(['--changed-since', 'HEAD~1', '.', '-f', 'github'], repo);
    expect(gh.stdout.trim().split('\n')).toHaveLength(1);
    expect(gh.stdout).toMatch(/^::error file=template\.yaml,.*title=BR-LD-2\/log-forwarding::/);
  });

  it('an unknown ref: exit 2 with the remedy', async () => {
    const r = await cli(['--changed-since', 'no-such-ref', '.'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/git ref "no-such-ref" is not in this repository/);
  });

  it('a shallow clone without the ref: exit 2 suggesting git fetch --unshallow / fetch-depth: 0', async () => {
    const shallow = mkdtempSync(path.join(os.tmpdir(), 'ldlint-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow], { stdio: 'ignore' });
      const r = await cli(['--changed-since', 'HEAD~1', '.'], shallow);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/shallow clone/);
      expect(r.stderr).toContain('git fetch --unshallow');
      expect(r.stderr).toContain('fetch-depth: 0');
    } finally {
      rmSync(shallow, { recursive: true, force: true });
    }
  });

  it('outside a git repository: exit 2', async () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'ldlint-nogit-'));
    try {
      const r = await cli(['--changed-since', 'HEAD', '.'], plain);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not inside a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
