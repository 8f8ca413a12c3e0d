import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText, SourceFile, toPlain, toRange } from '../src/parse/index.js';
import { readFast } from '../src/parse/yaml.js';
import { compareReaders } from '../test-support/yaml-differential.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** The fast reader takes the text and builds exactly what the yaml-package reader builds. */
const same = (text: string) => expect(compareReaders('t.yaml', text)).toEqual({ accepted: true });
const declined = (text: string) => expect(readFast(new SourceFile('t.yaml', text))).toBeUndefined();

describe('fast YAML reader: same tree as the yaml package', () => {
  const cases: [string, string][] = [
    ['core schema scalars', 'a: 0x1F\nb: 012\nc: 1e3\nd: .inf\ne: -.Inf\nf: .nan\ng: True\nh: yes\ni: 1_000\nj: -0\nk: +1\nl: 0o17\nm: 1.\nn: .5\no: 99999999999999999999999\np: ~\nq: NULL\nr: 2001-01-01\ns: 1e999\nt: false\n'],
    ['keys resolved then stringified', '1: a\nnull: b\n.inf: c\ntrue: d\n0x10: e\n"q k": f\n\'s k\': g\n~: h\n'],
    ['duplicate keys warn, the last wins', 'a: 1\nb: 2\na: 3\n'],
    ['merge key with a flow map', 'base:\n  <<: {x: 1, y: 2}\n  y: 3\n'],
    ['empty values everywhere', 'a:\nb:   \nc: # c\nd:\n  - \n  -\n  - # c\n  - x\ne:'],
    ['plain scalars', 'a: x y  # comment\nb: a#b\nc: :sqs:path/\nd: ::/0\ne: -1\nf: ?x\ng: arn:aws:s3:::b/*\nh: foo]\n'],
    ['multi-line plain scalars', 'a: one\n  two\n\n  three\nb:\n- seq\n  continued\n'],
    ['quoted scalars', 'a: "x \\"q\\" \\\\ \\t \\n \\x41 \\u00e9 \\U0001F600 \\/ \\0"\nb: \'it\'\'s\'\nc: "multi\n  line\n\n  folded"\nd: \'one\n  two\'\ne: "" # empty\n'],
    ['block scalars', 'a: |\n  x\n    y\n\n  z\nb: |-\n  keep\n    \n\nc: >\n  folded\n  text\n\n  para\n    more\n  back\nd: >-\n  x\ne: | # comment\n  #!/bin/bash\n  echo\nf: |\n  last'],
    ['flow collections', 'a: [1, "two", \'three\', {k: v, "q": [x, y]}, []]\nb: {}\nc: {"json":1,"more":[true,null]}\nd: [a:b, c]\ne: [\n    x, # comment\n    y,\n  ]\nf: {\n  a: 1,\n  b: 2 }\n'],
    ['short forms', 'a: !Ref X\nb: !GetAtt A.B.C\nc: !GetAtt [A, B]\nd: !Sub "${X}"\ne: !If\n  - C\n  - !Ref Y\n  - !Ref AWS::NoValue\nf: !Join\n  - ""\n  - - a\n    - !Ref B\ng: !Base64 |\n  #!/bin/sh\nh: [!Ref A, !GetAtt B.Arn]\ni: {x: !Ref Y}\nj: !Ref\nk: !Transform {Name: X}\nl: !Equals [!Ref A, "b"]\n'],
    ['sequences', 'a:\n- x\n- y\nb:\n  - - p\n    - q\n  - k: v\n    l: w\n  -\n    m: n\nc: [ ]\n'],
    ['document start and comments', '# head\n---\n# c\nAWSTemplateFormatVersion: "2010-09-09" # c\n\n\nResources: # c\n  # inside\n  R:\n    Type: X\n# tail\n'],
    ['root sequence', '- a\n- b: c\n'],
    ['other local tags wrap their value as written', 'a: !Rain::Embed x.txt\nb: !Foo 12\nc: !Foo\n  - 1\nd: !Foo [1, !Bar 2]\ng: !Foo\n'],
    ['root tag', '!Ref Bucket\n'],
    ['CRLF line ends', 'a: b # c\r\nc:\r\n  - "x\r\n    y"\r\n  - |\r\n    one\r\n    two\r\n  - [p,\r\n     q]\r\nd:\r\n'],
    ['flow and quoted lines below their key, re-indented as CloudFormation reads them', 'a:\n  b: [1,\n  2]\n  c: "x\n  y"\nd: {k:\nv}\n'],
  ];
  for (const [name, text] of cases) it(name, () => same(text));

  it('reads JSON as the JSON reader does', () => {
    for (const text of ['{"a": 1.0, "b": [true, null, -0.5e3, -0], "c": {"d": "\\u00e9\\n\\/"}, "e": 1e999, "a": 2}', '[\n  1,\n  {"x" : "y"}\n]\n', '{"k": "#x", "s": " spaced ", "n": 12345678901234567890}']) {
      expect(compareReaders('t.json', text)).toEqual({ accepted: true });
    }
  });

  it('reports columns of re-indented lines in the original text', () => {
    const r = parseText('t.yaml', 'a:\n  b: [1,\n  2]\n');
    const two = r.root!.kind === 'map' ? r.root!.index.get('a')!.value : undefined;
    const item = two?.kind === 'map' ? two.index.get('b')!.value : undefined;
    expect(item?.kind === 'seq' ? toRange(item.items[1]!.loc) : undefined).toMatchObject({ line: 3, column: 3 });
  });

  it('reads what CloudFormation reads', () => {
    const r = parseText('t.yaml', 'R:\n  Type: AWS::Lambda::Function\n  Properties:\n    Timeout: !Ref T\n    Layers: [!GetAtt L.Arn]\n    Code: {ZipFile: "x"}\n');
    expect(toPlain(r.root!)).toEqual({ R: { Type: 'AWS::Lambda::Function', Properties: { Timeout: { Ref: 'T' }, Layers: [{ 'Fn::GetAtt': ['L', 'Arn'] }], Code: { ZipFile: 'x' } } } });
  });
});

