// Loads a bundle of dist/bundle/ (the CLI, ldlint.cjs, or the pool worker, worker.cjs) with the V8
// code cache written at build time beside it (ldlint.cache, worker.cache): compiling the bundle,
// and the functions a run needs, is most of ldlint's start-up. V8 rejects a cache from another
// Node version or a changed bundle, and the bundle is then compiled as usual.
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const DIR = fileURLToPath(new URL('../dist/bundle/', import.meta.url));
export const bundlePath = (name) => path.join(DIR, `${name}.cjs`);
export const cachePath = (name) => path.join(DIR, `${name}.cache`);

/** The bundle's exports, and the compiled script (scripts/code-cache.mjs writes its cache). */
export function loadBundle(name, { useCache = true } = {}) {
  // The script has no import() of its own on Node 20: src/io/import-external.ts uses this one.
  globalThis.__ldlintImport ??= (specifier) => import(specifier);
  const file = bundlePath(name);
  const cache = cachePath(name);
  const cachedData = useCache && existsSync(cache) ? readFileSync(cache) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, DIR);
  return { exports: module.exports, script };
}
