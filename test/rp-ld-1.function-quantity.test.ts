import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const max = (n: number) => ({ rules: { 'RP-LD-1/function-quantity': { severity: 'info' as const, options: { maxFunctions: n } } } });

testRule('RP-LD-1/function-quantity', {
  invalid: {
    'sam-26-functions.yaml': [{ resource: null, line: 1, column: 1, severity: 'info', message: /^The project defines 26 functions, more than the maximum of 25, which deepens its dependency on Lambda$/, help: /^Consolidate functions that serve the same purpose/ }],
    'cfn-over-limit.yaml': { options: max(2), findings: [{ resource: null, line: 1, column: 1, message: /^The project defines 3 functions, more than the maximum of 2,/ }] },
    'cfn-over-limit.json': { options: max(1), findings: [{ resource: null, line: 1, column: 1, message: /^The project defines 2 functions, more than the maximum of 1,/ }] },
  },
});

it('reports once per project, on the first template, with a stable fingerprint', () => {
  const text = `Resources:\n  A: {Type: AWS::Lambda::Function, Properties: {Role: r}}\n  B: {Type: AWS::Lambda::Function, Properties: {Role: r}}\n`;
  const out = lintText('dir/t.yaml', text, max(1));
  const f = findingsOf(out, 'RP-LD-1/function-quantity');
  expect(f.map((x) => [x.file, x.line, x.column, x.resource, x.path])).toEqual([['dir/t.yaml', 1, 1, null, 'Functions']]);
  expect(findingsOf(lintText('dir/t.yaml', `# moved\n${text}`, max(1)), 'RP-LD-1/function-quantity')[0]!.fingerprint).toBe(f[0]!.fingerprint);
});

it('counts no function in a template without functions, even with a maximum of 0', () => {
  expect(findingsOf(lintText('t.yaml', `Resources:\n  Q: {Type: AWS::SQS::Queue}\n`, max(0)), 'RP-LD-1/function-quantity')).toEqual([]);
  expect(findingsOf(lintText('t.yaml', `Resources:\n  A: {Type: AWS::Lambda::Function, Properties: {Role: r}}\n`, max(0)), 'RP-LD-1/function-quantity')).toHaveLength(1);
});
