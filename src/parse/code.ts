/**
 * The functions' code as syntax: each CodeFile parsed once per run with its tree-sitter grammar,
 * shared by every check, and positions in the file the finding points into. Trees live in WASM
 * memory: `releaseSyntax()` frees them once a project's checks have run.
 * `initTreeSitter()` must have finished before (the model's code stage awaits it).
 */
import type { CodeFile } from '../model/code/types.js';
import { SourceFile, type Loc } from './source.js';
import { withTree, type SyntaxNode, type Tree } from './tree-sitter.js';
import { language } from './tree-sitter.js';

const trees = new Map<string, Tree>();
const sources = new Map<string, SourceFile>();

/**
 * What identifies a code file within a project: its path (and, for inline code, where it starts).
 * Functions that share a code root have their own CodeFile objects for the same files; they share
 * one parse.
 */
export function fileKey(file: CodeFile): string {
  return file.origin ? `${file.path}\0${file.origin.line}:${file.origin.column}` : file.path;
}

/** The parsed tree of a code file (memoized until `releaseSyntax`). */
export function syntaxOf(file: CodeFile): Tree {
  const key = fileKey(file);
  let tree = trees.get(key);
  if (!tree) {
    tree = parse(file);
    trees.set(key, tree);
  }
  return tree;
}

function parse(file: CodeFile): Tree {
  language(file.grammar);
  // withTree frees its tree; a copy outlives it for the checks of this project.
  return withTree(file.grammar, file.text, (t) => t.copy());
}

const releaseHooks: (() => void)[] = [];

/** Registers what must be dropped with the trees (caches holding their nodes). */
export function onRelease(hook: () => void): void {
  releaseHooks.push(hook);
}

/** Frees every tree parsed since the last call. */
export function releaseSyntax(): void {
  for (const hook of releaseHooks) hook();
  for (const t of trees.values()) t.delete();
  trees.clear();
  sources.clear();
}

/** The SourceFile findings in a code file point into: the file itself, or the template of inline code. */
export function sourceOf(file: CodeFile): SourceFile {
  if (file.origin) return file.origin.template;
  const key = fileKey(file);
  let s = sources.get(key);
  if (!s) sources.set(key, (s = new SourceFile(file.displayPath, file.text)));
  return s;
}

/** Where a node of a code file is, as a Loc (inline code: mapped into its template). */
export function codeLoc(file: CodeFile, node: Pick<SyntaxNode, 'startIndex' | 'endIndex' | 'startPosition' | 'endPosition'>): Loc {
  const origin = file.origin;
  if (!origin) return { file: sourceOf(file), start: node.startIndex, end: node.endIndex };
  const t = origin.template;
  const at = (p: { row: number; column: number }) =>
    origin.layout === 'block' ? t.lineOffset(origin.line + p.row) + origin.column - 1 + p.column : t.lineOffset(origin.line) + origin.column - 1;
  return { file: t, start: at(node.startPosition), end: at(node.endPosition) };
}

const COMMENTS = ['comment', 'line_comment', 'block_comment'];

/** The comments of a code file, with their offsets (for suppression directives). */
export function codeComments(file: CodeFile): { offset: number; source: string }[] {
  return syntaxOf(file).rootNode.descendantsOfType(COMMENTS).flatMap((c) => (c ? [{ offset: c.startIndex, source: c.text }] : []));
}
