import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanDirectives } from '../src/parse/directives.js';
import { parseText } from '../src/parse/index.js';
import { lintPaths, type LintOptions } from '../src/run.js';
import { FORMAT_NAMES, loadFormatter } from '../src/formatters/index.js';
import { exitCode } from '../src/cli/exit.js';
import { main } from '../src/cli/main.js';
import type { Finding } from '../src/engine/types.js';
import { lintText, ROOT } from './support/lint.js';

const TODAY = '2026-06-01';
const DIR = 'fixtures/suppressions';

async function lint(paths: string[], opts: Partial<LintOptions> = {}) {
  return lintPaths(paths, { cwd: ROOT, today: TODAY, reportSuppressed: true, ...opts });
}

function pick(findings: Finding[], ruleId: string, resource?: string | null): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource));
}

function one(findings: Finding[], ruleId: string, resource?: string | null): Finding {
  const list = pick(findings, ruleId, resource);
  expect(list, `${ruleId} on ${resource}`).toHaveLength(1);
  return list[0]!;
}

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd = ROOT): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(String(s)), true), isTTY: false }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { cwd, env: { NO_COLOR: '1' }, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

describe('comment directives (src/parse/directives.ts)', () => {
  it('finds whole-line and trailing directives, with ids, reason and expiry', () => {
    const text = [
      'Resources:', // 1
      '  # ldlint-disable-next-line BR-LD-3/timeout, BR-LD-3/memory -- sized upstream (expires 2027-01-31)', // 2
      '', // 3
      '  # another comment', // 4
      '  Fn:', // 5
      '    Type: AWS::Lambda::Function # ldlint-disable BR-LD-2 -- account-level forwarding', // 6
      '    Properties: {}', // 7
      '  # ldlint-enable BR-LD-2', // 8
      '  Other: {}', // 9
    ].join('\n');
    const d = scanDirectives(text);
    expect(d).toHaveLength(3);
    expect(d[0]).toMatchObject({ kind: 'disable-next-line', ids: ['BR-LD-3/timeout', 'BR-LD-3/memory'], reason: 'sized upstream', expires: '2027-01-31', line: 2, column: 3, trailing: false });
    // The next line that is neither blank nor a comment.
    expect(d[0]!.ranges.get('BR-LD-3/timeout')).toEqual({ from: 5, to: 5 });
    expect(d[1]).toMatchObject({ kind: 'disable', ids: ['BR-LD-2'], reason: 'account-level forwarding', line: 6, trailing: true });
    expect(d[1]!.ranges.get('BR-LD-2')).toEqual({ from: 6, to: 8 });
    expect(d[2]).toMatchObject({ kind: 'enable', ids: ['BR-LD-2'] });
  });

  it('ignores `#` inside quoted strings and block scalars', () => {
    const text = [
      'Description: "x # ldlint-disable BR-LD-1 -- not a comment"',
      "Other: 'y # ldlint-disable BR-LD-1 -- nor this'",
      'Code: |',
      '  # ldlint-disable BR-LD-3 -- block scalar content',
      '  print(1)',
      'Folded: >-',
      '  # ldlint-disable-next-line BR-LD-3 -- folded content',
      '# ldlint-disable BR-LD-4 -- a real one',
    ].join('\n');
    const d = scanDirectives(text);
    expect(d.map((x) => x.ids)).toEqual([['BR-LD-4']]);
    expect(d[0]!.ranges.get('BR-LD-4')).toEqual({ from: 8, to: 8 });
  });

  it('keeps a range open to the end of the file without enable; enable without ids closes all', () => {
    const text = ['# ldlint-disable A -- r', '# ldlint-disable B -- r', 'x: 1', '# ldlint-enable', 'y: 2', '# ldlint-disable C -- r', 'z: 3'].join('\n');
    const d = scanDirectives(text);
    expect(d[0]!.ranges.get('A')).toEqual({ from: 1, to: 4 });
    expect(d[1]!.ranges.get('B')).toEqual({ from: 2, to: 4 });
    expect(d[3]!.ranges.get('C')).toEqual({ from: 6, to: 7 });
  });

  it('reports look-alike directive words as unknown and leaves other comments alone', () => {
    const d = scanDirectives('# ldlint-disable-nextline X -- r\n# ldlint is great\n# see ldlint-disable docs\nx: 1\n');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ kind: 'unknown', word: 'ldlint-disable-nextline' });
  });

  it('is exposed on the parse result of YAML files', () => {
    const r = parseText('t.yaml', 'a: 1 # ldlint-disable-next-line BR-LD-3 -- r\nb: 2\n');
    expect(r.directives?.map((x) => x.kind)).toEqual(['disable-next-line']);
    expect(parseText('t.yaml', 'a: 1\n').directives ?? []).toEqual([]);
  });
});

