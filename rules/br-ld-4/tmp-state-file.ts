import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { programs, reportCode, where } from '../../src/engine/code-rules.js';
import { endsWithName, underTmp } from '../../src/model/code/resolve.js';
import { within, type Program } from '../../src/model/code/program.js';
import type { Call, SyntaxNode, Unit } from '../../src/model/code/unit.js';
import type { LambdaFunction } from '../../src/model/types.js';

export type Options = Record<string, never>;

/**
 * What this check looks for, inside one function: a read of a fixed /tmp path that only runs when
 * the file exists (in the branch of `os.path.exists(p)` / `fs.existsSync(p)` / `Files.exists(p)`,
 * or in a `try` whose not-found case is handled), and a write of the same path on the path where
 * it was read (after the read, not in the not-found branch, and not after a guarded read that
 * returns: that is a download-if-missing cache).
 */
type Access = 'read' | 'write' | 'exists';

const JS_FS = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs'];
const JS: Record<string, Access> = {
  readFileSync: 'read', readFile: 'read', readJsonSync: 'read', readJson: 'read',
  writeFileSync: 'write', writeFile: 'write', appendFileSync: 'write', appendFile: 'write', writeJsonSync: 'write', writeJson: 'write', outputFileSync: 'write', outputFile: 'write',
  existsSync: 'exists', pathExistsSync: 'exists', pathExists: 'exists',
};
const JAVA: Record<string, Access> = {
  'Files.readString': 'read', 'Files.readAllBytes': 'read', 'Files.readAllLines': 'read', 'Files.newBufferedReader': 'read', 'Files.newInputStream': 'read', 'Files.lines': 'read',
  'new FileReader': 'read', 'new FileInputStream': 'read',
  'Files.write': 'write', 'Files.writeString': 'write', 'Files.newBufferedWriter': 'write', 'Files.newOutputStream': 'write', 'new FileWriter': 'write', 'new FileOutputStream': 'write', 'new PrintWriter': 'write',
  'Files.exists': 'exists', 'Files.isRegularFile': 'exists',
};
const PY_METHODS: Record<string, Access> = { read_text: 'read', read_bytes: 'read', write_text: 'write', write_bytes: 'write', exists: 'exists', is_file: 'exists' };
const NOT_FOUND = new Set(['FileNotFoundError', 'OSError', 'IOError', 'NoSuchFileException', 'FileNotFoundException', 'IOException', 'Exception']);

interface FileAccess {
  kind: Access;
  call: Call;
  path: string;
}

/** A file access and its fixed /tmp path, if the call is one. */
function accessOf(program: Program, u: Unit, c: Call): FileAccess | undefined {
  const resolve = (n: SyntaxNode | undefined) => {
    const r = program.resolver(u).resolve(n);
    return r?.exact && underTmp(r) ? r.text : undefined;
  };
  const name = u.calleeName(c);
  let kind: Access | undefined;
  let pathNode: SyntaxNode | undefined;
  if (u.language === 'python') {
    if (name === 'open' || name === 'io.open' || name === 'codecs.open') {
      const mode = program.resolver(u).resolve(c.args[1] ?? c.keywords.get('mode'));
      if (c.args[1] && !mode?.exact) return undefined;
      const m = mode?.text ?? 'r';
      kind = /[wax+]/.test(m) ? 'write' : 'read';
      pathNode = c.args[0] ?? c.keywords.get('file');
    } else if (name === 'os.path.exists' || name === 'os.path.isfile') {
      kind = 'exists';
      pathNode = c.args[0];
    } else if (c.object && PY_METHODS[c.name]) {
      kind = PY_METHODS[c.name];
      pathNode = c.object;
    } else if (c.object && c.name === 'open') {
      // Path(p).open('w')
      const mode = program.resolver(u).resolve(c.args[0] ?? c.keywords.get('mode'));
      kind = /[wax+]/.test(mode?.text ?? 'r') ? 'write' : 'read';
      pathNode = c.object;
    }
  } else if (u.language === 'java') {
    const key = Object.keys(JAVA).find((k) => endsWithName(name, k));
    if (key) {
      kind = JAVA[key];
      pathNode = c.args[0];
    } else if (c.object && c.name === 'exists') {
      kind = 'exists';
      pathNode = c.object;
    }
  } else if (JS[c.name]) {
    const module = c.object ? u.qualify(c.object) : name.slice(0, name.lastIndexOf('.'));
    if (JS_FS.includes(module) || JS_FS.some((m) => module === `${m}.promises`) || JS_FS.includes(name.slice(0, name.lastIndexOf('.')))) {
      kind = JS[c.name];
      pathNode = c.args[0];
    }
  }
  if (!kind) return undefined;
  const path = resolve(pathNode);
  return path ? { kind, call: c, path } : undefined;
}

/** Where a read is guarded: the block it runs in only when the file exists, and the branch taken when it does not. */
interface Guard {
  block: SyntaxNode;
  missing: SyntaxNode[];
}

