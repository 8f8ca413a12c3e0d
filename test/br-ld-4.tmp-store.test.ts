import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCode } from './support/code.js';

const ID = 'BR-LD-4/tmp-store';

testRule('BR-LD-4/tmp-store', {
  code: true,
  invalid: {
    'python-stores': [
      { resource: 'Fn', line: 11, column: 12, severity: 'warning', message: /^function Fn opens a SQLite database at "\/tmp\/claims\.db" under \/tmp, which is lost when the environment is recycled$/, help: /^Keep the data in a managed store \(DynamoDB, RDS, S3\) or on EFS, not in a file under \/tmp$/ },
      { resource: 'Fn', line: 12, column: 10, message: /opens a shelve file at "\/tmp\/\.\.\." under \/tmp/ },
      { resource: 'Fn', line: 14, column: 10, message: /opens a TinyDB database at "\/tmp\/cache\.db" under \/tmp/ },
    ],
    'javascript-stores': [
      { resource: 'Fn', line: 8, column: 14, message: /opens a SQLite database \(better-sqlite3\) at "\/tmp\/orders\.db"/ },
      { resource: 'Fn', line: 9, column: 18, message: /opens a SQLite database \(sqlite3\) at "\/tmp\/\.\.\."/ },
      { resource: 'Fn', line: 10, column: 14, message: /opens a LevelDB database \(level\) at "\/tmp\/cache\.db"/ },
    ],
    'typescript-stores': [
      { resource: 'Fn', line: 9, column: 14, message: /opens a lowdb database at "\/tmp\/sessions\.json"/ },
      { resource: 'Fn', line: 10, column: 15, message: /opens a SQLite database \(node:sqlite\) at "\/tmp\/sessions\.sqlite"/ },
    ],
    'java-jdbc': [
      { resource: 'Fn', line: 11, column: 25, message: /opens a SQLite database \(JDBC\) at "\/tmp\/ledger\.db"/ },
      { resource: 'Fn', line: 12, column: 21, message: /opens a H2 database \(JDBC\) at "\/tmp\/ledger"/ },
      { resource: 'Fn', line: 13, column: 24, message: /opens a Derby database \(JDBC\) at "\/tmp\/derby;create=true"/ },
    ],
  },
});

beforeAll(() => initTreeSitter());

it('resolves the path through the effective Environment, and stays silent when it is unknown', () => {
  const py = 'import os, sqlite3\ndef handler(event, context):\n    sqlite3.connect(os.environ["DB"])\n    sqlite3.connect(os.getenv("MISSING", "/tmp/default.db"))\n    sqlite3.connect(event["path"])\n';
  expect(lintCode({ 'app.py': py }, { DB: '/tmp/a.db' }, ID)).toEqual(['app.py:3:5 /tmp/a.db', 'app.py:4:5 /tmp/default.db']);
  expect(lintCode({ 'app.py': py }, { DB: '/mnt/efs/a.db' }, ID)).toEqual(['app.py:4:5 /tmp/default.db']);
});

it('takes extra store calls from the options', () => {
  const py = 'from sqlitedict import SqliteDict\ndef handler(event, context):\n    SqliteDict("/tmp/kv.sqlite")\n';
  expect(lintCode({ 'app.py': py }, {}, ID)).toEqual([]);
  expect(lintCode({ 'app.py': py }, {}, ID, { [ID]: { severity: 'warning', options: { extraStores: ['sqlitedict.SqliteDict'] } } })).toEqual(['app.py:3:5 /tmp/kv.sqlite']);
});
