/**
 * The local modules a function's entry file imports, transitively (code.md: up to 5 imports deep):
 * Python absolute imports of packages in the code root and relative imports, JavaScript /
 * TypeScript relative `import` / `require`, Java classes of the same source tree (imported, or of
 * the file's own package). Third-party code is never read: `node_modules/`, and the directories and
 * modules a `*.dist-info/RECORD` in the code root lists (`pip install -t` output).
 * Needs tree-sitter started (the imports are read from syntax trees).
 */
import path from 'node:path';
import { importsOf, type JavaImports, type PythonImport } from '../../parse/code-imports.js';
import type { CodeFs } from './files.js';
import { scriptKind } from './handler.js';
import type { CodeFile, FunctionCode } from './types.js';

export const MAX_IMPORT_DEPTH = 5;
/** A bound on the files of one function, whatever its imports. */
export const MAX_CODE_FILES = 200;

const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];

export interface FollowContext {
  fs: CodeFs;
  display(abs: string): string;
  /** Top-level names pip installed into a code root (memoized per root by the caller). */
  vendored(root: string): ReadonlySet<string>;
}

/** Adds the local modules the entry imports to `code.files` (inline code has none to follow). */
export function followImports(code: FunctionCode, ctx: FollowContext): void {
  if (code.entry.origin) return;
  const seen = new Set<string>([code.entry.path]);
  let level: CodeFile[] = [code.entry];
  for (let depth = 1; depth <= MAX_IMPORT_DEPTH && level.length; depth++) {
    const next: CodeFile[] = [];
    for (const file of level) {
      for (const target of importedFiles(file, code.root, ctx)) {
        if (seen.has(target) || seen.size >= MAX_CODE_FILES) continue;
        seen.add(target);
        const read = ctx.fs.read(target);
        if (!read.ok) continue;
        const kind = file.language === 'python' ? { language: 'python' as const, grammar: 'python' as const } : file.language === 'java' ? { language: 'java' as const, grammar: 'java' as const } : scriptKind(target);
        const imported: CodeFile = { path: target, displayPath: ctx.display(target), text: read.text, ...kind };
        code.files.push(imported);
        next.push(imported);
      }
    }
    level = next;
  }
}

/** Files that `file` imports and that are local code of the function. */
function importedFiles(file: CodeFile, root: string, ctx: FollowContext): string[] {
  const imports = importsOf(file);
  const local = (abs: string) => ctx.fs.within(abs) && !abs.split(path.sep).includes('node_modules') && ctx.fs.isFile(abs);
  switch (imports.kind) {
    case 'python':
      return imports.imports.flatMap((i) => pythonTargets(i, file.path, root, ctx)).filter(local);
    case 'script':
      return imports.imports.flatMap((i) => scriptTargets(i.specifier, file.path, local));
    case 'java':
      return javaTargets(imports, file.path, local);
  }
}

function pythonTargets(imp: PythonImport, from: string, root: string, ctx: FollowContext): string[] {
  // `a.b.c` is a/b/c.py or a/b/c/__init__.py, and importing it runs a/__init__.py and a/b/__init__.py first.
  const moduleFiles = (base: string, dotted: string) => {
    const segs = dotted ? dotted.split('.') : [];
    const packages = segs.slice(0, -1).map((_, i) => path.join(base, ...segs.slice(0, i + 1), '__init__.py'));
    const p = path.join(base, ...segs);
    return [...packages, `${p}.py`, path.join(p, '__init__.py')];
  };
  const under = (base: string) => [
    ...moduleFiles(base, imp.module),
    ...imp.names.flatMap((n) => moduleFiles(base, imp.module ? `${imp.module}.${n}` : n).slice(-2)),
  ];
  if (imp.level > 0) {
    let base = path.dirname(from);
    for (let i = 1; i < imp.level; i++) base = path.dirname(base);
    return under(base);
  }
  // Absolute imports: packages of the code root (Lambda's /var/task), then beside the importing file.
  if (ctx.vendored(root).has(imp.module.split('.')[0]!)) return [];
  const beside = path.dirname(from);
  return [...under(root), ...(beside === root ? [] : under(beside))];
}

function scriptTargets(specifier: string, from: string, local: (abs: string) => boolean): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return [];
  const base = path.resolve(path.dirname(from), specifier);
  const ext = path.extname(base);
  // TypeScript imports its own modules by their output name: `./util.js` is `./util.ts`.
  const renamed = ext === '.js' ? ['.ts', '.tsx'].map((x) => base.slice(0, -3) + x) : ext === '.mjs' ? [base.slice(0, -4) + '.mts'] : ext === '.cjs' ? [base.slice(0, -4) + '.cts'] : [];
  const candidates = [
    ...(SCRIPT_EXTENSIONS.includes(ext) ? [base, ...renamed] : []),
    ...SCRIPT_EXTENSIONS.map((x) => base + x),
    ...SCRIPT_EXTENSIONS.map((x) => path.join(base, `index${x}`)),
  ];
  const hit = candidates.find(local);
  return hit ? [hit] : [];
}

function javaTargets(imports: JavaImports, from: string, local: (abs: string) => boolean): string[] {
  const pkgDirs = imports.package ? imports.package.split('.') : [];
  const fromDir = path.dirname(from);
  // The source tree root: the file's directory above its package's directories.
  const tail = pkgDirs.join(path.sep);
  if (tail && !fromDir.endsWith(path.sep + tail)) return [];
  const srcRoot = tail ? fromDir.slice(0, -tail.length - 1) : fromDir;
  const out: string[] = [];
  const classFile = (segments: string[]) => path.join(srcRoot, ...segments) + '.java';
  for (const imp of imports.imports) {
    const segs = imp.name.split('.');
    if (imp.wildcard) {
      for (const t of imports.typeNames) out.push(classFile([...segs, t]));
      continue;
    }
    // `a.b.C`, or a static member / nested class of it: `a.b.C.member`, `a.b.C.Inner.member`.
    for (let n = segs.length; n >= Math.max(1, segs.length - 2); n--) {
      const f = classFile(segs.slice(0, n));
      if (local(f)) {
        out.push(f);
        break;
      }
    }
  }
  // Classes of the same package need no import.
  for (const t of imports.typeNames) out.push(classFile([...pkgDirs, t]));
  return [...new Set(out)].filter((f) => f !== from && local(f));
}
