/**
 * Differential check of the fast YAML reader against the `yaml`-package reader (and, for `.json`
 * files, against the jsonc-parser reader): for every text the fast reader accepts, both must build the same tree (values, kinds, every location) and the same
 * warnings, located by line and column. Used by test/parse-fast.test.ts and by `node dist/test-support/yaml-differential.js [files]`.
 */
import type { Loc, ParseResult, SNode } from '../src/parse/index.js';
import { SourceFile } from '../src/parse/index.js';
import { parseWithPackage, readFast } from '../src/parse/yaml.js';
import { parseJsonTree, readJsonFast } from '../src/parse/json.js';

export interface Difference {
  path: string;
  where: string;
  fast: unknown;
  reference: unknown;
}

export type Comparison = { accepted: false } | { accepted: true; difference?: Difference };

export function compareReaders(path: string, text: string): Comparison {
  const json = path.toLowerCase().endsWith('.json');
  const file = new SourceFile(path, text);
  const fast = json ? readJsonFast(file) : readFast(file);
  if (!fast?.root) return { accepted: false };
  const ref: ParseResult = json ? parseJsonTree(new SourceFile(path, text)) : parseWithPackage(new SourceFile(path, text));
  if (!ref.root) return { accepted: true, difference: { path, where: '(root)', fast: 'parsed', reference: ref.error?.message } };
  const d = diffNode(fast.root, ref.root, '$');
  if (d) return { accepted: true, difference: { path, ...d } };
  const fw = fast.warnings.map((w) => `${w.kind}@${at(w.loc)}:${w.message}`);
  const rw = ref.warnings.map((w) => `${w.kind}@${at(w.loc)}:${w.message}`);
  if (fw.join('\n') !== rw.join('\n')) return { accepted: true, difference: { path, where: 'warnings', fast: fw, reference: rw } };
  return { accepted: true };
}

/**
 * Where a location points in the original text: line and column (one reader may have re-indented
 * lines that the other read as they are, which moves offsets but not what users see).
 */
function at(loc: Loc): string {
  const s = loc.file.position(loc.start);
  const e = loc.file.position(loc.end);
  return `${s.line}:${s.column}-${e.line}:${e.column}`;
}

function diffNode(a: SNode, b: SNode, where: string): Omit<Difference, 'path'> | undefined {
  if (a.kind !== b.kind) return { where, fast: a.kind, reference: b.kind };
  if (at(a.loc) !== at(b.loc)) return { where: `${where} loc`, fast: at(a.loc), reference: at(b.loc) };
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    return Object.is(a.value, b.value) ? undefined : { where, fast: a.value, reference: b.value };
  }
  if (a.kind === 'seq' && b.kind === 'seq') {
    if (a.items.length !== b.items.length) return { where: `${where} length`, fast: a.items.length, reference: b.items.length };
    for (let i = 0; i < a.items.length; i++) {
      const d = diffNode(a.items[i]!, b.items[i]!, `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a.kind === 'map' && b.kind === 'map') {
    if (a.entries.length !== b.entries.length) return { where: `${where} keys`, fast: a.entries.map((e) => e.key), reference: b.entries.map((e) => e.key) };
    for (let i = 0; i < a.entries.length; i++) {
      const x = a.entries[i]!;
      const y = b.entries[i]!;
      if (x.key !== y.key) return { where: `${where} key ${i}`, fast: x.key, reference: y.key };
      if (at(x.keyLoc) !== at(y.keyLoc)) return { where: `${where}.${x.key} keyLoc`, fast: at(x.keyLoc), reference: at(y.keyLoc) };
      const d = diffNode(x.value, y.value, `${where}.${x.key}`);
      if (d) return d;
    }
  }
  return undefined;
}

async function main(files: string[]): Promise<void> {
  const { readFileSync } = await import('node:fs');
  let accepted = 0;
  let differ = 0;
  for (const f of files) {
    const c = compareReaders(f, readFileSync(f, 'utf8'));
    if (!c.accepted) continue;
    accepted++;
    if (c.difference) {
      differ++;
      console.log(JSON.stringify(c.difference));
    }
  }
  console.log(`${files.length} files, fast reader accepted ${accepted}, ${differ} differ`);
  if (differ > 0) process.exitCode = 1;
}

if (process.argv[1]?.endsWith('yaml-differential.js')) await main(process.argv.slice(2));
