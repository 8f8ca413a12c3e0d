import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter, query, treeSitterReady, withTree, type Grammar } from '../src/parse/tree-sitter.js';

describe('tree-sitter loader', () => {
  beforeAll(() => initTreeSitter());

  it('starts once and reports it', async () => {
    await initTreeSitter();
    expect(treeSitterReady()).toBe(true);
  });

  const samples: [Grammar, string, string][] = [
    ['terraform', 'resource "aws_lambda_function" "f" {\n  timeout = 30\n}\n', 'body'],
    ['python', 'import os\npath = os.environ["DB"]\n', 'import_statement'],
    ['javascript', 'const x = process.env.X;\n', 'lexical_declaration'],
    ['typescript', 'const x: string = "a";\n', 'lexical_declaration'],
    ['tsx', 'const x = <div/>;\n', 'lexical_declaration'],
    ['java', 'class A { static int n; }\n', 'class_declaration'],
  ];
  for (const [grammar, text, first] of samples) {
    it(`parses ${grammar} with positions`, () => {
      const got = withTree(grammar, text, (tree) => {
        const node = tree.rootNode.namedChild(0)!;
        return { type: node.type, row: node.startPosition.row, errors: tree.rootNode.hasError };
      });
      expect(got).toEqual({ type: first, row: 0, errors: false });
    });
  }

  it('marks syntax errors', () => {
    expect(withTree('terraform', 'resource "x" {\n  a = \n', (t) => t.rootNode.hasError)).toBe(true);
  });

  it('compiles a query once and matches captures', () => {
    const q = query('python', '(call function: (attribute attribute: (identifier) @m))');
    expect(query('python', '(call function: (attribute attribute: (identifier) @m))')).toBe(q);
    const names = withTree('python', 'sqlite3.connect("/tmp/a.db")\n', (t) => q.captures(t.rootNode).map((c) => c.node.text));
    expect(names).toEqual(['connect']);
  });
});
