import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, loadFormatter } from '../src/formatters/index.js';
import { stylish } from '../src/formatters/stylish.js';
import { json } from '../src/formatters/json.js';
import { sarif, ruleName } from '../src/formatters/sarif.js';
import { junit } from '../src/formatters/junit.js';
import { github, escapeData, escapeProperty } from '../src/formatters/github.js';
import { gitlab } from '../src/formatters/gitlab.js';
import { markdown } from '../src/formatters/markdown.js';
import { BROKEN, CLEAN, REPO_ROOT, RULES, TEMPLATE, emptyResult, makeCtx, makeResult } from './fixtures-formatters/result.js';

// ajv-draft-04 is CommonJS: depending on the loader the default import is the class or its module.
type AjvClass = typeof ajvDraft04.default;
const Ajv: AjvClass = ((ajvDraft04 as unknown as { default?: AjvClass }).default ?? ajvDraft04) as AjvClass;

const ANSI = /\x1b\[[0-9;]*m/;

function loadSarifSchema(): Record<string, unknown> {
  const shared = path.resolve(process.cwd(), '../shared/schemas/sarif-schema-2.1.0.json');
  const local = path.resolve(process.cwd(), 'test/fixtures-formatters/sarif-schema-2.1.0.json');
  const file = fs.existsSync(shared) ? shared : local;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv ships no formats; the ones the SARIF schema uses, checked strictly enough for our output.
  ajv.addFormat('uri', (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(loadSarifSchema());
}

describe('loadFormatter', () => {
  it('loads every format by name', async () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'codeframe', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown', 'html']);
    for (const name of FORMAT_NAMES) {
      const f = await loadFormatter(name);
      expect(typeof f).toBe('function');
      expect(typeof f(emptyResult(), makeCtx())).toBe('string');
    }
  });

  it('rejects an unknown name listing the valid ones', async () => {
    await expect(loadFormatter('checkstyle')).rejects.toThrow(/checkstyle.*stylish, codeframe, json, sarif, junit, github, gitlab, markdown, html/);
  });
});

describe('stylish', () => {
  const out = stylish(makeResult(), makeCtx());
  const lines = out.split('\n');

  it('says what it checked when there are no findings', () => {
    expect(stylish(emptyResult(), makeCtx())).toBe('✔ 1 file checked: no problems\n');
  });

  it('groups by file with positions, severities, messages and rule ids', () => {
    expect(out).not.toMatch(ANSI);
    expect(lines).toContain(TEMPLATE);
    expect(lines).toContain(BROKEN);
    const first = lines.find((l) => l.includes('12:5'))!;
    expect(first).toMatch(/^\s+12:5\s+error\s+Function is tagged .*\s+BR-LD-1\/sensitive-data$/);
    // Sorted by line inside the file, file header before its findings.
    expect(out.indexOf(TEMPLATE)).toBeLessThan(out.indexOf('12:5'));
    expect(out.indexOf('12:5')).toBeLessThan(out.indexOf('30:7'));
    // Messages stay on one line.
    expect(out).toContain('50% over second line');
  });

  it('aligns the columns', () => {
    const rows = lines.filter((l) => /^\s+\d+:\d+ /.test(l));
    expect(rows).toHaveLength(5);
    const sevCols = new Set(rows.map((l) => l.search(/(error|warning|info)/)));
    expect(sevCols.size).toBe(1);
    const ruleCols = new Set(rows.map((l) => l.search(/(BR-LD-\d|ldlint)\//)));
    expect(ruleCols.size).toBe(1);
  });

  it('marks suppressed findings and prints the summary', () => {
    expect(out).toMatch(/50:3\s+warning\s+Timeout is not set \(suppressed: Batch job \| approved by CISO\)/);
    expect(out).toContain('✖ 4 problems (2 errors, 1 warning, 1 info), 1 suppressed');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('uses colour only when asked', () => {
    const coloured = stylish(makeResult(), makeCtx({ color: true }));
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(out);
  });
});

describe('json', () => {
  const report = JSON.parse(json(makeResult(), makeCtx()));

  it('has the documented shape', () => {
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'summary']);
    expect(report.version).toBe(2);
    expect(report.tool).toEqual({ name: 'ldlint', version: '0.1.0' });
    expect(report.summary).toEqual({ errors: 2, warnings: 1, infos: 1, files: 3, suppressed: 1 });
    expect(report.findings).toHaveLength(5);
  });

  it('writes findings with exactly the public keys', () => {
    const base = ['ruleId', 'businessRule', 'severity', 'message', 'help', 'file', 'line', 'column', 'endLine', 'endColumn', 'resource', 'resourceType', 'flavour', 'fingerprint'];
    for (const f of report.findings) {
      const extra = Object.keys(f).filter((k) => !base.includes(k));
      // `help` is there when the check gives one, after the message.
      expect(Object.keys(f).slice(0, base.length - ('help' in f ? 0 : 1))).toEqual(base.filter((k) => k !== 'help' || 'help' in f));
      expect(extra.every((k) => k === 'constructPath' || k === 'suppression')).toBe(true);
      expect(f).not.toHaveProperty('path');
    }
    const sensitive = report.findings.find((f: { ruleId: string }) => f.ruleId === 'BR-LD-1/sensitive-data');
    expect(sensitive.constructPath).toBe('ApiStack/Orders/Fn');
    const suppressed = report.findings.filter((f: { suppression?: unknown }) => f.suppression);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppression).toMatchObject({ kind: 'inline', reason: 'Batch job | approved by CISO', expires: '2026-12-31' });
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'ldlint/parse-error').resource).toBeNull();
  });

  it('is pretty-printed with two spaces', () => {
    expect(json(emptyResult(), makeCtx())).toMatch(/^\{\n {2}"version": 2,/);
  });

  it('reports stale baseline entries only when there are some', () => {
    const r = JSON.parse(json(makeResult({ staleBaseline: ['abc'] }), makeCtx()));
    expect(r.staleBaseline).toEqual(['abc']);
  });
});

describe('sarif', () => {
  const validate = sarifValidator();
  const log = JSON.parse(sarif(makeResult(), makeCtx()));
  const run = log.runs[0];
  const rules = run.tool.driver.rules as { id: string; [k: string]: any }[];

  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const empty = JSON.parse(sarif(emptyResult(), makeCtx()));
    expect(validate(empty)).toBe(true);
    expect(empty.runs[0].results).toEqual([]);
  });

  it('has a validator that rejects invalid logs', () => {
    const bad = JSON.parse(sarif(makeResult(), makeCtx()));
    bad.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(bad)).toBe(false);
    const noVersion = JSON.parse(sarif(makeResult(), makeCtx()));
    delete noVersion.version;
    expect(validate(noVersion)).toBe(false);
  });

  it('describes every rule that ran and every engine id found', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'ldlint', version: '0.1.0' });
    expect(rules.map((r) => r.id)).toEqual([...RULES.map((r) => r.id), 'ldlint/parse-error']);
    const timeout = rules.find((r) => r.id === 'BR-LD-3/timeout')!;
    expect(timeout.name).toBe('BrLd3Timeout');
    expect(timeout.shortDescription.text).toBe('Functions must set an explicit timeout.');
    expect(timeout.fullDescription.text).toBe('Unbounded run time drives cost.');
    expect(timeout.help.text).toContain('Unbounded run time drives cost.');
    expect(timeout.help.markdown).toContain('Set `timeout` under provider.');
    expect(timeout.helpUri).toBe('https://example.org/ldlint/docs/rules/br-ld-3/timeout.md');
    expect(timeout.defaultConfiguration.level).toBe('warning');
    expect(timeout.properties).toEqual({ tags: ['BR-LD-3', 'governance'], precision: 'high' });
    const sensitive = rules.find((r) => r.id === 'BR-LD-1/sensitive-data')!;
    expect(sensitive.properties).toEqual({ tags: ['BR-LD-1', 'governance', 'security'], precision: 'high', 'security-severity': '8.0' });
    expect(rules.find((r) => r.id === 'BR-LD-2/logging')!.properties['security-severity']).toBe('6.0');
    const parse = rules.find((r) => r.id === 'ldlint/parse-error')!;
    expect(parse.name).toBe('LdlintParseError');
    expect(parse.defaultConfiguration.level).toBe('error');
  });

  it('points ruleIndex at the right rule and maps levels', () => {
    expect(run.results).toHaveLength(5);
    for (const r of run.results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.results.map((r: { level: string }) => r.level).sort()).toEqual(['error', 'error', 'note', 'warning', 'warning']);
  });

  it('uses repository-relative URIs under %SRCROOT%', () => {
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${REPO_ROOT}/`);
    const first = run.results[0];
    const loc = first.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe(`packages/app/${TEMPLATE}`);
    expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(run.artifacts[loc.artifactLocation.index].location.uri).toBe(`packages/app/${TEMPLATE}`);
    expect(loc.region).toEqual({ startLine: 12, startColumn: 5, endLine: 14, endColumn: 3 });
    expect(run.artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual(
      [TEMPLATE, BROKEN, CLEAN].map((f) => `packages/app/${f}`),
    );
  });

  it('adds logical locations, fingerprints and suppressions', () => {
    const sensitive = run.results.find((r: { ruleId: string }) => r.ruleId === 'BR-LD-1/sensitive-data');
    expect(sensitive.locations[0].logicalLocations).toEqual([
      { name: 'OrdersFn', fullyQualifiedName: 'ApiStack/Orders/Fn', kind: 'resource' },
    ]);
    expect(sensitive.partialFingerprints).toEqual({ 'ldlintFingerprint/v1': 'fp-sensitive-orders' });
    expect(sensitive.suppressions).toBeUndefined();
    const parse = run.results.find((r: { ruleId: string }) => r.ruleId === 'ldlint/parse-error');
    expect(parse.locations[0].logicalLocations).toBeUndefined();
    const suppressed = run.results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions[0]).toMatchObject({ kind: 'inSource', justification: 'Batch job | approved by CISO' });
  });

  it('marks config and baseline suppressions as external and keeps odd paths valid', () => {
    const result = makeResult();
    result.findings[0]!.suppression = { kind: 'baseline', reason: 'known debt' };
    result.findings[1]!.file = 'stacks/my stack#1/template.yaml';
    result.findings[2]!.file = '../../../elsewhere/t.yaml';
    const out = JSON.parse(sarif(result, makeCtx()));
    expect(validate(out)).toBe(true);
    const uris = out.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('packages/app/stacks/my%20stack%231/template.yaml');
    expect(uris).toContain(`file://${path.resolve(REPO_ROOT, '..', 'elsewhere/t.yaml')}`);
    const external = out.runs[0].results.find((r: any) => r.suppressions?.[0]?.kind === 'external');
    expect(external.suppressions[0].justification).toBe('known debt');
  });

  it('names rules stably', () => {
    expect(ruleName('BR-LD-3/timeout')).toBe('BrLd3Timeout');
    expect(ruleName('RP-LD-1/step-functions-complexity')).toBe('RpLd1StepFunctionsComplexity');
    expect(ruleName('BR-LD-4/tmpStorage')).toBe('BrLd4TmpStorage');
  });
});

