import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPaths, type LintOptions } from '../src/run.js';
import type { LambdaFunction } from '../src/model/types.js';
import type { Finding } from '../src/engine/types.js';
import { codeLoc } from '../src/parse/code.js';
import { toRange } from '../src/parse/index.js';
import { splitHandler } from '../src/model/code/handler.js';
import { runMain } from './support/cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIX = 'fixtures/code';

interface Linted {
  fns: Map<string, LambdaFunction>;
  findings: Finding[];
}

async function lint(target: string, options: Partial<LintOptions> = {}, cwd = ROOT): Promise<Linted> {
  const run = await lintPaths([target], { cwd, today: '2026-06-01', keepProjects: true, ...options });
  const fns = new Map<string, LambdaFunction>();
  for (const o of run.outcomes) for (const f of o.project?.functions ?? []) fns.set(f.name, f);
  return { fns, findings: run.result.findings };
}

const shown = (fn: LambdaFunction | undefined) => fn?.code?.files.map((f) => f.displayPath);
const notes = (l: Linted) => l.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && /is not checked/.test(f.message));
const noteOf = (l: Linted, name: string) => notes(l).filter((f) => f.resource === name);

describe('handler strings, as each runtime splits them', () => {
  it.each([
    ['python', 'app.lambda_handler', 'app', 'lambda_handler'],
    ['python', 'pkg/app.handler', 'pkg/app', 'handler'],
    ['python', 'pkg.sub.app.handler', 'pkg/sub/app', 'handler'],
    ['node', 'src/index.handler', 'src/index', 'handler'],
    ['node', 'src/index.handlers.main', 'src/index', 'handlers.main'],
    ['node', 'dist/v1.2/app.handler', 'dist/v1.2/app', 'handler'],
    ['java', 'com.acme.Handler::handleRequest', 'com/acme/Handler.java', 'handleRequest'],
    ['java', 'com.acme.Handler', 'com/acme/Handler.java', 'handleRequest'],
    ['java', 'com.acme.Outer$Inner::run', 'com/acme/Outer.java', 'run'],
  ] as const)('%s %s -> %s', (runtime, handler, module, handlerName) => {
    expect(splitHandler(runtime, handler)).toEqual({ module, handlerName });
  });

  it('refuses handlers without a function part', () => {
    expect(splitHandler('python', 'app')).toBeUndefined();
    expect(splitHandler('node', 'index.')).toBeUndefined();
    expect(splitHandler('java', 'com acme')).toBeUndefined();
  });
});

