// The code baseline: read and parse the same files as ldlint does, templates with the `yaml`
// package and handler code with web-tree-sitter and the grammars' WASM, nothing else.
// Usage: node bench/parse-code-only.mjs <file-list.txt>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { LineCounter, parseDocument } from 'yaml';

const require = createRequire(import.meta.url);
const WASM = {
  '.py': 'tree-sitter-python/tree-sitter-python.wasm',
  '.js': 'tree-sitter-javascript/tree-sitter-javascript.wasm', '.mjs': 'tree-sitter-javascript/tree-sitter-javascript.wasm', '.cjs': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  '.ts': 'tree-sitter-typescript/tree-sitter-typescript.wasm', '.mts': 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  '.java': 'tree-sitter-java/tree-sitter-java.wasm',
};
await Parser.init();
const parsers = new Map();
const parserFor = (wasm) => {
  let p = parsers.get(wasm);
  if (!p) {
    p = new Parser();
    p.setLanguage(Language.loadSync(new WebAssembly.Module(readFileSync(require.resolve(wasm)))));
    parsers.set(wasm, p);
  }
  return p;
};
const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let nodes = 0;
for (const f of files) {
  const ext = f.slice(f.lastIndexOf('.'));
  if (WASM[ext]) {
    const tree = parserFor(WASM[ext]).parse(readFileSync(f, 'utf8'));
    nodes += tree.rootNode.childCount;
    tree.delete();
  } else {
    const doc = parseDocument(readFileSync(f, 'utf8'), { lineCounter: new LineCounter() });
    if (doc.contents) nodes++;
  }
}
if (nodes < 0) console.log(nodes);
