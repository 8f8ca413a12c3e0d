/**
 * Issue 9: reports never echo a secret. Secrets are planted in CloudFormation (YAML and JSON), SAM
 * and Serverless templates -- literals, parameter defaults with and without NoEcho, parameter
 * overrides, and `${env:...}` with the variable set in ldlint's environment but without
 * `--allow-env` -- and must appear in no output of any format, nor in stderr, nor in a baseline.
 *
 * `ldlint inspect` is the model as the user wrote it, asked for explicitly: it shows literals written
 * in the template (whoever reads its output can read the template), but never what comes from
 * outside the template text: NoEcho parameter values (default or override) and the environment.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, pool, runCli, type RunResult } from './support/hostile.js';

/** Written in templates (literals, plain parameter defaults). */
const LITERAL = 'AKIAIOSFODNN7EXAMPLE-hunter2-9f8e7d';
/** The default of NoEcho parameters. */
const NOECHO = 'AKIANOECHODEFAULT0EX-hunter3-0c1d2e';
/** Given on the command line / in a parameters file for NoEcho parameters. */
const OVERRIDE = 'AKIAOVERRIDE00EXAMPL-hunter4-3f4a5b';
/** In ldlint's environment, named by `${env:PLANTED}`. */
const ENVIRONMENT = 'AKIAENVIRONMENT0EXMP-hunter5-6c7d8e';
const ALL = { LITERAL, NOECHO, OVERRIDE, ENVIRONMENT };

/** Every way a secret could show up in text: as is, JSON-escaped, URL-encoded, or its distinctive halves. */
function leaks(text: string, secrets: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, s] of Object.entries(secrets)) {
    const forms = [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), s.slice(0, 20), s.slice(21)];
    if (forms.some((f) => text.includes(f))) out.push(name);
  }
  return out;
}

const CFN = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ApiToken: { Type: String, Default: ${LITERAL} }
  DbPassword: { Type: String, NoEcho: true, Default: ${NOECHO} }
  Injected: { Type: String, NoEcho: 'true' }
  InjectedList: { Type: CommaDelimitedList, NoEcho: true, Default: '${NOECHO},b' }
Conditions:
  IsX: !Equals [!Ref ApiToken, x]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: x }
      Environment:
        Variables:
          DB_PASSWORD: ${LITERAL}
          API_TOKEN: !Ref ApiToken
          SECRET_KEY: !Ref DbPassword
          INJECTED_SECRET: !Ref Injected
          CONN_STRING_PASSWORD: !Sub 'postgres://u:\${DbPassword}@h/db'
          JOINED_TOKEN: !Join ['', [!Ref Injected, '-x']]
          PLAIN_NOTE: ${LITERAL}
          CHOICE_PASSWORD: !If [IsX, ${LITERAL}, !Ref DbPassword]
          LISTED_SECRET: !Select [0, !Ref InjectedList]
  Probe:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: !Sub 'arn:aws:iam::123456789012:role/\${Injected}'
      Code: { ZipFile: x }
      FunctionName: !Ref Injected
      Description: !Ref DbPassword
      Timeout: !Ref Injected
      MemorySize: !Ref DbPassword
      ReservedConcurrentExecutions: !Ref Injected
      EphemeralStorage: { Size: !Ref DbPassword }
      Layers: [!Ref Injected, !Sub 'arn:aws:lambda:us-east-1:123456789012:layer:\${DbPassword}:1']
      LoggingConfig: { LogGroup: !Sub '/aws/lambda/\${Injected}' }
      Tags: [{ Key: data-classification, Value: !Ref DbPassword }]
  ProbeLogs:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: !Sub '/aws/lambda/\${Injected}', RetentionInDays: !Ref DbPassword }
