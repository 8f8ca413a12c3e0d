import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCode } from './support/code.js';

const ID = 'BR-LD-5/global-state';

testRule('BR-LD-5/global-state', {
  code: true,
  invalid: {
    'python-globals': [
      { resource: 'Fn', line: 10, column: 5, severity: 'warning', message: /^function Fn changes module-level seen_ids in place \(append\) while handling an event, state that outlives the invocation and differs between instances$/, help: /^Keep per-request data in local variables and shared state in a managed store \(DynamoDB, ElastiCache\); creating a client once \(`if seen_ids is None`\) is fine$/ },
      { resource: 'Fn', line: 11, column: 5, message: /changes module-level totals in place while handling an event, state that outlives/ },
      { resource: 'Fn', line: 16, column: 5, message: /assigns global invocations while handling an event,/ },
    ],
    'javascript-module-state': [
      { resource: 'Fn', line: 7, column: 3, message: /updates module-level count while handling an event,/ },
      { resource: 'Fn', line: 8, column: 3, message: /changes module-level cache in place \(set\)/ },
      { resource: 'Fn', line: 9, column: 3, message: /changes module-level seen in place \(push\)/ },
      { resource: 'Fn', line: 10, column: 3, message: /assigns module-level lastUser/ },
    ],
    'typescript-module-state': [
      { resource: 'Fn', line: 5, column: 3, message: /changes module-level sessions in place/ },
      { resource: 'Fn', line: 10, column: 3, message: /assigns module-level total/ },
    ],
    'java-static': [
      { resource: 'Fn', line: 13, column: 5, message: /updates module-level invocations/ },
      { resource: 'Fn', line: 14, column: 5, message: /changes module-level SEEN in place \(add\)/ },
      { resource: 'Fn', line: 15, column: 5, message: /assigns module-level lastUser/ },
    ],
  },
});

beforeAll(() => initTreeSitter());

it('looks only at the handler and the functions of its module it calls', () => {
  const py = 'items = []\ndef unused():\n    items.append(1)\ndef helper():\n    items.append(2)\ndef handler(event, context):\n    helper()\n';
  expect(lintCode({ 'app.py': py }, {}, ID)).toEqual(['app.py:5:5']);
});

it('needs `global` to rebind a Python module name, and takes a guarded assignment as initialise-once', () => {
  const py = 'conn = None\ncount = 0\ndef handler(event, context):\n    global conn, count\n    if not conn:\n        conn = object()\n    else:\n        conn = None\n    count = 0\n';
  expect(lintCode({ 'app.py': py }, {}, ID)).toEqual(['app.py:8:9', 'app.py:9:5']);
  expect(lintCode({ 'app.py': 'count = 0\ndef handler(event, context):\n    count = 1\n    return count\n' }, {}, ID)).toEqual([]);
});
