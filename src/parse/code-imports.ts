/**
 * The imports of a code file, as plain data: what src/model/code follows to find a function's local
 * modules. Each language's import forms are tree-sitter queries over the syntax tree (never
 * regular expressions over the text); resolving them to files is the model's job.
 * `initTreeSitter()` must have finished before.
 */
import type { CodeFile } from '../model/code/types.js';
import { fileKey, onRelease, syntaxOf } from './code.js';
import { query, type SyntaxNode } from './tree-sitter.js';

/** A Python import: `import a.b` (module `a.b`), `from ..pkg import x, y` (level 2, module `pkg`, names). */
export interface PythonImport {
  kind: 'python';
  /** Leading dots of a relative import (0: absolute). */
  level: number;
  /** Dotted module path, '' for `from . import x`. */
  module: string;
  /** Names of a `from` import (each may be a submodule); empty for `import a.b`. */
  names: string[];
}

/** A JavaScript / TypeScript module specifier: `import ... from 'x'`, `require('x')`, `import('x')`, `export ... from 'x'`. */
export interface ScriptImport {
  kind: 'script';
  specifier: string;
}

/**
 * A Java file's view of other classes: its package, its imports (`com.acme.util.Helper`,
 * `com.acme.util.*`, static imports as written), and the simple type names it mentions, which may
 * be classes of its own package (used without an import).
 */
export interface JavaImports {
  kind: 'java';
  package: string;
  imports: { name: string; wildcard: boolean }[];
  typeNames: string[];
}

export type CodeImports = { kind: 'python'; imports: PythonImport[] } | { kind: 'script'; imports: ScriptImport[] } | JavaImports;

const PYTHON = `
(import_statement) @import
(import_from_statement) @from
`;

const SCRIPT = `
(import_statement source: (string (string_fragment) @spec))
(export_statement source: (string (string_fragment) @spec))
(call_expression function: (identifier) @fn arguments: (arguments . (string (string_fragment) @spec)) (#eq? @fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @spec)))
`;

/** TypeScript also has `import x = require('./x')`. */
const TYPESCRIPT = `${SCRIPT}
(import_require_clause source: (string (string_fragment) @spec))
`;

const JAVA = `
(package_declaration [(scoped_identifier) (identifier)] @package)
(import_declaration) @import
(type_identifier) @type
(method_invocation object: (identifier) @type)
(field_access object: (identifier) @type)
`;

/** Imports per file (fileKey): functions that share a code root share its files' queries too. */
const known = new Map<string, CodeImports>();
onRelease(() => known.clear());

/** The imports of one code file (memoized until `releaseSyntax`). */
export function importsOf(file: CodeFile): CodeImports {
  const key = fileKey(file);
  let imports = known.get(key);
  if (!imports) known.set(key, (imports = readImports(file)));
  return imports;
}

function readImports(file: CodeFile): CodeImports {
  const root = syntaxOf(file).rootNode;
  switch (file.grammar) {
    case 'python':
      return { kind: 'python', imports: pythonImports(root) };
    case 'java':
      return javaImports(root);
    default: {
      const source = file.grammar === 'javascript' ? SCRIPT : TYPESCRIPT;
      const specs = query(file.grammar, source).captures(root).filter((c) => c.name === 'spec').map((c) => c.node.text);
      return { kind: 'script', imports: [...new Set(specs)].map((specifier) => ({ kind: 'script', specifier })) };
    }
  }
}

function pythonImports(root: SyntaxNode): PythonImport[] {
  const out: PythonImport[] = [];
  for (const c of query('python', PYTHON).captures(root)) {
    const stmt = c.node;
    if (c.name === 'import') {
      for (const n of stmt.childrenForFieldName('name')) {
        const dotted = n?.type === 'aliased_import' ? n.childForFieldName('name') : n;
        if (dotted?.type === 'dotted_name') out.push({ kind: 'python', level: 0, module: dotted.text, names: [] });
      }
      continue;
    }
    const from = stmt.childForFieldName('module_name');
    if (!from) continue;
    let level = 0;
    let module = from.text;
    if (from.type === 'relative_import') {
      const prefix = from.namedChildren.find((n) => n?.type === 'import_prefix');
      level = prefix?.text.length ?? 0;
      module = from.namedChildren.find((n) => n?.type === 'dotted_name')?.text ?? '';
    }
    const names: string[] = [];
    for (const n of stmt.childrenForFieldName('name')) {
      const dotted = n?.type === 'aliased_import' ? n.childForFieldName('name') : n;
      if (dotted?.type === 'dotted_name') names.push(dotted.text);
    }
    out.push({ kind: 'python', level, module, names });
  }
  return out;
}

function javaImports(root: SyntaxNode): JavaImports {
  let pkg = '';
  const imports: JavaImports['imports'] = [];
  const typeNames = new Set<string>();
  for (const c of query('java', JAVA).captures(root)) {
    if (c.name === 'package') pkg = c.node.text;
    else if (c.name === 'type') typeNames.add(c.node.text);
    else {
      const name = c.node.namedChildren.find((n) => n?.type === 'scoped_identifier' || n?.type === 'identifier');
      if (name) imports.push({ name: name.text, wildcard: c.node.namedChildren.some((n) => n?.type === 'asterisk') });
    }
  }
  return { kind: 'java', package: pkg, imports, typeNames: [...typeNames] };
}
