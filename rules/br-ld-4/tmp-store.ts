import { defineRule } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { programs, reportCode } from '../../src/engine/code-rules.js';
import { underTmp, type Resolved } from '../../src/model/code/resolve.js';
import type { Call, SyntaxNode, Unit } from '../../src/model/code/unit.js';

export interface Options {
  /** Extra store-opening calls, as qualified names (`sqlitedict.SqliteDict`, `new nedb`): the first argument is the path. */
  extraStores: string[];
}

/**
 * What this check looks for: calls that open a persistent store, by qualified callee name, with
 * the argument (position, keyword or object key) that holds the path. Java stores are JDBC URLs
 * passed to the calls that take one.
 */
interface Store {
  store: string;
  /** Positional index of the path argument. */
  arg: number;
  /** Keyword (Python) or object key (JavaScript `{ filename }`) that may hold it instead. */
  key?: string;
}

const STORES: Record<'python' | 'node', Record<string, Store>> = {
  python: {
    'sqlite3.connect': { store: 'SQLite database', arg: 0, key: 'database' },
    'sqlite3.dbapi2.connect': { store: 'SQLite database', arg: 0, key: 'database' },
    'aiosqlite.connect': { store: 'SQLite database', arg: 0, key: 'database' },
    'shelve.open': { store: 'shelve file', arg: 0, key: 'filename' },
    'dbm.open': { store: 'dbm key-value file', arg: 0, key: 'file' },
    'dbm.gnu.open': { store: 'dbm key-value file', arg: 0, key: 'filename' },
    'dbm.ndbm.open': { store: 'dbm key-value file', arg: 0, key: 'filename' },
    'dbm.dumb.open': { store: 'dbm key-value file', arg: 0, key: 'file' },
    'duckdb.connect': { store: 'DuckDB database', arg: 0, key: 'database' },
    'tinydb.TinyDB': { store: 'TinyDB database', arg: 0 },
  },
  node: {
    'new better-sqlite3': { store: 'SQLite database (better-sqlite3)', arg: 0 },
    'better-sqlite3': { store: 'SQLite database (better-sqlite3)', arg: 0 },
    'new sqlite3.Database': { store: 'SQLite database (sqlite3)', arg: 0 },
    'new sqlite3.verbose().Database': { store: 'SQLite database (sqlite3)', arg: 0 },
    'new sqlite3.cached.Database': { store: 'SQLite database (sqlite3)', arg: 0 },
    'sqlite.open': { store: 'SQLite database (sqlite)', arg: 0, key: 'filename' },
    'new sqlite.DatabaseSync': { store: 'SQLite database (node:sqlite)', arg: 0 },
    'new lowdb/node.JSONFile': { store: 'lowdb database', arg: 0 },
    'new lowdb/node.JSONFileSync': { store: 'lowdb database', arg: 0 },
    'lowdb/node.JSONFilePreset': { store: 'lowdb database', arg: 0 },
    'lowdb/node.JSONFileSyncPreset': { store: 'lowdb database', arg: 0 },
    'new lowdb/adapters/FileSync': { store: 'lowdb database', arg: 0 },
    'new lowdb/adapters/FileAsync': { store: 'lowdb database', arg: 0 },
    'new level.Level': { store: 'LevelDB database (level)', arg: 0 },
    'level.Level': { store: 'LevelDB database (level)', arg: 0 },
    level: { store: 'LevelDB database (level)', arg: 0 },
    'new level': { store: 'LevelDB database (level)', arg: 0 },
    'new classic-level.ClassicLevel': { store: 'LevelDB database (classic-level)', arg: 0 },
  },
};

/** Java calls that take a JDBC URL as their first argument (by method name). */
const JDBC_CALLS = new Set(['getConnection', 'setUrl', 'setURL', 'setJdbcUrl', 'jdbcUrl', 'url', 'create']);
/** JDBC URL prefixes of embedded file databases, and the store each opens. */
const JDBC: [string, string][] = [
  ['jdbc:sqlite:file:', 'SQLite database (JDBC)'],
  ['jdbc:sqlite:', 'SQLite database (JDBC)'],
  ['jdbc:h2:file:', 'H2 database (JDBC)'],
  ['jdbc:h2:', 'H2 database (JDBC)'],
  ['jdbc:derby:', 'Derby database (JDBC)'],
];

