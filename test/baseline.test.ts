import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { main } from '../src/cli/main.js';
import { BASELINE_FILE, createBaseline, readBaseline, BaselineError, type BaselineDoc } from '../src/baseline/index.js';
import { ROOT } from './support/lint.js';

const TODAY = '2026-06-01';
/** What the added function violates (it has no log group, no reserved concurrency, and shares the role that invokes Reports). */
const ADDED = [
  ['BR-LD-2/log-forwarding', 'Added'],
  ['BR-LD-2/log-retention', 'Added'],
  ['BR-LD-3/reserved-concurrency', 'Added'],
  ['RP-LD-1/lambda-chaining', 'Added'],
];
const pairs = (findings: { ruleId: string; resource: string | null }[]) => findings.map((f) => [f.ruleId, f.resource]).sort((a, b) => String(a).localeCompare(String(b)));

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(String(s)), true), isTTY: false }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { cwd, env: { NO_COLOR: '1' }, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

const NEW_FUNCTION = `
  Added:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.added
      Role: !GetAtt Role.Arn
      Timeout: 30
      MemorySize: 256
      Code:
        ZipFile: print("hi")
`;

describe('baseline scenario', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ldlint-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const project = path.join(dir, 'project');
  cpSync(path.join(ROOT, 'fixtures/diff/new'), project, { recursive: true });
  writeFileSync(path.join(project, '.git'), '');

  it('writes a sorted, reviewable baseline atomically', async () => {
    const r = await cli(['baseline', '.'], project);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote 4 findings \(4 entries\) to \.ldlint-baseline\.json/);
    const text = readFileSync(path.join(project, BASELINE_FILE), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('\n  "entries": [\n    {\n      "fingerprint": ');
    const doc = JSON.parse(text) as BaselineDoc;
    expect(doc.version).toBe(1);
    expect(doc.entries.map((e) => [e.ruleId, e.file, e.resource])).toEqual([
      ['BR-LD-1/sensitive-data-classification', 'template.yaml', 'Intake'],
      ['BR-LD-2/log-forwarding', 'template.yaml', 'Intake'],
      ['RP-LD-1/lambda-chaining', 'template.yaml', 'Intake'],
      ['BR-LD-3/reserved-concurrency', 'template.yaml', 'Reports'],
    ]);
    for (const e of doc.entries) {
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      // No line numbers: a baseline survives edits that move code.
      expect(Object.keys(e)).not.toContain('line');
    }
    expect(readdirSync(project).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports nothing against its own baseline', async () => {
    const r = await cli(['.', '--baseline', BASELINE_FILE, '-f', 'json'], project);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([]);
    expect(report.staleBaseline).toBeUndefined();
  });

  it('after adding a violating function, reports only the new one (lines moved)', async () => {
    const file = path.join(project, 'template.yaml');
    const text = readFileSync(file, 'utf8');
    // New function first: every existing finding moves down.
    writeFileSync(file, text.replace('Resources:\n', `Resources:${NEW_FUNCTION}`));
    const r = await cli(['.', '--baseline', BASELINE_FILE, '-f', 'json'], project);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(pairs(report.findings)).toEqual(ADDED);

    // With --report-suppressed, the baselined ones show as suppressed (kind baseline).
    const all = await lintPaths(['.'], { cwd: project, today: TODAY, baseline: BASELINE_FILE, reportSuppressed: true });
    const suppressed = all.result.findings.filter((f) => f.suppression);
    expect(suppressed).toHaveLength(4);
    expect(suppressed.every((f) => f.suppression!.kind === 'baseline' && f.suppression!.file === BASELINE_FILE && f.suppression!.reason.length > 0)).toBe(true);
  });

  it('lists baseline entries that no longer occur', async () => {
    const file = path.join(project, 'template.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/        - Key: DataClassification\n          Value: PII\n/, '        - Key: DataClassification\n          Value: Internal\n'));
    const run = await lintPaths(['.'], { cwd: project, today: TODAY, baseline: BASELINE_FILE });
    expect(run.result.staleBaseline).toHaveLength(1);
    expect(run.result.staleBaseline![0]).toMatch(/^BR-LD-1\/sensitive-data-classification template\.yaml Intake/);
    const md = await cli(['.', '--baseline', BASELINE_FILE, '-f', 'markdown'], project);
    expect(md.stdout).toContain('Stale baseline entries');
    const plain = await cli(['.', '--baseline', BASELINE_FILE], project);
    expect(plain.stderr).toMatch(/1 baseline entry no longer occurs .*ldlint baseline/);
  });

  it('works from another directory (paths are relative to the baseline file)', async () => {
    const run = await lintPaths(['project'], { cwd: dir, today: TODAY, baseline: path.join('project', BASELINE_FILE) });
    expect(pairs(run.result.findings)).toEqual(ADDED);
    expect(run.result.staleBaseline).toHaveLength(1);
  });

  it('does not list entries of files the run did not lint as stale', async () => {
    writeFileSync(path.join(project, 'other.yaml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
    const run = await lintPaths(['other.yaml'], { cwd: project, today: TODAY, baseline: BASELINE_FILE });
    expect(run.result.staleBaseline).toEqual([]);
  });

  it('never suppresses nonSuppressible checks', async () => {
    writeFileSync(path.join(project, 'ldlint.config.yaml'), 'nonSuppressible: [BR-LD-2/log-forwarding]\n');
    const run = await lintPaths(['template.yaml'], { cwd: project, today: TODAY, baseline: BASELINE_FILE });
    // Intake's log-forwarding finding is in the baseline but may not be suppressed.
    expect(pairs(run.result.findings)).toEqual([['BR-LD-2/log-forwarding', 'Intake'], ...ADDED].sort((a, b) => String(a).localeCompare(String(b))));
    rmSync(path.join(project, 'ldlint.config.yaml'));
  });

  it('fails with exit 2 on a missing or malformed baseline', async () => {
    const missing = await cli(['.', '--baseline', 'nope.json'], project);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--baseline: no such file/);
    writeFileSync(path.join(project, 'bad.json'), '{"entries": 3}');
    const bad = await cli(['.', '--baseline', 'bad.json'], project);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an ldlint baseline/);
    expect(() => readBaseline(path.join(project, 'bad.json'))).toThrow(BaselineError);
  });

  it('counts findings that share a fingerprint', () => {
    const f = { ruleId: 'X/y', businessRule: 'ldlint', severity: 'error', message: 'm', file: 't.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, resource: 'R', resourceType: null, flavour: null, fingerprint: '' } as const;
    const doc = createBaseline([f, { ...f, line: 9 }, { ...f, ruleId: 'ldlint/parse-error' }], { cwd: dir, file: BASELINE_FILE });
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]!.count).toBe(2);
  });
});
