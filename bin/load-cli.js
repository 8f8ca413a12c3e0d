// Loads the bundled CLI (dist/bundle/ldlint.cjs) with the V8 code cache written at build time
// (dist/bundle/ldlint.cache): compiling the bundle, and the functions a run needs, is most of
// ldlint's start-up. V8 rejects a cache from another Node version or a changed bundle, and the
// bundle is then compiled as usual.
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/bundle/ldlint.cjs', import.meta.url));
export const CODE_CACHE = fileURLToPath(new URL('../dist/bundle/ldlint.cache', import.meta.url));

/** The CLI module's exports, and the compiled script (scripts/code-cache.mjs writes its cache). */
export function loadCli({ useCache = true } = {}) {
  // The script has no import() of its own on Node 20: src/io/import-external.ts uses this one.
  globalThis.__ldlintImport ??= (specifier) => import(specifier);
  const cachedData = useCache && existsSync(CODE_CACHE) ? readFileSync(CODE_CACHE) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE));
  return { cli: module.exports, script };
}