function storeOf(u: Unit, c: Call, extra: ReadonlySet<string>): Store | undefined {
  const name = u.calleeName(c);
  if (extra.has(name)) return { store: name, arg: 0 };
  if (u.language === 'python') return STORES.python[name];
  return STORES.node[name];
}

function jdbcStore(r: Resolved | undefined): { store: string; path: Resolved } | undefined {
  if (!r) return undefined;
  for (const [prefix, store] of JDBC) {
    if (r.text.startsWith(prefix)) return { store, path: { text: r.text.slice(prefix.length), exact: r.exact } };
  }
  return undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-4/tmp-store',
    businessRule: 'BR-LD-4',
    description: 'Forbid code that opens a database or key-value store on the volatile /tmp of the function',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        extraStores: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'More calls that open a persistent store, as qualified names (`sqlitedict.SqliteDict`, `new nedb`); the first argument is the path.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { extraStores: [] },
    languages: ['python', 'javascript', 'typescript', 'java'],
    docs: {
      rationale:
        'A database or key-value file under /tmp lives only as long as one Lambda execution environment: it is lost when the environment is recycled and each concurrent instance has its own, so records written there silently disappear or diverge. BR-LD-4 asks that persistent data live in a managed store. The configuration rarely shows this (no variable names the path); the code does: `sqlite3.connect(\'/tmp/cache.db\')`.',
      remediation: {
        cloudformation: 'Keep the data in a managed store the function reaches over the network (DynamoDB, RDS / Aurora, S3), or on an EFS access point mounted through `FileSystemConfigs` (e.g. `/mnt/data`), and open that instead of a file under /tmp.',
        sam: 'Keep the data in DynamoDB (e.g. `AWS::Serverless::SimpleTable`), RDS or S3, or mount EFS through `FileSystemConfigs` and open the database under the mount path instead of /tmp.',
        serverless: 'Keep the data in DynamoDB, RDS or S3, or mount EFS through `fileSystemConfig` and open the database under the mount path instead of /tmp.',
        cdk: 'Keep the data in a `dynamodb.Table`, an RDS instance or an S3 bucket, or mount EFS (`filesystem: lambda.FileSystem.fromEfsAccessPoint(...)`) and open the database under its mount path instead of /tmp.',
        terraform: 'In the handler code (the `source_dir` / `source_file` of the `data "archive_file"` behind `filename`), open the database in an `aws_dynamodb_table`, an RDS instance or an `aws_s3_bucket` instead of under /tmp, or mount EFS with a `file_system_config` block and open it under `local_mount_path`.',
      },
    },
  },
  check(ctx, { extraStores }) {
    const extra = new Set(extraStores ?? []);
    for (const [fn, program] of programs(ctx)) {
      for (const u of program.units) {
        const resolver = program.resolver(u);
        for (const c of u.calls()) {
          let found: { store: string; path: Resolved } | undefined;
          if (u.language === 'java') {
            if (JDBC_CALLS.has(c.name)) found = jdbcStore(resolver.resolve(c.args[0]));
          } else {
            const s = storeOf(u, c, extra);
            if (!s) continue;
            let arg: SyntaxNode | undefined = c.args[s.arg] ?? (s.key ? c.keywords.get(s.key) : undefined);
            // JavaScript options objects: open({ filename: '/tmp/app.db' })
            if (arg?.type === 'object' && s.key) arg = arg.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === s.key)?.childForFieldName('value') ?? undefined;
            const path = resolver.resolve(arg);
            if (path) found = { store: s.store, path };
          }
          if (!found || !underTmp(found.path)) continue;
          const shown = found.path.exact ? `"${found.path.text}"` : `"${found.path.text}..."`;
          reportCode(
            ctx, fn, u.file, c.node,
            {
              message: `${fnLabel(fn)} opens a ${found.store} at ${shown} under /tmp, which is lost when the environment is recycled`,
              help: 'Keep the data in a managed store (DynamoDB, RDS, S3) or on EFS, not in a file under /tmp',
            },
            `${u.file.displayPath}:${found.store}:${found.path.text}`,
          );
        }
      }
    }
  },
});
