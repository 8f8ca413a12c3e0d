// The Terraform baseline: read and parse the same files with the same parser ldlint uses (tree-sitter's
// Terraform grammar through web-tree-sitter; `.tf.json` / `.tfvars.json` with JSON.parse), walking
// every node once (as any reader of the tree does), nothing else: no evaluation, no model, no rules.
// Usage: node bench/parse-only-hcl.mjs <file-list.txt>
import { readFileSync } from 'node:fs';
import { initTreeSitter, withTree } from '../dist/src/parse/tree-sitter.js';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
await initTreeSitter();
let nodes = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  if (f.endsWith('.json')) {
    JSON.parse(text);
    continue;
  }
  nodes += withTree('terraform', text, (tree) => {
    let n = 0;
    const cursor = tree.walk();
    for (let more = true; more; ) {
      n++;
      if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
      for (more = false; cursor.gotoParent(); ) if (cursor.gotoNextSibling()) { more = true; break; }
    }
    cursor.delete();
    return n;
  });
}
if (nodes < 0) console.log(nodes);