describe('junit', () => {
  const xml = junit(makeResult(), makeCtx());
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  const doc = parser.parse(xml);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(XMLValidator.validate(junit(emptyResult(), makeCtx()))).toBe(true);
  });

  it('has one suite per file and one testcase per rule and resource', () => {
    const root = doc.testsuites;
    expect(root['@name']).toBe('ldlint');
    const suites = root.testsuite as any[];
    expect(suites.map((s) => s['@name'])).toEqual([TEMPLATE, BROKEN, CLEAN]);
    const cases = suites.flatMap((s) => s.testcase as any[]);
    expect(Number(root['@tests'])).toBe(cases.length);
    // template: sensitive OrdersFn, timeout OrdersFn (2 findings), timeout ReportFn (suppressed); broken: parse-error; clean: pass
    expect(cases).toHaveLength(5);
    const failing = cases.filter((c) => c.failure !== undefined);
    expect(Number(root['@failures'])).toBe(failing.length);
    expect(failing).toHaveLength(3);
    const template = suites[0].testcase as any[];
    expect(template.map((c) => c['@name'])).toEqual(['BR-LD-1/sensitive-data OrdersFn', 'BR-LD-3/timeout OrdersFn', 'BR-LD-3/timeout ReportFn']);
    expect(template[0]['@classname']).toBe(TEMPLATE);
    expect(template[1].failure['@type']).toBe('warning');
    expect(template[1].failure['#text']).toContain('30:7 Timeout is 900 s');
    expect(template[1].failure['#text']).toContain('31:7 Reserved concurrency is 0');
    expect(template[2].skipped).toBeDefined();
    expect(suites[1].testcase[0]['@name']).toBe('ldlint/parse-error');
    expect(suites[1].testcase[0].failure['@type']).toBe('error');
    expect(suites[2].testcase[0]['@name']).toBe('ldlint');
    expect(suites[2].testcase[0].failure).toBeUndefined();
  });

  it('escapes markup in messages', () => {
    expect(xml).toContain('data-class=&lt;PII&gt; &amp; &quot;restricted&quot;');
    const msg = (doc.testsuites.testsuite[0].testcase[0].failure['@message'] as string)
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(msg).toBe('Function is tagged data-class=<PII> & "restricted" | do not use Lambda');
  });

  it('drops characters XML cannot carry', () => {
    const r = makeResult();
    r.findings[0]!.message = 'bad \u0001 char';
    expect(XMLValidator.validate(junit(r, makeCtx()))).toBe(true);
  });
});

