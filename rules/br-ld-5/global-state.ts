import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { programs, reportCode } from '../../src/engine/code-rules.js';
import { within, type Program } from '../../src/model/code/program.js';
import type { Binding, SyntaxNode, Unit } from '../../src/model/code/unit.js';
import type { LambdaFunction } from '../../src/model/types.js';

export type Options = Record<string, never>;

/** A change of module-level state: the assigning or mutating node, the name, and what it is. */
interface Change {
  node: SyntaxNode;
  name: string;
  how: string;
}

/** Methods that change a collection in place, per language. */
const MUTATORS: Record<'python' | 'node' | 'java', Set<string>> = {
  python: new Set(['append', 'extend', 'update', 'add', 'insert', 'setdefault', 'appendleft', 'extendleft']),
  node: new Set(['push', 'unshift', 'splice', 'set', 'add']),
  java: new Set(['add', 'addAll', 'put', 'putAll', 'putIfAbsent', 'computeIfAbsent', 'compute', 'merge', 'offer', 'push', 'addFirst', 'addLast']),
};

const PY_COLLECTIONS = new Set(['list', 'dict', 'set', 'defaultdict', 'collections.defaultdict', 'deque', 'collections.deque', 'OrderedDict', 'collections.OrderedDict', 'Counter', 'collections.Counter']);
const JS_COLLECTIONS = new Set(['new Map', 'new Set', 'new Array', 'new WeakMap']);
const JAVA_COLLECTIONS = /(^|\.)(List|ArrayList|LinkedList|Map|HashMap|LinkedHashMap|TreeMap|ConcurrentHashMap|Set|HashSet|LinkedHashSet|TreeSet|Collection|Deque|ArrayDeque|Queue)(<|$)/;

/** Whether a module-level binding holds a collection literal or constructor (list/dict/set, array/object/Map/Set, Java collections). */
function isCollection(u: Unit, b: Binding): boolean {
  const v = b.value;
  if (u.language === 'java') return JAVA_COLLECTIONS.test(b.type ?? '') || (v?.type === 'object_creation_expression' && JAVA_COLLECTIONS.test(v.childForFieldName('type')?.text ?? ''));
  if (!v) return false;
  if (u.language === 'python') {
    if (['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension'].includes(v.type)) return true;
    const c = u.call(v);
    return c !== undefined && PY_COLLECTIONS.has(u.calleeName(c));
  }
  if (v.type === 'array' || v.type === 'object') return true;
  const c = u.call(v);
  return c !== undefined && c.isNew && JS_COLLECTIONS.has(u.calleeName(c));
}

/**
 * Whether an assignment to `name` is initialise-once: guarded by a test that the name is still
 * unset (`if x is None`, `if not x`, `if (!x)`, `if (x == null)`, `x === undefined`), or written
 * `x = x or make()` / `x = x || make()` / `x = x ?? make()`.
 */
function initialiseOnce(assignment: SyntaxNode, name: string, fn: SyntaxNode): boolean {
  const right = assignment.childForFieldName('right');
  if (right && (right.type === 'boolean_operator' || right.type === 'binary_expression')) {
    const op = right.childForFieldName('operator')?.text ?? right.child(1)?.text;
    if ((op === 'or' || op === '||' || op === '??') && right.childForFieldName('left')?.text === name) return true;
  }
  for (let p = assignment.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const consequence = p.childForFieldName('consequence');
    if (consequence && within(assignment, consequence) && testsUnset(p.childForFieldName('condition'), name)) return true;
  }
  return false;
}

