import { it, beforeAll } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { Unit } from '../src/model/code/unit.js';
import { Resolver, Environment } from '../src/model/code/resolve.js';
beforeAll(() => initTreeSitter());
it('debug', () => {
  const text = process.env.SRC!;
  const lang = process.env.LANG2 as any;
  const u = new Unit({ path: '/x', displayPath: 'x', text, language: lang, grammar: lang });
  const r = new Resolver(u, { get: () => ({ kind: 'unknown' }) } as any);
  for (const c of u.calls()) console.log(c.node.text, '=>', u.calleeName(c), JSON.stringify(r.resolve(c.args[0])));
});
