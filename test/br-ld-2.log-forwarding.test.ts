import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { findingsOf, lintFile, lintText, type LintOptions } from './support/lint.js';
import { testRule } from './support/rule-tester.js';
import { ruleById } from '../rules/index.js';
import { globMatch } from '../src/engine/globs.js';

const ID = 'BR-LD-2/log-forwarding';
const withOptions = (options: Record<string, unknown>): LintOptions => ({ rules: { [ID]: { severity: 'error', options } } });
const restricted = withOptions({ approvedDestinations: ['arn:aws:logs:*:111122223333:destination:cms-*'] });

testRule('BR-LD-2/log-forwarding', {
  valid: {
    'cfn-filters.yaml': restricted,
    'cfn-account-policy.json': restricted,
    'sam-globals-layer.yaml': withOptions({
      approvedDestinations: ['arn:aws:logs:*:111122223333:destination:cms-*'],
      forwardingLayers: ['arn:aws:lambda:*:111122223333:layer:cms-log-forwarder:*'],
    }),
  },
  invalid: {
    'cfn-no-filter.yaml': {
      options: restricted,
      findings: [
        // At the explicit log group's key.
        { resource: 'Intake', line: 13, column: 3, message: /^function Intake: its log group IntakeLogs \("\/aws\/lambda\/claims-intake"\) is not forwarded to enterprise security logging$/, help: /^Subscribe the log group to an approved destination \("arn:aws:logs:\*:111122223333:destination:cms-\*"\) with `AWS::Logs::SubscriptionFilter`, or add an approved forwarding layer to `Layers`$/ },
        // At the function's key (implicit group).
        { resource: 'Batch', line: 25, column: 3, message: /^function Batch: its implicit log group "\/aws\/lambda\/\$\{Batch\}" is not forwarded/ },
        // At LoggingConfig.LogGroup.
        { resource: 'Reports', line: 42, column: 19, message: /^function Reports \(FunctionName "claims-reports"\): its log group "\/cms\/claims\/reports" is not forwarded/ },
      ],
    },
    'cfn-unapproved.json': {
      options: restricted,
      findings: [
        { resource: 'Eligibility', line: 4, column: 5, help: /\(now: account policy OrgForwarding excludes it in its SelectionCriteria; account policy TeamAccountPolicy sends logs to "arn:aws:logs:us-east-1:999999999999:destination:team-logs", which is not an approved destination; subscription filter EligibilityToTeam sends it to "arn:aws:logs:us-east-1:999999999999:destination:team-logs", which is not an approved destination\)/ },
        // A GetAtt destination matches only `*`; the Join of the function's Ref names its group.
        { resource: 'Appeals', line: 22, column: 5, help: /subscription filter AppealsToStream sends it to !GetAtt AppealsStream\.Arn, which is not an approved destination/ },
      ],
    },
    'sam-globals.yaml': [
      // Globals.Function.LoggingConfig.LogGroup: both functions that inherit it, at the Globals value.
      { resource: 'Intake', line: 9, column: 17, message: /^function Intake: its log group "\/cms\/claims-app" is not forwarded/ },
      { resource: 'Shipper', line: 9, column: 17, message: /^function Shipper: its log group "\/cms\/claims-app" is not forwarded/ },
      // Audit overrides the group; Shipper's CloudWatchLogs event subscribes it (a Ref destination matches the default "*").
    ],
  },
});