describe('finding the code: SAM Python', () => {
  let l: Linted;
  beforeAll(async () => {
    l = await lint(`${FIX}/sam-python/template.yaml`);
  });

  it('follows Globals.Function.CodeUri and local imports, never pip-installed packages', () => {
    const api = l.fns.get('Api')!;
    expect(api.code).toMatchObject({ language: 'python', handlerName: 'lambda_handler', root: path.join(ROOT, FIX, 'sam-python/src') });
    expect(shown(api)).toEqual([
      `${FIX}/sam-python/src/app.py`,
      `${FIX}/sam-python/src/helpers.py`,
      `${FIX}/sam-python/src/lib/__init__.py`,
      `${FIX}/sam-python/src/lib/db.py`,
      `${FIX}/sam-python/src/lib/util.py`,
    ]);
    expect(api.code!.files.every((f) => f.grammar === 'python')).toBe(true);
  });

  it('reads a dotted handler as a package path under the function own CodeUri', () => {
    expect(shown(l.fns.get('Worker'))).toEqual([`${FIX}/sam-python/workers/jobs/worker.py`]);
  });

  it('follows imports five deep, not six', () => {
    const files = shown(l.fns.get('Chain'))!;
    expect(files).toContain(`${FIX}/sam-python/src/chain/m5.py`);
    expect(files).not.toContain(`${FIX}/sam-python/src/chain/m6.py`);
  });

  it('gives one note per function whose code is not found, at the setting, never an error', () => {
    expect(notes(l).map((f) => [f.resource, f.severity, f.line, f.message])).toEqual([
      ['NoEntry', 'info', 26, 'The code of NoEntry is not checked: its handler missing.handler names missing.py, which is not in fixtures/code/sam-python/src'],
      ['NoDir', 'info', 30, 'The code of NoDir is not checked: its code path fixtures/code/sam-python/does-not-exist does not exist'],
      ['InS3', 'info', 35, 'The code of InS3 is not checked: its code is in S3, not in the project'],
    ]);
    for (const f of notes(l)) expect(f.help).toMatch(/^Point the function at its code .* or run with --no-code$/);
    expect(l.fns.get('NoEntry')!.code).toBeUndefined();
    expect(l.findings.filter((f) => f.severity === 'error' && f.ruleId.startsWith('ldlint/'))).toEqual([]);
  });

  it('leaves images and custom runtimes alone: no code, no note', () => {
    for (const name of ['Image', 'Custom']) {
      expect(l.fns.get(name)!.code).toBeUndefined();
      expect(l.fns.get(name)!.codeProblem).toBeUndefined();
      expect(noteOf(l, name)).toEqual([]);
    }
  });

  it('reads InlineCode as the entry, positioned at its lines in the template', () => {
    const code = l.fns.get('Inline')!.code!;
    expect(code.entry.text).toBe('import os\n\n\ndef handler(event, context):\n    return os.environ.get("TABLE")\n');
    expect(code.entry.displayPath).toBe(`${FIX}/sam-python/template.yaml`);
    expect(code.entry.origin).toMatchObject({ line: 52, column: 9 });
    // `os.environ` on code row 4, column 11 is template line 56, column 9 + 11.
    const loc = codeLoc(code.entry, { startIndex: 0, endIndex: 0, startPosition: { row: 4, column: 11 }, endPosition: { row: 4, column: 21 } });
    expect(toRange(loc)).toMatchObject({ file: `${FIX}/sam-python/template.yaml`, line: 56, column: 20 });
    expect(code.files).toHaveLength(1);
  });
});

describe('finding the code: SAM Node.js and Java', () => {
  it('takes the esbuild EntryPoints source and follows relative imports (./x.js is x.ts), not packages', async () => {
    const l = await lint(`${FIX}/sam-node/template.yaml`);
    const hello = l.fns.get('Hello')!;
    expect(hello.code).toMatchObject({ language: 'typescript', handlerName: 'lambdaHandler' });
    expect(shown(hello)).toEqual([`${FIX}/sam-node/hello/app.ts`, `${FIX}/sam-node/hello/lib/config.ts`, `${FIX}/sam-node/hello/lib/log.ts`]);
    expect(hello.code!.files.map((f) => f.grammar)).toEqual(['typescript', 'typescript', 'typescript']);
    const plain = l.fns.get('Plain')!;
    expect(plain.code).toMatchObject({ language: 'javascript', handlerName: 'handler' });
    expect(shown(plain)).toEqual([`${FIX}/sam-node/js/src/index.mjs`, `${FIX}/sam-node/js/src/shared/store.mjs`, `${FIX}/sam-node/js/src/shared/format.js`]);
    expect(l.fns.get('Nested')!.code).toMatchObject({ handlerName: 'handlers.main', entry: { displayPath: `${FIX}/sam-node/js/src/index.mjs` } });
    expect(notes(l)).toEqual([]);
  });

  it('finds **/com/acme/Handler.java under CodeUri and the classes it uses from its source tree', async () => {
    const l = await lint(`${FIX}/sam-java/template.yaml`);
    const src = `${FIX}/sam-java/HandlerFunction/src/main/java/com/acme`;
    expect(l.fns.get('Orders')!.code).toMatchObject({ language: 'java', handlerName: 'handleRequest' });
    expect(shown(l.fns.get('Orders'))).toEqual([`${src}/Handler.java`, `${src}/util/Db.java`, `${src}/Config.java`]);
    // The jar a Maven project builds is read as that project's sources; without a build file beside it, it is a note.
    expect(shown(l.fns.get('Built'))).toEqual(shown(l.fns.get('Orders')));
    expect(noteOf(l, 'Packaged').map((f) => f.message)).toEqual([
      'The code of Packaged is not checked: its code path fixtures/code/sam-java/target/orders.jar does not exist',
    ]);
  });
});

