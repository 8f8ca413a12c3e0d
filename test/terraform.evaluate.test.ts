import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brief, FN, lintTf } from './support/terraform.js';
import { inspectProject } from '../src/inspect.js';
import type { LintRun } from '../src/run.js';


/** Effective properties of a function by address (ldlint inspect). */
function props(run: LintRun, address: string): Record<string, unknown> {
  const project = run.outcomes.find((o) => o.project)!.project!;
  const fns = inspectProject(project).functions as { logicalId: string; properties: Record<string, unknown> }[];
  return fns.find((f) => f.logicalId === address)!.properties;
}

describe('Terraform variables', () => {
  const files = {
    'variables.tf': 'variable "timeout" {\n  type    = number\n  default = 10\n}\n',
    'main.tf': FN('f', '  timeout = var.timeout\n'),
  };

  it('takes terraform.tfvars over the default, *.auto.tfvars over it, and --var-file / --var in order', async () => {
    expect(props(await lintTf(files), 'aws_lambda_function.f').Timeout).toBe(10);
    expect(props(await lintTf({ ...files, 'terraform.tfvars': 'timeout = 20\n' }), 'aws_lambda_function.f').Timeout).toBe(20);
    expect(props(await lintTf({ ...files, 'terraform.tfvars': 'timeout = 20\n', 'a.auto.tfvars': 'timeout = 30\n', 'b.auto.tfvars.json': '{"timeout": 40}' }), 'aws_lambda_function.f').Timeout).toBe(40);
    const cli = await lintTf({ ...files, 'prod.tfvars': 'timeout = 50\n' }, ['.'], { terraform: { vars: [{ name: 'timeout', value: '60' }, { file: 'prod.tfvars' }] } });
    expect(props(cli, 'aws_lambda_function.f').Timeout).toBe(50);
    const cli2 = await lintTf({ ...files, 'prod.tfvars': 'timeout = 50\n' }, ['.'], { terraform: { vars: [{ file: 'prod.tfvars' }, { name: 'timeout', value: '60' }] } });
    expect(props(cli2, 'aws_lambda_function.f').Timeout).toBe(60);
  });

  it('reads TF_VAR_ only with --allow-env', async () => {
    process.env.TF_VAR_timeout = '70';
    try {
      expect(props(await lintTf(files), 'aws_lambda_function.f').Timeout).toBe(10);
      expect(props(await lintTf(files, ['.'], { serverless: { allowEnv: true } }), 'aws_lambda_function.f').Timeout).toBe(70);
    } finally {
      delete process.env.TF_VAR_timeout;
    }
  });

  it('a variable without a value is unknown, reported as unverifiable at the reference', async () => {
    const r = await lintTf({ 'main.tf': 'variable "t" {}\n' + FN('f', '  timeout = var.t\n') });
    const u = r.findings.find((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('BR-LD-3/timeout'))!;
    expect(u).toMatchObject({ line: 8, column: 13 });
    expect(u.message).toMatch(/variable t has no value/);
  });

  it('never prints a sensitive variable, and does not read it as a plaintext secret', async () => {
    const secret = 'Sup3rS3cretValue-hunter2';
    const r = await lintTf({
      'main.tf': `variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "${secret}"\n}\n` + FN('f', '  environment {\n    variables = { DB_PASSWORD = var.db_password }\n  }\n'),
    });
    expect(JSON.stringify(r.findings)).not.toContain(secret);
    expect(JSON.stringify(inspectProject(r.outcomes[0]!.project!))).not.toContain(secret);
    expect(r.findings.filter((f) => f.ruleId === 'BR-LD-1/sensitive-env-vars' && /plaintext|literal/i.test(f.message))).toEqual([]);
  });
});

describe('Terraform expressions', () => {
  it('evaluates locals, functions, conditionals, for expressions and templates', async () => {
    const r = await lintTf({
      'main.tf': `locals {
  cfg      = { prod = { memory = 1024 }, dev = { memory = 256 } }
  env      = "prod"
  settings = merge({ memory = 128, timeout = 30 }, lookup(local.cfg, local.env, {}))
  layers   = compact(concat(["arn:aws:lambda:us-east-1:1:layer:a:1"], [""], [for n in ["b"] : "arn:aws:lambda:us-east-1:1:layer:\${n}:2"]))
  name     = lower(format("%s-%s", "Orders", local.env))
  version  = regex("^(\\\\d+)\\\\.", "12.3")[0]
}
` + FN('f', '  memory_size = local.settings.memory\n  timeout = local.env == "prod" ? local.settings.timeout * 2 : 3\n  layers = local.layers\n  description = "\${local.name}%{ if local.env == "prod" } (live)%{ endif } v\${local.version}"\n  ephemeral_storage {\n    size = try(local.missing.size, 1024)\n  }\n'),
    });
    expect(props(r, 'aws_lambda_function.f')).toMatchObject({
      MemorySize: 1024,
      Timeout: 60,
      Layers: ['arn:aws:lambda:us-east-1:1:layer:a:1', 'arn:aws:lambda:us-east-1:1:layer:b:2'],
      Description: 'orders-prod (live) v12',
      EphemeralStorage: { Size: 1024 },
    });
  });

  it('expands dynamic blocks when their for_each is known', async () => {
    const r = await lintTf({
      'main.tf': 'variable "vpc" {\n  default = { subnets = ["subnet-1", "subnet-2"] }\n}\n' + FN('f', '  dynamic "vpc_config" {\n    for_each = var.vpc == null ? [] : [var.vpc]\n    content {\n      subnet_ids         = vpc_config.value.subnets\n      security_group_ids = ["sg-1"]\n    }\n  }\n'),
    });
    expect(props(r, 'aws_lambda_function.f').VpcConfig).toEqual({ SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'] });
  });

  it('reads null as not set and an empty vpc_config as no VPC', async () => {
    const r = await lintTf({ 'main.tf': FN('f', '  memory_size = null\n  vpc_config {\n    subnet_ids = []\n    security_group_ids = []\n  }\n') });
    const p = props(r, 'aws_lambda_function.f');
    expect(p.MemorySize).toBeUndefined();
    expect(p.VpcConfig).toBeUndefined();
  });

  it('keeps a data source other than aws_iam_policy_document unknown, and aws_ssm_parameter as SSM', async () => {
    const r = await lintTf({ 'main.tf': 'data "aws_ssm_parameter" "t" {\n  name = "/app/timeout"\n}\n' + FN('f', '  timeout = data.aws_ssm_parameter.t.value\n') });
    const u = r.findings.find((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith('BR-LD-3/timeout'))!;
    expect(u.message).toMatch(/data source data\.aws_ssm_parameter\.t is read from the account/);
    expect(brief(r.findings, 'BR-LD-3/timeout')).toEqual([]);
  });

  it('checks an unknown count as one instance', async () => {
    const r = await lintTf({ 'main.tf': 'variable "n" {}\n' + FN('f', '  count = var.n\n  timeout = 1000\n') });
    expect(brief(r.findings, 'BR-LD-3/timeout')).toEqual(['BR-LD-3/timeout main.tf:9:13 aws_lambda_function.f']);
  });
});

describe('Terraform bounded evaluation', () => {
  it('count = 100000 is checked as one instance with a located message', async () => {
    const r = await lintTf({ 'main.tf': FN('f', '  count = 100000\n') });
    const note = r.findings.find((f) => f.ruleId === 'ldlint/unverifiable' && /count = 100000/.test(f.message))!;
    expect(note).toMatchObject({ file: 'main.tf', line: 7, column: 11 });
    expect(new Set(r.findings.filter((f) => f.ruleId === 'BR-LD-3/timeout').map((f) => f.resource))).toEqual(new Set(['aws_lambda_function.f']));
  });

  it('cyclic locals and huge for expressions end with a located message', async () => {
    const r = await lintTf({ 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n  big = [for i in range(1000000) : i]\n}\n' + FN('f', '  timeout = local.a\n  memory_size = length(local.big)\n') });
    expect(r.findings.some((f) => f.ruleId === 'ldlint/unverifiable' && /refers to itself/.test(f.message))).toBe(true);
    expect(r.findings.some((f) => f.ruleId === 'ldlint/unverifiable' && /range\(\)|more than 10000/.test(f.message))).toBe(true);
  });

  it('deeply chained locals stop at a depth limit', async () => {
    const locals = Array.from({ length: 400 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n') + '\n  l400 = 5\n';
    const r = await lintTf({ 'main.tf': `locals {\n${locals}}\n` + FN('f', '  timeout = local.l0\n') });
    expect(r.findings.some((f) => f.ruleId === 'ldlint/unverifiable' && /nest more than/.test(f.message))).toBe(true);
  });

  it('file() reads only inside the project', async () => {
    const r = await lintTf({ 'main.tf': FN('f', '  description = file("/etc/hostname")\n') });
    expect(r.findings.some((f) => f.ruleId === 'ldlint/include-refused' && f.line === 7)).toBe(true);
  });
});

describe('Terraform JSON syntax', () => {
  it('reads .tf.json resources, variables and templates', async () => {
    const r = await lintTf({
      'main.tf.json': JSON.stringify({
        variable: { t: { default: 1200 } },
        resource: { aws_lambda_function: { f: { function_name: 'f', role: 'arn:aws:iam::1:role/x', timeout: '${var.t}', environment: { variables: { A: 'x-${var.t}' } } } } },
      }, null, 2),
    });
    expect(brief(r.findings, 'BR-LD-3/timeout')).toEqual(['BR-LD-3/timeout main.tf.json:4:18 aws_lambda_function.f']);
    expect(props(r, 'aws_lambda_function.f').Environment).toEqual({ Variables: { A: 'x-1200' } });
  });
});

describe('Terraform modules', () => {
  it('reads .tofu files instead of the .tf of the same name, and merges override files', async () => {
    const r = await lintTf({
      'main.tf': FN('f', '  timeout = 10\n'),
      'main.tofu': FN('f', '  timeout = 20\n  memory_size = 256\n'),
      'main_override.tf': 'resource "aws_lambda_function" "f" {\n  timeout = 30\n}\n',
    });
    expect(props(r, 'aws_lambda_function.f')).toMatchObject({ Timeout: 30, MemorySize: 256 });
  });

  it('follows registry modules through .terraform/modules/modules.json, else notes them once', async () => {
    const files = {
      'main.tf': 'module "fn" {\n  source  = "terraform-aws-modules/lambda/aws"\n  timeout = 5\n}\n',
      'vendor/fn/main.tf': 'variable "timeout" {}\n' + FN('this', '  timeout = var.timeout\n'),
    };
    const without = await lintTf(files);
    expect(without.findings.filter((f) => /module fn .* is not read: run terraform init/.test(f.message)).map((f) => [f.line, f.column])).toEqual([[1, 8]]);
    const withJson = await lintTf({ ...files, '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'fn', Source: 'registry.terraform.io/terraform-aws-modules/lambda/aws', Dir: 'vendor/fn' }] }) });
    expect(props(withJson, 'module.fn.aws_lambda_function.this').Timeout).toBe(5);
  });

  it('lints a directory called as a child module only through its caller', async () => {
    const r = await lintTf({ 'main.tf': 'module "a" {\n  source = "./modules/a"\n}\n', 'modules/a/main.tf': FN('f') });
    expect(r.result.files.map((f) => f.path)).toEqual([path.basename(r.dir)]);
    expect(new Set(r.findings.map((f) => f.resource).filter(Boolean))).toEqual(new Set(['module.a.aws_lambda_function.f']));
  });
});

describe('Terraform IAM and logs', () => {
  it('joins policy documents, attachments and inline policies to their role', async () => {
    const role = (name: string) => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = "{}"\n}\n`;
    const r = await lintTf({
      'main.tf': [
        role('a'), role('b'), role('c'),
        'resource "aws_cloudwatch_log_group" "a" {\n  name = "/aws/lambda/a"\n  retention_in_days = 30\n}\n',
        'data "aws_iam_policy_document" "logs" {\n  statement {\n    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n    resources = ["${aws_cloudwatch_log_group.a.arn}:*"]\n  }\n}\n',
        'resource "aws_iam_role_policy" "a" {\n  role   = aws_iam_role.a.id\n  policy = data.aws_iam_policy_document.logs.json\n}\n',
        'resource "aws_iam_role_policy_attachment" "b" {\n  role       = aws_iam_role.b.name\n  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"\n}\n',
        'resource "aws_iam_policy" "c" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["logs:*"], Resource = "*" }] })\n}\n',
        'resource "aws_iam_role_policy_attachment" "c" {\n  role       = aws_iam_role.c.name\n  policy_arn = aws_iam_policy.c.arn\n}\n',
        ...['a', 'b', 'c'].map((n) => FN(n, '').replace('"arn:aws:iam::123456789012:role/x"', `aws_iam_role.${n}.arn`)),
      ].join(''),
    });
    expect(brief(r.findings, 'BR-LD-2/execution-role-logging')).toEqual([]);
  });
});

describe('Terraform suppressions', () => {
  it('honours # // and /* */ directives above the block or the attribute, and reports unused ones', async () => {
    const r = await lintTf({
      'main.tf': [
        '# ldlint-disable-next-line BR-LD-3/timeout -- batch job, ISSO ticket SEC-1\n' + FN('a', '  timeout = 1000\n'),
        FN('b', '  // ldlint-disable-next-line BR-LD-3/timeout -- approved\n  timeout = 1000\n'),
        '/* ldlint-disable-next-line BR-LD-3/memory -- fine */\n' + FN('c', '  timeout = 1000\n  memory_size = 128\n'),
      ].join(''),
    });
    expect(brief(r.findings, 'BR-LD-3/timeout')).toEqual(['BR-LD-3/timeout main.tf:26:13 aws_lambda_function.c']);
    expect(r.findings.filter((f) => f.ruleId === 'ldlint/suppression-unused').map((f) => f.line)).toEqual([19]);
  });
});

describe('Terraform plan JSON', () => {
  const FIX = path.resolve(import.meta.dirname, '../fixtures/terraform');
  it('reads set-ness from the configuration and points at the plan by address without it', async () => {
    const { lintPaths } = await import('../src/run.js');
    const run = await lintPaths(['plan-only/plan.json'], { cwd: FIX, today: '2026-06-01' });
    const t = run.result.findings.filter((f) => f.ruleId === 'BR-LD-3/timeout');
    expect(t.map((f) => [f.file, f.resource])).toEqual([['plan-only/plan.json', 'aws_lambda_function.orders[0]'], ['plan-only/plan.json', 'aws_lambda_function.orders[1]']]);
    expect(run.result.findings.filter((f) => f.ruleId === 'BR-LD-3/memory')).toEqual([]);
  });

  it('points into the .tf files of --tf-dir', async () => {
    const { lintPaths } = await import('../src/run.js');
    const run = await lintPaths(['plan-only/plan.json'], { cwd: FIX, today: '2026-06-01', terraform: { tfDir: path.join(FIX, 'plan') } });
    expect(brief(run.result.findings, 'BR-LD-3/timeout').map((x) => x.split(' ')[1])).toEqual(['plan/main.tf:27:32', 'plan/main.tf:27:32']);
  });

  it('points into the .tf files when the configuration is beside the plan', async () => {
    const { lintPaths } = await import('../src/run.js');
    const run = await lintPaths(['plan/plan.json'], { cwd: FIX, today: '2026-06-01' });
    expect(brief(run.result.findings, 'BR-LD-3/timeout')).toEqual(['BR-LD-3/timeout plan/main.tf:27:32 aws_lambda_function.orders[0]', 'BR-LD-3/timeout plan/main.tf:27:32 aws_lambda_function.orders[1]']);
  });
});


describe('Terraform state machines, log forwarding and exceptions', () => {
  it('reads a templatefile() definition with the references it is given', async () => {
    const r = await lintTf({
      'sfn/flow.asl.json': '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${fn_arn}", "End": true}}}\n',
      'main.tf': FN('worker', '  timeout = 10\n') + 'resource "aws_sfn_state_machine" "flow" {\n  name     = "flow"\n  role_arn = "arn:aws:iam::1:role/sfn"\n  definition = templatefile("${path.module}/sfn/flow.asl.json", { fn_arn = aws_lambda_function.worker.arn })\n}\n',
    });
    const project = r.outcomes[0]!.project!;
    const sm = project.stateMachines[0]!;
    expect(sm.definition?.kind).toBe('map');
    expect(r.findings.filter((f) => f.ruleId === 'BR-LD-5/step-functions').map((f) => f.resource)).toEqual(['aws_sfn_state_machine.flow']);
    expect(r.findings.find((f) => f.ruleId === 'BR-LD-5/step-functions')!.message).toContain('aws_lambda_function.worker');
  });

  it('forwards logs through a subscription filter on the function\'s log group', async () => {
    const r = await lintTf({
      'main.tf': FN('f', '  timeout = 10\n') + 'resource "aws_cloudwatch_log_group" "f" {\n  name = "/aws/lambda/${aws_lambda_function.f.function_name}"\n  retention_in_days = 30\n}\n' +
        'resource "aws_cloudwatch_log_subscription_filter" "f" {\n  name = "f"\n  log_group_name  = aws_cloudwatch_log_group.f.name\n  filter_pattern  = ""\n  destination_arn = "arn:aws:logs:us-east-1:111111111111:destination:central"\n}\n',
    }, ['.'], {});
    expect(brief(r.findings, 'BR-LD-2/log-retention')).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BR-LD-2/log-forwarding').map((f) => f.message)[0] ?? '').not.toMatch(/no AWS::Logs::SubscriptionFilter on it/);
  });

  it('reads the exception tag from tags and default_tags', async () => {
    const r = await lintTf({
      'main.tf': 'provider "aws" {\n  default_tags {\n    tags = { DataClassification = "PII" }\n  }\n}\n' + FN('f', '  timeout = 10\n'),
    });
    expect(r.findings.filter((f) => f.ruleId === 'BR-LD-1/sensitive-data-classification').map((f) => f.resource)).toEqual(['aws_lambda_function.f']);
  });
});