describe('BR-LD-2/log-forwarding options and unknown values', () => {
  const noFilter = `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: f\n      Runtime: python3.12\n      Handler: a.b\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n`;

  it('is off with forwardedAtAccountLevel and a reason, and stays on without a reason', () => {
    expect(findingsOf(lintText('t.yaml', noFilter, withOptions({ forwardedAtAccountLevel: true, reason: 'org-wide subscription, CMS-LOG-12' })), ID)).toEqual([]);
    expect(findingsOf(lintText('t.yaml', noFilter, withOptions({ forwardedAtAccountLevel: true })), ID)).toHaveLength(1);
  });

  it('has a schema that requires a reason with forwardedAtAccountLevel', () => {
    const validate = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true }).compile(ruleById.get(ID)!.meta.schema);
    expect(validate({ forwardedAtAccountLevel: true })).toBe(false);
    expect(validate({ forwardedAtAccountLevel: true, reason: 'org-wide' })).toBe(true);
    expect(validate({ approvedDestinations: ['*'], forwardingLayers: [] })).toBe(true);
    expect(validate({ approvedDestination: ['*'] })).toBe(false);
  });

  it('reports an unknown destination as unverifiable instead of guessing', () => {
    const out = lintText('t.yaml', `Parameters:\n  Dest: {Type: String}\n${noFilter}  Fwd:\n    Type: AWS::Logs::SubscriptionFilter\n    Properties:\n      LogGroupName: /aws/lambda/f\n      FilterPattern: ''\n      DestinationArn: !Ref Dest\n`);
    expect(findingsOf(out, ID)).toEqual([]);
    const u = out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID));
    expect(u.map((f) => [f.resource, f.line, f.column, f.message])).toEqual([['F', 17, 23, 'BR-LD-2/log-forwarding: DestinationArn of subscription filter Fwd cannot be verified: parameter Dest has no default.']]);
  });

  it('reports an unknown LoggingConfig.LogGroup as unverifiable when a subscription filter may select it by name', () => {
    const filter = `  Sub:\n    Type: AWS::Logs::SubscriptionFilter\n    Properties:\n      LogGroupName: /aws/lambda/worker\n      DestinationArn: arn:aws:logs:us-east-1:111122223333:destination:cms\n      FilterPattern: ''\n`;
    const out = lintText('t.yaml', `Parameters:\n  Group: {Type: String}\n${noFilter}      LoggingConfig:\n        LogGroup: !Ref Group\n${filter}`);
    expect(findingsOf(out, ID)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message)).toEqual([
      "BR-LD-2/log-forwarding: the function's log group name cannot be verified: parameter Group has no default.",
    ]);
  });

  it('does not let an unknown filter name decide when the filter sends to an unapproved destination', () => {
    const filter = `  Sub:\n    Type: AWS::Logs::SubscriptionFilter\n    Properties:\n      LogGroupName: !Ref Group\n      DestinationArn: arn:aws:logs:us-east-1:999999999999:destination:elsewhere\n      FilterPattern: ''\n`;
    const out = lintText('t.yaml', `Parameters:\n  Group: {Type: String}\n${noFilter}${filter}`, withOptions({ approvedDestinations: ['arn:aws:logs:*:111122223333:destination:cms'] }));
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID))).toEqual([]);
    expect(findingsOf(out, ID).map((f) => f.resource)).toEqual(['F']);
  });

  it('reports a group whose name is unknown when nothing in the project forwards any group: not forwarded either way', () => {
    const out = lintText('t.yaml', `Parameters:\n  Group: {Type: String}\n${noFilter}      LoggingConfig:\n        LogGroup: !Ref Group\n`);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID))).toEqual([]);
    expect(findingsOf(out, ID).map((f) => [f.resource, f.line, f.column])).toEqual([['F', 13, 19]]);
  });

  it('counts a CloudWatchLogs event only when a Ref destination is approved (it matches only "*")', () => {
    const out = lintFile('fixtures/br-ld-2/log-forwarding/invalid/sam-globals.yaml', restricted);
    expect(findingsOf(out, ID).map((f) => `${f.resource} ${f.line}:${f.column}`)).toEqual(['Intake 9:17', 'Audit 20:19', 'Shipper 9:17']);
    expect(findingsOf(out, ID)[1]!.help).toMatch(/subscription filter ShipperAuditStream sends it to !GetAtt Shipper\.Arn, which is not an approved destination/);
  });

  it('matches a Sub destination structurally, but a whole-ARN placeholder only against "*"', () => {
    const tpl = (dest: string) => `${noFilter}  Fwd:\n    Type: AWS::Logs::SubscriptionFilter\n    Properties:\n      LogGroupName: !Sub /aws/lambda/\${F}\n      FilterPattern: ''\n      DestinationArn: ${dest}\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties: {ShardCount: 1}\n`;
    const sub = "!Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:111122223333:destination:cms-central'";
    expect(findingsOf(lintText('t.yaml', tpl(sub), restricted), ID)).toEqual([]);
    expect(findingsOf(lintText('t.yaml', tpl("!Sub '${Stream.Arn}'"), restricted), ID)).toHaveLength(1);
    expect(findingsOf(lintText('t.yaml', tpl("!Sub '${Stream.Arn}'")), ID)).toEqual([]);
  });
});

describe('ARN globs', () => {
  it('lets * cross / and :, and ? match one character', () => {
    expect(globMatch('arn:aws:logs:*:111122223333:destination:cms-*', 'arn:aws:logs:us-east-1:111122223333:destination:cms-central')).toBe(true);
    expect(globMatch('arn:aws:lambda:*:layer:logging:*', 'arn:aws:lambda:us-east-1:123:layer:logging:7')).toBe(true);
    expect(globMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c')).toBe(true);
    expect(globMatch('arn:aws:logs:us-east-?:*', 'arn:aws:logs:us-east-12:x')).toBe(false);
    expect(globMatch('arn:aws:logs:*:111122223333:destination:cms-*', 'arn:aws:logs:us-east-1:999999999999:destination:cms-central')).toBe(false);
  });

  it('lets a subject placeholder stand for one ARN segment', () => {
    expect(globMatch('arn:aws:logs:us-east-1:111122223333:*', 'arn:${AWS::Partition}:logs:${AWS::Region}:111122223333:destination:x')).toBe(true);
    expect(globMatch('arn:aws:logs:*', '${Stream.Arn}')).toBe(false);
    expect(globMatch('*', '${Stream.Arn}')).toBe(true);
  });

  it('matches only pseudo parameters structurally in pseudo mode', () => {
    const opts = { subjectPlaceholders: 'pseudo' as const };
    expect(globMatch('arn:aws:logs:us-east-1:*:log-group:/aws/lambda/*', 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${Fn}', opts)).toBe(true);
    expect(globMatch('arn:aws:logs:*:*:log-group:/aws/lambda/claims:*', 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${Fn}:x', opts)).toBe(false);
    expect(globMatch('arn:aws:logs:*:*:log-group:/aws/lambda/${Fn}:*', 'arn:aws:logs:r:a:log-group:/aws/lambda/${Fn}:x', opts)).toBe(true);
  });

  it('compares IAM actions without regard to case', () => {
    expect(globMatch('logs:put*', 'logs:PutLogEvents', { caseInsensitive: true, subjectPlaceholders: 'none' })).toBe(true);
    expect(globMatch('logs:Put*', 'logs:CreateLogStream', { caseInsensitive: true, subjectPlaceholders: 'none' })).toBe(false);
  });
});