describe('finding the code: CloudFormation, Serverless, CDK', () => {
  it('reads Code.ZipFile as inline code; S3 code is a note', async () => {
    const l = await lint(`${FIX}/cfn-inline/template.yaml`);
    const cleaner = l.fns.get('Cleaner')!.code!;
    expect(cleaner).toMatchObject({ language: 'python', handlerName: 'handler', entry: { origin: { line: 12, column: 11 } } });
    expect(cleaner.entry.text).toMatch(/^import sqlite3\n/);
    const notifier = l.fns.get('Notifier')!.code!;
    expect(notifier).toMatchObject({ language: 'javascript', entry: { text: 'exports.handler = async (event) => event;', origin: { line: 23, column: 19 } } });
    expect(noteOf(l, 'Packaged').map((f) => f.line)).toEqual([30]);
  });

  it('resolves Serverless handlers in the service directory; artifacts, images and the framework functions are not code', async () => {
    const l = await lint(`${FIX}/serverless/serverless.yml`);
    expect(l.fns.get('create')!.code).toMatchObject({ language: 'javascript', handlerName: 'main' });
    expect(shown(l.fns.get('create'))).toEqual([`${FIX}/serverless/src/create.js`, `${FIX}/serverless/src/save.js`]);
    expect(shown(l.fns.get('report'))).toEqual([`${FIX}/serverless/handlers/report.py`]);
    for (const name of ['prebuilt', 'container']) expect([l.fns.get(name)!.code, l.fns.get(name)!.codeProblem]).toEqual([undefined, undefined]);
    // The framework's own function is left out of the model (settings.includeGeneratedFunctions).
    expect(l.fns.has('CustomDashresourceDashexistingDashs3LambdaFunction')).toBe(false);
    expect(notes(l).map((f) => [f.resource, f.message])).toEqual([
      ['lost', 'The code of lost is not checked: its handler src/lost.main names src/lost.{js,mjs,cjs,ts,mts}, which is not in fixtures/code/serverless'],
    ]);
  });

  it('reads a CDK asset directory of cdk.out; a missing asset is a note', async () => {
    const l = await lint(`${FIX}/cdk/cdk.out`);
    expect(l.fns.get('Checkout5D1C8F3A')!.code).toMatchObject({ language: 'javascript', entry: { displayPath: `${FIX}/cdk/cdk.out/asset.4f1c2a/index.js` } });
    expect(noteOf(l, 'Gone9A8B7C6D').map((f) => f.message)).toEqual([
      'The code of Gone9A8B7C6D is not checked: its code path fixtures/code/cdk/cdk.out/asset.0000 does not exist',
    ]);
  });
});

describe('finding the code: Terraform', () => {
  it('reads the source_dir / source_file of the data "archive_file" behind filename; a bare archive is a note', async () => {
    const l = await lint(`${FIX}/terraform`);
    expect(shown(l.fns.get('aws_lambda_function.orders'))).toEqual([`${FIX}/terraform/src/orders/app.py`, `${FIX}/terraform/src/orders/store.py`]);
    expect(shown(l.fns.get('aws_lambda_function.single'))).toEqual([`${FIX}/terraform/src/single/main.py`]);
    expect(noteOf(l, 'aws_lambda_function.prebuilt').map((f) => [f.line, f.column, f.message])).toEqual([
      [38, 19, 'The code of aws_lambda_function.prebuilt is not checked: its code is the archive dist/prebuilt.zip, which ldlint does not open (no data "archive_file" builds it)'],
    ]);
  });
});

