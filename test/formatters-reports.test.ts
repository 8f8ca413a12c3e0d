import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { stylish } from '../src/formatters/stylish.js';
import { codeframe } from '../src/formatters/codeframe.js';
import { json, jsonReportWriter } from '../src/formatters/json.js';
import { sarif, sarifReport } from '../src/formatters/sarif.js';
import { junit } from '../src/formatters/junit.js';
import { gitlab } from '../src/formatters/gitlab.js';
import { markdown } from '../src/formatters/markdown.js';
import { html, expiryState } from '../src/formatters/html.js';
import { overviewOf } from '../src/formatters/overview.js';
import { LazyArray, prettyJson, wrap } from '../src/formatters/common.js';
import { mask, maskedLines } from '../src/formatters/source.js';
import type { Finding } from '../src/engine/types.js';
import { CLEAN, TEMPLATE, emptyResult, makeCtx, makeResult, makeStats } from './fixtures-formatters/result.js';

type AjvClass = typeof ajvDraft04.default;
const Ajv: AjvClass = ((ajvDraft04 as unknown as { default?: AjvClass }).default ?? ajvDraft04) as AjvClass;
const TIMEOUT_HELP = 'Set `Timeout` to at most 300 s in Globals.Function or on OrdersFn.';

describe('help in every format', () => {
  const result = makeResult();

  it('json: findings carry help (version 2)', () => {
    const r = JSON.parse(json(result, makeCtx()));
    expect(r.version).toBe(2);
    const timeout = r.findings.find((f: { line: number }) => f.line === 30);
    expect(timeout.help).toBe(TIMEOUT_HELP);
    expect(r.findings.find((f: { line: number }) => f.line === 31)).not.toHaveProperty('help');
  });

  it('sarif: message.markdown and properties.help, still valid 2.1.0; rule help stays static', () => {
    const log = JSON.parse(sarif(result, makeCtx()));
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat('uri', () => true);
    ajv.addFormat('uri-reference', () => true);
    ajv.addFormat('date-time', () => true);
    const schemaFile = fs.existsSync('../shared/schemas/sarif-schema-2.1.0.json') ? '../shared/schemas/sarif-schema-2.1.0.json' : 'test/fixtures-formatters/sarif-schema-2.1.0.json';
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const timeout = log.runs[0].results.find((r: any) => r.locations[0].physicalLocation.region.startLine === 30);
    expect(timeout.message.text).toBe('Timeout is 900 s, above the limit: 300 s, 50% over\nsecond line');
    expect(timeout.message.markdown).toBe(`Timeout is 900 s, above the limit: 300 s, 50% over\nsecond line\n\n**How to fix:** ${TIMEOUT_HELP}`);
    expect(timeout.properties.help).toBe(TIMEOUT_HELP);
    const sensitive = log.runs[0].results.find((r: any) => r.ruleId === 'BR-LD-1/sensitive-data');
    expect(sensitive.message.markdown).toMatch(/^Function is tagged data-class=\\<PII\\> & "restricted" \\\| do not use Lambda\n\n/);
    const rule = log.runs[0].tool.driver.rules.find((r: any) => r.id === 'BR-LD-3/timeout');
    expect(rule.help.text).not.toContain(TIMEOUT_HELP);
  });

  it('junit: the failure text gives the help, and the XML is valid', () => {
    const xml = junit(result, makeCtx());
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`30:7 Timeout is 900 s, above the limit: 300 s, 50% over\nsecond line\n  help: ${TIMEOUT_HELP}`);
    expect(xml).toContain('help: Move the &lt;PII&gt; processing off Lambda');
  });

  it('gitlab: the description is the message and its help', () => {
    const issues = JSON.parse(gitlab(result, makeCtx()));
    expect(issues.find((i: any) => i.location.lines.begin === 30).description).toBe(`Timeout is 900 s, above the limit: 300 s, 50% over\nsecond line ${TIMEOUT_HELP}`);
  });

  it('markdown: the help under the message', () => {
    expect(markdown(result, makeCtx())).toContain('second line<br>*Fix:* Set \\`Timeout\\` to at most 300 s in Globals.Function or on OrdersFn.');
  });
});

