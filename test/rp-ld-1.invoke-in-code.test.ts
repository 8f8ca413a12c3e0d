import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCodeFindings } from './support/code.js';

const ID = 'RP-LD-1/invoke-in-code';
const sync = /synchronously, waiting and paying while it runs$/;

testRule('RP-LD-1/invoke-in-code', {
  code: true,
  invalid: {
    'python-boto3': [
      { resource: 'Fn', line: 10, column: 14, severity: 'warning', message: /^function Fn invokes function Worker of the project \(through NEXT_FN\) synchronously, waiting and paying while it runs$/, help: /^Orchestrate the steps with Step Functions, or hand off through a queue or an event \(SQS, SNS, EventBridge\)$/ },
      { resource: 'Fn', line: 11, column: 5, severity: 'warning', message: /^function Fn invokes function Worker of the project \("claims-worker"\) synchronously/ },
      { resource: 'Fn', line: 12, column: 5, severity: 'info', message: /^function Fn invokes "audit-external" \(through AUDIT_FN\) asynchronously \(InvocationType Event\), still a chain of functions$/, help: /^Publish an event \(SQS, SNS, EventBridge\) that triggers the next function, or orchestrate the steps with Step Functions$/ },
    ],
    'javascript-sdk': [
      { resource: 'Fn', line: 8, column: 33, severity: 'warning', message: /invokes function Worker of the project \(through NEXT_FN\) synchronously,/ },
      { resource: 'Fn', line: 9, column: 9, severity: 'info', message: /invokes function Worker of the project \("claims-worker"\) asynchronously/ },
    ],
    'typescript-sdk': [
      { resource: 'Fn', line: 7, column: 33, severity: 'warning', message: /invokes function Worker of the project \("claims-worker"\) synchronously,/ },
      { resource: 'Fn', line: 8, column: 21, severity: 'info', message: /invokes "audit-external" \(through AUDIT_FN\) asynchronously/ },
    ],
    'java-sdk': [
      { resource: 'Fn', line: 13, column: 5, severity: 'warning', message: /invokes function Worker of the project \(through NEXT_FN\) synchronously,/ },
      { resource: 'Fn', line: 14, column: 5, severity: 'info', message: /invokes "audit-external" asynchronously/ },
    ],
  },
});

beforeAll(() => initTreeSitter());

it('reports an invocation whose function name is not known without naming one', () => {
  const js = "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';\nconst c = new LambdaClient({});\nexport const handler = async (event) => c.send(new InvokeCommand({ FunctionName: event.target }));\n";
  const got = lintCodeFindings({ 'index.mjs': js }, {}, ID);
  expect(got.map((f) => [f.line, f.column, f.severity])).toEqual([[3, 48, 'warning']]);
  expect(got[0]!.message).toMatch(/^function Fn invokes a function synchronously, waiting/);
  expect(got[0]!.message).toMatch(sync);
});

it('follows an aliased import and a client from a session', () => {
  const py = 'import boto3 as b\nsession = b.session.Session()\nlam = session.client("lambda")\ndef handler(event, context):\n    lam.invoke(FunctionName="x")\n';
  expect(lintCodeFindings({ 'app.py': py }, {}, ID).map((f) => [f.line, f.column])).toEqual([[5, 5]]);
});

it('names the project function behind an environment variable read into a name first (Ref and GetAtt in the effective Environment)', () => {
  const extra = '  Worker:\n    Type: AWS::Serverless::Function\n    Properties:\n      InlineCode: "def h(e, c): pass"\n      Runtime: python3.12\n      Handler: index.h\nGlobals:\n  Function:\n    Environment:\n      Variables:\n        NEXT: !Ref Worker\n        ARN: !GetAtt Worker.Arn\n';
  const py = 'import os, boto3\nTARGET = os.environ["NEXT"]\nlam = boto3.client("lambda")\ndef handler(event, context):\n    lam.invoke(FunctionName=TARGET)\n    lam.invoke(FunctionName=os.getenv("ARN"))\n';
  const got = lintCodeFindings({ 'app.py': py }, {}, ID, undefined, extra).filter((f) => f.resource === 'Fn');
  expect(got.map((f) => f.message)).toEqual([
    'function Fn invokes function Worker of the project (through NEXT) synchronously, waiting and paying while it runs',
    'function Fn invokes function Worker of the project (through ARN) synchronously, waiting and paying while it runs',
  ]);
});