describe('inline suppressions in Metadata (CloudFormation)', () => {
  it('suppresses findings of the resource by check id and by business rule, with reason, expiry and location', async () => {
    const { result } = await lint([`${DIR}/cfn-metadata.yaml`]);
    const f = result.findings;
    const rc = one(f, 'BR-LD-3/reserved-concurrency', 'Batch');
    expect(rc.suppression).toEqual({ kind: 'inline', reason: "Batch job limited by its SQS trigger's maximum concurrency (ISSO ticket SEC-123)", expires: '2099-12-31', file: `${DIR}/cfn-metadata.yaml`, line: 14 });
    // A whole business rule.
    expect(one(f, 'BR-LD-3/timeout', 'Batch').suppression).toMatchObject({ kind: 'inline', reason: 'Whole cost rule accepted for the nightly batch (SEC-124)', line: 17 });
    expect(one(f, 'BR-LD-3/memory', 'Batch').suppression?.reason).toBe('Whole cost rule accepted for the nightly batch (SEC-124)');
    // Not the other resource's findings.
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'Intake').suppression).toBeUndefined();
    expect(one(f, 'BR-LD-2/log-forwarding', 'Batch').suppression).toBeUndefined();
  });

  it('applies template-level Metadata.ldlint.suppress to the whole file', async () => {
    const { result } = await lint([`${DIR}/cfn-metadata.yaml`]);
    for (const r of ['Batch', 'Intake']) {
      expect(one(result.findings, 'BR-LD-2/log-retention', r).suppression).toMatchObject({ kind: 'inline', reason: 'Retention is managed by the central logging account (CMS-LOG-12)', line: 6 });
    }
  });

  it('reports invalid suppressions (no reason, unknown id, bad date, expired) at the suppression, and still reports the finding', async () => {
    const { result } = await lint([`${DIR}/cfn-metadata.yaml`]);
    const invalid = pick(result.findings, 'ldlint/suppression-invalid');
    expect(invalid.map((x) => [x.line, x.severity, x.resource])).toEqual([
      [32, 'error', 'Intake'],
      [33, 'error', 'Intake'],
      [35, 'error', 'Intake'],
      [38, 'error', 'Intake'],
    ]);
    expect(invalid[0]!.message).toMatch(/BR-LD-3\/timeout has no reason/);
    expect(invalid[1]!.message).toMatch(/unknown check "BR-LD-3\/memroy" \(did you mean BR-LD-3\/memory\?\)/);
    expect(invalid[2]!.message).toMatch(/expired on 2020-01-31/);
    expect(invalid[3]!.message).toMatch(/invalid expiry date "31\/12\/2099"/);
    for (const id of ['BR-LD-3/timeout', 'BR-LD-3/memory', 'BR-LD-3/reserved-concurrency']) expect(one(result.findings, id, 'Intake').suppression).toBeUndefined();
    // Invalid ones are not also unused.
    expect(pick(result.findings, 'ldlint/suppression-unused').map((x) => x.line)).toEqual([19]);
  });

  it('reports a valid suppression that matched nothing as unused (warning)', async () => {
    const { result } = await lint([`${DIR}/cfn-metadata.yaml`]);
    const unused = one(result.findings, 'ldlint/suppression-unused');
    expect(unused).toMatchObject({ severity: 'warning', line: 19, resource: 'Batch' });
    expect(unused.message).toMatch(/BR-LD-4\/tmp-persistence .*matched no finding/);
  });

  it('compares expiry with the run date: the last day still applies', () => {
    const text = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Metadata:',
      '      ldlint:',
      '        suppress:',
      '          - {id: BR-LD-3/timeout, reason: accepted, expires: "2026-06-01"}',
      '    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, MemorySize: 128, ReservedConcurrentExecutions: 1, Code: {ZipFile: x}}',
    ].join('\n');
    const on = lintText('fixtures/suppressions/t.yaml', text, { today: '2026-06-01' });
    expect(on.findings.find((f) => f.ruleId === 'BR-LD-3/timeout')?.suppression?.expires).toBe('2026-06-01');
    const after = lintText('fixtures/suppressions/t.yaml', text, { today: '2026-06-02' });
    expect(after.findings.find((f) => f.ruleId === 'BR-LD-3/timeout')?.suppression).toBeUndefined();
    expect(after.findings.find((f) => f.ruleId === 'ldlint/suppression-invalid')?.message).toMatch(/expired on 2026-06-01/);
  });

  it('reads JSON templates alike', async () => {
    const { result } = await lint([`${DIR}/config/templates/app.json`], { config: path.join(ROOT, DIR, 'config/ldlint.config.yaml') });
    expect(one(result.findings, 'BR-LD-3/memory', 'BatchLoader').suppression).toMatchObject({ kind: 'inline', reason: "Sized by the vendor's loader (SEC-510)", file: `${DIR}/config/templates/app.json`, line: 9 });
  });
});

