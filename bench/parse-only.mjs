// The baseline: read and parse the same files with the `yaml` package (parseDocument + LineCounter),
// nothing else. Usage: node bench/parse-only.mjs <file-list.txt>
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let nodes = 0;
for (const f of files) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(f, 'utf8'), { lineCounter });
  if (doc.contents) nodes++;
}
if (nodes < 0) console.log(nodes);
