import { it, beforeAll } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { lintFile } from './support/lint.js';
beforeAll(() => initTreeSitter());
it('debug', () => {
  for (const f of (process.env.FIX ?? '').split(',')) {
    const out = lintFile(f, { code: true, ...(process.env.OPTS ? JSON.parse(process.env.OPTS) : {}) });
    for (const x of out.findings) if (!process.env.ID || x.ruleId.startsWith(process.env.ID)) console.log(`${x.file}:${x.line}:${x.column} ${x.ruleId} ${x.severity} ${x.message}`);
  }
});
