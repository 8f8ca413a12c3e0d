/**
 * Held-out style: small handlers written the way projects write them (none of them a fixture), one
 * per language and check family, each with what code.md says must and must not be reported.
 */
import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { lintCode } from './support/code.js';

beforeAll(() => initTreeSitter());

it('Python: a pathlib state file, a client cache by initialise-once, an event logged through %-formatting', () => {
  const py = [
    'import json, logging',
    'from pathlib import Path',
    'import boto3',
    'log = logging.getLogger()',
    'STATE = Path("/tmp") / "progress.json"',
    '_s3 = None',
    'def handler(evt, ctx):',
    '    global _s3',
    '    if not _s3:',
    '        _s3 = boto3.client("s3")',
    '    log.info("event %s" % evt)',
    '    done = 0',
    '    if STATE.exists():',
    '        done = json.loads(STATE.read_text())["done"]',
    '    STATE.write_text(json.dumps({"done": done + 1}))',
    '',
  ].join('\n');
  expect(lintCode({ 'app.py': py }, {}, 'BR-LD-4/tmp-state-file')).toEqual(['app.py:15:5 /tmp/progress.json']);
  expect(lintCode({ 'app.py': py }, {}, 'BR-LD-5/global-state')).toEqual([]);
  expect(lintCode({ 'app.py': py }, {}, 'BR-LD-1/logs-event-payload')).toEqual(['app.py:11:5 event %s']);
});

it('JavaScript (ESM): a module-level counter object and an SDK v3 invoke through a local module', () => {
  const js = "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';\nconst stats = { calls: 0 };\nconst lambda = new LambdaClient();\nexport const handler = async (req) => {\n  stats.calls++;\n  const cmd = new InvokeCommand({ FunctionName: process.env.WORKER, InvocationType: 'RequestResponse' });\n  return lambda.send(cmd);\n};\n";
  expect(lintCode({ 'index.mjs': js }, { WORKER: 'billing' }, 'BR-LD-5/global-state')).toEqual(['index.mjs:5:3']);
  expect(lintCode({ 'index.mjs': js }, { WORKER: 'billing' }, 'RP-LD-1/invoke-in-code')).toEqual(['index.mjs:6:15 billing']);
});

it('TypeScript: level under os.tmpdir(), console.error of a template string without the event', () => {
  const ts = "import { Level } from 'level';\nimport * as os from 'os';\nimport * as path from 'path';\nconst db = new Level<string, string>(path.join(os.tmpdir(), 'kv'));\nexport async function handler(event: { id: string }): Promise<void> {\n  console.error(`failed ${event.id}`);\n  await db.put(event.id, 'x');\n}\n";
  expect(lintCode({ 'index.ts': ts }, {}, 'BR-LD-4/tmp-store')).toEqual(['index.ts:4:12 /tmp/kv']);
  expect(lintCode({ 'index.ts': ts }, {}, 'BR-LD-1/logs-event-payload')).toEqual([]);
});

it('Java: a static map filled by a helper the handler calls, a JDBC URL from the Environment', () => {
  const java = [
    'package com.acme;',
    'import java.sql.DriverManager;',
    'import java.util.HashMap;',
    'import java.util.Map;',
    'public class Handler {',
    '  private static final Map<String, Integer> COUNTS = new HashMap<>();',
    '  private void count(String k) { COUNTS.merge(k, 1, Integer::sum); }',
    '  public String handleRequest(Map<String, String> event, Object context) throws Exception {',
    '    count(event.get("type"));',
    '    DriverManager.getConnection(System.getenv("DB_URL"));',
    '    return "ok";',
    '  }',
    '}',
    '',
  ].join('\n');
  expect(lintCode({ 'com/acme/Handler.java': java }, { DB_URL: 'jdbc:h2:/tmp/counts' }, 'BR-LD-5/global-state')).toEqual(['com/acme/Handler.java:7:34']);
  expect(lintCode({ 'com/acme/Handler.java': java }, { DB_URL: 'jdbc:h2:/tmp/counts' }, 'BR-LD-4/tmp-store')).toEqual(['com/acme/Handler.java:10:5 /tmp/counts']);
  expect(lintCode({ 'com/acme/Handler.java': java }, { DB_URL: 'jdbc:postgresql://db/claims' }, 'BR-LD-4/tmp-store')).toEqual([]);
});
