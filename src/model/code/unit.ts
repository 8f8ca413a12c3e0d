/**
 * One parsed code file and what the checks ask of it, in the same words for the four languages:
 * its imports (local name -> qualified module path), the names bound once, its functions by name,
 * its module-scope bindings, and calls in one normalised shape. Built once per file and project,
 * dropped with the trees (`releaseSyntax`).
 */
import { fileKey, onRelease, syntaxOf } from '../../parse/code.js';
import type { SyntaxNode } from '../../parse/tree-sitter.js';
import type { CodeFile, CodeLanguage } from './types.js';

export type { SyntaxNode };

/** A call or construction, whatever the language: `f(a, k=v)`, `o.m(a)`, `new C(a)`. */
export interface Call {
  node: SyntaxNode;
  /** The called expression (`o.m`, `f`, `C`); for Java `o.m(...)` the invocation itself. */
  callee: SyntaxNode;
  /** The method or function name (`connect` of `sqlite3.connect`). */
  name: string;
  /** The receiver of a method call (`o` of `o.m(...)`). */
  object: SyntaxNode | undefined;
  args: SyntaxNode[];
  /** Python keyword arguments. */
  keywords: Map<string, SyntaxNode>;
  isNew: boolean;
}

export interface Binding {
  /** The bound value; undefined for a parameter, a loop target or a destructuring. */
  value: SyntaxNode | undefined;
  node: SyntaxNode;
  /** Java: the declared type, as written (`LambdaClient`). */
  type?: string;
  /** Declared `const` / `final`. */
  constant: boolean;
  /** Bound at module scope (Python module, JS program, Java static field). */
  moduleScope: boolean;
}

const FUNCTION_TYPES: Record<CodeLanguage, string[]> = {
  python: ['function_definition'],
  javascript: ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function'],
  typescript: ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function'],
  java: ['method_declaration', 'constructor_declaration', 'lambda_expression'],
};

const CALL_TYPES: Record<CodeLanguage, string[]> = {
  python: ['call'],
  javascript: ['call_expression', 'new_expression'],
  typescript: ['call_expression', 'new_expression'],
  java: ['method_invocation', 'object_creation_expression'],
};

export class Unit {
  readonly root: SyntaxNode;
  readonly language: CodeLanguage;
  /** Local name -> qualified module path (`sqlite3`, `tinydb.TinyDB`, `better-sqlite3`, `java.sql.DriverManager`). */
  readonly imports = new Map<string, string>();
  /** Every module a file imports, as written (`aws_lambda_powertools.logging`, `@aws-lambda-powertools/logger`). */
  readonly importedModules: { module: string; node: SyntaxNode }[] = [];
  readonly bindings = new Map<string, Binding[]>();
  /** Named functions of the file (Python `def`, JS declarations and function-valued bindings, Java methods). */
  readonly functions = new Map<string, SyntaxNode>();
  private callList: Call[] | undefined;

  constructor(readonly file: CodeFile) {
    this.root = syntaxOf(file).rootNode;
    this.language = file.language;
    if (this.language === 'python') this.indexPython();
    else if (this.language === 'java') this.indexJava();
    else this.indexJs();
  }

  isFunction(n: SyntaxNode): boolean {
    return FUNCTION_TYPES[this.language].includes(n.type);
  }

  /** Every call of the file, in source order. */
  calls(): Call[] {
    return (this.callList ??= this.root.descendantsOfType(CALL_TYPES[this.language]).flatMap((n) => (n ? [this.call(n)!] : [])));
  }

  /** Calls inside a node (a function's body). */
  callsIn(node: SyntaxNode): Call[] {
    return this.calls().filter((c) => c.node.startIndex >= node.startIndex && c.node.endIndex <= node.endIndex);
  }

