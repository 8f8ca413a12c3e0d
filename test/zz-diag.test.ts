import { it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { lintText } from './support/lint.js';
import { programOf } from '../src/model/code/program.js';
import { releaseSyntax } from '../src/parse/code.js';
beforeAll(() => initTreeSitter());
it('diag', () => {
  const corpus = '/work/shared/corpus-code';
  const rows = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')).filter((r) => r[3] === 'template' || r[3] === 'serverless');
  let fns = 0, code = 0, handler = 0; const miss: string[] = []; const langs: Record<string, number> = {};
  for (const r of rows) {
    const file = path.join(corpus, r[0]!.replace('/', '__'), r[2]!);
    const out = lintText(file, readFileSync(file, 'utf8'), { code: { root: corpus } });
    for (const fn of out.project?.functions ?? []) {
      fns++;
      if (!fn.code) continue;
      code++;
      langs[fn.code.language] = (langs[fn.code.language] ?? 0) + 1;
      const p = programOf(fn)!;
      if (p.handler()) handler++; else miss.push(`${fn.code.entry.displayPath} ${fn.code.handlerName}`);
    }
    releaseSyntax();
  }
  console.log({ fns, code, handler, langs });
  console.log(miss.slice(0, 40).join('\n'));
});
