import { describe, expect, it } from 'vitest';
import { findingsOf, lintFile, lintText } from './support/lint.js';
import { CORPUS, lintCorpusFile } from './support/corpus-lint.js';
import { testRule } from './support/rule-tester.js';
import { piiPattern } from '../rules/br-ld-1/sensitive-env-vars.js';
import { nameTokens } from '../src/engine/names.js';

const ID = 'BR-LD-1/sensitive-env-vars';
const SECRET_MSG = /^function \w+ sets environment variable SERVICE_TOKEN to a plaintext literal \(value redacted\)\.$/;

testRule('BR-LD-1/sensitive-env-vars', {
  invalid: {
    'cfn-plaintext.yaml': [
      { resource: 'MemberSync', line: 19, column: 11, severity: 'warning', message: /^function MemberSync \(FunctionName "member-sync"\) has environment variable PATIENT_ID_FIELD whose name suggests PII\/PHI \(matches PATIENT\)\.$/ },
      { resource: 'MemberSync', line: 20, column: 11, message: /environment variable memberDob whose name suggests PII\/PHI \(matches DOB\)/ },
      { resource: 'MemberSync', line: 21, column: 24, message: /sets environment variable DB_PASSWORD to a plaintext literal \(value redacted\)/ },
      { resource: 'MemberSync', line: 22, column: 19, message: /sets environment variable apiKey to a plaintext literal \(value redacted\)/ },
      { resource: 'MemberSync', line: 23, column: 25, message: /environment variable SUPPORT_NOTE to a literal that contains a Social Security number \(value redacted\)/ },
      { resource: 'MemberSync', line: 24, column: 24, message: /environment variable TEST_MEMBER to a literal that contains a Medicare Beneficiary Identifier \(MBI\) \(value redacted\)/ },
    ],
    'cfn-conditional.json': [
      { resource: 'Publisher', line: 19, column: 52, message: /sets environment variable GITHUB_TOKEN to a plaintext literal when condition IsDev is true \(value redacted\)/ },
      { resource: 'Publisher', line: 20, column: 13, message: /environment variable HICN_LOOKUP_URL whose name suggests PII\/PHI \(matches HICN\)/ },
      { resource: 'Publisher', line: 21, column: 13, message: /environment variable BeneficiaryName whose name suggests PII\/PHI \(matches BENEFICIARY\)/ },
    ],
    // Whatever the variable is called: the value is a secret attribute.
    'cfn-secret-attribute.yaml': [
      { resource: 'Login', line: 30, column: 30, message: /^function Login copies secret UserPoolClient\.ClientSecret into environment variable APP_CLIENT_SECRET, where it is plaintext\.$/ },
      { resource: 'Login', line: 31, column: 26, message: /^function Login copies secret DeployKey\.SecretAccessKey into environment variable UPSTREAM_AUTH, where it is plaintext\.$/ },
    ],
    'sam-globals.yaml': [
      // the Globals value reaches Intake; Eligibility overrides it with a dynamic reference
      { resource: 'Intake', line: 11, column: 24, message: SECRET_MSG },
      { resource: 'Eligibility', line: 22, column: 11, message: /DATE_OF_BIRTH_FORMAT whose name suggests PII\/PHI \(matches DATE_OF_BIRTH\)/ },
    ],
  },
});