describe('reports in pieces', () => {
  it('prettyJson equals JSON.stringify, lazy arrays included', () => {
    const value = { a: 1, b: [1, { c: 'x\ny' }], d: {}, e: [], f: undefined, g: { h: new LazyArray(() => [{ i: 1, j: [2, 3] }, 'k', null]) }, l: new LazyArray(() => []) };
    const plain = { a: 1, b: [1, { c: 'x\ny' }], d: {}, e: [], g: { h: [{ i: 1, j: [2, 3] }, 'k', null] }, l: [] };
    expect([...prettyJson(value)].join('')).toBe(JSON.stringify(plain, null, 2));
    expect([...prettyJson(new LazyArray(() => [1]))].join('')).toBe('[\n  1\n]');
  });

  it('json and sarif come in one piece per finding or more', () => {
    const result = makeResult();
    expect([...jsonReportWriter(result, makeCtx())].length).toBeGreaterThan(result.findings.length);
    expect([...sarifReport(result, makeCtx())].length).toBeGreaterThan(result.findings.length);
  });
});

describe('stylish', () => {
  const result = makeResult({ stats: makeStats() });

  it('puts the help on an indented line below the finding', () => {
    const lines = stylish(result, makeCtx()).split('\n');
    const i = lines.findIndex((l) => l.includes('30:7'));
    expect(lines[i]).toMatch(/^\s+30:7\s+warning\s+Timeout is 900 s, above the limit: 300 s, 50% over second line\s+BR-LD-3\/timeout$/);
    const messageColumn = lines[i]!.indexOf('Timeout');
    expect(lines[i + 1]).toBe(`${' '.repeat(messageColumn)}help: ${TIMEOUT_HELP}`);
  });

  it('dims the help line when colour is on', () => {
    const out = stylish(result, makeCtx({ color: true }));
    expect(out).toContain(`\x1b[2m${' '.repeat(17)}help: ${TIMEOUT_HELP}\x1b[22m`);
  });

  it('ends with counts, templates, functions and time', () => {
    expect(stylish(result, makeCtx()).trimEnd().split('\n').at(-1)).toBe('✖ 4 problems (2 errors, 1 warning, 1 info), 1 suppressed · 2 templates, 3 functions checked (420 ms)');
    expect(stylish({ ...emptyResult(), stats: makeStats() }, makeCtx())).toBe('✔ 2 templates, 3 functions checked: no problems (420 ms)\n');
    expect(stylish({ ...emptyResult(), stats: makeStats({ templates: 1, functions: 0, durationMs: 1500 }) }, makeCtx())).toBe('✔ 1 template, 0 functions checked: no problems (1.5 s)\n');
    expect(stylish({ ...emptyResult(), stats: makeStats({ templates: 0, functions: 0 }) }, makeCtx())).toBe('ℹ no templates checked (420 ms)\n');
  });

  it('does not wrap without a width (files, pipes)', () => {
    const long: Finding = { ...result.findings[0]!, message: `${'word '.repeat(60)}end`, help: `${'fix '.repeat(50)}done` };
    const out = stylish({ ...result, findings: [long] }, makeCtx());
    expect(out).toContain(`${'word '.repeat(60)}end  ${long.ruleId}`);
    expect(out).toContain(`help: ${'fix '.repeat(50)}done`);
  });

  it.each([100, 80, 60])('wraps to a terminal width of %i without breaking words', (width) => {
    const long: Finding = { ...result.findings[0]!, message: `Function OrdersFn sets Timeout ${'to a really long value '.repeat(8)}arn:aws:lambda:us-east-1:123456789012:function:orders-processing-function-with-a-long-name`, help: 'Lower Timeout to at most 300 s in Globals.Function, or split the work with Step Functions so that no single invocation runs long.' };
    const out = stylish({ ...result, findings: [long, ...result.findings] }, makeCtx({ width }));
    for (const l of out.split('\n')) expect(l.length, l).toBeLessThanOrEqual(width);
    const words = out.split(/\s+/);
    for (const w of ['Function', 'OrdersFn', 'really', 'invocation', 'BR-LD-1/sensitive-data', 'Globals.Function,']) expect(words).toContain(w);
  });
});