describe('inline suppressions on SAM functions', () => {
  it('covers the findings of the function and of what it generates', async () => {
    const { result } = await lint([`${DIR}/sam-function.yaml`]);
    const f = result.findings;
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'Nightly').suppression).toMatchObject({ kind: 'inline', expires: '2099-01-01', line: 15 });
    expect(one(f, 'BR-LD-2/log-forwarding', 'Nightly').suppression).toMatchObject({ reason: 'Logs forwarded at the account level by the CMS logging pipeline (SEC-201)' });
    expect(one(f, 'BR-LD-2/log-retention', 'Nightly').suppression).toBeDefined();
    expect(one(f, 'BR-LD-2/log-forwarding', 'Other').suppression).toBeUndefined();
    expect(pick(f, 'ldlint/suppression-unused')).toEqual([]);
    expect(pick(f, 'ldlint/suppression-invalid')).toEqual([]);
  });
});

describe('comment directives in templates', () => {
  it('disable-next-line covers the next content line; disable/enable covers a range', async () => {
    const { result } = await lint([`${DIR}/comments.yaml`]);
    const f = result.findings;
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'Worker').suppression).toMatchObject({ kind: 'inline', reason: 'sized by the upstream queue (SEC-300)', line: 4 });
    expect(one(f, 'BR-LD-3/memory', 'Worker').suppression).toBeDefined();
    // The range covers Reader (and its unverifiables about BR-LD-2 checks), not Worker or Writer.
    expect(one(f, 'BR-LD-2/log-forwarding', 'Reader').suppression).toMatchObject({ reason: 'logs forwarded by the account-level pipeline (SEC-301)', expires: '2099-06-30', line: 16 });
    expect(pick(f, 'ldlint/unverifiable', 'Reader').filter((x) => x.path?.startsWith('BR-LD-2/')).every((x) => x.suppression)).toBe(true);
    expect(one(f, 'BR-LD-2/log-forwarding', 'Worker').suppression).toBeUndefined();
    expect(one(f, 'BR-LD-2/log-forwarding', 'Writer').suppression).toBeUndefined();
    // A `#` in a string or block scalar is no directive: Worker's timeout is set, nothing else is hidden.
    expect(pick(f, 'BR-LD-1/sensitive-data-classification')).toEqual([]);
  });

  it('reports a directive without reason, a misspelt directive and an unused one', async () => {
    const { result } = await lint([`${DIR}/comments.yaml`]);
    const invalid = pick(result.findings, 'ldlint/suppression-invalid');
    expect(invalid.map((x) => [x.line, x.column])).toEqual([[29, 11], [39, 3]]);
    expect(invalid[0]!.message).toMatch(/BR-LD-3\/timeout has no reason/);
    expect(invalid[1]!.message).toMatch(/Unknown directive "ldlint-disable-nextline"/);
    expect(one(result.findings, 'BR-LD-3/timeout', 'Writer').suppression).toBeUndefined();
    expect(one(result.findings, 'ldlint/suppression-unused').line).toBe(40);
  });
});

describe('Serverless custom.ldlint.suppress', () => {
  it('applies to the listed functions, or to the whole service', async () => {
    const { result } = await lint([`${DIR}/sls-custom`]);
    const f = result.findings;
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'intake').suppression).toMatchObject({ kind: 'inline', reason: 'Queue consumers bounded by the SQS batch window (SEC-400)', line: 11 });
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'report').suppression).toBeUndefined();
    expect(one(f, 'BR-LD-2/log-forwarding', 'intake').suppression?.line).toBe(14);
    expect(one(f, 'BR-LD-2/log-forwarding', 'report').suppression?.line).toBe(14);
    // A comment directive in serverless.yml.
    expect(one(f, 'RP-LD-1/long-running', 'report').suppression).toMatchObject({ reason: 'report generation needs 10 minutes (SEC-403)', line: 24 });
    expect(one(f, 'ldlint/suppression-unused').message).toMatch(/BR-LD-4 \(custom\.ldlint\.suppress\[2\]\)/);
  });
});