describe(ID, () => {
  it('never prints a planted secret or PII value in any finding of any check', () => {
    const planted = ['Sup3rS3cret!', 'k-7f3a9c2e41b8', '123-45-6789', '1EG4-TE5-MK73', 'ghp_devTokenValue0123456789', 'tok_live_4eC39HqLyjWDarjtT1zdp7dc'];
    const files = ['cfn-plaintext.yaml', 'cfn-conditional.json', 'sam-globals.yaml'].map((f) => `fixtures/br-ld-1/sensitive-env-vars/invalid/${f}`);
    let own = 0;
    for (const file of files) {
      const out = lintFile(file, { strict: true });
      own += findingsOf(out, ID).length;
      for (const f of out.findings) for (const p of planted) expect(f.message, `${f.ruleId} ${f.message}`).not.toContain(p);
    }
    expect(own).toBe(11);
  });

  it('puts the fix in help, in the vocabulary of the file', () => {
    const cfn = findingsOf(lintFile('fixtures/br-ld-1/sensitive-env-vars/invalid/cfn-plaintext.yaml'), ID);
    expect(cfn.find((f) => f.message.includes('DB_PASSWORD'))!.help).toMatch(/^Use a \{\{resolve:secretsmanager:\.\.\.\}\} dynamic reference or a NoEcho parameter, or pass the secret's ARN/);
    const sls = findingsOf(lintFile('fixtures/br-ld-1/sensitive-env-vars/invalid/sls-plaintext/serverless.yml'), ID);
    expect(sls.find((f) => f.message.includes('DB_PASSWORD'))!.help).toMatch(/^Pass the secret's ARN or SSM parameter name and read it at run time, or use \$\{ssm:\.\.\.\}/);
    for (const f of [...cfn, ...sls]) expect(f.message.length, f.message).toBeLessThanOrEqual(200);
  });

  it('judges a number, and a name with a counting, size, duration or policy token, as configuration', () => {
    const vars = ['PASSWORD_ITERATIONS: 4096', "API_TOKEN: 4096", "PASSWORD_ROUNDS: 'x'", "tokenRotationPolicy: 'x'", "SECRET_CACHE_SIZE: 'x'", "clientSecretMaxAge: 'x'", "API_SECRET: '4096'", "SESSION_TOKEN: 'abc'", "API_TOKEN_TEXT: '4096x'"];
    const out = lintText('t.yaml', withEnv(vars.map((v) => `          ${v}\n`).join('')));
    expect(findingsOf(out, ID).map((f) => f.message.match(/variable (\S+)/)?.[1])).toEqual(['SESSION_TOKEN', 'API_TOKEN_TEXT']);
  });

  it('tokenizes names on _ - . digits and camelCase, never by substring', () => {
    expect(nameTokens('dbPassword2')).toEqual(['DB', 'PASSWORD']);
    expect(nameTokens('APIKey')).toEqual(['API', 'KEY']);
    expect(nameTokens('patient.dob-v2')).toEqual(['PATIENT', 'DOB', 'V']);
    expect(nameTokens('CLASSNAME')).toEqual(['CLASSNAME']);
    expect(piiPattern('id 123-45-6789')).toMatch(/Social Security/);
    expect(piiPattern('1EG4TE5MK73')).toMatch(/MBI/);
    expect(piiPattern('0EG4TE5MK73')).toBeUndefined();
    expect(piiPattern('1234-45-6789')).toBeUndefined();
  });

  const withEnv = (vars: string, params = '') => `${params}Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Environment:
        Variables:
${vars}`;

  it('reports a secret from a parameter without default and without NoEcho as unverifiable', () => {
    const out = lintText('t.yaml', withEnv('          DB_PASSWORD: !Ref Pw\n          DB_PASS_NOECHO: !Ref Hidden\n', 'Parameters:\n  Pw:\n    Type: String\n  Hidden:\n    Type: String\n    NoEcho: true\n'));
    expect(findingsOf(out, ID)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      `14:24 ${ID}: whether environment variable DB_PASSWORD holds a plaintext secret cannot be verified: parameter Pw has no default.`,
    ]);
  });

  it('uses the configured name lists', () => {
    const vars = '          NPI_NUMBER: "1234567890"\n          SIGNING_SEED: abc\n          SECRET_LABEL: abc\n';
    expect(findingsOf(lintText('t.yaml', withEnv(vars)), ID).map((f) => f.message.match(/variable (\S+)/)?.[1])).toEqual(['SECRET_LABEL']);
    const out = lintText('t.yaml', withEnv(vars), {
      rules: { [ID]: { severity: 'error', options: { piiNames: ['NPI'], secretNames: ['SEED', 'SECRET'], configurationTokens: ['LABEL'] } } },
    });
    expect(findingsOf(out, ID).map((f) => `${f.severity} ${f.message.match(/variable (\S+) (\w+)/)?.slice(1).join(' ')}`)).toEqual(['error NPI_NUMBER whose', 'error SIGNING_SEED to']);
  });

  it('reports an Environment.Variables map that cannot be known as unverifiable', () => {
    const out = lintText('t.yaml', `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables: !ImportValue shared-env\n`);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message)).toEqual([
      `${ID}: Environment.Variables cannot be verified: Fn::ImportValue from another stack.`,
    ]);
  });
});

describe('the corpus', () => {
  it('aws-node-env-variables: PASSWORD_ITERATIONS is configuration, EMAIL_SERVICE_API_KEY a plaintext secret', (ctx) => {
    const out = lintCorpusFile('serverless__examples/aws-node-env-variables/serverless.yml');
    if (!out) ctx.skip(`the corpus is not present at ${CORPUS}`);
    expect(findingsOf(out!, ID).map((f) => [f.resource, f.line, f.message.match(/variable (\S+)/)?.[1]])).toEqual([
      ['createUser', 9, 'EMAIL_SERVICE_API_KEY'], ['resetPassword', 9, 'EMAIL_SERVICE_API_KEY'],
    ]);
  });

  it('apigw-lambda-cognito-sam-java: a user pool client secret copied into the environment', (ctx) => {
    const out = lintCorpusFile('aws-samples__serverless-patterns/apigw-lambda-cognito-sam-java/template.yaml');
    if (!out) ctx.skip(`the corpus is not present at ${CORPUS}`);
    expect(findingsOf(out!, ID).map((f) => [f.line, f.column, f.message.replace(/^function \w+ /, '')])).toEqual(
      out!.project!.functions.map(() => [12, 44, 'copies secret MyCognitoUserPoolClient.ClientSecret into environment variable MY_COGNITO_POOL_APP_CLIENT_SECRET, where it is plaintext.']),
    );
  });
});