function guardOf(u: Unit, read: FileAccess, existsChecks: FileAccess[], fn: SyntaxNode): Guard | undefined {
  for (let p = read.call.node.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type === 'if_statement') {
      const cons = p.childForFieldName('consequence');
      const cond = p.childForFieldName('condition');
      if (!cons || !cond || !within(read.call.node, cons)) continue;
      const positive = existsChecks.some((e) => e.path === read.path && within(e.call.node, cond) && !negated(e.call.node, cond));
      if (positive) return { block: cons, missing: p.childrenForFieldName('alternative').filter((n): n is SyntaxNode => n !== null) };
    }
    if (p.type === 'try_statement') {
      const body = p.childForFieldName('body');
      if (!body || !within(read.call.node, body)) continue;
      const handlers = p.namedChildren.filter((c): c is SyntaxNode => c?.type === 'except_clause' || c?.type === 'catch_clause');
      if (handlers.some((h) => handlesNotFound(u, h))) return { block: body, missing: handlers };
    }
  }
  return undefined;
}

function negated(check: SyntaxNode, cond: SyntaxNode): boolean {
  for (let p = check.parent; p && p.id !== cond.parent?.id; p = p.parent) {
    if (p.type === 'not_operator' || (p.type === 'unary_expression' && p.child(0)?.text === '!')) return true;
  }
  return false;
}

function handlesNotFound(u: Unit, handler: SyntaxNode): boolean {
  if (u.language === 'python') {
    const types = handler.namedChildren.filter((c) => c && c.type !== 'block').flatMap((c) => c!.descendantsOfType('identifier').map((i) => i!.text).concat(c!.type === 'identifier' ? [c!.text] : []));
    return types.length === 0 || types.some((t) => NOT_FOUND.has(t));
  }
  if (u.language === 'java') return handler.descendantsOfType('type_identifier').some((t) => t && NOT_FOUND.has(t.text));
  // JavaScript: catch clauses are untyped; one that names ENOENT, or any catch around the read.
  return true;
}

function check(ctx: RuleContext, fn: LambdaFunction, program: Program): void {
  for (const u of program.units) {
    const functions = [...u.functions.values()].filter((f) => u.isFunction(f));
    const handler = u === program.entry ? program.handler()?.node : undefined;
    if (handler) functions.push(handler);
    for (const f of new Set(functions)) {
      const accesses = u.callsIn(f).flatMap((c) => accessOf(program, u, c) ?? []);
      if (!accesses.some((a) => a.kind === 'read') || !accesses.some((a) => a.kind === 'write')) continue;
      const exists = accesses.filter((a) => a.kind === 'exists');
      for (const read of accesses.filter((a) => a.kind === 'read')) {
        const guard = guardOf(u, read, exists, f);
        if (!guard) continue;
        const returns = guard.block.descendantsOfType('return_statement').length > 0;
        const write = accesses.find((w) =>
          w.kind === 'write' && w.path === read.path && w.call.node.startIndex > read.call.node.endIndex &&
          !guard.missing.some((m) => within(w.call.node, m)) &&
          // After a guarded read that returns, only the not-found path goes on: a download-if-missing cache.
          (within(w.call.node, guard.block) || !returns));
        if (!write) continue;
        reportCode(ctx, fn, u.file, write.call.node,
          {
            message: `${fnLabel(fn)} keeps state across invocations in "${read.path}", read when it exists (${where(u.file, read.call.node)}) and written back here`,
            help: 'Keep the state in DynamoDB or S3; use /tmp only for scratch files and caches that can be rebuilt',
          },
          `${u.file.displayPath}:${read.path}`);
        break;
      }
    }
  }
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-4/tmp-state-file',
    businessRule: 'BR-LD-4',
    description: 'Forbid code that keeps state across invocations in a file under /tmp',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    languages: ['python', 'javascript', 'typescript', 'java'],
    docs: {
      rationale:
        'A function that reads a fixed file under /tmp when it exists and writes it back keeps state from one invocation to the next: it works while one warm environment serves the requests and silently starts over on a cold start or on another concurrent instance. BR-LD-4 asks that persistent data live in a managed store. Scratch files used within one invocation, caches of read-only data downloaded when missing, and uniquely named temporary files are the temporary use BR-LD-4 allows.',
      remediation: {
        cloudformation: 'Keep the state in DynamoDB or S3 (or EFS mounted through `FileSystemConfigs`) and read and write it there; use /tmp only for scratch files and rebuildable caches.',
        sam: 'Keep the state in a DynamoDB table (`AWS::Serverless::SimpleTable`) or S3, granted through a policy template such as `DynamoDBCrudPolicy`; use /tmp only for scratch files and rebuildable caches.',
        serverless: 'Keep the state in a DynamoDB table or S3 bucket declared in `resources` and granted in `provider.iam`; use /tmp only for scratch files and rebuildable caches.',
        cdk: 'Keep the state in a `dynamodb.Table` or `s3.Bucket` granted to the function (`table.grantReadWriteData(fn)`); use /tmp only for scratch files and rebuildable caches.',
        terraform: 'In the handler code (the `source_dir` / `source_file` of the `data "archive_file"` behind `filename`), read and write the state in an `aws_dynamodb_table` or `aws_s3_bucket` granted in the function\'s `role` policy; use /tmp only for scratch files and rebuildable caches.',
      },
    },
  },
  check(ctx) {
    for (const [fn, program] of programs(ctx)) check(ctx, fn, program);
  },
});
