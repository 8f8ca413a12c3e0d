import { describe, expect, it } from 'vitest';
import { findingsOf, lintText, type LintOptions } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-2/log-retention';
const bounds = (minRetentionDays?: number, maxRetentionDays?: number): LintOptions => ({
  rules: { [ID]: { severity: 'warning', options: { ...(minRetentionDays ? { minRetentionDays } : {}), ...(maxRetentionDays ? { maxRetentionDays } : {}) } } },
});

testRule('BR-LD-2/log-retention', {
  valid: { 'cfn-bounds.json': bounds(90, 400), 'cfn-cdk-log-retention.json': bounds(14, 400) },
  invalid: {
    'cfn-unmanaged.yaml': [
      { resource: 'Intake', line: 4, column: 3, severity: 'warning', message: /^function Intake: its implicit log group "\/aws\/lambda\/claims-intake" is not managed in the project, so CloudWatch keeps its logs forever$/, help: /^Declare the log group as `AWS::Logs::LogGroup` with `RetentionInDays: <days>` \(a bounded number of days\)$/ },
      { resource: 'Batch', line: 21, column: 3, message: /^function Batch: its log group BatchLogs \("\/aws\/lambda\/\$\{Batch\}"\) does not set `RetentionInDays`, so CloudWatch keeps its logs forever/ },
      { resource: 'Reports', line: 33, column: 19, message: /^function Reports: its log group "\/cms\/claims\/reports" is not managed in the project/ },
    ],
    'cfn-out-of-range.json': {
      options: bounds(90, 2192),
      findings: [
        { resource: 'Eligibility', line: 22, column: 85, message: /keeps logs 30 days, below the minimum of 90 days$/, help: /^Set `"RetentionInDays": <days>` \(between 90 and 2192 days\) on the `AWS::Logs::LogGroup`$/ },
        { resource: 'Appeals', line: 36, column: 81, message: /its log group AppealsLogs \("\/aws\/lambda\/appeals"\) keeps logs 3653 days, above the maximum of 2192 days/ },
        { resource: 'Claims', line: 51, column: 56, message: /keeps logs 7 days when condition IsProd is false, below the minimum of 90 days/ },
      ],
    },
    // CDK logRetention: the Custom::LogRetention of the function's group sets its retention.
    'cfn-cdk-log-retention.json': {
      options: bounds(undefined, 400),
      findings: [
        {
          resource: 'Archive9270CBC0',
          line: 18,
          column: 24,
          message: /^function Archive9270CBC0: its implicit log group "\/aws\/lambda\/\$\{Archive9270CBC0\}" \(Custom::LogRetention ArchiveLogRetention3E2191B4\) keeps logs 3653 days, above the maximum of 400 days$/, help: /^Set `"RetentionInDays": <days>` \(at most 400 days\) on the `Custom::LogRetention`$/,
        },
        // No RetentionInDays (RetentionDays.INFINITE): the custom resource removes the retention policy.
        {
          resource: 'ForeverD2F31604',
          line: 31,
          column: 3,
          message: /^function ForeverD2F31604 \(FunctionName "forever"\): Custom::LogRetention ForeverLogRetentionC0AEE684 sets no retention, so CloudWatch keeps its logs forever$/,
        },
        // The only Custom::LogRetention left names another group (/aws/lambda/audit-legacy).
        { resource: 'Audit5B1A6C2E', line: 38, column: 3, message: /^function Audit5B1A6C2E: its implicit log group "\/aws\/lambda\/audit" is not managed in the project/ },
      ],
    },
    'sam-globals.yaml': [
      // Globals.Function.LoggingConfig.LogGroup points at AppLogs, which keeps logs forever: reported for each function that inherits it.
      { resource: 'Intake', line: 11, column: 3, message: /^function Intake: its log group AppLogs \("\/cms\/claims-app"\) does not set `RetentionInDays`/ },
      { resource: 'Appeals', line: 11, column: 3, message: /^function Appeals: its log group AppLogs/ },
    ],
  },
});

