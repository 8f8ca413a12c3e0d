import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-1/sensitive-data-classification';

testRule('BR-LD-1/sensitive-data-classification', {
  invalid: {
    'cfn-classified.yaml': [
      { resource: 'ClaimsProcessor', line: 17, column: 18, message: /^function ClaimsProcessor \(FunctionName "claims-processor"\) is classified sensitive by tag DataClassification=Internal,PHI and carries no ISSO exception$/, help: /^Lambda should not process CMS sensitive data: .*`Metadata\.ldlint\.exception` or the `cms:isso-exception` tag$/ },
      { resource: 'EligibilityCheck', line: 22, column: 29, message: /^function EligibilityCheck is classified sensitive by Metadata\.ldlint\.dataClassification=pii and carries no ISSO exception/ },
      { resource: 'LegacyExport', line: 36, column: 20, message: /^function LegacyExport is classified sensitive by tag ContainsPII=yes, and its ISSO exception ISSO-2024-017 expired on 2026-03-31$/, help: /^Renew the exception/ },
      { resource: 'ReportBuilder', line: 50, column: 9, message: /tag Sensitivity=Restricted, and its ISSO exception is not valid$/, help: /^Fix the exception \(it has no approval reference/ },
    ],
    'cfn-boolean-tag.json': [
      { resource: 'MemberLookup', line: 12, column: 36, message: /^function MemberLookup is classified sensitive by tag PHI=true and carries no ISSO exception/ },
    ],
    'sam-globals.yaml': [
      { resource: 'ClaimsApi', line: 10, column: 27, message: /^function ClaimsApi is classified sensitive by tag DataClassification=PHI and carries no ISSO exception/ },
      // not classified (overrides the Globals tag) but reads a PII table: its expired exception is reported
      { resource: 'Archiver', line: 32, column: 20, message: /^function Archiver reaches sensitive data store Members, and its ISSO exception ISSO-2023-009 expired on 2025-12-31$/ },
    ],
  },
});

const fn = (extra: string, meta = '') => `Resources:
  Fn:
    Type: AWS::Lambda::Function${meta}
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: x}
${extra}`;

describe(ID, () => {
  it('reports an unknown classification tag as unverifiable, not as a finding', () => {
    const out = lintText('t.yaml', `Parameters:\n  Level:\n    Type: String\n${fn('      Tags:\n        - Key: DataClassification\n          Value: !Ref Level\n')}`);
    expect(findingsOf(out, ID)).toEqual([]);
    const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID));
    expect(u.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([`14:18 ${ID}: classification DataClassification cannot be verified: parameter Level has no default.`]);
  });

  it('classifies under a condition and says when', () => {
    const out = lintText('t.yaml', `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n${fn('      Tags:\n        - Key: Classification\n          Value: !If [IsProd, CUI, Public]\n')}`);
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.message.slice(0, 90)}`)).toEqual([
      '16:31 function Fn is classified sensitive by tag Classification=CUI when condition IsProd is tru',
    ]);
  });

  it('honours settings.sensitiveData (tag keys, values, exception tag key)', () => {
    const text = fn('      Tags:\n        - Key: Handling\n          Value: Special-Category\n        - Key: approval\n          Value: ISSO-1\n');
    expect(findingsOf(lintText('t.yaml', text), ID)).toEqual([]);
    const settings = { sensitiveData: { tagKeys: ['handling'], tagValues: ['special-category'], booleanTagKeys: [], exceptionTagKey: 'cms:isso-exception' } };
    expect(findingsOf(lintText('t.yaml', text, { settings }), ID).map((f) => f.message)).toEqual([expect.stringMatching(/by tag Handling=Special-Category and carries no ISSO exception/)]);
    expect(findingsOf(lintText('t.yaml', text, { settings: { sensitiveData: { ...settings.sensitiveData, exceptionTagKey: 'Approval' } } }), ID)).toEqual([]);
  });

  it('treats expiry on today as valid, the day after as expired, and a malformed date as invalid', () => {
    const text = (expires: string) => fn('      Tags:\n        - Key: PII\n          Value: "true"\n', `\n    Metadata:\n      ldlint:\n        exception: {reference: ISSO-9, expires: ${expires}}`);
    expect(findingsOf(lintText('t.yaml', text("'2026-06-01'"), { today: '2026-06-01' }), ID)).toEqual([]);
    expect(findingsOf(lintText('t.yaml', text("'2026-06-01'"), { today: '2026-06-02' }), ID).map((f) => f.message)).toEqual([expect.stringMatching(/ISSO exception ISSO-9 expired on 2026-06-01$/)]);
    expect(findingsOf(lintText('t.yaml', text("'2026-02-30'")), ID).map((f) => f.message)).toEqual([expect.stringMatching(/exception is not valid$/)]);
  });

  it('ignores an exception (even expired) on a function that is not sensitive', () => {
    const text = fn('', `\n    Metadata:\n      ldlint:\n        exception: {reference: ISSO-9, expires: '2020-01-01'}`);
    expect(findingsOf(lintText('t.yaml', text), ID)).toEqual([]);
  });

  it('reports an exception reference that cannot be known as unverifiable', () => {
    const text = `Parameters:\n  Ref:\n    Type: String\n${fn('      Tags:\n        - Key: PII\n          Value: "true"\n', `\n    Metadata:\n      ldlint:\n        exception: {reference: !Ref Ref}`)}`;
    const out = lintText('t.yaml', text);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message)).toEqual([
      `${ID}: ISSO exception (Metadata.ldlint.exception.reference) cannot be verified: parameter Ref has no default.`,
    ]);
  });
});