describe('config ignore, nonSuppressible, audit mode', () => {
  const config = path.join(ROOT, DIR, 'config/ldlint.config.yaml');

  it('applies ignore entries by file and resource globs, with the config file as location', async () => {
    const { result } = await lint([`${DIR}/config/templates`]);
    const f = result.findings;
    const cfg = `${DIR}/config/ldlint.config.yaml`;
    expect(one(f, 'BR-LD-2/log-forwarding', 'BatchLoader').suppression).toEqual({ kind: 'config', reason: 'Forwarded by the CMS account-level subscription policy (SEC-500)', file: cfg, line: 5 });
    expect(one(f, 'BR-LD-2/log-forwarding', 'Api').suppression?.kind).toBe('config');
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'BatchLoader').suppression).toMatchObject({ kind: 'config', expires: '2099-12-31', line: 8 });
    expect(one(f, 'BR-LD-3/reserved-concurrency', 'Api').suppression).toBeUndefined();
  });

  it('reports invalid entries (no reason, expired, non-suppressible) and unused ones that cover linted files', async () => {
    const { result } = await lint([`${DIR}/config/templates`], { config });
    const cfgFindings = result.findings.filter((x) => x.file === `${DIR}/config/ldlint.config.yaml`);
    expect(cfgFindings.map((x) => [x.ruleId, x.line])).toEqual([
      ['ldlint/suppression-invalid', 13],
      ['ldlint/suppression-invalid', 15],
      ['ldlint/suppression-invalid', 18],
      ['ldlint/suppression-unused', 20],
    ]);
    expect(cfgFindings[2]!.message).toMatch(/cannot be suppressed by policy/);
    // The entry for other/** is not reported unused: no file it covers was linted.
    expect(cfgFindings.some((x) => x.line === 23)).toBe(false);
  });

  it('never suppresses a nonSuppressible check, inline or central', async () => {
    const { result } = await lint([`${DIR}/config/templates`], { config });
    expect(one(result.findings, 'BR-LD-1/sensitive-data-classification', 'BatchLoader').suppression).toBeUndefined();
    const inline = pick(result.findings, 'ldlint/suppression-invalid', 'BatchLoader');
    expect(inline).toHaveLength(1);
    expect(inline[0]!.message).toMatch(/BR-LD-1\/sensitive-data-classification cannot be suppressed by policy/);
  });

  it('--no-inline-suppressions ignores inline suppressions; config ignores still apply', async () => {
    const audit = await lint([`${DIR}/config/templates`, `${DIR}/cfn-metadata.yaml`, `${DIR}/comments.yaml`], { config, inlineSuppressions: false });
    const kinds = new Set(audit.result.findings.filter((x) => x.suppression).map((x) => x.suppression!.kind));
    expect(kinds).toEqual(new Set(['config']));
    expect(one(audit.result.findings, 'BR-LD-3/memory', 'BatchLoader').suppression).toBeUndefined();
    // No findings about inline suppressions in audit mode.
    expect(audit.result.findings.filter((x) => x.ruleId.startsWith('ldlint/suppression-') && x.file !== `${DIR}/config/ldlint.config.yaml`)).toEqual([]);
  });

  it('drops suppressed findings unless --report-suppressed; they never affect the exit code', async () => {
    const shown = await lint([`${DIR}/sam-function.yaml`]);
    const hidden = await lint([`${DIR}/sam-function.yaml`], { reportSuppressed: false });
    const suppressed = shown.result.findings.filter((x) => x.suppression);
    expect(suppressed.length).toBe(3);
    expect(hidden.result.findings).toEqual(shown.result.findings.filter((x) => !x.suppression));
    const onlySuppressed = suppressed.filter((x) => x.severity === 'error');
    expect(exitCode(onlySuppressed, 'info')).toBe(0);
  });
});