describe('codeframe', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldlint-codeframe-'));
  fs.mkdirSync(path.join(dir, 'stacks'));
  fs.writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 900\n      Environment:\n        Variables:\n          DB_PASSWORD: hunter2-secret\n          MODE: fast\n');
  const at = (over: Partial<Finding>): Finding => ({
    ruleId: 'BR-LD-3/timeout', businessRule: 'BR-LD-3', severity: 'error', message: 'Function Fn has Timeout 900 s, above 300 s.', help: 'Set Timeout to at most 300 s.',
    file: 'template.yaml', line: 5, column: 7, endLine: 5, endColumn: 19, resource: 'Fn', resourceType: 'AWS::Lambda::Function', flavour: 'cloudformation', fingerprint: 'x', ...over,
  });

  it('shows the source around the finding with a marker under its range, and the help', () => {
    const out = codeframe({ findings: [at({})], files: [], rules: [] }, makeCtx({ cwd: dir }));
    expect(out).toBe([
      'error: Function Fn has Timeout 900 s, above 300 s.  BR-LD-3/timeout',
      '  --> template.yaml:5:7',
      '  3 |     Type: AWS::Lambda::Function',
      '  4 |     Properties:',
      '> 5 |       Timeout: 900',
      '    |       ^^^^^^^^^^^^',
      '  6 |       Environment:',
      '  7 |         Variables:',
      '  help: Set Timeout to at most 300 s.',
      '',
      '✖ 1 problem (1 error, 0 warnings, 0 infos) · 0 files checked',
      '',
    ].join('\n'));
  });

  it('never shows a secret value', () => {
    const out = codeframe({ findings: [at({ ruleId: 'BR-LD-1/sensitive-env-vars', businessRule: 'BR-LD-1', line: 8, column: 11, endLine: 8, endColumn: 22 })], files: [], rules: [] }, makeCtx({ cwd: dir }));
    expect(out).not.toContain('hunter2');
    expect(out).toContain('DB_PASSWORD: ••••••••');
    // Every value of a function's environment is masked, secret-named or not.
    expect(out).toContain('MODE: ••••');
    expect(out).toContain('      Environment:\n');
    expect(mask('  "ApiToken": "abc123",')).toBe('  "ApiToken": ••••••••');
    expect(mask('  "Variables": {')).toBe('  "Variables": {');
    expect(mask('    Variables:')).toBe('    Variables:');
    expect(mask('      - AKIAEXAMPLE')).toBe('      - •••••••••••');
  });

  it('masks what is nested under a secret-named key or an environment, by indentation', () => {
    const lines = ['Parameters:', '  ApiToken:', '    Type: String', '    Default: AKIA123', '  Stage:', '    Default: prod', 'Resources:', '  Fn:', '    Properties:', '      Environment: {Variables: {A: b}}', '      Timeout: 3', '      environment:', '        NOTE: x', '      MemorySize: 128'];
    expect([...maskedLines(lines)]).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0]);
  });

  it('still reports a finding whose file cannot be read', () => {
    const out = codeframe({ findings: [at({ file: 'missing.yaml' })], files: [], rules: [] }, makeCtx({ cwd: dir }));
    expect(out).toContain('  --> missing.yaml:5:7\n  help: Set Timeout to at most 300 s.');
  });
});

describe('wrap', () => {
  it('breaks at spaces and splits only tokens wider than the line', () => {
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrap('see arn:aws:iam::1:role/x', 12)).toEqual(['see', 'arn:aws:iam:', ':1:role/x']);
    expect(wrap('short', 80)).toEqual(['short']);
  });
});

describe('overview', () => {
  it('counts functions failing, with warnings and passing per business rule', () => {
    const o = overviewOf(makeResult({ stats: makeStats() }));
    const br = (id: string) => o.rules.find((r) => r.businessRule === id)!;
    // OrdersFn: BR-LD-1 error; BR-LD-3 warning (and an info); ReportFn: BR-LD-3 suppressed only.
    expect(br('BR-LD-1').functions).toEqual({ failing: 1, warnings: 0, passing: 2 });
    expect(br('BR-LD-3').functions).toEqual({ failing: 0, warnings: 1, passing: 2 });
    expect(br('BR-LD-3').counts).toMatchObject({ warnings: 1, infos: 1, suppressed: 1 });
    const report = o.matrix.find((m) => m.fn.name === 'ReportFn')!;
    expect(report.standing['BR-LD-3']).toBe('suppressed');
    expect(o.matrix.find((m) => m.fn.name === 'CleanFn')!.standing['BR-LD-1']).toBe('pass');
  });

  it('leads the markdown report (and so the GitHub job summary)', () => {
    const md = markdown(makeResult({ stats: makeStats() }), makeCtx());
    const lines = md.split('\n');
    const head = lines.findIndex((l) => l.startsWith('| Business rule |'));
    expect(head).toBeLessThan(lines.findIndex((l) => l.startsWith('## ')));
    expect(lines[head]).toBe('| Business rule | Title | Functions failing | With warnings | Passing | Errors | Warnings | Infos |');
    expect(lines).toContain('| BR-LD-1 | Avoid using Lambda for CMS sensitive data | 1 | 0 | 2 | 1 | 0 | 0 |');
    expect(md).toContain('in 2 templates and 3 functions; 1 suppressed');
  });
});

