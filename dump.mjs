import { Parser, Language } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
await Parser.init();
const req = createRequire(import.meta.url);
const W = { python: 'tree-sitter-python/tree-sitter-python.wasm', javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm', typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm', java: 'tree-sitter-java/tree-sitter-java.wasm' };
const [g, text] = [process.argv[2], readFileSync(process.argv[3], 'utf8')];
const p = new Parser(); p.setLanguage(Language.loadSync(new WebAssembly.Module(readFileSync(req.resolve(W[g])))));
const t = p.parse(text);
function show(n, d, f) { if (!n.isNamed) return; console.log('  '.repeat(d) + (f ? f + ': ' : '') + n.type + (n.childCount === 0 ? ' ' + JSON.stringify(n.text) : '')); for (let i = 0; i < n.childCount; i++) show(n.child(i), d + 1, n.fieldNameForChild(i)); }
show(t.rootNode, 0);
