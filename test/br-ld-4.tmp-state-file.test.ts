import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCode } from './support/code.js';

const ID = 'BR-LD-4/tmp-state-file';

testRule('BR-LD-4/tmp-state-file', {
  code: true,
  invalid: {
    'python-counter': [
      { resource: 'Fn', line: 13, column: 10, severity: 'warning', message: /^function Fn keeps state across invocations in "\/tmp\/state\.json", read when it exists \(fixtures\/br-ld-4\/tmp-state-file\/invalid\/python-counter\/app\.py:10\) and written back here$/, help: /^Keep the state in DynamoDB or S3; use \/tmp only for scratch files and caches that can be rebuilt$/ },
      { resource: 'Fn', line: 23, column: 5, message: /in "\/tmp\/checkpoint", read when it exists \(.*app\.py:2\d\)/ },
    ],
    'javascript-counter': [{ resource: 'Fn', line: 11, column: 3, message: /in "\/tmp\/last-run\.json", read when it exists \(.*index\.js:\d+\) and written back here$/ }],
    'typescript-cursor': [{ resource: 'Fn', line: 12, column: 9, message: /in "\/tmp\/cursor\.txt"/ }],
    'java-state': [{ resource: 'Fn', line: 17, column: 5, message: /in "\/tmp\/state\.txt", read when it exists \(.*\.java:\d+\)/ }],
  },
});

beforeAll(() => initTreeSitter());

it('takes a write in the branch where the file is missing as a cache, and a write after the read as state', () => {
  const cache = 'import os\ndef handler(event, context):\n    if os.path.exists("/tmp/x"):\n        data = open("/tmp/x").read()\n    else:\n        data = "fresh"\n        open("/tmp/x", "w").write(data)\n    return data\n';
  expect(lintCode({ 'app.py': cache }, {}, ID)).toEqual([]);
  const state = 'import os\ndef handler(event, context):\n    if os.path.exists("/tmp/x"):\n        data = open("/tmp/x").read()\n        open("/tmp/x", "w").write(data + "1")\n    return 1\n';
  expect(lintCode({ 'app.py': state }, {}, ID)).toEqual(['app.py:5:9 /tmp/x']);
});
