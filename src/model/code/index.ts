/**
 * The functions' code in the model, in two stages. `locateProjectCode` (file system only, no
 * parser) finds each function's entry file, or why it cannot be read (`LambdaFunction.code` /
 * `codeProblem`). `followProjectImports` then reads the local modules the entry files import; it
 * parses, so tree-sitter must be started: the file linter starts it between the two stages, and only
 * when some function has code (`hasCode`), so that a run without code never loads it.
 */
import path from 'node:path';
import type { Project } from '../types.js';
import { CodeFs, MAX_CODE_FILE_SIZE } from './files.js';
import { followImports, type FollowContext } from './follow.js';
import { locateCode } from './locate.js';

export interface CodeOptions {
  /** Working directory: display paths (template paths in the model) are relative to it. */
  cwd: string;
  /** The project root (absolute): nothing outside it is read. */
  root: string;
  maxFileSize?: number;
  /** Display path of an absolute path; default: relative to `cwd`. */
  display?: (abs: string) => string;
}

export function locateProjectCode(project: Project, options: CodeOptions): void {
  const fs = new CodeFs(options.root, Math.min(options.maxFileSize ?? MAX_CODE_FILE_SIZE, MAX_CODE_FILE_SIZE));
  const display = options.display ?? ((abs: string) => path.relative(options.cwd, abs).split(path.sep).join('/') || abs);
  const ctx = { fs, display, abs: (p: string) => path.resolve(options.cwd, p) };
  for (const fn of project.functions) {
    const found = locateCode(fn, ctx);
    if (!found) continue;
    if ('code' in found) fn.code = found.code;
    else fn.codeProblem = found.problem;
  }
  codeFs.set(project, fs);
}

/** The file system view of the project's code root, kept for the second stage. */
const codeFs = new WeakMap<Project, CodeFs>();

export function hasCode(project: Project): boolean {
  return project.functions.some((f) => f.code !== undefined);
}

/** Adds each function's imported local modules to its code (tree-sitter started). */
export function followProjectImports(project: Project, options: Pick<CodeOptions, 'cwd' | 'display'>): void {
  const fs = codeFs.get(project);
  if (!fs) return;
  const display = options.display ?? ((abs: string) => path.relative(options.cwd, abs).split(path.sep).join('/') || abs);
  const records = new Map<string, ReadonlySet<string>>();
  const ctx: FollowContext = {
    fs,
    display,
    vendored: (root) => {
      let names = records.get(root);
      if (!names) records.set(root, (names = pipInstalled(fs, root)));
      return names;
    },
  };
  for (const fn of project.functions) if (fn.code) followImports(fn.code, ctx);
  codeFs.delete(project);
}

/** Top-level modules and packages that `*.dist-info/RECORD` files in `root` list: pip's, not the project's. */
function pipInstalled(fs: CodeFs, root: string): ReadonlySet<string> {
  const names = new Set<string>();
  for (const e of fs.list(root)) {
    if (!e.name.endsWith('.dist-info')) continue;
    const record = fs.read(path.join(root, e.name, 'RECORD'));
    if (!record.ok) continue;
    for (const line of record.text.split('\n')) {
      const first = line.split(',')[0]!.split('/')[0]!.trim();
      if (first && !first.endsWith('.dist-info') && first !== '..') names.add(first.replace(/\.py$/, ''));
    }
  }
  return names;
}
