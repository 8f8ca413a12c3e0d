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
});
