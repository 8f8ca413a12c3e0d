import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import { localReader } from '../src/io/read.js';
import { lintSource } from '../src/lint.js';
import { rules } from '../rules/index.js';
import { findingsOf, lintFile, ROOT } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'ldlint/missing-transform';
const MESSAGE = /^\w+ is an AWS::Serverless::\w+, but the template does not declare `Transform: AWS::Serverless-2016-10-31`, so CloudFormation rejects it \(ldlint lints it as SAM\)$/;

testRule(ID, {
  invalid: {
    'sam-globals-no-transform.yaml': [{ resource: null, line: 13, column: 3, severity: 'error', message: /^Intake is an AWS::Serverless::Function, but/ }],
    'cfn-json-other-transform.json': [{ resource: null, line: 5, column: 5, message: MESSAGE }],
    // Through the parent: the finding is in the nested template (see below).
    'cfn-nested-parent.yaml': [{ resource: null, line: 2, column: 3, message: /^Handler is an AWS::Serverless::Function/ }],
    'sam-nested-child.yaml': [{ resource: null, line: 2, column: 3, message: MESSAGE }],
  },
});

describe('a template with SAM resources and no transform', () => {
  const dir = 'fixtures/ldlint/missing-transform/invalid';

  it('is linted as SAM: Globals apply and every check runs on its functions', () => {
    const out = lintFile(`${dir}/sam-globals-no-transform.yaml`);
    expect(out.flavour).toBe('sam');
    expect(out.project!.functions.map((f) => [f.name, f.get('Timeout').kind === 'lit' && (f.get('Timeout') as { value: unknown }).value])).toEqual([['Intake', 1200], ['Report', 1200]]);
    expect(findingsOf(out, 'BR-LD-3/timeout').map((f) => [f.resource, f.line, f.column])).toEqual([['Intake', 7, 14], ['Report', 7, 14]]);
  });

  it('is reported once, in the nested template, when it is reached through a parent', () => {
    const out = lintFile(`${dir}/cfn-nested-parent.yaml`);
    expect(out.flavour).toBe('cloudformation');
    expect(findingsOf(out, ID).map((f) => f.file)).toEqual([`${dir}/sam-nested-child.yaml`]);
    expect(out.project!.functions.map((f) => [f.name, f.resource.template.flavour])).toEqual([['Handler', 'sam']]);
  });
});

describe('the corpus templates that declare SAM functions without the transform', () => {
  const CORPUS = path.resolve(ROOT, '../shared/corpus');
  for (const [file, line] of [['apigw-lambda-request-validator/template.yaml', 23], ['apigw-mutualtls-lambda/template.yaml', 84]] as const) {
    it(file, (ctx) => {
      const rel = `aws-samples__serverless-patterns/${file}`;
      if (!existsSync(path.join(CORPUS, rel))) ctx.skip(`the corpus is not present at ${CORPUS}`);
      const out = lintSource(
        { path: rel, text: readFileSync(path.join(CORPUS, rel), 'utf8') },
        rules,
        { rules: new Map(), settings: DEFAULT_SETTINGS, strict: false, today: '2026-06-01' },
        { overrides: new Map(), readLocal: localReader(CORPUS, CORPUS) },
      );
      expect(out.flavour).toBe('sam');
      expect(findingsOf(out, ID).map((f) => [f.line, f.column, f.message])).toEqual([[line, 3, expect.stringMatching(/^LambdaFunction is an AWS::Serverless::Function/)]]);
      // Globals apply (MemorySize 128, Timeout 15), and the function gets the checks.
      expect(out.project!.functions.map((f) => f.name)).toEqual(['LambdaFunction']);
      expect(findingsOf(out, 'BR-LD-3/reserved-concurrency').map((f) => f.resource)).toEqual(['LambdaFunction']);
      expect(findingsOf(out, 'BR-LD-3/memory')).toEqual([]);
    });
  }
});