`;

const CFN_JSON = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Parameters: { Pw: { Type: 'String', NoEcho: true, Default: NOECHO }, Tok: { Type: 'String', Default: LITERAL }, Injected: { Type: 'String', NoEcho: true } },
  Resources: {
    JsonFn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' },
        Environment: { Variables: { DB_PASSWORD: LITERAL, TOKEN: { Ref: 'Tok' }, PASSWORD: { Ref: 'Pw' }, OTHER_SECRET: { Ref: 'Injected' }, NOTE: LITERAL } },
      },
    },
  },
}, null, 2);

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Token: { Type: String, Default: ${LITERAL} }
  Hidden: { Type: String, NoEcho: true, Default: ${NOECHO} }
  Injected: { Type: String, NoEcho: true }
Globals:
  Function:
    Environment:
      Variables:
        GLOBAL_SECRET: ${LITERAL}
        GLOBAL_TOKEN: !Ref Token
        GLOBAL_HIDDEN_PASSWORD: !Ref Hidden
Resources:
  SamFn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: .
      AutoPublishAlias: !Ref Injected
      Environment:
        Variables:
          API_KEY: ${LITERAL}
          PASSWORD: !Ref Hidden
          INJECTED_TOKEN: !Ref Injected
          NOTE: ${LITERAL}
`;

const SERVERLESS = `service: leaky
frameworkVersion: '3'
custom:
  password: ${LITERAL}
  fromEnv: \${env:PLANTED}
provider:
  name: aws
  runtime: nodejs20.x
  stage: \${env:PLANTED, 'dev'}
  environment:
    DB_PASSWORD: \${self:custom.password}
    API_KEY: ${LITERAL}
    FROM_ENV_SECRET: \${env:PLANTED}
    FROM_ENV_FALLBACK_TOKEN: \${env:PLANTED, 'none'}
    INDIRECT_SECRET: \${self:custom.fromEnv}
    NOTE: ${LITERAL}
functions:
  hello:
    handler: handler.hello
    name: \${env:PLANTED}
    description: \${env:PLANTED}
    timeout: \${env:PLANTED}
    memorySize: \${self:custom.fromEnv}
    environment:
      TOKEN: \${env:PLANTED}
      SECRET: \${file(./secrets.yml):secret}
      JOINED_PASSWORD: prefix-\${env:PLANTED}-suffix
`;

interface Run {
  name: string;
  args: string[];
  /** Files the run writes (relative to the work directory): read and checked too. */
  writes?: string[];
  /** Secrets that must not appear (default: all). */
  secrets?: Record<string, string>;
}

