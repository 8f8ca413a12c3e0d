/**
 * What is around the Terraform reader, through the CLI: `--var` / `--var-file`, every report
 * format, baseline, `diff` and `--changed-since` on Terraform modules.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './support/cli.js';
import { ROOT } from './support/lint.js';
import { requireTerraformInput, terraformInput } from './support/terraform-input.js';

requireTerraformInput();

const MODULE = path.join(ROOT, 'fixtures/ci/terraform');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-tf-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface JsonFinding { ruleId: string; resource: string | null; resourceType: string | null; flavour: string | null; file: string; line: number; column: number; message: string; fingerprint: string }
const json = (stdout: string) => (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
const of = (findings: JsonFinding[], id: string) => findings.filter((f) => f.ruleId === id);

describe('--var and --var-file', () => {
  it('the module as committed: terraform.tfvars sets reserved_concurrency = 20, nothing to report', async () => {
    const r = await runMain(['.', '-f', 'json'], MODULE);
    expect(r.code, r.stderr).toBe(0);
    expect(of(json(r.stdout), 'BR-LD-3/reserved-concurrency')).toEqual([]);
  });

  it('--var overrides terraform.tfvars', async () => {
    const r = await runMain(['.', '-f', 'json', '--var', 'reserved_concurrency=-1'], MODULE);
    expect(r.code, r.stderr).toBe(1);
    const found = of(json(r.stdout), 'BR-LD-3/reserved-concurrency');
    expect(found.map((f) => [f.resource, f.flavour])).toEqual([['aws_lambda_function.intake', 'terraform']]);
    expect(found[0]!.message).toMatch(/does not set `reserved_concurrent_executions`, so only the account's limit caps/);
  });

  it('--var-file overrides terraform.tfvars, and points at the line it sets', async () => {
    const file = path.join(tmp, 'prod.tfvars');
    writeFileSync(file, '# prod\nreserved_concurrency = 0\n');
    const r = await runMain(['.', '-f', 'json', '--var-file', file], MODULE);
    expect(r.code, r.stderr).toBe(0); // 0 is reported as info: the function is disabled
    const found = of(json(r.stdout), 'BR-LD-3/reserved-concurrency');
    expect(found.map((f) => [f.resource, path.basename(f.file), f.line, f.column])).toEqual([['aws_lambda_function.intake', 'prod.tfvars', 2, 24]]);
    expect(found[0]!.message).toMatch(/`reserved_concurrent_executions` 0, so every invocation is throttled and the function is disabled/);
  });

  it('command-line order: the last --var / --var-file wins', async () => {
    const file = path.join(tmp, 'none.tfvars');
    writeFileSync(file, 'reserved_concurrency = -1\n');
    let r = await runMain(['.', '-f', 'json', '--var-file', file, '--var', 'reserved_concurrency=15'], MODULE);
    expect(of(json(r.stdout), 'BR-LD-3/reserved-concurrency')).toEqual([]);
    r = await runMain(['.', '-f', 'json', '--var', 'reserved_concurrency=15', '--var-file', file], MODULE);
    expect(of(json(r.stdout), 'BR-LD-3/reserved-concurrency').map((f) => f.resource)).toEqual(['aws_lambda_function.intake']);
  });

  it('a malformed --var, a missing --var-file and a var file that does not parse are usage errors: exit 2, no stack trace', async () => {
    const bad = path.join(tmp, 'bad.tfvars');
    writeFileSync(bad, 'reserved_concurrency = = 3\n');
    for (const args of [['--var', 'reserved_concurrency'], ['--var-file', path.join(tmp, 'missing.tfvars')]]) {
      const r = await runMain(['.', ...args], MODULE);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/--var|missing\.tfvars/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const r = await runMain(['.', '-f', 'json', '--var-file', bad], MODULE);
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toMatch(/bad\.tfvars:1:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('every report format on a Terraform project', () => {
  const example = path.join(ROOT, 'examples/terraform');
  let findings: JsonFinding[];
  beforeAll(async () => {
    if (!terraformInput) return;
    const r = await runMain(['.', '-f', 'json'], example);
    expect(r.code, r.stderr).toBe(1);
    findings = json(r.stdout);
  });

  it('json: Terraform addresses, types and files', () => {
    const own = findings.filter((f) => !f.ruleId.startsWith('ldlint/'));
    expect(own.length).toBeGreaterThan(2);
    for (const f of own) {
      expect(f.flavour).toBe('terraform');
      expect(f.resource ?? '').toMatch(/^(module\.\w+\.)*aws_\w+\.\w+/);
      expect(f.file).toMatch(/\.(tf|tfvars)$/);
    }
    const report = own.filter((f) => f.resource === 'aws_lambda_function.report').map((f) => f.ruleId).sort();
    expect(report).toEqual(expect.arrayContaining(['BR-LD-1/sensitive-env-vars', 'BR-LD-3/reserved-concurrency', 'BR-LD-3/timeout', 'BR-LD-4/ephemeral-storage']));
    expect(own.filter((f) => f.resource?.startsWith('module.audit.'))).toEqual([]);
    expect(findings.find((f) => f.ruleId === 'BR-LD-3/reserved-concurrency')).toMatchObject({ resourceType: 'aws_lambda_function', file: 'main.tf', line: 42 });
  });

  it('stylish, markdown, junit, sarif, github and gitlab name the same findings at the same places', async () => {
    const errors = findings.filter((f) => f.ruleId === 'BR-LD-3/reserved-concurrency');
    const [f] = errors;
    const out = (fmt: string) => runMain(['.', '-f', fmt], example).then((r) => r.stdout);

    const stylish = await out('stylish');
    expect(stylish).toMatch(new RegExp(`main\\.tf\\n[\\s\\S]*\\s${f!.line}:${f!.column}\\s+error\\s+function aws_lambda_function\\.report .*BR-LD-3/reserved-concurrency`));

    expect(await out('markdown')).toContain('aws_lambda_function.report');

    const junit = new XMLParser({ ignoreAttributes: false }).parse(await out('junit'));
    expect(JSON.stringify(junit)).toContain('aws_lambda_function.report');

    const sarif = JSON.parse(await out('sarif'));
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'BR-LD-3/reserved-concurrency');
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'examples/terraform/main.tf' }, region: { startLine: f!.line, startColumn: f!.column } });
    expect(JSON.stringify(result.locations[0].logicalLocations ?? [])).toContain('aws_lambda_function.report');

    expect(await out('github')).toMatch(new RegExp(`::error file=examples/terraform/main\\.tf,line=${f!.line},(end)?[^\\n]*col(umn)?=${f!.column}[^\\n]*BR-LD-3/reserved-concurrency`));

    const gitlab = JSON.parse(await out('gitlab')) as { check_name: string; location: { path: string; lines: { begin: number } } }[];
    expect(gitlab.find((x) => x.check_name === 'BR-LD-3/reserved-concurrency')?.location).toEqual({ path: 'examples/terraform/main.tf', lines: { begin: f!.line, end: f!.line } });
  });
});

describe('baseline on a Terraform project', () => {
  it('records the findings, reports nothing against itself, and only a new function afterwards (lines moved)', async () => {
    const dir = path.join(tmp, 'baseline');
    cpSync(path.join(ROOT, 'examples/terraform'), dir, { recursive: true });
    const write = await runMain(['baseline', '.'], dir);
    expect(write.code, write.stderr).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(dir, '.ldlint-baseline.json'), 'utf8'));
    expect(JSON.stringify(baseline)).toContain('aws_lambda_function.report');

    let r = await runMain(['.', '-f', 'json', '--baseline', '.ldlint-baseline.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).filter((f) => !f.ruleId.startsWith('ldlint/unverifiable'))).toEqual([]);

    // A new function above the old ones: every line below moves, fingerprints do not.
    const main = readFileSync(path.join(dir, 'main.tf'), 'utf8');
    const added = 'resource "aws_lambda_function" "added" {\n  function_name = "added"\n  role          = aws_iam_role.report.arn\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  filename      = "build/added.zip"\n  timeout       = 30\n  memory_size   = 256\n}\n\n';
    writeFileSync(path.join(dir, 'main.tf'), main.replace('resource "aws_iam_role" "report"', `${added}resource "aws_iam_role" "report"`));
    r = await runMain(['.', '-f', 'json', '--baseline', '.ldlint-baseline.json'], dir);
    expect(r.code).toBe(1);
    const fresh = json(r.stdout).filter((f) => !f.ruleId.startsWith('ldlint/unverifiable'));
    expect([...new Set(fresh.map((f) => f.resource))]).toEqual(['aws_lambda_function.added']);
  });
});

describe('diff and --changed-since on Terraform modules', () => {
  const DIR = path.join(ROOT, 'fixtures/diff');

  it('ldlint diff OLD NEW: a removed subscription filter and a removed reservation', async () => {
    const r = await runMain(['diff', 'tf-old', 'tf-new', '--format', 'json'], DIR);
    expect(r.code, r.stderr).toBe(1);
    const d = JSON.parse(r.stdout) as { introduced: JsonFinding[]; resolved: JsonFinding[]; changes: { kind: string; resource: string }[] };
    expect(d.introduced.map((f) => [f.ruleId, f.resource]).sort()).toEqual([
      ['BR-LD-2/log-forwarding', 'aws_lambda_function.intake'],
      ['BR-LD-3/reserved-concurrency', 'aws_lambda_function.reports'],
    ]);
    expect(d.resolved).toEqual([]);
    expect(d.changes.map((c) => [c.kind, c.resource]).sort()).toEqual([
      ['reserved-concurrency-removed', 'aws_lambda_function.reports'],
      ['subscription-filter-removed', 'aws_cloudwatch_log_subscription_filter.intake'],
    ]);
    const same = await runMain(['diff', 'tf-old', 'tf-old'], DIR);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/New findings \(0\)[\s\S]*Resolved findings \(0\)[\s\S]*Governance-relevant changes \(0\)/);
  });

  // Not yet: the old side of --changed-since reads files through `git show`, but the Terraform
  // loader reads a module's files (and its child modules and tfvars) from disk, so both sides see
  // the working tree. Enable with the loader reading through the run's file reader.
  it.todo('--changed-since REF: a tfvars edit alone is a change of its module');
});
