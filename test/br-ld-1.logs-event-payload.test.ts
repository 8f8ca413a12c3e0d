import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCodeFindings } from './support/code.js';

const ID = 'BR-LD-1/logs-event-payload';

testRule('BR-LD-1/logs-event-payload', {
  code: true,
  invalid: {
    'python-logging': [
      { resource: 'Fn', line: 10, column: 2, severity: 'error', message: /^function Fn has Powertools log every incoming event with logger\.inject_lambda_context\(log_event=True\), and it is a sensitive function$/, help: /^Turn Powertools event logging off \(`log_event` \/ `logEvent`\) and log only the fields you need, masked$/ },
      { resource: 'Fn', line: 12, column: 5, severity: 'error', message: /^function Fn logs the whole incoming event \(evt\) with print\(evt\), copying what callers send into the logs, and it is a sensitive function$/, help: /^Log only the fields you need \(an id, a type, a count\), with sensitive values masked$/ },
      { resource: 'Fn', line: 13, column: 5, severity: 'error', message: /with log\.info\("received %s", json\.dumps\(evt\)\)/ },
      { resource: 'Fn', line: 14, column: 5, severity: 'error', message: /with logger\.debug\(f"event: \{evt\}"\)/ },
    ],
    'javascript-console': [
      { resource: 'Fn', line: 2, column: 3, severity: 'warning', message: /logs the whole incoming event \(event\) with console\.log\(event\), copying what callers send into the logs$/ },
      { resource: 'Fn', line: 3, column: 3, message: /with console\.info\('Event: ' \+ JSON\.stringify\(event, null, 2\)\)/ },
      { resource: 'Fn', line: 4, column: 3, message: /with console\.log\(`event \$\{JSON\.stringify\(event\)\}`\)/ },
    ],
    'typescript-powertools': [
      { resource: 'Fn', line: 8, column: 3, message: /logs the whole incoming event \(event\) with logger\.info\('incoming', \{ event: JSON\.stringify\(event\) \}\)/ },
      { resource: 'Fn', line: 11, column: 49, message: /has Powertools log every incoming event with injectLambdaContext\(logger, \{ logEvent: true \}\)/ },
    ],
    'java-logger': [
      { resource: 'Fn', line: 8, column: 5, message: /logs the whole incoming event \(input\) with context\.getLogger\(\)\.log\(input\.toString\(\)\)/ },
      { resource: 'Fn', line: 9, column: 5, message: /with System\.out\.println\("event: " \+ input\)/ },
    ],
  },
});

beforeAll(() => initTreeSitter());

it('takes the first parameter as the event, whatever its name, and ignores a rebound name elsewhere', () => {
  const py = 'def other(event):\n    print(event)\n\ndef handler(payload, context):\n    print(payload)\n    print(context)\n';
  expect(lintCodeFindings({ 'app.py': py }, {}, ID).map((f) => [f.line, f.column])).toEqual([[5, 5]]);
});

it('reads the Java @Logging(logEvent = true) annotation', () => {
  const java = 'package com.acme;\nimport software.amazon.lambda.powertools.logging.Logging;\npublic class Handler {\n  @Logging(logEvent = true)\n  public String handleRequest(Object input, Object context) { return ""; }\n}\n';
  expect(lintCodeFindings({ 'com/acme/Handler.java': java }, {}, ID).map((f) => [f.line, f.column])).toEqual([[4, 3]]);
});