describe('BR-LD-2/log-retention edge cases', () => {
  const fn = `  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: f\n      Runtime: python3.12\n      Handler: a.b\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n`;
  const unverifiable = (out: ReturnType<typeof lintText>) => out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message);

  it('reports an unknown RetentionInDays as unverifiable', () => {
    const out = lintText('t.yaml', `Parameters:\n  Days: {Type: Number}\nResources:\n${fn}  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/f\n      RetentionInDays: !Ref Days\n`, bounds(90));
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(['BR-LD-2/log-retention: RetentionInDays of log group G cannot be verified: parameter Days has no default.']);
  });

  // A named log group of the template that might be the function's: only then does the name decide.
  const other = `  Other:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Sub /aws/lambda/\${AWS::StackName}-worker\n      RetentionInDays: 30\n`;

  it('reports an unknown LoggingConfig.LogGroup as unverifiable when a group of the template may be it', () => {
    const out = lintText('t.yaml', `Parameters:\n  Group: {Type: String}\nResources:\n${fn}      LoggingConfig: {LogGroup: !Ref Group}\n${other}`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(['BR-LD-2/log-retention: `LoggingConfig.LogGroup` cannot be verified: parameter Group has no default.']);
  });

  it('reports the default group of a function whose FunctionName is unknown as unverifiable when a group of the template may be it', () => {
    const out = lintText('t.yaml', `Parameters:\n  Name: {Type: String}\nResources:\n${fn.replace('FunctionName: f', 'FunctionName: !Ref Name')}${other}`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(["BR-LD-2/log-retention: the function's log group name cannot be verified: parameter Name has no default."]);
  });

  it('reports a group whose name is unknown when no group of the template may be it: unmanaged either way', () => {
    for (const text of [
      `Parameters:\n  Name: {Type: String}\nResources:\n${fn.replace('FunctionName: f', 'FunctionName: !Ref Name')}`,
      `Parameters:\n  Group: {Type: String}\nResources:\n${fn}      LoggingConfig: {LogGroup: !Ref Group}\n`,
      // A group without a name is named by CloudFormation, never /aws/lambda/<name>.
      `Parameters:\n  Name: {Type: String}\nResources:\n${fn.replace('FunctionName: f', 'FunctionName: !Ref Name')}  Unnamed:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 7}\n`,
    ]) {
      const out = lintText('t.yaml', text);
      expect(unverifiable(out)).toEqual([]);
      expect(findingsOf(out, ID).map((f) => [f.resource, f.message])).toEqual([['F', expect.stringMatching(/is not managed in the project/)]]);
    }
  });

  it('reports a RetentionInDays that is not a number', () => {
    const out = lintText('t.yaml', `Resources:\n${fn}  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/f\n      RetentionInDays: forever\n`);
    expect(findingsOf(out, ID).map((f) => [f.line, f.column, f.message])).toEqual([
      [14, 24, 'function F: its log group G ("/aws/lambda/f") has a retention of "forever", not a number of days'],
    ]);
  });

  const custom = (props: string, extra = '') => `  R:\n    Type: Custom::LogRetention\n    Properties:\n      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:log-retention\n${props}${extra}`;

  it('checks the RetentionInDays of a Custom::LogRetention (CDK logRetention) against the bounds', () => {
    const out = lintText('t.yaml', `Resources:\n${fn}${custom('      LogGroupName: !Join ["", ["/aws/lambda/", !Ref F]]\n      RetentionInDays: 30\n')}`, bounds(90));
    expect(findingsOf(out, ID).map((f) => [f.ruleId, f.resource, f.line, f.column, f.message])).toEqual([
      [ID, 'F', 15, 24, 'function F: its implicit log group "/aws/lambda/f" (Custom::LogRetention R) keeps logs 30 days, below the minimum of 90 days'],
    ]);
  });

  it('reports an unknown RetentionInDays of a Custom::LogRetention as unverifiable', () => {
    const out = lintText('t.yaml', `Parameters:\n  Days: {Type: Number}\nResources:\n${fn}${custom('      LogGroupName: !Sub /aws/lambda/${F}\n      RetentionInDays: !Ref Days\n')}`, bounds(90));
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(['BR-LD-2/log-retention: RetentionInDays of Custom::LogRetention R cannot be verified: parameter Days has no default.']);
  });

  it('reports a Custom::LogRetention whose LogGroupName is unknown as unverifiable, not as unmanaged', () => {
    const out = lintText('t.yaml', `Parameters:\n  Group: {Type: String}\nResources:\n${fn}${custom('      LogGroupName: !Ref Group\n      RetentionInDays: 90\n')}`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual(['BR-LD-2/log-retention: LogGroupName of Custom::LogRetention R cannot be verified: parameter Group has no default.']);
  });

  it('binds a Custom::LogRetention by Ref even when the FunctionName is unknown', () => {
    const out = lintText('t.yaml', `Parameters:\n  Name: {Type: String}\nResources:\n${fn.replace('FunctionName: f', 'FunctionName: !Ref Name')}${custom('      LogGroupName: !Join ["", ["/aws/lambda/", !Ref F]]\n      RetentionInDays: 3653\n')}`, bounds(undefined, 400));
    expect(findingsOf(out, ID).map((f) => [f.line, f.column, f.message])).toEqual([
      [17, 24, 'function F: its implicit log group "/aws/lambda/${F}" (Custom::LogRetention R) keeps logs 3653 days, above the maximum of 400 days'],
    ]);
    expect(unverifiable(out)).toEqual([]);
  });

  it('does not count a Custom::LogRetention of a group in another region', () => {
    const out = lintText('t.yaml', `Resources:\n${fn}${custom('      LogGroupName: /aws/lambda/f\n      LogGroupRegion: us-east-1\n      RetentionInDays: 90\n')}`);
    expect(findingsOf(out, ID).map((f) => f.message)).toEqual([expect.stringMatching(/^function F: its implicit log group "\/aws\/lambda\/f" is not managed in the project/)]);
  });

  it('survives a Custom::LogRetention whose LogGroupName refers to itself', () => {
    const out = lintText('t.yaml', `Resources:\n${fn}${custom('      LogGroupName: !GetAtt R.LogGroupName\n      RetentionInDays: 90\n')}`);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/internal-error')).toEqual([]);
    expect(findingsOf(out, ID).map((f) => f.message)).toEqual([expect.stringMatching(/is not managed in the project/)]);
  });

  it('accepts any retention when no bounds are configured', () => {
    const out = lintText('t.yaml', `Resources:\n${fn}  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/f\n      RetentionInDays: 1\n`);
    expect(findingsOf(out, ID)).toEqual([]);
  });
});
