import { describe, expect, it } from 'vitest';
import { brief, FN, lintTf } from './support/terraform.js';
import { treeSitterReady } from '../src/parse/tree-sitter.js';
import { lintPaths } from '../src/run.js';
import { ROOT } from './support/lint.js';


describe('Terraform start-up', () => {
  it('a CloudFormation-only run does not load tree-sitter', async () => {
    // CloudFormation and SAM files only (the directory also holds Terraform fixtures); code off: these
    // templates have inline code, which tree-sitter reads (test/code.lazy.test.ts).
    await lintPaths(['fixtures/br-ld-3/timeout/valid/cfn-explicit.json', 'fixtures/br-ld-3/timeout/invalid/cfn-missing.yaml', 'fixtures/br-ld-3/timeout/invalid/sam-conditional.yaml'], { cwd: ROOT, code: false });
    expect(treeSitterReady()).toBe(false);
  });
});

describe('Terraform model', () => {
  it('names resources by address and types by Terraform type, flavour terraform', async () => {
    const r = await lintTf({ 'main.tf': FN('orders') });
    const f = r.findings.find((x) => x.ruleId === 'BR-LD-3/memory')!;
    expect(f).toMatchObject({ resource: 'aws_lambda_function.orders', resourceType: 'aws_lambda_function', flavour: 'terraform', file: 'main.tf', line: 1, column: 32 });
  });

  it('points at the caller\'s argument for a value passed through a variable', async () => {
    const r = await lintTf({
      'main.tf': 'module "billing" {\n  source  = "./modules/fn"\n  timeout = 1200\n}\n',
      'modules/fn/main.tf': 'variable "timeout" {\n  type = number\n}\n' + FN('this', '  timeout = var.timeout\n'),
    });
    expect(brief(r.findings, 'BR-LD-3/timeout')).toEqual(['BR-LD-3/timeout main.tf:3:13 module.billing.aws_lambda_function.this']);
  });

  it('reads -1 reserved concurrency as not set and 0 as set (where it is written)', async () => {
    const r = await lintTf({ 'main.tf': FN('a', '  reserved_concurrent_executions = -1\n') + FN('b', '  reserved_concurrent_executions = 0\n') + FN('c', '  reserved_concurrent_executions = 10\n') });
    expect(brief(r.findings, 'BR-LD-3/reserved-concurrency')).toEqual(['BR-LD-3/reserved-concurrency main.tf:1:32 aws_lambda_function.a', 'BR-LD-3/reserved-concurrency main.tf:15:36 aws_lambda_function.b']);
    expect(r.findings.find((f) => f.resource === 'aws_lambda_function.a' && f.ruleId === 'BR-LD-3/reserved-concurrency')!.message).toMatch(/does not set/);
  });

  it('expands count and for_each into instances by address; count = 0 is no resource', async () => {
    const r = await lintTf({
      'main.tf': [
        'resource "aws_lambda_function" "none" {\n  count = 0\n  function_name = "n"\n}\n',
        'resource "aws_lambda_function" "w" {\n  for_each = toset(["nightly", "hourly"])\n  function_name = "w-${each.key}"\n  memory_size = 128\n}\n',
      ].join(''),
    });
    const names = [...new Set(r.findings.filter((f) => f.ruleId === 'BR-LD-3/timeout').map((f) => f.resource))];
    expect(names).toEqual(['aws_lambda_function.w["hourly"]', 'aws_lambda_function.w["nightly"]']);
  });

  it('reports an HCL syntax error as ldlint/parse-error at file:line:col', async () => {
    const r = await lintTf({ 'main.tf': 'resource "aws_lambda_function" "f" {\n  timeout = \n}\n' });
    expect(r.findings.map((f) => [f.ruleId, f.line, f.column, f.severity])).toEqual([['ldlint/parse-error', 2, 3, 'error']]);
    expect(r.findings[0]!.message).toMatch(/^main\.tf:2:3: HCL syntax error/);
    expect(treeSitterReady()).toBe(true);
  });
});
