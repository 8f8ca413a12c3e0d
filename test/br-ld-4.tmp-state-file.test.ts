import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCode } from './support/code.js';

const ID = 'BR-LD-4/tmp-state-file';

testRule('BR-LD-4/tmp-state-file', {
  code: true,
  invalid: {
    'python-counter': [
      { resource: 'Fn', line: 13, column: 10, severity: 'warning', message: /^function Fn keeps state across invocations in "\/tmp\/state\.json": it reads the file when it exists \(open\(STATE\), fixtures\/br-ld-4\/tmp-state-file\/invalid\/python-counter\/app\.py:10\) and writes it back with open\(STATE, "w"\) \(.*app\.py:13\)/ },
      { resource: 'Fn', line: 23, column: 5, message: /in "\/tmp\/checkpoint": it reads the file when it exists \(open\("\/tmp\/checkpoint"\)/ },
    ],
    'javascript-counter': [{ resource: 'Fn', line: 11, column: 3, message: /in "\/tmp\/last-run\.json".*writes it back with fs\.writeFileSync\(FILE, JSON\.stringify\(last\)\)/ }],
    'typescript-cursor': [{ resource: 'Fn', line: 12, column: 9, message: /in "\/tmp\/cursor\.txt"/ }],
    'java-state': [{ resource: 'Fn', line: 17, column: 5, message: /in "\/tmp\/state\.txt".*Files\.readString\(STATE\)/ }],
  },
});

beforeAll(() => initTreeSitter());

it('takes a write in the branch where the file is missing as a cache, and a write after the read as state', () => {
  const cache = 'import os\ndef handler(event, context):\n    if os.path.exists("/tmp/x"):\n        data = open("/tmp/x").read()\n    else:\n        data = "fresh"\n        open("/tmp/x", "w").write(data)\n    return data\n';
  expect(lintCode({ 'app.py': cache }, {}, ID)).toEqual([]);
  const state = 'import os\ndef handler(event, context):\n    if os.path.exists("/tmp/x"):\n        data = open("/tmp/x").read()\n        open("/tmp/x", "w").write(data + "1")\n    return 1\n';
  expect(lintCode({ 'app.py': state }, {}, ID)).toEqual(['app.py:5:9 /tmp/x']);
});
