/**
 * The Terraform scenario of `npm run bench` measures what it says: the generated root module has
 * 300 functions in 20 instances of its local child module, each with its settings evaluated
 * (module inputs through for_each, merge(), lookup()), and gives none of the findings of what it
 * configures (timeout, memory, reservation, logs): it is a realistic, compliant service
 * (bench/generate.mjs). Not timed: speed is measured by the bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { inspectProject } from '../src/inspect.js';
// @ts-expect-error: a plain ES module of the bench, without types
import { writeTerraformRoot } from '../bench/generate.mjs';
import { requireTerraformInput } from './support/terraform-input.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-bench-tf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bench: generated Terraform root module', () => {
  requireTerraformInput();
  it('has 300 functions across 20 module instances, with their values', async () => {
    writeTerraformRoot(tmp);
    const run = await lintPaths(['.'], { cwd: tmp, keepProjects: true, today: '2026-06-01' });
    const outcomes = run.outcomes.filter((o) => o.flavour === 'terraform');
    expect(outcomes).toHaveLength(1);
    const functions = inspectProject(outcomes[0]!.project!).functions as { logicalId: string; properties: Record<string, unknown> }[];
    expect(functions).toHaveLength(300);
    const f = functions.find((x) => x.logicalId === 'module.service["svc-07"].aws_lambda_function.this["handler3"]');
    expect(f?.properties).toMatchObject({ FunctionName: 'svc-07-handler3', MemorySize: 1024, Timeout: 37, ReservedConcurrentExecutions: 5 });
    const ids = new Set(run.result.findings.map((x) => x.ruleId));
    for (const id of ['BR-LD-3/timeout', 'BR-LD-3/memory', 'BR-LD-3/reserved-concurrency', 'BR-LD-2/log-forwarding', 'BR-LD-2/log-retention', 'BR-LD-2/execution-role-logging', 'ldlint/parse-error', 'ldlint/internal-error']) expect(ids, id).not.toContain(id);
    expect(run.result.findings.filter((x) => x.ruleId === 'RP-LD-1/function-quantity')).toHaveLength(1);
  });
});