describe('github', () => {
  it('escapes data and properties', () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('prints one workflow command per finding', () => {
    const out = github(makeResult(), makeCtx());
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toContain(
      `::error file=packages/app/${TEMPLATE},line=12,col=5,endLine=14,endColumn=3,title=BR-LD-1/sensitive-data::Function is tagged data-class=<PII> & "restricted" | do not use Lambda%0Ahelp: Move the <PII> processing off Lambda, or record the ISSO approval in Metadata.ldlint.exception.`,
    );
    expect(lines).toContain(
      `::warning file=packages/app/${TEMPLATE},line=30,col=7,endLine=30,endColumn=19,title=BR-LD-3/timeout::Timeout is 900 s, above the limit: 300 s, 50%25 over%0Asecond line%0Ahelp: Set \`Timeout\` to at most 300 s in Globals.Function or on OrdersFn.`,
    );
    expect(lines.some((l) => l.startsWith('::notice ') && l.includes('title=BR-LD-3/timeout::Reserved concurrency is 0'))).toBe(true);
    expect(lines.some((l) => l.startsWith('::notice ') && l.includes('(suppressed)::Timeout is not set (suppressed: Batch job | approved by CISO)'))).toBe(true);
    expect(github(emptyResult(), makeCtx())).toBe('');
  });

  it('escapes commas and colons in properties', () => {
    const r = makeResult();
    r.findings = [{ ...r.findings[0]!, file: 'a,b:c.yaml', ruleId: 'X:Y,Z' }];
    const out = github(r, makeCtx());
    expect(out).toContain('file=packages/app/a%2Cb%3Ac.yaml,');
    expect(out).toContain('title=X%3AY%2CZ::');
  });

  it('appends the markdown report to GITHUB_STEP_SUMMARY', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldlint-gh-'));
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, 'previous step\n');
    try {
      const ctx = makeCtx({ env: { GITHUB_STEP_SUMMARY: summary } });
      github(makeResult(), ctx);
      expect(fs.readFileSync(summary, 'utf8')).toBe(`previous step\n${markdown(makeResult(), ctx)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gitlab', () => {
  it('writes Code Quality entries with the required keys', () => {
    const issues = JSON.parse(gitlab(makeResult(), makeCtx()));
    expect(Array.isArray(issues)).toBe(true);
    expect(issues).toHaveLength(4); // the suppressed finding is left out
    for (const i of issues) {
      expect(Object.keys(i).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(typeof i.fingerprint).toBe('string');
      expect(i.location.path.startsWith('packages/app/stacks/')).toBe(true);
      expect(i.location.lines.begin).toBeLessThanOrEqual(i.location.lines.end);
    }
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(issues.length);
    const sensitive = issues.find((i: { check_name: string }) => i.check_name === 'BR-LD-1/sensitive-data');
    expect(sensitive).toMatchObject({ severity: 'major', location: { path: `packages/app/${TEMPLATE}`, lines: { begin: 12, end: 14 } } });
    expect(issues.map((i: { severity: string }) => i.severity).sort()).toEqual(['info', 'major', 'major', 'minor']);
  });

  it('keeps fingerprints unique and stable when engine fingerprints repeat', () => {
    const r = makeResult();
    for (const f of r.findings) f.fingerprint = 'same';
    const a = JSON.parse(gitlab(r, makeCtx())).map((i: { fingerprint: string }) => i.fingerprint);
    expect(new Set(a).size).toBe(a.length);
    expect(JSON.parse(gitlab(r, makeCtx())).map((i: { fingerprint: string }) => i.fingerprint)).toEqual(a);
  });

  it('is an empty array without findings', () => {
    expect(JSON.parse(gitlab(emptyResult(), makeCtx()))).toEqual([]);
  });
});

describe('markdown', () => {
  const md = markdown(makeResult(), makeCtx());

  it('summarises per business rule', () => {
    expect(md).toMatch(/^# ldlint report\n/);
    expect(md).toContain('**4 problems** (2 errors, 1 warning, 1 info) in 3 files; 1 suppressed');
    expect(md).toContain('| BR-LD-1 | Avoid using Lambda for CMS sensitive data | 1 | 0 | 0 |');
    expect(md).toContain('| BR-LD-3 | Configure Lambda to control the cost / budget | 0 | 1 | 1 |');
    expect(md).toContain('| BR-LD-5 | Use Lambda only for stateless transactions | 0 | 0 | 0 |');
    expect(md).toContain('| ldlint | Engine diagnostics (files or values ldlint could not check) | 1 | 0 | 0 |');
    expect(md).toContain('## ldlint: Engine diagnostics');
    expect(md).toContain('| **Total** |  | **2** | **1** | **1** |');
  });

  it('has one section per business rule with findings, escaping pipes', () => {
    expect(md).toContain('## BR-LD-1: Avoid using Lambda for CMS sensitive data');
    expect(md).toContain('## BR-LD-3: Configure Lambda to control the cost / budget');
    expect(md).not.toContain('## BR-LD-5');
    expect(md).toContain('| Severity | Rule | Resource | Location | Message |');
    const row = md.split('\n').find((l) => l.includes('Function is tagged'))!;
    expect(row).toContain('do not use Lambda');
    expect(row).toContain('\\| do not use Lambda');
    // 5 real columns: the escaped pipe is not a separator.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    expect(row).toContain('[BR-LD-1/sensitive-data](https://example.org/ldlint/docs/rules/br-ld-1/sensitive-data.md)');
    expect(row).toContain('`stacks/api/template.yaml:12:5`');
    expect(md).toContain('50% over<br>second line');
    expect(row).toContain('data-class=&lt;PII&gt; &amp; "restricted"');
  });

  it('lists accepted risk with reason and expiry', () => {
    const section = md.slice(md.indexOf('## Accepted risk (suppressed)'));
    expect(md).toContain('## Accepted risk (suppressed)');
    expect(section).toContain('Batch job \\| approved by CISO');
    expect(section).toContain('2026-12-31');
    // The suppressed finding is not counted in the business-rule sections.
    expect(md.slice(0, md.indexOf('## Accepted risk')).includes('Timeout is not set')).toBe(false);
  });

  it('says so when there are no findings', () => {
    const empty = markdown(emptyResult(), makeCtx());
    expect(empty).toContain('No findings in 1 file.');
    expect(empty).not.toContain('| Severity |');
  });
});