describe('html', () => {
  const page = html(makeResult({ stats: makeStats() }), makeCtx({ run: { project: 'claims', commit: 'abc123', date: '2026-12-15T10:00:00.000Z' } }));

  it('is one self-contained page', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).not.toMatch(/<(script|img|link|iframe)\b[^>]*\b(src|href)=/i);
    expect(page).not.toMatch(/url\(/);
    expect(page).toContain("default-src 'none'");
  });

  it('names the project, commit, date, version and the config in force', () => {
    expect(page).toContain('<h1>ldlint report: claims</h1>');
    expect(page).toContain('<code>abc123</code>');
    expect(page).toContain('2026-12-15T10:00:00.000Z');
    expect(page).toContain('<th scope="row"><code>BR-LD-3/timeout</code></th><td>warning</td><td><code>{&quot;maxTimeoutSeconds&quot;:300}</code></td>');
  });

  it('has the totals, one findings row per finding, escaped', () => {
    expect(page).toContain('data-total="errors"><span class="n">2</span>');
    expect(page).toContain('data-total="suppressed"><span class="n">1</span>');
    expect(page.match(/<tr data-br=/g)).toHaveLength(5);
    expect(page).toContain('Function is tagged data-class=&lt;PII&gt; &amp; &quot;restricted&quot; | do not use Lambda');
    expect(page).not.toContain('<PII>');
  });

  it('lists every suppression and exception, expired and expiring ones marked', () => {
    const rows = page.slice(page.indexOf('id="risk-table"')).split('</table>')[0]!.match(/<tr[ >][^]*?<\/tr>/g)!.slice(1);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.includes('BR-LD-3/timeout'))).toMatch(/^<tr class="expiring"/);
    expect(rows.find((r) => r.includes('Legacy &lt;logging&gt; stack'))).toMatch(/^<tr class="expired"/);
    const ex = rows.find((r) => r.includes('ISSO exception'))!;
    expect(ex).toContain('J. Doe (ISSO)');
    expect(ex).toContain('2027-09-30');
    expect(ex).toContain(`${CLEAN}:8:9`);
  });

  it('tells expiry from the report date', () => {
    expect(expiryState('2026-12-14', '2026-12-15')).toBe('expired');
    expect(expiryState('2027-01-14', '2026-12-15')).toBe('expiring');
    expect(expiryState('2027-01-15', '2026-12-15')).toBe('');
    expect(expiryState(undefined, '2026-12-15')).toBe('');
  });

  it('shows new versus baseline when a baseline was given', () => {
    expect(page).not.toContain('id="baseline"');
    const withBaseline = html(makeResult({ stats: makeStats({ baseline: { file: '.ldlint-baseline.json', matched: 7 } }), staleBaseline: ['x'] }), makeCtx());
    expect(withBaseline).toContain('<dd data-baseline="new">4</dd>');
    expect(withBaseline).toContain('<dd data-baseline="matched">7</dd>');
    expect(withBaseline).toContain('<dd data-baseline="stale">1</dd>');
  });

  it('lists what could not be verified', () => {
    const gap: Finding = { ...makeResult().findings[0]!, ruleId: 'ldlint/unverifiable', businessRule: 'ldlint', severity: 'info', message: 'BR-LD-3/timeout: Timeout cannot be verified: parameter T has no value.', path: 'BR-LD-3/timeout:Timeout' };
    const out = html({ ...makeResult(), findings: [gap] }, makeCtx());
    expect(out).toContain('<td><code>BR-LD-3/timeout</code></td><td><code>OrdersFn</code></td>');
    expect(html(makeResult(), makeCtx())).toContain('Nothing: every check could decide');
  });

  it('points at the source of each finding', () => {
    expect(page).toContain(`${TEMPLATE}:30:7`);
  });
});
