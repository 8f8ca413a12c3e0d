import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'ldlint/invalid-template';
const REJECTED = /, so CloudFormation rejects it \(a template needs at least one resource\)$/;

testRule(ID, {
  invalid: {
    'cfn-empty-resources.yaml': [{ resource: null, line: 9, column: 1, severity: 'error', message: /^The template's `Resources` is an empty mapping, so CloudFormation rejects it/ }],
    'cfn-null-resources.json': [{ resource: null, line: 4, column: 3, message: /^The template's `Resources` is empty, / }],
    'cfn-no-resources.yaml': [{ resource: null, line: 1, column: 1, message: /^The template has no `Resources` section, so CloudFormation rejects it/ }],
    'cfn-resources-list.yaml': [{ resource: null, line: 2, column: 1, message: /^The template's `Resources` is a list, not a mapping of logical ids to resources, / }],
    'sam-skeleton.yaml': [{ resource: null, line: 6, column: 1, message: REJECTED }],
  },
});

describe('which files are templates without resources', () => {
  const lint = (text: string, file = 'x.yaml') => lintText(file, text);

  it('a mapping with a Resources key and nothing but template sections is a template', () => {
    for (const text of ['Resources:\n', 'Resources: {}\n', 'Description: d\nResources: ~\nOutputs: {}\n', '{"Parameters": {}, "Resources": []}']) {
      const out = lint(text, text.startsWith('{') ? 'x.json' : 'x.yaml');
      expect(out.flavour, text).toBe('cloudformation');
      expect(findingsOf(out, ID), text).toHaveLength(1);
    }
  });

  it('YAML that only happens to have a Resources key is not a template', () => {
    for (const text of ['kind: Deployment\nResources: ~\n', 'name: app\nResources: []\n', 'resources: {}\n', 'Outputs: {}\n']) {
      const out = lint(text);
      expect(out.flavour, text).toBeNull();
      expect(out.findings, text).toEqual([]);
    }
  });

  it('a nested template without resources is reported in its own file, through its parent', () => {
    const out = lintText('fixtures/ldlint/invalid-template/parent.yaml', 'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./invalid/cfn-empty-resources.yaml\n');
    expect(findingsOf(out, ID).map((f) => [f.file, f.line, f.column])).toEqual([['fixtures/ldlint/invalid-template/invalid/cfn-empty-resources.yaml', 9, 1]]);
  });
});