describe('suppressed findings in every report format (--report-suppressed)', () => {
  it('shows each suppressed finding with its reason', async () => {
    const { result } = await lint([`${DIR}/cfn-metadata.yaml`, `${DIR}/config/templates`]);
    const suppressed = result.findings.filter((x) => x.suppression);
    const reasons = [...new Set(suppressed.map((x) => x.suppression!.reason))];
    expect(reasons.length).toBeGreaterThanOrEqual(4);
    const ctx = { cwd: ROOT, color: false, repoRoot: ROOT, docsBaseUrl: 'https://example.test/docs', toolVersion: '0.0.0', env: {} };
    for (const name of FORMAT_NAMES) {
      const text = (await loadFormatter(name))(result, ctx);
      if (name === 'gitlab') {
        // GitLab Code Quality has no notion of accepted risk: suppressed findings are left out.
        const issues = JSON.parse(text) as { check_name: string }[];
        expect(issues.length, name).toBe(result.findings.length - suppressed.length);
        continue;
      }
      // JSON-based formats escape quotes; compare on the escaped or plain form.
      for (const reason of reasons) {
        const forms = [reason, JSON.stringify(reason).slice(1, -1), reason.replace(/'/g, '&apos;'), reason.replace(/'/g, '&#39;'), reason.replace(/\|/g, '\\|')];
        expect(forms.some((r) => text.includes(r)), `${name} shows "${reason}"`).toBe(true);
      }
    }
  });

  it('the CLI hides suppressed findings by default and shows them with --report-suppressed', async () => {
    const plain = await cli([`${DIR}/sam-function.yaml`, '-f', 'json']);
    const withFlag = await cli([`${DIR}/sam-function.yaml`, '-f', 'json', '--report-suppressed']);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(withFlag.stdout);
    expect(a.summary.suppressed).toBe(0);
    expect(b.summary.suppressed).toBe(3);
    expect(b.findings.filter((x: Finding) => x.suppression).map((x: Finding) => x.suppression!.kind)).toEqual(['inline', 'inline', 'inline']);
    expect(plain.code).toBe(withFlag.code);
    const stylish = await cli([`${DIR}/sam-function.yaml`, '--report-suppressed']);
    expect(stylish.stdout).toMatch(/\(suppressed: Nightly job runs once, triggered by the scheduler \(SEC-200\)\)/);
    const audit = await cli([`${DIR}/sam-function.yaml`, '-f', 'json', '--report-suppressed', '--no-inline-suppressions']);
    expect(JSON.parse(audit.stdout).summary.suppressed).toBe(0);
  });
});

describe('a project with its own config (temp dir)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ldlint-suppress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves `files` globs relative to the config file, wherever ldlint runs', async () => {
    mkdirSync(path.join(dir, 'stacks'), { recursive: true });
    writeFileSync(path.join(dir, '.git'), '');
    writeFileSync(path.join(dir, 'ldlint.config.yaml'), "ignore:\n  - id: BR-LD-3\n    files: ['stacks/*.yaml']\n    resources: ['Api']\n    reason: cost accepted (SEC-600)\n");
    writeFileSync(path.join(dir, 'stacks/app.yaml'), 'Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, Code: {ZipFile: x}}\n  Other:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, Code: {ZipFile: x}}\n');
    for (const cwd of [dir, path.join(dir, 'stacks')]) {
      const run = await lintPaths(['.'], { cwd, today: TODAY, reportSuppressed: true });
      const f = run.result.findings;
      expect(pick(f, 'BR-LD-3/timeout', 'Api')[0]!.suppression?.reason).toBe('cost accepted (SEC-600)');
      expect(pick(f, 'BR-LD-3/timeout', 'Other')[0]!.suppression).toBeUndefined();
    }
  });

  it('takes the severities of the findings about suppressions from config rules', async () => {
    const proj = path.join(dir, 'severities');
    mkdirSync(proj, { recursive: true });
    writeFileSync(path.join(proj, '.git'), '');
    writeFileSync(path.join(proj, 'app.yaml'), [
      'Resources:',
      '  Api:',
      '    Type: AWS::Lambda::Function',
      '    Metadata:',
      '      ldlint:',
      '        suppress:',
      '          - {id: BR-LD-4, reason: nothing to cover}',
      '          - {id: BR-LD-3/timeout}',
      '    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, Code: {ZipFile: x}}',
      '',
    ].join('\n'));
    const ignore = 'ignore:\n  - {id: BR-LD-1, files: [app.yaml], reason: covers nothing}\n';
    const ids = (f: Finding[]) => f.filter((x) => x.ruleId.startsWith('ldlint/suppression-')).map((x) => `${x.ruleId} ${x.severity} ${x.file}:${x.line}`);

    writeFileSync(path.join(proj, 'ldlint.config.yaml'), ignore);
    expect(ids((await lintPaths(['.'], { cwd: proj, today: TODAY })).result.findings)).toEqual([
      'ldlint/suppression-unused warning app.yaml:7',
      'ldlint/suppression-invalid error app.yaml:8',
      'ldlint/suppression-unused warning ldlint.config.yaml:2',
    ]);

    writeFileSync(path.join(proj, 'ldlint.config.yaml'), `${ignore}rules:\n  ldlint/suppression-unused: error\n  ldlint/suppression-invalid: warning\n`);
    expect(ids((await lintPaths(['.'], { cwd: proj, today: TODAY })).result.findings)).toEqual([
      'ldlint/suppression-unused error app.yaml:7',
      'ldlint/suppression-invalid warning app.yaml:8',
      'ldlint/suppression-unused error ldlint.config.yaml:2',
    ]);

    writeFileSync(path.join(proj, 'ldlint.config.yaml'), `${ignore}rules:\n  ldlint/suppression-unused: 'off'\n`);
    const off = (await lintPaths(['.'], { cwd: proj, today: TODAY })).result.findings;
    expect(ids(off)).toEqual(['ldlint/suppression-invalid error app.yaml:8']);
    // An invalid suppression suppresses nothing, whatever its severity.
    expect(pick(off, 'BR-LD-3/timeout', 'Api')).toHaveLength(1);
  });
});

