/**
 * The handler setting, read as each runtime reads it, and the entry file it names under a code
 * root. Only files that exist are returned: a handler whose file is not there is not guessed.
 */
import path from 'node:path';
import type { CodeFs } from './files.js';
import type { CodeGrammar, CodeLanguage } from './types.js';

export type Runtime = 'python' | 'node' | 'java';

/** The language family of a Lambda runtime identifier (`python3.12`, `nodejs20.x`, `java21`); others are not read. */
export function runtimeFamily(runtime: string): Runtime | undefined {
  if (/^python3/i.test(runtime)) return 'python';
  if (/^nodejs/i.test(runtime)) return 'node';
  if (/^java/i.test(runtime)) return 'java';
  return undefined;
}

/** Node.js entry extensions, in the order the runtime (and then a TypeScript build) would pick them. */
export const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts'];

export interface Entry {
  file: string;
  language: CodeLanguage;
  grammar: CodeGrammar;
  /** The function or method inside the entry file. */
  handlerName: string;
}

export interface HandlerParts {
  /** Module path relative to the code root, without extension (`src/app`); for Java the class file (`com/acme/Handler.java`). */
  module: string;
  handlerName: string;
}

/**
 * Splits a handler string as the runtime does: Python at the last dot (`pkg/app.lambda_handler`,
 * packages dotted: `pkg.app.handler` -> `pkg/app`), Node.js at the first dot after the last slash
 * (`src/index.handlers.main` -> `src/index`), Java `com.acme.Handler::handleRequest` (the method
 * defaults to `handleRequest`, a nested class `Outer$Inner` lives in `Outer.java`).
 */
export function splitHandler(runtime: Runtime, handler: string): HandlerParts | undefined {
  const h = handler.trim();
  if (runtime === 'java') {
    const [cls, method] = h.split('::');
    if (!cls || !/^[\w$.]+$/.test(cls)) return undefined;
    return { module: `${cls.replace(/\$.*$/, '').split('.').join('/')}.java`, handlerName: method || 'handleRequest' };
  }
  if (runtime === 'python') {
    const dot = h.lastIndexOf('.');
    if (dot <= 0 || dot === h.length - 1) return undefined;
    const mod = h.slice(0, dot);
    const slash = mod.lastIndexOf('/');
    return { module: mod.slice(0, slash + 1) + mod.slice(slash + 1).split('.').join('/'), handlerName: h.slice(dot + 1) };
  }
  const slash = h.lastIndexOf('/');
  const dot = h.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === h.length - 1) return undefined;
  return { module: h.slice(0, dot), handlerName: h.slice(dot + 1) };
}

/** The language and grammar of a Node.js file by its extension. */
export function scriptKind(file: string): { language: CodeLanguage; grammar: CodeGrammar } {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsx') return { language: 'typescript', grammar: 'tsx' };
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return { language: 'typescript', grammar: 'typescript' };
  return { language: 'javascript', grammar: 'javascript' };
}

/**
 * The entry file of a handler under `root`, or undefined when no such file exists. `entryPoints`
 * are SAM's `Metadata.BuildProperties.EntryPoints` (esbuild), relative to the root: the TypeScript
 * source a `Handler: app.handler` is built from.
 */
export function findEntry(fs: CodeFs, root: string, runtime: Runtime, parts: HandlerParts, entryPoints: readonly string[] = []): Entry | undefined {
  const inRoot = (rel: string) => {
    const abs = path.resolve(root, rel);
    return fs.within(abs) && fs.isFile(abs) ? abs : undefined;
  };
  if (runtime === 'python') {
    const file = inRoot(`${parts.module}.py`);
    return file ? { file, language: 'python', grammar: 'python', handlerName: parts.handlerName } : undefined;
  }
  if (runtime === 'java') {
    // Maven and Gradle keep sources in src/main/java; any source tree under the root will do.
    const hits = fs.findBySuffix(root, parts.module);
    const file = hits.find((h) => h.split(path.sep).join('/').includes('/src/main/java/')) ?? hits[0];
    return file ? { file, language: 'java', grammar: 'java', handlerName: parts.handlerName } : undefined;
  }
  const base = path.posix.basename(parts.module);
  const built = entryPoints.filter((e) => path.posix.basename(e).replace(/\.[^.]+$/, '') === base);
  for (const rel of [...built, ...(entryPoints.length === 1 ? entryPoints : []), ...NODE_EXTENSIONS.map((x) => parts.module + x)]) {
    const file = inRoot(rel);
    if (file) return { file, ...scriptKind(file), handlerName: parts.handlerName };
  }
  return undefined;
}
