import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { lintCodeFindings } from './support/code.js';

beforeAll(() => initTreeSitter());

const ids = (fs: ReturnType<typeof lintCodeFindings>) => fs.map((f) => `${f.line}:${f.column}${f.suppression ? ` suppressed: ${f.suppression.reason}` : ''}`);

it('a `# ldlint-disable-next-line ID -- reason` comment in Python code suppresses the finding on the next line', () => {
  const py = [
    'import sqlite3',
    'def handler(event, context):',
    '    # ldlint-disable-next-line BR-LD-4/tmp-store -- cache rebuilt on cold start (expires 2099-01-01)',
    '    sqlite3.connect("/tmp/a.db")',
    '    sqlite3.connect("/tmp/b.db")',
    '',
  ].join('\n');
  expect(ids(lintCodeFindings({ 'app.py': py }, {}, 'BR-LD-4/tmp-store'))).toEqual(['4:5 suppressed: cache rebuilt on cold start', '5:5']);
});

it('`//` comments suppress in JavaScript, TypeScript and Java; a directive without reason is invalid and suppresses nothing', () => {
  const js = "const Database = require('better-sqlite3');\nexports.handler = async () => {\n  // ldlint-disable-next-line BR-LD-4/tmp-store -- read-only seed copied at start\n  new Database('/tmp/a.db');\n  // ldlint-disable-next-line BR-LD-4/tmp-store\n  new Database('/tmp/b.db');\n};\n";
  expect(ids(lintCodeFindings({ 'index.js': js }, {}, 'BR-LD-4/tmp-store'))).toEqual(['4:3 suppressed: read-only seed copied at start', '6:3']);
  const invalid = lintCodeFindings({ 'index.js': js }, {}, 'ldlint/suppression-invalid');
  expect(invalid.map((f) => [f.file, f.line, f.column])).toEqual([['index.js', 5, 3]]);
  const java = 'package com.acme;\nimport java.sql.DriverManager;\npublic class Handler {\n  public String handleRequest(Object input, Object context) throws Exception {\n    // ldlint-disable-next-line BR-LD-4/tmp-store -- test database\n    DriverManager.getConnection("jdbc:sqlite:/tmp/a.db");\n    return "";\n  }\n}\n';
  expect(ids(lintCodeFindings({ 'com/acme/Handler.java': java }, {}, 'BR-LD-4/tmp-store'))).toEqual(['6:5 suppressed: test database']);
});

it('a suppression in code that matches nothing is reported unused', () => {
  const py = 'def handler(event, context):\n    # ldlint-disable-next-line BR-LD-5/global-state -- none here\n    return 1\n';
  expect(lintCodeFindings({ 'app.py': py }, {}, 'ldlint/suppression-unused').map((f) => [f.file, f.line, f.column])).toEqual([['app.py', 2, 5]]);
});