  /** The call shape of a node, or undefined when it is no call. */
  call(n: SyntaxNode): Call | undefined {
    if (!CALL_TYPES[this.language].includes(n.type)) return undefined;
    const keywords = new Map<string, SyntaxNode>();
    const args: SyntaxNode[] = [];
    const list = n.childForFieldName('arguments');
    for (const a of list?.namedChildren ?? []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name')?.text;
        const v = a.childForFieldName('value');
        if (k && v) keywords.set(k, v);
      } else args.push(a);
    }
    if (this.language === 'java') {
      if (n.type === 'object_creation_expression') {
        const type = n.childForFieldName('type')!;
        return { node: n, callee: type, name: lastName(type.text), object: undefined, args, keywords, isNew: true };
      }
      return { node: n, callee: n, name: n.childForFieldName('name')?.text ?? '', object: n.childForFieldName('object') ?? undefined, args, keywords, isNew: false };
    }
    const callee = n.childForFieldName(n.type === 'new_expression' ? 'constructor' : 'function');
    if (!callee) return undefined;
    const member = callee.type === 'attribute' || callee.type === 'member_expression';
    const name = member ? (callee.childForFieldName(callee.type === 'attribute' ? 'attribute' : 'property')?.text ?? '') : callee.text;
    return { node: n, callee, name, object: member ? (callee.childForFieldName('object') ?? undefined) : undefined, args, keywords, isNew: n.type === 'new_expression' };
  }

  /**
   * The qualified name of what a call calls (`sqlite3.connect`, `new better-sqlite3`,
   * `java.nio.file.Paths.get`), without its arguments.
   */
  calleeName(c: Call): string {
    if (this.language === 'java' && !c.isNew) return c.object ? `${this.qualify(c.object)}.${c.name}` : c.name;
    return `${c.isNew ? 'new ' : ''}${this.qualify(c.callee)}`;
  }

  /** The single binding of a name in the file, when it is bound exactly once. */
  boundOnce(name: string): Binding | undefined {
    const b = this.bindings.get(name);
    return b && b.length === 1 ? b[0] : undefined;
  }

  private bind(name: string, b: Binding): void {
    const list = this.bindings.get(name);
    if (list) list.push(b);
    else this.bindings.set(name, [b]);
  }

  /** Whether a node sits at module scope (not inside any function or class method). */
  private atModuleScope(n: SyntaxNode): boolean {
    for (let p = n.parent; p; p = p.parent) if (this.isFunction(p) || p.type === 'class_definition') return false;
    return true;
  }

  private indexPython(): void {
    const root = this.root;
    for (const s of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
      if (!s) continue;
      const from = s.type === 'import_from_statement' ? s.childForFieldName('module_name')?.text : undefined;
      if (from) this.importedModules.push({ module: from, node: s });
      for (const item of s.childrenForFieldName('name')) {
        if (!item) continue;
        const target = item.type === 'aliased_import' ? item.childForFieldName('name')!.text : item.text;
        const local = item.type === 'aliased_import' ? item.childForFieldName('alias')!.text : from ? target : target.split('.')[0]!;
        const qualified = from ? `${from}.${target}` : item.type === 'aliased_import' ? target : local;
        this.imports.set(local, qualified);
        if (!from) this.importedModules.push({ module: target, node: s });
      }
    }
    for (const a of root.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'with_item', 'function_definition', 'global_statement'])) {
      if (!a) continue;
      if (a.type === 'function_definition') {
        const name = a.childForFieldName('name')?.text;
        if (name) this.functions.set(name, a);
        for (const p of a.childForFieldName('parameters')?.namedChildren ?? []) {
          const id = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
          if (id) this.bind(id.text, { value: undefined, node: id, constant: false, moduleScope: false });
        }
        continue;
      }
      if (a.type === 'global_statement') continue;
      const left = a.type === 'with_item' ? a.descendantsOfType('as_pattern_target')[0] : a.childForFieldName('left');
      if (!left) continue;
      const value = a.type === 'assignment' ? (a.childForFieldName('right') ?? undefined) : undefined;
      const moduleScope = this.atModuleScope(a);
      if (left.type === 'identifier') this.bind(left.text, { value: a.type === 'assignment' && value?.type !== 'assignment' ? value : undefined, node: a, constant: false, moduleScope });
      else for (const id of left.descendantsOfType('identifier')) if (id && id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript') this.bind(id.text, { value: undefined, node: a, constant: false, moduleScope });
    }
  }

  private indexJs(): void {
    const root = this.root;
    for (const s of root.descendantsOfType('import_statement')) {
      const source = s?.childForFieldName('source');
      if (!s || !source) continue;
      const written = stringText(source);
      this.importedModules.push({ module: written, node: s });
      const module = bare(written);
      for (const clause of s.namedChildren) {
        if (clause?.type !== 'import_clause') continue;
        for (const c of clause.namedChildren) {
          if (!c) continue;
          if (c.type === 'identifier') this.imports.set(c.text, module);
          else if (c.type === 'namespace_import') this.imports.set(c.namedChildren[0]!.text, module);
          else if (c.type === 'named_imports') {
            for (const spec of c.namedChildren) {
              if (spec?.type !== 'import_specifier') continue;
              const name = spec.childForFieldName('name')!.text;
              this.imports.set(spec.childForFieldName('alias')?.text ?? name, `${module}.${name}`);
            }
          }
        }
      }
    }
    for (const d of root.descendantsOfType(['variable_declarator', 'assignment_expression', 'function_declaration', 'generator_function_declaration', 'formal_parameters', 'for_in_statement', 'catch_clause'])) {
      if (!d) continue;
      if (d.type === 'function_declaration' || d.type === 'generator_function_declaration') {
        const name = d.childForFieldName('name')?.text;
        if (name) {
          this.functions.set(name, d);
          this.bind(name, { value: d, node: d, constant: true, moduleScope: this.atModuleScope(d) });
        }
        continue;
      }
      if (d.type === 'formal_parameters') {
        for (const id of d.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) this.bind(id.text, { value: undefined, node: id, constant: false, moduleScope: false });
        continue;
      }
      if (d.type === 'for_in_statement' || d.type === 'catch_clause') {
        const left = d.childForFieldName(d.type === 'catch_clause' ? 'parameter' : 'left');
        for (const id of left?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']) ?? []) if (id) this.bind(id.text, { value: undefined, node: id, constant: false, moduleScope: false });
        continue;
      }
      const left = d.childForFieldName(d.type === 'variable_declarator' ? 'name' : 'left');
      const value = d.childForFieldName(d.type === 'variable_declarator' ? 'value' : 'right') ?? undefined;
      if (!left) continue;
      const moduleScope = this.atModuleScope(d);
      const constant = d.type === 'variable_declarator' && d.parent?.type === 'lexical_declaration' && d.parent.child(0)?.text === 'const';
      if (left.type === 'identifier') {
        this.bind(left.text, { value, node: d, constant, moduleScope });
        if (value && this.isFunction(value)) this.functions.set(left.text, value);
        if (d.type === 'variable_declarator' && value) this.requireBinding(left.text, value);
      } else if (left.type === 'object_pattern' && d.type === 'variable_declarator') {
        const module = value ? this.requiredModule(value) : undefined;
        for (const p of left.namedChildren) {
          if (!p) continue;
          const [key, local] = p.type === 'pair_pattern' ? [p.childForFieldName('key')?.text, p.childForFieldName('value')] : [p.text, p];
          if (!local || local.type !== 'identifier' && local.type !== 'shorthand_property_identifier_pattern') continue;
          this.bind(local.text, { value: undefined, node: d, constant, moduleScope });
          if (module && key) this.imports.set(local.text, `${module}.${key}`);
        }
      } else if (d.type === 'variable_declarator') {
        for (const id of left.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) this.bind(id.text, { value: undefined, node: d, constant, moduleScope });
      }
    }
  }

  /** `const x = require('m')` (also `require('m').verbose()`): x names module m. */
  private requireBinding(local: string, value: SyntaxNode): void {
    const module = this.requiredModule(value);
    if (module) this.imports.set(local, module);
  }

  private requiredModule(value: SyntaxNode): string | undefined {
    let v: SyntaxNode | null = value;
    while (v?.type === 'await_expression') v = v.namedChildren[0] ?? null;
    if (v?.type !== 'call_expression') return undefined;
    const fn = v.childForFieldName('function');
    if (fn?.type === 'identifier' && fn.text === 'require') {
      const arg = v.childForFieldName('arguments')?.namedChildren[0];
      if (arg?.type !== 'string') return undefined;
      const module = stringText(arg);
      this.importedModules.push({ module, node: v });
      return bare(module);
    }
    return undefined;
  }

  private indexJava(): void {
    const root = this.root;
    for (const s of root.descendantsOfType('import_declaration')) {
      if (!s) continue;
      const name = s.namedChildren.find((c) => c?.type === 'scoped_identifier' || c?.type === 'identifier')?.text;
      if (!name) continue;
      this.importedModules.push({ module: name, node: s });
      if (!s.text.includes('*')) this.imports.set(lastName(name), name);
    }
    for (const d of root.descendantsOfType(['field_declaration', 'local_variable_declaration', 'formal_parameter', 'catch_formal_parameter', 'assignment_expression', 'method_declaration', 'enhanced_for_statement'])) {
      if (!d) continue;
      if (d.type === 'method_declaration') {
        const name = d.childForFieldName('name')?.text;
        if (name && !this.functions.has(name)) this.functions.set(name, d);
        continue;
      }
      if (d.type === 'assignment_expression') {
        const left = d.childForFieldName('left');
        const name = left?.type === 'identifier' ? left.text : left?.type === 'field_access' && left.childForFieldName('object')?.type === 'this' ? left.childForFieldName('field')?.text : undefined;
        if (name) this.bind(name, { value: d.childForFieldName('right') ?? undefined, node: d, constant: false, moduleScope: false });
        continue;
      }
      const mods = d.namedChildren.find((c) => c?.type === 'modifiers');
      const has = (word: string) => mods?.children.some((c) => c?.type === word) ?? false;
      const type = d.childForFieldName('type')?.text;
      const constant = has('final');
      const moduleScope = d.type === 'field_declaration' && has('static');
      if (d.type === 'formal_parameter' || d.type === 'catch_formal_parameter' || d.type === 'enhanced_for_statement') {
        const id = d.childForFieldName('name');
        if (id) this.bind(id.text, { value: undefined, node: d, type, constant, moduleScope: false });
        continue;
      }
      for (const decl of d.childrenForFieldName('declarator')) {
        const id = decl?.childForFieldName('name');
        if (!decl || !id) continue;
        this.bind(id.text, { value: decl.childForFieldName('value') ?? undefined, node: d, type, constant, moduleScope });
      }
    }
  }

  /** A function's parameter names, in order. */
  parameters(fn: SyntaxNode): string[] {
    const params = fn.childForFieldName('parameters') ?? (fn.type === 'arrow_function' ? fn.childForFieldName('parameter') : null);
    if (!params) return [];
    if (params.type === 'identifier') return [params.text];
    return params.namedChildren.flatMap((p) => {
      if (!p || p.type === 'comment') return [];
      if (p.type === 'identifier') return [p.text];
      const named = p.childForFieldName('pattern') ?? p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
      return named?.type === 'identifier' ? [named.text] : ['?'];
    });
  }

  /** The body of a function node. */
  body(fn: SyntaxNode): SyntaxNode | undefined {
    return fn.childForFieldName('body') ?? undefined;
  }

  /**
   * The qualified name of an expression, for matching APIs: imports and names bound once are
   * followed (`sq.connect` -> `sqlite3.connect`; `client.invoke` with `client = boto3.client('lambda')`
   * -> `boto3.client(lambda).invoke`); a call adds `(first literal argument)`; `new` adds `new `.
   */
  qualify(n: SyntaxNode | null | undefined, depth = 0): string {
    if (!n || depth > 8) return '?';
    switch (n.type) {
      case 'identifier':
      case 'type_identifier': {
        const imported = this.imports.get(n.text);
        if (imported) return imported;
        const b = this.boundOnce(n.text);
        if (b?.value && !this.isFunction(b.value)) return this.qualify(b.value, depth + 1);
        return n.text;
      }
      case 'attribute':
        return `${this.qualify(n.childForFieldName('object'), depth + 1)}.${n.childForFieldName('attribute')?.text}`;
      case 'member_expression':
        return `${this.qualify(n.childForFieldName('object'), depth + 1)}.${n.childForFieldName('property')?.text}`;
      case 'field_access':
        return `${this.qualify(n.childForFieldName('object'), depth + 1)}.${n.childForFieldName('field')?.text}`;
      case 'scoped_identifier':
      case 'scoped_type_identifier':
        return n.text;
      case 'parenthesized_expression':
      case 'await_expression':
      case 'non_null_expression':
        return this.qualify(n.namedChildren[0], depth + 1);
      case 'as_expression':
        return this.qualify(n.namedChildren[0], depth + 1);
    }
    const c = this.call(n);
    if (c) {
      const first = c.args[0];
      const lit = first && (first.type === 'string' || first.type === 'string_literal') ? stringText(first) : '';
      const head = this.language === 'java' && !c.isNew ? `${c.object ? `${this.qualify(c.object, depth + 1)}.` : ''}${c.name}` : this.qualify(c.callee, depth + 1);
      if (this.language !== 'python' && this.language !== 'java' && c.callee.type === 'identifier' && c.callee.text === 'require') return lit;
      return `${c.isNew ? 'new ' : ''}${head}(${lit})`;
    }
    return '?';
  }
}

/** The text of a string literal without its quotes (interpolations kept as written). */
export function stringText(n: SyntaxNode): string {
  const parts = n.namedChildren.filter((c) => c && c.type !== 'string_start' && c.type !== 'string_end');
  return parts.length ? parts.map((c) => c!.text).join('') : n.text.replace(/^(['"`])([\s\S]*)\1$/, '$2');
}

/** `node:path` is `path`. */
function bare(module: string): string {
  return module.startsWith('node:') ? module.slice(5) : module;
}

function lastName(dotted: string): string {
  const i = dotted.lastIndexOf('.');
  return i < 0 ? dotted : dotted.slice(i + 1);
}

const units = new Map<string, Unit>();
onRelease(() => units.clear());

/** The unit of a code file (built once per file until the trees are released). */
export function unitOf(file: CodeFile): Unit {
  const key = fileKey(file);
  let u = units.get(key);
  if (!u) units.set(key, (u = new Unit(file)));
  return u;
}
