import { describe, expect, it } from 'vitest';
import { lintCorpus } from './support/corpus.js';

/** The files of issue 13's hand audit of ../shared/corpus, each against what it showed. */
describe('corpus audit (issue 13)', () => {
  it('RainModules/api-resource.yml: nothing under !Rain::S3 is checked as a Code property', async (ctx) => {
    const findings = await lintCorpus(ctx, 'aws-cloudformation__aws-cloudformation-templates/RainModules/api-resource.yml');
    expect(findings.filter((f) => f.ruleId === 'ldlint/unknown-property')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'BR-LD-3/timeout').map((f) => f.resource)).toEqual(['Handler']);
  });

  it('lambda-durable-human-approval-sam, vpc-lattice-lambda: a finding about a block property points at its key', async (ctx) => {
    const durable = await lintCorpus(ctx, 'aws-samples__serverless-patterns/lambda-durable-human-approval-sam/template.yaml');
    expect(durable.filter((f) => f.ruleId === 'BR-LD-5/durable-functions').map((f) => `${f.line}:${f.column}`)).toEqual(['66:7']);
    const lattice = await lintCorpus(ctx, 'aws-samples__serverless-patterns/vpc-lattice-lambda/template.yaml');
    expect(lattice.filter((f) => f.ruleId === 'BR-LD-3/vpc-capacity').map((f) => `${f.line}:${f.column}`)).toEqual(['152:9']);
  });

  it('eventbridge-sfn, apigw-websocket-api-sfn-sync: state machines without Lambda are not reported', async (ctx) => {
    for (const rel of ['eventbridge-sfn/template.yaml', 'apigw-websocket-api-sfn-sync/template.yaml']) {
      const findings = await lintCorpus(ctx, `aws-samples__serverless-patterns/${rel}`);
      expect(findings.filter((f) => f.ruleId === 'BR-LD-5/step-functions')).toEqual([]);
    }
  });

  it('lambda-step-functions-sam-java: the DefinitionSubstitutions name the functions of an unreadable definition', async (ctx) => {
    const findings = await lintCorpus(ctx, 'aws-samples__serverless-patterns/lambda-step-functions-sam-java/template.yml');
    expect(findings.filter((f) => f.ruleId === 'BR-LD-5/step-functions').map((f) => [f.line, f.message.replace(/\. Review.*/, '')])).toEqual([
      [54, 'State machine StateMachine keeps workflow state for Lambda functions: its definition cannot be read, but its DefinitionSubstitutions name ProcessOrder, ProcessPayment, ReserveInventory and CancelOrder'],
    ]);
  });

  it('aws-golang-s3-file-replicator, apigw-s3-lambda-sls-py: the framework\'s custom-resource function is left out', async (ctx) => {
    for (const rel of ['serverless__examples/aws-golang-s3-file-replicator/serverless.yml', 'aws-samples__serverless-patterns/apigw-s3-lambda-sls-py/serverless.yml']) {
      const findings = await lintCorpus(ctx, rel);
      expect(findings.filter((f) => f.resource === 'CustomDashresourceDashexistingDashs3LambdaFunction')).toEqual([]);
      expect(findings.filter((f) => f.ruleId === 'BR-LD-3/reserved-concurrency').length).toBe(1);
    }
  });

  it('aws-node-graphql-and-rds: unverifiable only where the verdict depends on the unreadable ${file()}, naming the check', async (ctx) => {
    const findings = await lintCorpus(ctx, 'serverless__examples/aws-node-graphql-and-rds/serverless.yml');
    for (const id of ['BR-LD-2/log-retention', 'BR-LD-2/log-forwarding']) expect(findings.filter((f) => f.ruleId === id).map((f) => f.resource)).toEqual(['graphql', 'playground']);
    // The code notes (code.md: one per function whose code cannot be read) are about the code, not a check.
    const unverifiable = findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.path !== 'code');
    expect(unverifiable.length).toBeGreaterThan(0);
    for (const f of unverifiable) expect(f.message).toMatch(/^(all checks: resource \w+ \(Resources\.\w+\)|[A-Z]+-LD-\d\/[a-z-]+: .+) cannot be verified: /);
    expect(unverifiable.filter((f) => /outside the project/.test(f.message))).toEqual([]);
    expect(unverifiable.filter((f) => f.resource === 'graphql').map((f) => f.message)).toEqual([
      expect.stringMatching(/^BR-LD-2\/execution-role-logging: execution role cannot be verified: role LambdaRole is in the project, but/),
      expect.stringMatching(/^RP-LD-1\/lambda-chaining: .* role LambdaRole is in the project/),
    ]);
  });
});
