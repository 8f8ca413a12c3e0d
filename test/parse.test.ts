import { describe, expect, it } from 'vitest';
import { parseText, SourceFile, toPlain, toRange, type SNode } from '../src/parse/index.js';
import { parseWithPackage, readFast } from '../src/parse/yaml.js';
import { SHORT_FORMS } from '../src/parse/cfn-tags.js';

const parse = (text: string, file = 't.yaml') => {
  const r = parseText(file, text);
  if (!r.root) throw new Error(r.error?.message);
  return r.root;
};
const at = (node: SNode, ...path: (string | number)[]): SNode => {
  let n: SNode | undefined = node;
  for (const p of path) n = typeof p === 'number' ? (n?.kind === 'seq' ? n.items[p] : undefined) : n?.kind === 'map' ? n.index.get(p)?.value : undefined;
  if (!n) throw new Error(`no ${path.join('.')}`);
  return n;
};
const pos = (n: SNode) => {
  const r = toRange(n.loc);
  return [r.line, r.column, r.endLine, r.endColumn];
};

describe('YAML short forms', () => {
  const cases: [string, string, unknown][] = [
    ['!Ref', '!Ref Bucket', { Ref: 'Bucket' }],
    ['!Condition', '!Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt', '!GetAtt Fn.Arn', { 'Fn::GetAtt': ['Fn', 'Arn'] }],
    ['!Sub', '!Sub "arn:${AWS::Partition}:s3:::${B}"', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${B}' }],
    ['!Join', "!Join ['', [a, b]]", { 'Fn::Join': ['', ['a', 'b']] }],
    ['!Select', '!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split', '!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!FindInMap', '!FindInMap [M, K1, K2]', { 'Fn::FindInMap': ['M', 'K1', 'K2'] }],
    ['!If', '!If [C, 1, 2]', { 'Fn::If': ['C', 1, 2] }],
    ['!Not', '!Not [!Condition C]', { 'Fn::Not': [{ Condition: 'C' }] }],
    ['!Equals', '!Equals [a, b]', { 'Fn::Equals': ['a', 'b'] }],
    ['!And', '!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or', '!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Base64', '!Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!Cidr', '!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!GetAZs', '!GetAZs us-east-1', { 'Fn::GetAZs': 'us-east-1' }],
    ['!ImportValue', '!ImportValue shared-vpc', { 'Fn::ImportValue': 'shared-vpc' }],
    ['!Transform', '!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
    ['!ToJsonString', '!ToJsonString {a: 1}', { 'Fn::ToJsonString': { a: 1 } }],
    ['!Length', '!Length [a, b]', { 'Fn::Length': ['a', 'b'] }],
    ['!ForEach', '!ForEach [X, [a, b], {}]', { 'Fn::ForEach': ['X', ['a', 'b'], {}] }],
  ];
  it('covers every short form of the table', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(SHORT_FORMS.keys()));
  });
  for (const [tag, yaml, long] of cases) {
    it(`${tag} becomes its long form`, () => {
      expect(toPlain(at(parse(`V: ${yaml}\n`), 'V'))).toEqual(long);
    });
  }
  it('reads sequence and mapping forms on following lines', () => {
    const root = parse('A: !Join\n  - "-"\n  - - x\n    - !Ref Y\nB: !Sub\n  - "${P}-x"\n  - P: !Ref Q\nC: !Transform\n  Name: AWS::Include\n');
    expect(toPlain(at(root, 'A'))).toEqual({ 'Fn::Join': ['-', ['x', { Ref: 'Y' }]] });
    expect(toPlain(at(root, 'B'))).toEqual({ 'Fn::Sub': ['${P}-x', { P: { Ref: 'Q' } }] });
    expect(toPlain(at(root, 'C'))).toEqual({ 'Fn::Transform': { Name: 'AWS::Include' } });
  });
  it('wraps a value under a tag it does not know, in both readers, and leaves YAML core tags alone', () => {
    const file = new SourceFile('t.yaml', 'A: !Rain::S3\n  Path: ./src\nB: !Rain::Embed x.sh\n');
    const fast = readFast(file)?.root;
    expect(fast).toBeDefined();
    for (const root of [fast!, parseWithPackage(file).root!]) {
      expect(toPlain(at(root, 'A'))).toEqual({ 'Fn::ldlintTag': ['!Rain::S3', { Path: './src' }] });
      expect(toPlain(at(root, 'B'))).toEqual({ 'Fn::ldlintTag': ['!Rain::Embed', 'x.sh'] });
      expect(pos(at(root, 'A'))).toEqual([1, 4, 2, 14]);
    }
    expect(toPlain(at(parse('C: !!str 12\n'), 'C'))).toBe('12');
  });
  it('splits a scalar GetAtt at the first dot only', () => {
    expect(toPlain(at(parse('V: !GetAtt Db.Endpoint.Address\n'), 'V'))).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
    expect(toPlain(at(parse('V: !GetAtt [Db, Endpoint.Address]\n'), 'V'))).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
  });
});

