import { describe, expect, it } from 'vitest';
import { findingsOf, lintText, type LintOptions } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-2/common-logging-layer';
const approved: LintOptions = { rules: { [ID]: { severity: 'info', options: { approvedLayers: ['arn:*:lambda:*:111122223333:layer:cms-logging:*'] } } } };

testRule('BR-LD-2/common-logging-layer', {
  valid: {
    'cfn-layers.yaml': approved,
    'sam-globals.yaml': approved,
    // cfn-check-off.json: default options (no approved layers): the check is off.
  },
  invalid: {
    'cfn-no-layer.yaml': {
      options: approved,
      findings: [
        { resource: 'Intake', line: 4, column: 3, severity: 'info', message: /^function Intake \(FunctionName "claims-intake"\) uses none of the approved common logging layers \("arn:\*:lambda:\*:111122223333:layer:cms-logging:\*"\)$/, help: /^Add an approved logging layer to `Layers` on the `AWS::Lambda::Function`, so that its logs have the fields enterprise logging expects$/ },
        // `cms-logging-test` is not `cms-logging`; a Ref to a layer of the project matches only "*".
        { resource: 'Batch', line: 19, column: 7, severity: 'info', message: /^function Batch uses none of the approved common logging layers/ },
      ],
    },
    'cfn-conditional.json': {
      options: approved,
      findings: [{ resource: 'Eligibility', line: 21, column: 13, message: /uses none of the approved common logging layers \(.*\) when condition IsProd is false$/ }],
    },
    'sam-globals.yaml': {
      options: approved,
      // Intake inherits only Globals' claims-utils layer; Reports adds the approved layer to the Globals list.
      findings: [{ resource: 'Intake', line: 7, column: 5, message: /^function Intake uses none of the approved common logging layers/ }],
    },
  },
});

describe('BR-LD-2/common-logging-layer unknown values', () => {
  it('reports a layer it cannot read as unverifiable', () => {
    const out = lintText(
      't.yaml',
      `Parameters:\n  Layer: {Type: String}\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.b\n      Role: arn:aws:iam::123456789012:role/r\n      Layers: [!Ref Layer]\n      Code: {ZipFile: x}\n`,
      approved,
    );
    expect(findingsOf(out, ID)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message)).toEqual([
      'BR-LD-2/common-logging-layer: `Layers` cannot be verified: parameter Layer has no default.',
    ]);
  });
});
