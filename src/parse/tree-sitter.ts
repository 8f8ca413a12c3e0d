/**
 * tree-sitter, through web-tree-sitter and the grammars' own WASM builds (no native build): the one
 * parsing technology for Terraform (HCL) and the functions' code (Python, JavaScript, TypeScript,
 * Java). Nothing here loads until a run needs it: a CloudFormation-only run never imports
 * web-tree-sitter. The runtime's start is asynchronous (once per process, `initTreeSitter`); after
 * it, grammars load and files parse synchronously, so the model and the rules stay synchronous.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { importExternal } from '../io/import-external.js';
import type * as TreeSitter from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree, Language, Query, QueryMatch, QueryCapture } from 'web-tree-sitter';

export type Grammar = 'terraform' | 'python' | 'javascript' | 'typescript' | 'tsx' | 'java';

/** Where each grammar's WASM file is, as a package path (resolved from this module). */
const WASM: Record<Grammar, string> = {
  terraform: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
};

let runtime: typeof TreeSitter | undefined;
let starting: Promise<typeof TreeSitter> | undefined;
const languages = new Map<Grammar, TreeSitter.Language>();
const parsers = new Map<Grammar, TreeSitter.Parser>();

/** Starts the tree-sitter runtime (memoized); every other function here needs it started. */
export function initTreeSitter(): Promise<void> {
  starting ??= importExternal<typeof TreeSitter>('web-tree-sitter').then(async (mod) => {
    await mod.Parser.init();
    runtime = mod;
    return mod;
  });
  return starting.then(() => undefined);
}

export function treeSitterReady(): boolean {
  return runtime !== undefined;
}

function started(): typeof TreeSitter {
  if (!runtime) throw new Error('tree-sitter is used before initTreeSitter() has finished');
  return runtime;
}

/** A grammar, loaded on first use (synchronously: V8 compiles the WASM module lazily). */
export function language(grammar: Grammar): TreeSitter.Language {
  let lang = languages.get(grammar);
  if (!lang) {
    const file = createRequire(import.meta.url).resolve(WASM[grammar]);
    lang = started().Language.loadSync(new WebAssembly.Module(readFileSync(file)));
    languages.set(grammar, lang);
  }
  return lang;
}

/**
 * Parses text with a grammar and hands the tree to `use`; the tree lives in WASM memory and is
 * freed when `use` returns, so nothing may keep its nodes: `use` copies out what it needs.
 */
export function withTree<T>(grammar: Grammar, text: string, use: (tree: TreeSitter.Tree) => T): T {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new (started().Parser)();
    parser.setLanguage(language(grammar));
    parsers.set(grammar, parser);
  }
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter could not parse the text as ${grammar}`);
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/** A query over a grammar, compiled once per (grammar, source). */
const queries = new Map<string, TreeSitter.Query>();
export function query(grammar: Grammar, source: string): TreeSitter.Query {
  const key = `${grammar}\0${source}`;
  let q = queries.get(key);
  if (!q) queries.set(key, (q = new (started().Query)(language(grammar), source)));
  return q;
}
