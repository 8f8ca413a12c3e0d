/**
 * Issue 9: property-based tests. Whatever the input -- generated templates with intrinsic functions
 * in short and long form, generated serverless.yml files, YAML-ish noise, and real fixtures mangled
 * by byte flips, line deletions, truncation and re-indentation -- `lintSource` never throws and
 * returns findings that are all located; a file that cannot be read is a located parse error; no
 * rule fails (`ldlint/internal-error`); Object.prototype is never touched.
 *
 * `npm test` runs a bounded number of cases; `npm run fuzz` runs many more (FUZZ_RUNS, default
 * 20000 there); FUZZ_SEED replays a failure.
 */
import fc from 'fast-check';
import picomatch from 'picomatch';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileOutcome } from '../src/lint.js';
import { compilePathGlob, globMatch, MAX_GLOB_INPUT } from '../src/engine/globs.js';
import { fixtureFiles, mutate, mutation, PROTO_TEMPLATES, serverlessText, templateText, yamlishText, yamlValue } from './support/hostile.js';
import { lintText } from './support/lint.js';

const FUZZ_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Cases per property: bounded in `npm test`, FUZZ_RUNS in `npm run fuzz`. */
const runs = (bounded: number) => FUZZ_RUNS ?? bounded;
const params = (bounded: number): fc.Parameters<unknown> => ({ numRuns: runs(bounded), ...(seed !== undefined ? { seed } : {}) });
/** Test timeout: generous per case, so that a long fuzz run is not cut short. */
const timeout = (bounded: number) => Math.max(60_000, runs(bounded) * 100);

const fixtures = fixtureFiles();

/** Lints and checks the invariants every outcome must meet; returns the outcome. */
function lintChecked(file: string, text: string): FileOutcome {
  let out: FileOutcome | undefined;
  expect(() => {
    out = lintText(file, text);
  }).not.toThrow();
  const o = out!;
  expect(Array.isArray(o.findings)).toBe(true);
  for (const f of o.findings) {
    const where = `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message.slice(0, 300)}`;
    expect(f.ruleId, where).not.toBe('ldlint/internal-error');
    expect(f.message.length, where).toBeGreaterThan(0);
    expect(Number.isInteger(f.line) && f.line >= 1, where).toBe(true);
    expect(Number.isInteger(f.column) && f.column >= 1, where).toBe(true);
    expect(f.endLine >= f.line, where).toBe(true);
    expect(typeof f.file === 'string' && f.file.length > 0, where).toBe(true);
    expect(f.fingerprint, where).toMatch(/^[0-9a-f]{32}$/);
  }
  // A file that could not be read is a parse error that says where (`file:line:col: message`).
  for (const f of o.findings.filter((x) => x.ruleId === 'ldlint/parse-error' && x.severity === 'error')) {
    expect(f.message, f.message).toMatch(/^[^\n]+:\d+:\d+: \S/);
  }
  // Findings (or none) for a template; a note or a parse error otherwise.
  if (o.flavour === null && o.findings.length === 0) expect(o.note === undefined || o.note.length > 0).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return o;
}

afterAll(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
});

describe('lintSource never throws and always locates what it reports', () => {
  it('generated CloudFormation and SAM templates', () => {
    fc.assert(fc.property(templateText, fc.constantFrom('fuzz/template.yaml', 'fuzz/template.template'), (text, file) => void lintChecked(file, text)), params(200));
  }, timeout(200));

  it('generated templates as JSON (long-form intrinsics, odd scalars)', () => {
    const json = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, 0, -1, 900, 1e308, '', 'x', '${', '${}', '${!x}', '${Fn.Arn}', '__proto__', '*', 'arn:aws:logs:*:*:*', '{{resolve:ssm:x}}'),
        fc.tuple(fc.constantFrom('Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::FindInMap', 'Condition', 'Fn::Split', 'Fn::Equals'), tie('v')).map(([k, v]) => ({ [k]: v })),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('Type', 'Properties', 'Timeout', 'MemorySize', 'Environment', 'Variables', 'DB_PASSWORD', 'Role', 'VpcConfig', 'SubnetIds', 'Tags', 'Key', 'Value', 'constructor'), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    const template = fc.record({
      Parameters: fc.dictionary(fc.constantFrom('P', 'Q', 'S'), fc.record({ Type: fc.constantFrom('String', 'Number', 'CommaDelimitedList'), Default: json }), { maxKeys: 2 }),
      Conditions: fc.dictionary(fc.constantFrom('C', 'D'), json, { maxKeys: 2 }),
      Resources: fc.dictionary(fc.constantFrom('Fn', 'Role', 'Lg', 'Q', 'Sm'), fc.record({ Type: fc.constantFrom('AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::StepFunctions::StateMachine', 'AWS::Serverless::Function'), Properties: json }), { minKeys: 1, maxKeys: 4 }),
    });
    fc.assert(fc.property(template, fc.boolean(), (t, sam) => void lintChecked('fuzz/template.json', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', ...(sam ? { Transform: 'AWS::Serverless-2016-10-31' } : {}), ...t }))), params(200));
  }, timeout(200));

  it('generated serverless.yml files', () => {
    fc.assert(fc.property(serverlessText, (text) => void lintChecked('fuzz/serverless.yml', text)), params(150));
  }, timeout(150));

  it('YAML-ish and JSON-ish noise', () => {
    fc.assert(fc.property(yamlishText, fc.constantFrom('fuzz/t.yaml', 'fuzz/t.json', 'fuzz/serverless.yml', 'fuzz/t.template'), (text, file) => void lintChecked(file, text)), params(300));
  }, timeout(300));

  it('single values in every position of a function', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('Timeout', 'MemorySize', 'Environment', 'VpcConfig', 'Role', 'Layers', 'LoggingConfig', 'Tags', 'FunctionName', 'ReservedConcurrentExecutions', 'EphemeralStorage', 'DurableConfig', 'TracingConfig'), yamlValue), { maxLength: 6 }), (props) => {
      const body = props.map(([k, v]) => `      ${k}: ${v}\n`).join('');
      void lintChecked('fuzz/fn.yaml', `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n${body || '      {}\n'}`);
    }), params(200));
  }, timeout(200));

  it('mutated fixtures: byte flips, line deletions and duplications, truncation, indentation, insertions', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    fc.assert(fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 }), (fx, ms) => void lintChecked(fx.file, mutate(fx.text, ms))), params(300));
  }, timeout(300));

  it('templates with prototype keys, mutated', () => {
    fc.assert(fc.property(fc.constantFrom(...PROTO_TEMPLATES), fc.array(mutation, { maxLength: 4 }), ([file, text], ms) => void lintChecked(file, mutate(text, ms))), params(50));
  }, timeout(50));
});

