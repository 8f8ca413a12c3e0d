import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { parseHcl, parseHclJson, type HExpr } from '../src/parse/hcl.js';
import { toRange } from '../src/parse/index.js';

beforeAll(() => initTreeSitter());

const attr = (text: string, name = 'a'): HExpr => {
  const r = parseHcl('x.tf', text);
  if (!r.ok) throw new Error(r.error.message);
  return r.hcl.body.attributes.find((a) => a.name === name)!.expr;
};
const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'loc' ? undefined : v)));

describe('HCL parser', () => {
  it('reads blocks with labels and positions', () => {
    const r = parseHcl('main.tf', '# c\nresource "aws_lambda_function" "f" {\n  timeout = 30\n}\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.hcl.body.blocks[0]!;
    expect([b.type, ...b.labels.map((l) => l.value)]).toEqual(['resource', 'aws_lambda_function', 'f']);
    const a = b.body.attributes[0]!;
    expect(toRange(a.nameLoc)).toMatchObject({ line: 3, column: 3 });
    expect(toRange(a.expr.loc)).toMatchObject({ line: 3, column: 13 });
    expect(r.hcl.comments.map((c) => c.text)).toEqual(['# c']);
  });

  it('reads operators with attribute operands', () => {
    expect(strip(attr('a = var.t * 2 + -1\n'))).toEqual({
      t: 'binary', op: '+',
      left: { t: 'binary', op: '*', left: { t: 'attr', obj: { t: 'var', name: 'var' }, name: 't' }, right: { t: 'lit', value: 2 } },
      right: { t: 'unary', op: '-', operand: { t: 'lit', value: 1 } },
    });
  });

  it('reads templates, directives, escapes and flush heredocs', () => {
    expect(strip(attr('a = "x\\n${b}%{ if c }y%{ else }z%{ endif }$${lit}"\n'))).toEqual({
      t: 'template', parts: ['x\n', { t: 'var', name: 'b' }, { t: 'tif', cond: { t: 'var', name: 'c' }, then: ['y'], else: ['z'] }, '${lit}'],
    });
    expect(strip(attr('a = <<-EOT\n    one\n      two ${b}\n    EOT\n'))).toEqual({ t: 'template', parts: ['one\n  two ', { t: 'var', name: 'b' }, '\n'] });
  });

  it('reads for expressions, splats, conditionals and calls', () => {
    expect(strip(attr('a = [for k, v in var.m : upper(v) if v != ""]\n'))).toMatchObject({ t: 'for', kind: 'tuple', keyVar: 'k', valVar: 'v', value: { t: 'call', name: 'upper' } });
    expect(strip(attr('a = x.s[*].id\n'))).toEqual({ t: 'splat', obj: { t: 'attr', obj: { t: 'var', name: 'x' }, name: 's' }, each: { t: 'attr', obj: { t: 'splatItem' }, name: 'id' } });
    expect(strip(attr('a = x.0\n'))).toEqual({ t: 'index', obj: { t: 'var', name: 'x' }, key: { t: 'lit', value: 0 } });
    expect(strip(attr('a = c ? 1 : null\n'))).toEqual({ t: 'cond', cond: { t: 'var', name: 'c' }, then: { t: 'lit', value: 1 }, else: { t: 'lit', value: null } });
    expect(strip(attr('a = f(x, y...)\n'))).toMatchObject({ t: 'call', name: 'f', expand: true });
    expect(strip(attr('a = provider::aws::arn_parse(x)\n'))).toMatchObject({ t: 'call', name: 'provider::aws::arn_parse' });
  });

  it('reports a syntax error with its position', () => {
    const r = parseHcl('bad.tf', 'resource "x" "y" {\n  a = \n}\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('syntax');
    expect(toRange(r.error.loc)).toMatchObject({ file: 'bad.tf', line: 2, column: 3 });
  });

  it('reads Terraform JSON syntax, strings as templates at their position', () => {
    const text = '{"resource": {"aws_lambda_function": {"f": {"timeout": "${var.t}", "environment": {"variables": {"A": "1"}}}}}}';
    const r = parseHclJson('main.tf.json', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.hcl.body.blocks[0]!;
    expect([b.type, ...b.labels.map((l) => l.value)]).toEqual(['resource', 'aws_lambda_function', 'f']);
    const t = b.body.attributes[0]!.expr;
    expect(t.t).toBe('template');
    if (t.t !== 'template') return;
    const ref = t.parts[0] as HExpr;
    expect(text.slice(ref.loc.start, ref.loc.end)).toBe('var.t');
    expect(b.body.blocks.map((x) => x.type)).toEqual(['environment']);
  });
});