describe('positions', () => {
  const text = 'Resources:\n  Fn:\n    Properties:\n      Timeout: !Ref T\n      Role: !GetAtt Role.Arn\n      Env:\n        - !Sub\n          - x\n';
  const root = parse(text);
  it('a tagged value starts at its tag', () => {
    expect(pos(at(root, 'Resources', 'Fn', 'Properties', 'Timeout'))).toEqual([4, 16, 4, 22]);
    expect(pos(at(root, 'Resources', 'Fn', 'Properties', 'Role'))).toEqual([5, 13, 5, 29]);
    expect(pos(at(root, 'Resources', 'Fn', 'Properties', 'Env', 0)).slice(0, 2)).toEqual([7, 11]);
  });
  it('the GetAtt parts point into the scalar', () => {
    const parts = at(root, 'Resources', 'Fn', 'Properties', 'Role', 'Fn::GetAtt');
    expect(pos(at(parts, 0))).toEqual([5, 21, 5, 25]);
    expect(pos(at(parts, 1))).toEqual([5, 26, 5, 29]);
  });
  it('keys keep their own positions', () => {
    const fn = at(root, 'Resources', 'Fn');
    if (fn.kind !== 'map') throw new Error();
    const r = toRange(fn.index.get('Properties')!.keyLoc);
    expect([r.line, r.column]).toEqual([3, 5]);
  });
  it('JSON with a BOM, tabs and CRLF', () => {
    const json = '\uFEFF{\r\n\t"Resources": {\r\n\t\t"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 30}}\r\n\t}\r\n}\r\n';
    const r = parse(json, 't.json');
    expect(pos(at(r, 'Resources', 'Fn', 'Properties', 'Timeout'))).toEqual([3, 69, 3, 71]);
  });
  it('CRLF YAML', () => {
    const r = parse('A: 1\r\nB: !Ref X\r\n');
    expect(pos(at(r, 'B'))).toEqual([2, 4, 2, 10]);
  });
});

describe('errors and limits', () => {
  it('reports duplicate keys as warnings, the last one winning', () => {
    const r = parseText('t.yaml', 'A: 1\nA: 2\n');
    expect(r.root && toPlain(r.root)).toEqual({ A: 2 });
    expect(r.warnings.map((w) => [w.kind, toRange(w.loc).line])).toEqual([['duplicate-key', 2]]);
    const j = parseText('t.json', '{"A": 1, "A": 2}');
    expect(j.warnings.map((w) => [w.kind, toRange(w.loc).column])).toEqual([['duplicate-key', 10]]);
  });
  it('gives a located syntax error', () => {
    const r = parseText('t.yaml', 'A: [1, 2\nB: 3\n');
    expect(r.root).toBeUndefined();
    expect(r.error!.kind).toBe('syntax');
    expect(toRange(r.error!.loc).line).toBeGreaterThanOrEqual(1);
    const j = parseText('t.json', '{\n  "A": 1,,\n}');
    expect([toRange(j.error!.loc).line, toRange(j.error!.loc).column]).toEqual([2, 10]);
  });
  it('bounds alias expansion', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const r = parseText('bomb.yaml', lines.join('\n') + '\n');
    expect(r.root).toBeUndefined();
    expect(r.error!.kind).toBe('limit');
  });
  it('applies YAML merge keys', () => {
    expect(toPlain(parse('d: &d {a: 1, b: 2}\ne:\n  <<: *d\n  b: 3\n'))).toEqual({ d: { a: 1, b: 2 }, e: { b: 3, a: 1 } });
  });
});

describe('CloudFormation-tolerant YAML', () => {
  it('reads flow collections whose lines are not indented past their key', () => {
    const text = 'Resources:\n  P:\n    Properties:\n      Statements: [{\n      "Effect": "Allow"\n      }]\n      Next: !Ref X\n';
    const root = parse(text);
    expect(toPlain(at(root, 'Resources', 'P', 'Properties'))).toEqual({ Statements: [{ Effect: 'Allow' }], Next: { Ref: 'X' } });
    // Columns point into the original text, not the re-indented one.
    expect(pos(at(root, 'Resources', 'P', 'Properties', 'Statements', 0, 'Effect')).slice(0, 2)).toEqual([5, 17]);
    expect(pos(at(root, 'Resources', 'P', 'Properties', 'Next')).slice(0, 2)).toEqual([7, 13]);
  });
  it('reads multi-line quoted scalars that end at the key indentation', () => {
    const text = "R:\n  - N: a\n    D: !Sub '{\n        \"k\": 1\n    }'\n  - N: b\n";
    expect(toPlain(parse(text))).toEqual({ R: [{ N: 'a', D: { 'Fn::Sub': '{ "k": 1 }' } }, { N: 'b' }] });
  });
});