function testsUnset(cond: SyntaxNode | null, name: string, depth = 0): boolean {
  if (!cond || depth > 6) return false;
  const isName = (n: SyntaxNode | null | undefined) => n?.text === name || n?.text === `this.${name}`;
  switch (cond.type) {
    case 'parenthesized_expression':
      return cond.namedChildren.some((c) => testsUnset(c, name, depth + 1));
    case 'not_operator':
      return isName(cond.childForFieldName('argument'));
    case 'unary_expression':
      return cond.child(0)?.text === '!' && isName(cond.childForFieldName('argument'));
    case 'boolean_operator':
      return testsUnset(cond.childForFieldName('left'), name, depth + 1) || testsUnset(cond.childForFieldName('right'), name, depth + 1);
    case 'comparison_operator': {
      const parts = cond.namedChildren;
      return parts.some(isName) && parts.some((c) => c?.type === 'none');
    }
    case 'binary_expression': {
      const op = cond.childForFieldName('operator')?.text ?? cond.child(1)?.text;
      const l = cond.childForFieldName('left');
      const r = cond.childForFieldName('right');
      if (op === '||' || op === '&&') return op === '||' ? testsUnset(l, name, depth + 1) || testsUnset(r, name, depth + 1) : testsUnset(l, name, depth + 1) || testsUnset(r, name, depth + 1);
      const unset = (n: SyntaxNode | null) => n?.type === 'null' || n?.type === 'undefined' || n?.text === 'undefined' || n?.type === 'null_literal';
      return (op === '==' || op === '===') && ((isName(l) && unset(r)) || (isName(r) && unset(l)));
    }
  }
  return false;
}

/** Names a function binds for itself (parameters, locals), which hide module-level ones of the same name. */
function locals(u: Unit, fn: SyntaxNode, globals: Set<string>): Set<string> {
  const out = new Set<string>(u.parameters(fn));
  for (const [name, list] of u.bindings) {
    if (globals.has(name)) continue;
    // Python binds a local by assigning it; JavaScript and Java by declaring it.
    if (list.some((b) => !b.moduleScope && within(b.node, fn) && (u.language === 'python' || b.node.type !== 'assignment_expression'))) out.add(name);
  }
  return out;
}

function moduleBinding(u: Unit, name: string): Binding | undefined {
  return u.bindings.get(name)?.find((b) => b.moduleScope);
}

/** The changes of module-level state inside one function. */
function changes(u: Unit, fn: SyntaxNode): Change[] {
  const out: Change[] = [];
  const globals = new Set<string>();
  if (u.language === 'python') {
    for (const g of fn.descendantsOfType('global_statement')) for (const id of g?.namedChildren ?? []) if (id) globals.add(id.text);
  }
  const own = locals(u, fn, globals);
  const moduleName = (n: SyntaxNode | null | undefined): string | undefined => {
    if (!n) return undefined;
    if (u.language === 'java' && n.type === 'field_access' && (n.childForFieldName('object')?.type === 'this' || n.childForFieldName('object')?.text === enclosingClass(n))) n = n.childForFieldName('field');
    if (n?.type !== 'identifier' || own.has(n.text)) return undefined;
    if (u.language === 'python' && !globals.has(n.text) && !moduleBinding(u, n.text)) return undefined;
    return moduleBinding(u, n.text) || globals.has(n.text) ? n.text : undefined;
  };
  const collection = (n: SyntaxNode | null | undefined): string | undefined => {
    const name = moduleName(n);
    const b = name ? moduleBinding(u, name) : undefined;
    return name && b && isCollection(u, b) ? name : undefined;
  };
  const lang = u.language === 'python' ? 'python' : u.language === 'java' ? 'java' : 'node';

  const assignments = fn.descendantsOfType(['assignment', 'augmented_assignment', 'assignment_expression', 'augmented_assignment_expression', 'update_expression']);
  for (const a of assignments) {
    if (!a) continue;
    if (a.type === 'update_expression') {
      const target = a.childForFieldName('argument') ?? a.namedChildren[0];
      const name = scalarTarget(u, target, moduleName);
      if (name) out.push({ node: a, name, how: `updates module-level ${name}` });
      continue;
    }
    const left = a.childForFieldName('left');
    if (!left) continue;
    const op = a.type.startsWith('augmented') ? (a.childForFieldName('operator')?.text ?? a.child(1)?.text) : '=';
    if (op === '??=' || op === '||=') continue;
    if (left.type === 'identifier' || left.type === 'field_access') {
      const name = moduleName(left);
      if (!name) continue;
      // Python needs `global` to rebind; JavaScript and Java rebind module-level names directly.
      if (u.language === 'python' && !globals.has(name)) continue;
      if (u.language === 'java' && moduleBinding(u, name)?.constant) continue;
      if (u.language !== 'python' && u.language !== 'java' && moduleBinding(u, name)?.constant) continue;
      if (op === '=' && initialiseOnce(a, name, fn)) continue;
      out.push({ node: a, name, how: u.language === 'python' ? `assigns global ${name}` : `assigns module-level ${name}` });
    } else if (left.type === 'subscript' || left.type === 'subscript_expression' || left.type === 'member_expression' || left.type === 'array_access') {
      const target = left.childForFieldName(left.type === 'subscript' ? 'value' : left.type === 'array_access' ? 'array' : 'object');
      const name = collection(target);
      if (name) out.push({ node: a, name, how: `changes module-level ${name} in place` });
    }
  }
  for (const c of u.callsIn(fn)) {
    if (!c.object || !MUTATORS[lang].has(c.name)) continue;
    const name = collection(c.object);
    if (name) out.push({ node: c.node, name, how: `changes module-level ${name} in place (${c.name})` });
  }
  return out;
}