const TEMPLATES = ['cfn.yaml', 'cfn.json', 'sam.yaml', 'sls/serverless.yml'];
const OVERRIDES = ['-p', `Injected=${OVERRIDE}`];
const FORMATS = ['stylish', 'codeframe', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown', 'html'];
const { LITERAL: _literal, ...OUTSIDE_TEMPLATE } = ALL;

const runs: Run[] = [
  { name: 'every format on stdout', args: [...TEMPLATES, ...OVERRIDES, ...FORMATS.flatMap((f) => ['-f', f])] },
  { name: 'every format to files', args: [...TEMPLATES, ...OVERRIDES, ...FORMATS.flatMap((f) => ['-f', `${f}=out/report.${f}`])], writes: FORMATS.map((f) => `out/report.${f}`) },
  { name: '--strict, parameters from a file, suppressed findings reported', args: [...TEMPLATES, '--parameters', 'params.json', '--strict', '--report-suppressed', '-f', 'json', '-f', 'sarif', '-f', 'stylish'] },
  { name: 'one template at a time (stylish)', args: ['cfn.yaml', ...OVERRIDES] },
  { name: 'baseline', args: ['baseline', ...TEMPLATES, ...OVERRIDES, '-o', 'out/baseline.json'], writes: ['out/baseline.json'] },
  { name: 'inspect json', args: ['inspect', ...TEMPLATES, ...OVERRIDES], secrets: OUTSIDE_TEMPLATE },
  { name: 'inspect text', args: ['inspect', ...TEMPLATES, ...OVERRIDES, '--format', 'text'], secrets: OUTSIDE_TEMPLATE },
  { name: 'diff', args: ['diff', 'cfn.yaml', 'sam.yaml', ...OVERRIDES, '--format', 'json'] },
];

let work: string;
const results = new Map<string, RunResult>();

beforeAll(async () => {
  ensureBuilt();
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'ldlint-no-leak-')));
  writeFileSync(path.join(work, 'cfn.yaml'), CFN);
  writeFileSync(path.join(work, 'cfn.json'), CFN_JSON);
  writeFileSync(path.join(work, 'sam.yaml'), SAM);
  mkdirSync(path.join(work, 'sls'));
  writeFileSync(path.join(work, 'sls/serverless.yml'), SERVERLESS);
  writeFileSync(path.join(work, 'sls/secrets.yml'), `secret: ${LITERAL}\n`);
  writeFileSync(path.join(work, 'params.json'), JSON.stringify([{ ParameterKey: 'Injected', ParameterValue: OVERRIDE }]));
  mkdirSync(path.join(work, 'out'));
  mkdirSync(path.join(work, 'hooks'));
  await pool(runs, 2, async (r) => {
    results.set(r.name, await runCli(r.args, { cwd: work, hookDir: path.join(work, 'hooks'), env: { PLANTED: ENVIRONMENT }, timeout: 60_000 }));
  });
}, 10 * 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('no secret reaches any output', () => {
  it.each(runs.map((r) => [r.name, r] as const))('%s', (name, run) => {
    const r = results.get(name)!;
    const where = `ldlint ${run.args.join(' ')}: exit ${r.code}\nstderr: ${r.stderr.slice(0, 1500)}`;
    expect(r.timedOut, where).toBe(false);
    expect([0, 1, 2], where).toContain(r.code);
    expect(r.stderr, where).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    const secrets = run.secrets ?? ALL;
    expect(leaks(r.stdout, secrets), `stdout of ${where}\n${r.stdout.slice(0, 3000)}`).toEqual([]);
    expect(leaks(r.stderr, secrets), `stderr of ${where}`).toEqual([]);
    for (const w of run.writes ?? []) {
      const text = readFileSync(path.join(work, w), 'utf8');
      expect(text.length, w).toBeGreaterThan(0);
      expect(leaks(text, secrets), `${w} of ${where}`).toEqual([]);
    }
  });

  it('the templates do plant the secrets where the checks look (the test is not vacuous)', () => {
    const r = results.get('every format to files')!;
    const json = JSON.parse(readFileSync(path.join(work, 'out/report.json'), 'utf8')) as { findings: { ruleId: string; message: string; file: string }[] };
    const secretFindings = json.findings.filter((f) => f.ruleId === 'BR-LD-1/sensitive-env-vars');
    // Plaintext secrets are reported, by name, with the value redacted.
    for (const name of ['DB_PASSWORD', 'API_TOKEN', 'API_KEY', 'GLOBAL_SECRET', 'TOKEN']) {
      expect(secretFindings.some((f) => f.message.includes(` ${name} `) && f.message.includes('(value redacted)')), `${name}\n${secretFindings.map((f) => f.message).join('\n')}`).toBe(true);
    }
    // `${env:}` stays unresolved without --allow-env: named, never read.
    expect(json.findings.some((f) => f.message.includes('${env:PLANTED}') && /--allow-env/.test(f.message))).toBe(true);
    expect(r.code).toBe(1);
    expect(readdirSync(path.join(work, 'out')).sort()).toEqual([...FORMATS.map((f) => `report.${f}`), 'baseline.json'].sort());
  });

  it('inspect shows literals written in the template, never NoEcho values or the environment', () => {
    const r = results.get('inspect json')!;
    expect(r.stdout).toContain(LITERAL);
    expect(r.stdout).toContain('--allow-env');
    expect(leaks(r.stdout, OUTSIDE_TEMPLATE)).toEqual([]);
  });
});
