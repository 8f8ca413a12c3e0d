/**
 * scripts/tf-parity.mjs against Terraform itself: a few fixtures (a local child module, for_each,
 * provider default_tags, tfvars) planned offline, every function's planned values equal to its
 * effective configuration from `ldlint inspect`. Needs terraform and the AWS provider in a local
 * plugin directory (TF_PLUGIN_DIR, default /opt/tf-plugins); without them the test is skipped with
 * the reason, unless CI is set (test/support/system-program.ts). Needs dist/ (npm test builds it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireProgram } from './support/system-program.js';
import { ROOT } from './support/lint.js';
import { requireTerraformInput } from './support/terraform-input.js';

const PLUGIN_DIR = process.env.TF_PLUGIN_DIR || '/opt/tf-plugins';
const DIRS = [
  'fixtures/br-ld-3/timeout/invalid/tf-missing',
  'fixtures/br-ld-3/reserved-concurrency/valid/tf-set',
  'fixtures/br-ld-1/sensitive-data-classification/invalid/tf-tags',
  'examples/terraform',
];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-tf-parity-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Report {
  agree: number;
  total: number;
  percent: number;
  functions: { dir: string; address: string; agree: boolean; differences: string[] }[];
  skipped: { dir: string; reason: string }[];
}

describe('tf-parity', () => {
  requireTerraformInput();
  const terraform = requireProgram('terraform', {
    install: 'Terraform from HashiCorp, with hashicorp/aws unpacked in TF_PLUGIN_DIR (default /opt/tf-plugins)',
    probeArgs: ['version'],
    missing: () => (existsSync(path.join(PLUGIN_DIR, 'registry.terraform.io/hashicorp/aws')) ? undefined : `no hashicorp/aws provider in ${PLUGIN_DIR}`),
  });

  it('plans fixtures offline and agrees with ldlint inspect on every function', () => {
    const out = path.join(tmp, 'parity.json');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/tf-parity.mjs'), ...DIRS, '--json', out], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TERRAFORM: terraform.command, TF_PLUGIN_DIR: PLUGIN_DIR },
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.skipped).toEqual([]);
    const addresses = report.functions.map((f) => `${f.dir} ${f.address}`).sort();
    expect(addresses).toEqual([
      'examples/terraform aws_lambda_function.report',
      'examples/terraform module.audit.aws_lambda_function.this',
      'fixtures/br-ld-1/sensitive-data-classification/invalid/tf-tags aws_lambda_function.intake',
      'fixtures/br-ld-1/sensitive-data-classification/invalid/tf-tags aws_lambda_function.report',
      'fixtures/br-ld-3/reserved-concurrency/valid/tf-set aws_lambda_function.handler["intake"]',
      'fixtures/br-ld-3/reserved-concurrency/valid/tf-set aws_lambda_function.handler["report"]',
      'fixtures/br-ld-3/timeout/invalid/tf-missing aws_lambda_function.intake',
      'fixtures/br-ld-3/timeout/invalid/tf-missing aws_lambda_function.slow',
      'fixtures/br-ld-3/timeout/invalid/tf-missing module.nightly.aws_lambda_function.this',
    ]);
    expect(report.functions.filter((f) => !f.agree)).toEqual([]);
    expect(r.stdout).toContain('tf-parity: 9/9 functions agree (100.0%)');
    // Nothing is left beside the configurations.
    for (const d of DIRS) expect(existsSync(path.join(ROOT, d, '.terraform')), d).toBe(false);
  }, 900_000);
});