/** `count++`, `this.count++`, `stats.count++` (a field of a module-level object). */
function scalarTarget(u: Unit, target: SyntaxNode | null | undefined, moduleName: (n: SyntaxNode | null | undefined) => string | undefined): string | undefined {
  if (!target) return undefined;
  if (target.type === 'member_expression' || target.type === 'subscript_expression') return moduleName(target.childForFieldName('object'));
  const name = moduleName(target);
  if (name && u.language === 'java' && moduleBinding(u, name)?.constant) return undefined;
  return name;
}

function enclosingClass(n: SyntaxNode): string | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_declaration') return p.childForFieldName('name')?.text;
  return undefined;
}

function check(ctx: RuleContext, fn: LambdaFunction, program: Program): void {
  const handler = program.handler();
  if (!handler) return;
  const u = program.entry;
  const seen = new Set<number>();
  for (const f of handler.reachable) {
    for (const ch of changes(u, f)) {
      if (seen.has(ch.node.id)) continue;
      seen.add(ch.node.id);
      reportCode(ctx, fn, u.file, ch.node,
        {
          message: `${fnLabel(fn)} ${ch.how} while handling an event, state that outlives the invocation and differs between instances`,
          help: `Keep per-request data in local variables and shared state in a managed store (DynamoDB, ElastiCache); creating a client once (\`if ${ch.name} is None\`) is fine`,
        },
        `${u.file.displayPath}:${ch.name}:${ch.how}`);
    }
  }
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-5/global-state',
    businessRule: 'BR-LD-5',
    description: 'Forbid handlers that change module-level state, which outlives the invocation',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    languages: ['python', 'javascript', 'typescript', 'java'],
    docs: {
      rationale:
        'BR-LD-5 asks that functions stay stateless. Module-level variables survive from one invocation to the next on a warm execution environment, and every concurrent instance has its own copy: a counter, a list of seen ids or a per-user cache kept there gives results that depend on which instance serves the request, and is lost on a cold start. Creating a client or connection once and reusing it (initialise-once) is the documented exception.',
      remediation: {
        cloudformation: 'Keep per-request data in local variables and shared state in a managed store (DynamoDB, ElastiCache, S3) the function reaches through its role; initialise clients once (`if client is None: client = ...`).',
        sam: 'Keep per-request data in local variables and shared state in a managed store such as an `AWS::Serverless::SimpleTable`; initialise clients once.',
        serverless: 'Keep per-request data in local variables and shared state in a managed store (a DynamoDB table in `resources`); initialise clients once.',
        cdk: 'Keep per-request data in local variables and shared state in a managed store (a `dynamodb.Table` granted to the function); initialise clients once.',
        terraform: 'In the handler code (the `source_dir` / `source_file` of the `data "archive_file"` behind `filename`), keep per-request data in local variables and shared state in a managed store (an `aws_dynamodb_table` granted in the function\'s `role` policy); initialise clients once.',
      },
    },
  },
  check(ctx) {
    for (const [fn, program] of programs(ctx)) check(ctx, fn, program);
  },
});
