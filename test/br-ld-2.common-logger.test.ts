import { beforeAll, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { testRule } from './support/rule-tester.js';
import { lintCode } from './support/code.js';
import type { LintOptions } from './support/lint.js';

const ID = 'BR-LD-2/common-logger';
const approvedLoggers = ['aws_lambda_powertools', '@aws-lambda-powertools/logger', 'software.amazon.lambda.powertools.logging', '@cms/logging'];
const options: LintOptions = { rules: { [ID]: { severity: 'info', options: { approvedLoggers } } } };

testRule('BR-LD-2/common-logger', {
  code: true,
  valid: { 'python-powertools': options, 'javascript-powertools': options, 'typescript-org-logger': options, 'java-powertools': options },
  invalid: {
    'python-print': { options, findings: [{ resource: 'Fn', line: 7, column: 1, severity: 'info', message: /^function Fn imports none of the approved loggers \(aws_lambda_powertools, @aws-lambda-powertools\/logger, software\.amazon\.lambda\.powertools\.logging, @cms\/logging\) in fixtures\/br-ld-2\/common-logger\/invalid\/python-print\/app\.py or the 1 local module it imports$/, help: /^Log through an approved logger: import aws_lambda_powertools in the handler, from the package or a layer$/ }] },
    'javascript-console': { options, findings: [{ resource: 'Fn', line: 5, column: 19 }] },
    'typescript-pino': { options, findings: [{ resource: 'Fn', line: 5, column: 8 }] },
    'java-slf4j': { options, findings: [{ resource: 'Fn', line: 10, column: 3 }] },
  },
});

beforeAll(() => initTreeSitter());

it('is off without approvedLoggers, and matches submodules but not prefixes of names', () => {
  const py = 'import aws_lambda_powertools_extra\ndef handler(event, context):\n    return 1\n';
  expect(lintCode({ 'app.py': py }, {}, ID)).toEqual([]);
  expect(lintCode({ 'app.py': py }, {}, ID, options.rules)).toEqual(['app.py:2:1']);
  expect(lintCode({ 'app.py': 'from aws_lambda_powertools.logging.logger import Logger\ndef handler(event, context):\n    return 1\n' }, {}, ID, options.rules)).toEqual([]);
});
