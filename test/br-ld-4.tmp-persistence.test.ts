import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';
import { nameTokens } from '../src/engine/names.js';

const ID = 'BR-LD-4/tmp-persistence';
const byName = /^function \S+(?: \(FunctionName "[^"]+"\))? sets (\S+), a persistent data location by its name, to "([^"]+)"/;

testRule('BR-LD-4/tmp-persistence', {
  invalid: {
    'cfn-env.yaml': [
      { resource: 'ClaimsLoader', line: 14, column: 20, severity: 'warning', message: /^function ClaimsLoader \(FunctionName "claims-loader"\) sets DB_PATH, a persistent data location by its name, to "\/tmp\/claims\.db", under the volatile \/tmp$/, help: /^Point the variable in `Environment\.Variables` at a persistent store \(S3, DynamoDB, RDS, or an EFS mount\), or name the variable as scratch space/ },
      { resource: 'ClaimsLoader', line: 15, column: 21, message: /sets DATA_DIR, a persistent data location by its name, to "\/tmp", under the volatile \/tmp/ },
      { resource: 'ClaimsLoader', line: 16, column: 23, message: /sets STATE_FILE, a persistent data location by its name, to "\/tmp\/\$\{AWS::StackName\}-state\.json"/ },
      { resource: 'ClaimsLoader', line: 17, column: 29, message: /sets SQLITE3_DATABASE, a persistent data location by its name, to "\/tmp\/app\.sqlite"/ },
      { resource: 'Uploader', line: 28, column: 22, message: /^function Uploader sets uploadDir, a persistent data location by its name, to "\/tmp\/uploads"/ },
      { resource: 'Uploader', line: 29, column: 25, message: /^function Uploader sets DATABASE_URL to "sqlite:\/\/\/tmp\/app\.db", a location under the volatile \/tmp$/ },
      { resource: 'Uploader', line: 30, column: 29, message: /^function Uploader sets ARCHIVE_LOCATION to "file:\/\/\/tmp\/archive", a location under the volatile \/tmp$/ },
    ],
    'cfn-env.json': [
      { resource: 'Ledger', line: 13, column: 29, message: /sets STORAGE_PATH, a persistent data location by its name, to "\/tmp\/ledger"/ },
      { resource: 'Ledger', line: 14, column: 25, message: /sets JDBC_URL to "jdbc:sqlite:\/tmp\/ledger\.db", a location under the volatile \/tmp$/ },
    ],
    'sam-globals.yaml': [
      { resource: 'Api', line: 13, column: 22, message: /^function Api sets SQLITE_FILE, a persistent data location by its name, to "\/tmp\/app\.db", under/ },
      { resource: 'Sync', line: 28, column: 51, message: /^function Sync sets STATE_DIR, a persistent data location by its name, to "\/tmp\/state" when condition IsProd is false, under/ },
    ],
  },
});

const env = (vars: string, params = '') => `${params}Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n${vars}`;
const unverifiable = (out: ReturnType<typeof lintText>) => out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => [f.line, f.column, f.message]);

it('splits names into tokens on separators, digits and camelCase', () => {
  expect(nameTokens('sqlite3DbPath')).toEqual(['SQLITE', 'DB', 'PATH']);
  expect(nameTokens('DBPath')).toEqual(['DB', 'PATH']);
  expect(nameTokens('my-data.dir')).toEqual(['MY', 'DATA', 'DIR']);
  expect(nameTokens('METADATA_DIR')).toEqual(['METADATA', 'DIR']);
});

it('reports the path Environment.Variables.<NAME> and a distinct fingerprint per variable', () => {
  const out = lintText('t.yaml', env('          DB_PATH: /tmp/a.db\n          DATA_DIR: /tmp/data\n'));
  const got = findingsOf(out, ID);
  expect(got.map((f) => [f.resource, f.line, f.column, f.path])).toEqual([
    ['F', 7, 20, 'Environment.Variables.DB_PATH'],
    ['F', 8, 21, 'Environment.Variables.DATA_DIR'],
  ]);
  expect(new Set(got.map((f) => f.fingerprint)).size).toBe(2);
});

it('reports an unverifiable value only for names of persistent file locations', () => {
  const params = 'Parameters:\n  Dir:\n    Type: String\n';
  const out = lintText('t.yaml', env([
    '          DATA_DIR: !Ref Dir',
    '          DB_PASSWORD: "{{resolve:secretsmanager:db:SecretString:password}}"',
    '          DATABASE_URL: !ImportValue shared-db-url',
    '          OUTPUT_PATH: !Ref Dir',
    '          STATE_FILE: !Sub "${Dir}/state.json"',
    '',
  ].join('\n'), params));
  expect(findingsOf(out, ID)).toEqual([]);
  expect(unverifiable(out)).toEqual([
    [10, 21, `${ID}: Environment.Variables.DATA_DIR cannot be verified: parameter Dir has no default.`],
    [14, 23, `${ID}: Environment.Variables.STATE_FILE cannot be verified: parameter Dir has no default.`],
  ]);
  // With a value for the parameter, the check decides.
  const known = lintText('t.yaml', env('          DATA_DIR: !Ref Dir\n          STATE_FILE: !Sub "${Dir}/state.json"\n', params), { parameters: { Dir: '/tmp/app' } });
  expect(findingsOf(known, ID).map((f) => f.message.match(byName)?.slice(1))).toEqual([['DATA_DIR', '/tmp/app'], ['STATE_FILE', '/tmp/app/state.json']]);
});

it('reports unknown Environment.Variables as unverifiable', () => {
  const out = lintText('t.yaml', `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables: !ImportValue shared-env\n`);
  expect(unverifiable(out)).toEqual([[6, 20, `${ID}: \`Environment.Variables\` cannot be verified: Fn::ImportValue from another stack.`]]);
});

it('uses the configured persistentPathNames (whole tokens or token sequences)', () => {
  const text = env('          DB_PATH: /tmp/a.db\n          LEDGER_DIR: /tmp/ledger\n          WORK_AREA: /tmp/w\n');
  const rules = { [ID]: { severity: 'warning' as const, options: { persistentPathNames: ['LEDGER', 'WORK_AREA'] } } };
  expect(findingsOf(lintText('t.yaml', text, { rules }), ID).map((f) => f.path)).toEqual(['Environment.Variables.LEDGER_DIR', 'Environment.Variables.WORK_AREA']);
});

it('treats names with a scratch token as scratch space, but any name with a /tmp URL as persistent', () => {
  const out = lintText('t.yaml', env('          TMP_DB_PATH: /tmp/a.db\n          CACHE_DB: sqlite:///tmp/cache.db\n          DATA_DIR: /tmpdata\n          DATA_DIR2: /var/tmp/x\n'));
  expect(findingsOf(out, ID).map((f) => [f.path, f.line])).toEqual([['Environment.Variables.CACHE_DB', 8]]);
});
