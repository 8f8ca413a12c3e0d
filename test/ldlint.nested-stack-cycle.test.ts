import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { findingsOf, lintFile, ROOT } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'ldlint/nested-stack-cycle';
const DIR = 'fixtures/ldlint/nested-stack-cycle/invalid';
const AB = `Nested stacks form a cycle (cfn-cycle-a.yaml → cfn-cycle-b.yaml → cfn-cycle-a.yaml in ${DIR}), and CloudFormation cannot create a stack that contains itself`;

// The cycle a → b → a is reported at b's TemplateURL (the one back to a), whichever file is linted.
const atB = { resource: null, line: 12, column: 7, severity: 'error' as const };
testRule(ID, {
  invalid: {
    'cfn-cycle-a.yaml': [atB],
    'cfn-cycle-b.yaml': [atB],
    'cfn-parent-of-cycle.yaml': [atB],
    'cfn-self.json': [{ resource: null, line: 6, column: 23, message: /^Nested stacks form a cycle \(cfn-self\.json → cfn-self\.json in fixtures\/ldlint\/nested-stack-cycle\/invalid\), and CloudFormation/ }],
  },
});

describe('a cycle of nested stacks', () => {
  it('is named and placed the same whichever of its templates is linted', () => {
    for (const file of ['cfn-cycle-a.yaml', 'cfn-cycle-b.yaml', 'cfn-parent-of-cycle.yaml']) {
      const out = lintFile(`${DIR}/${file}`);
      expect(findingsOf(out, ID).map((f) => [f.file, f.line, f.column, f.message]), file).toEqual([[`${DIR}/cfn-cycle-b.yaml`, 12, 7, AB]]);
      // Each template of the chain is read once.
      expect(out.project!.templates.map((t) => t.file.path).sort(), file).toEqual([...new Set(out.project!.templates.map((t) => t.file.path))].sort());
    }
  });

  it('is reported once when the directory is linted (each file alone and through the others)', async () => {
    const run = await lintPaths([DIR], { cwd: ROOT, today: '2026-06-01' });
    expect(run.result.findings.filter((f) => f.ruleId === ID).map((f) => [f.file, f.line, f.message])).toEqual([
      [`${DIR}/cfn-cycle-b.yaml`, 12, AB],
      [`${DIR}/cfn-self.json`, 6, expect.stringContaining('cfn-self.json → ')],
    ]);
    expect(run.result.findings.filter((f) => f.ruleId === 'ldlint/parse-error' || f.ruleId === 'ldlint/internal-error')).toEqual([]);
  });
});