describe('robustness', () => {
  const fn = (meta: string) =>
    ['Resources:', '  Fn:', '    Type: AWS::Lambda::Function', ...meta.split('\n').map((l) => `    ${l}`), '    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::1:role/r, MemorySize: 128, ReservedConcurrentExecutions: 1, Code: {ZipFile: x}}'].join('\n');

  it('reads an unquoted YAML date as the expiry', () => {
    const o = lintText('fixtures/suppressions/t.yaml', fn('Metadata:\n  ldlint:\n    suppress:\n      - id: BR-LD-3/timeout\n        reason: accepted\n        expires: 2027-01-31'), { today: TODAY });
    expect(o.findings.find((f) => f.ruleId === 'BR-LD-3/timeout')?.suppression?.expires).toBe('2027-01-31');
  });

  it('reports malformed entries (not a list of maps, id not a string, no id)', () => {
    const o = lintText('fixtures/suppressions/t.yaml', fn('Metadata:\n  ldlint:\n    suppress:\n      - just a string\n      - {id: [a, b], reason: r}\n      - {reason: no id}'), { today: TODAY });
    const msgs = o.findings.filter((f) => f.ruleId === 'ldlint/suppression-invalid').map((f) => f.message);
    expect(msgs).toHaveLength(3);
    expect(msgs[0]).toMatch(/must be a map/);
    expect(msgs[1]).toMatch(/id must be a string/);
    expect(msgs[2]).toMatch(/names no check id/);
  });

  it('refuses to suppress the engine findings about suppressions', () => {
    const o = lintText('fixtures/suppressions/t.yaml', fn('Metadata:\n  ldlint:\n    suppress:\n      - {id: ldlint/suppression-unused, reason: r}\n      - {id: __proto__, reason: r}'), { today: TODAY });
    const msgs = o.findings.filter((f) => f.ruleId === 'ldlint/suppression-invalid').map((f) => f.message);
    expect(msgs[0]).toMatch(/ldlint\/suppression-unused cannot be suppressed/);
    expect(msgs[1]).toMatch(/unknown check "__proto__"/);
    expect(({} as Record<string, unknown>).from).toBeUndefined();
  });

  it('lists at most 100 findings about suppressions per file and kind, and counts the rest', () => {
    const text = '# ldlint-disable-next-line BR-LD-5/durable-functions -- r\n'.repeat(150) + "AWSTemplateFormatVersion: '2010-09-09'\n" + fn('');
    const o = lintText('fixtures/suppressions/t.yaml', text, { today: TODAY });
    const unused = o.findings.filter((f) => f.ruleId === 'ldlint/suppression-unused');
    expect(unused).toHaveLength(101);
    expect(unused[100]!.message).toMatch(/^50 more unused suppressions in fixtures\/suppressions\/t\.yaml/);
  });

  it('parses expiry in comments without backtracking on long reasons', () => {
    const reason = `r${' '.repeat(100_000)}expires${' '.repeat(100_000)}x y`;
    const started = Date.now();
    const d = scanDirectives(`# ldlint-disable X -- ${reason}\na: 1\n`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(d[0]!.expires).toBeUndefined();
    expect(scanDirectives('# ldlint-disable X -- ok (expires: 2027-02-28)\na: 1\n')[0]).toMatchObject({ reason: 'ok', expires: '2027-02-28' });
  });
});