describe('fast YAML reader: leaves the rest to the yaml package', () => {
  const cases: [string, string][] = [
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['secondary and verbatim tags', 'a: !!int 3\nb: !<tag:x> y\n'],
    ['tabs', 'a:\tb\n'],
    ['CR line ends not followed by LF', 'a: b\rc: d\r\n'],
    ['explicit keys', '? a\n: b\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['keep chomping and indentation indicators', 'a: |+\n  x\n\nb: |2\n   y\n'],
    ['a root scalar', 'just text\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['nested implicit keys (an error)', 'a: b: c\n'],
    ['bad indentation (an error)', 'a:\n    b: 1\n  c: 2\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      declined(text);
      const r = parseText('t.yaml', text);
      expect(r.root !== undefined || r.error !== undefined).toBe(true);
    });
  }
});

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ya?ml|json)$/i.test(f) && !f.endsWith('.expected.json') && statSync(f).isFile());
}

/** Expects no difference on any of the files; returns the share the fast reader took. */
function agreeOn(files: string[], transform = (text: string) => text): number {
  let accepted = 0;
  for (const f of files) {
    const c = compareReaders(f, transform(readFileSync(f, 'utf8')));
    if (c.accepted) accepted++;
    expect(c.accepted ? c.difference : undefined).toBeUndefined();
  }
  return accepted / files.length;
}

describe('fast YAML reader on real files', () => {
  it('agrees on every fixture and example', () => {
    const files = [...templateFiles(path.join(ROOT, 'fixtures')), ...templateFiles(path.join(ROOT, 'examples'))];
    expect(files.length).toBeGreaterThan(100);
    expect(agreeOn(files)).toBeGreaterThan(0.9);
  });

  it('agrees on every fixture written with CRLF line ends', () => {
    expect(agreeOn(templateFiles(path.join(ROOT, 'fixtures')), (t) => t.replace(/\r?\n/g, '\r\n'))).toBeGreaterThan(0.9);
  });

  it('agrees on mutated fixtures (seeded)', () => {
    const texts = templateFiles(path.join(ROOT, 'fixtures')).map((f) => readFileSync(f, 'utf8'));
    const pieces = [':', ' ', '-', '#', "'", '"', '[', ']', '{', '}', '!', '|', '>', '\n', ',', '\n  ', ': ', '- ', '!Ref ', '\\', '0', '.', '~', '>-', '|-'];
    let seed = 20261127;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      let t = texts[rnd(texts.length)]!;
      for (let m = rnd(4); m > 0; m--) {
        const p = rnd(t.length + 1);
        t = rnd(3) === 0 ? t.slice(0, p) + t.slice(p + 1 + rnd(3)) : t.slice(0, p) + pieces[rnd(pieces.length)] + t.slice(p);
      }
      const c = compareReaders('m.yaml', t);
      if (c.accepted) accepted++;
      if (c.accepted && c.difference) expect({ text: t, ...c.difference }).toBeUndefined();
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it.runIf(existsSync(path.join(CORPUS, 'MANIFEST.tsv')))('agrees on every file of the corpus and reads most of them', () => {
    const files = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)
      .map((l) => l.split('\t')).map((c) => path.join(CORPUS, c[0]!.replace('/', '__'), c[2]!));
    expect(agreeOn(files)).toBeGreaterThan(0.9);
  });
});