describe('glob matching is linear and agrees with its specification', () => {
  /** The reference: the glob as a backtracking RegExp (`*` any text, `?` one character), on small inputs only. */
  const reference = (glob: string, subject: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]')}$`).test(subject);
  const small = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/', '*', '?', '.'), maxLength: 10 });
  const plain = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/', '.'), maxLength: 12 });

  it('globMatch (ARN and IAM globs) matches what the regular expression matches', () => {
    fc.assert(fc.property(small, plain, (g, s) => {
      expect(globMatch(g, s, { subjectPlaceholders: 'none', globPlaceholders: false })).toBe(reference(g, s));
    }), params(2000));
  }, timeout(2000));

  it('globMatch answers at once on inputs that would make a backtracking matcher hang', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 60 }), fc.integer({ min: 100, max: MAX_GLOB_INPUT }), (stars, len) => {
      const started = Date.now();
      expect(globMatch(`${'*a'.repeat(stars)}*b`, 'a'.repeat(len))).toBe(false);
      expect(globMatch('a'.repeat(len), `${'${x}'.repeat(stars)}`, { subjectPlaceholders: 'pseudo' })).toBe(false);
      expect(Date.now() - started).toBeLessThan(2000);
    }), params(20));
    expect(globMatch('*', 'x'.repeat(MAX_GLOB_INPUT + 1))).toBe(false);
  }, timeout(20));

  /** Globs in the subset where picomatch and ldlint agree: segments of letters, `*`, `?`, `[a-c]`, `{a,b}`, `**`. */
  const segment = fc.oneof(
    fc.constant('**'),
    fc.array(fc.constantFrom('a', 'b', 'c', 'x', '.y', '*', '?', '[a-c]', '{a,b}', '-'), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
  );
  const pathGlob = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')).filter((g) => !/\*\*[^/]|[^/]\*\*|\*\*\/\*\*|^\*\*\/?$/.test(g) && !/(^|\/)\*+(\/|$)/.test(g));
  const pathSubject = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', 'y', '-', '.'), minLength: 1, maxLength: 4 }).filter((s) => s !== '.' && s !== '..'), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));

  it('compilePathGlob (config and suppression globs) agrees with picomatch', () => {
    fc.assert(fc.property(pathGlob, pathSubject, fc.boolean(), (g, s, dot) => {
      expect(compilePathGlob(g, { dot })(s), `${g} ~ ${s} (dot: ${dot})`).toBe(picomatch(g, { dot })(s));
    }), params(3000));
  }, timeout(3000));

  it('compilePathGlob answers at once on catastrophic globs, and refuses globs that expand too far', () => {
    const started = Date.now();
    expect(compilePathGlob(`${'*a'.repeat(60)}*b`)('a'.repeat(MAX_GLOB_INPUT))).toBe(false);
    expect(compilePathGlob(`**/${'*a'.repeat(30)}/**/*b`)(`${'a/'.repeat(1000)}a`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(() => compilePathGlob('{a,b}'.repeat(30))).toThrow(/alternatives/);
    expect(() => compilePathGlob('{1..1000000}')).toThrow(/alternatives/);
    expect(() => compilePathGlob('x'.repeat(2000))).toThrow(/longer than/);
    expect(() => compilePathGlob('+(a|aa)+b')).toThrow(/extended glob/);
  });
});