describe('code reading off', () => {
  it('--no-code (LintOptions.code false) reads no code and gives no note', async () => {
    const l = await lint(`${FIX}/sam-python/template.yaml`, { code: false });
    expect([...l.fns.values()].filter((f) => f.code || f.codeProblem)).toEqual([]);
    expect(notes(l)).toEqual([]);
  });

  it('config code: false does the same', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-nocode-'));
    try {
      mkdirSync(path.join(dir, '.git'));
      writeFileSync(path.join(dir, 'template.yaml'), 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n');
      expect(notes(await lint('template.yaml', {}, dir)).map((f) => f.resource)).toEqual(['Fn']);
      writeFileSync(path.join(dir, 'ldlint.config.yaml'), 'code: false\n');
      const off = await lint('template.yaml', {}, dir);
      expect([notes(off), off.fns.get('Fn')!.codeProblem]).toEqual([[], undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI takes --no-code', async () => {
    const on = await runMain(['-f', 'json', `${FIX}/sam-python/template.yaml`], ROOT);
    const off = await runMain(['-f', 'json', '--no-code', `${FIX}/sam-python/template.yaml`], ROOT);
    const count = (out: string) => (JSON.parse(out) as { findings: Finding[] }).findings.filter((f) => /is not checked/.test(f.message)).length;
    expect([count(on.stdout), count(off.stdout)]).toEqual([3, 0]);
  });
});

describe('the project boundary', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ldlint-code-'));
    const w = (p: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    };
    mkdirSync(path.join(dir, 'repo/.git'), { recursive: true });
    w('outside/app.py', 'def handler(e, c):\n    pass\n');
    w('repo/src/app.py', 'import secret\nimport lodash_like\n\ndef handler(e, c):\n    pass\n');
    w('repo/js/index.js', "require('lodash');\nrequire('./node_modules/lodash/index.js');\nexports.handler = async () => 1;\n");
    w('repo/js/node_modules/lodash/index.js', 'module.exports = 1;\n');
    w('repo/java/src/main/java/a/H.java', 'package a;\npublic class H { public void handleRequest() {} }\n');
    // A link out of the project, and a directory link that loops.
    symlinkSync(path.join(dir, 'outside/app.py'), path.join(dir, 'repo/src/secret.py'));
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'repo/linked'));
    symlinkSync(path.join(dir, 'repo/java/src'), path.join(dir, 'repo/java/src/main/loop'));
    w('repo/template.yaml', [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    Runtime: python3.12',
      'Resources:',
      '  Up:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {CodeUri: ../outside, Handler: app.handler}',
      '  Linked:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {CodeUri: linked, Handler: app.handler}',
      '  Src:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {CodeUri: src, Handler: app.handler}',
      '  Js:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {CodeUri: js, Handler: index.handler, Runtime: nodejs20.x}',
      '  Java:',
      '    Type: AWS::Serverless::Function',
      '    Properties: {CodeUri: java, Handler: a.H, Runtime: java21}',
      '',
    ].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never reads outside the project root, through a path or a link, nor into node_modules; link loops end', async () => {
    const l = await lint('repo/template.yaml', {}, dir);
    expect(noteOf(l, 'Up').map((f) => f.message)).toEqual(['The code of Up is not checked: its code directory outside is outside the project']);
    expect(noteOf(l, 'Linked').map((f) => f.message)).toEqual(['The code of Linked is not checked: its code directory repo/linked leads outside the project']);
    expect(shown(l.fns.get('Src'))).toEqual(['repo/src/app.py']);
    expect(shown(l.fns.get('Js'))).toEqual(['repo/js/index.js']);
    expect(shown(l.fns.get('Java'))).toEqual(['repo/java/src/main/java/a/H.java']);
  });
});
