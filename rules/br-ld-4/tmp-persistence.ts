import { defineRule } from '../../src/engine/types.js';
import { fnLabel, show } from '../../src/engine/helpers.js';
import { conditionSuffix, mergeConditions, when } from '../../src/engine/scenarios.js';
import { templateText, variants } from '../../src/model/value.js';
import { nameTokens } from '../../src/engine/names.js';

export interface Options {
  persistentPathNames: string[];
}

/**
 * Name tokens that denote a database, data, state, storage or upload location. Each entry is
 * split into tokens like a variable name and matches that sequence of tokens.
 */
export const DEFAULT_PERSISTENT_PATH_NAMES = [
  'DB', 'DATABASE', 'DATA', 'DATADIR', 'DBPATH', 'DBFILE', 'STATE', 'STORAGE', 'UPLOAD', 'UPLOADS',
  'SQLITE', 'DUCKDB', 'LEVELDB', 'ROCKSDB', 'LMDB', 'PERSIST', 'PERSISTENT', 'PERSISTENCE',
];

/** Tokens of scratch space: a name with one of them is not a persistent location (`TMP_DATA_DIR`, `DATA_CACHE`). */
const SCRATCH = new Set(['TMP', 'TEMP', 'TMPDIR', 'TEMPDIR', 'TEMPORARY', 'SCRATCH', 'CACHE', 'CACHES']);

/** Tokens that make a name a file-system location: only such names are worth an unverifiable when the value is unknown. */
const LOCATION = new Set(['PATH', 'DIR', 'DIRECTORY', 'FOLDER', 'FILE', 'FILENAME', 'LOCATION', 'ROOT', 'HOME', 'MOUNT']);

/** `sqlite:///tmp/app.db`, `file:///tmp/x`, `jdbc:sqlite:/tmp/app.db`, `sqlite+aiosqlite:///tmp/app.db`. */
const TMP_URL = /^(?:[a-z][a-z0-9+.-]*:)+(?:\/\/)?\/tmp(?:\/|$)/i;


function containsSequence(tokens: string[], seq: string[]): boolean {
  if (seq.length === 0) return false;
  for (let i = 0; i + seq.length <= tokens.length; i++) {
    if (seq.every((t, j) => tokens[i + j] === t)) return true;
  }
  return false;
}

function isUnderTmp(text: string): boolean {
  return text === '/tmp' || text.startsWith('/tmp/');
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-4/tmp-persistence',
    businessRule: 'BR-LD-4',
    description: 'Forbid environment variables that point persistent data at the volatile /tmp of the function',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        persistentPathNames: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'Name tokens that denote a persistent location (matched as whole tokens after splitting names on _ - . digits and camelCase; an entry of several tokens such as DATA_DIR matches that sequence). A name that also has a scratch token (TMP, TEMP, SCRATCH, CACHE) is not persistent.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { persistentPathNames: DEFAULT_PERSISTENT_PATH_NAMES },
    docs: {
      rationale:
        'The /tmp directory of a Lambda execution environment lives only as long as that environment: it is lost when the environment is recycled and is never shared between concurrent instances, so a database file, state file or upload directory kept there silently loses data or diverges between instances. BR-LD-4 asks that persistent data live in a managed store; /tmp is for scratch files and caches that can be rebuilt.',
      remediation: {
        cloudformation: 'Point the variable in `Environment.Variables` at a persistent store instead: an S3 bucket, a DynamoDB table, an RDS database or an EFS access point mounted through `FileSystemConfigs` (e.g. `/mnt/data`).',
        sam: 'Point the variable in `Environment.Variables` (of the function or `Globals.Function`) at an S3 bucket, a DynamoDB table, an RDS database or an EFS mount from `FileSystemConfigs`.',
        serverless: 'Point the variable in `environment` (function or `provider.environment`) at an S3 bucket, a DynamoDB table, an RDS database or an EFS mount from `fileSystemConfig`.',
        cdk: 'Point the variable in `environment` at an S3 bucket, a DynamoDB table, an RDS database or an EFS mount (`filesystem: lambda.FileSystem.fromEfsAccessPoint(...)`).',
        terraform: 'Point the variable in `environment { variables }` at an S3 bucket, a DynamoDB table, an RDS database or an EFS mount from `file_system_config { local_mount_path }`.',
      },
    },
  },
  check(ctx, { persistentPathNames }) {
    const names = (persistentPathNames ?? DEFAULT_PERSISTENT_PATH_NAMES).map(nameTokens).filter((t) => t.length > 0);
    const persistent = (tokens: string[]) => !tokens.some((t) => SCRATCH.has(t)) && names.some((seq) => containsSequence(tokens, seq));
    for (const fn of ctx.project.functions) {
      const vocabulary = ctx.vocabulary(fn.resource);
      const help = `Point the variable in ${vocabulary.name('Environment.Variables')} at a persistent store (S3, DynamoDB, RDS, or an EFS mount)`;
      for (const mv of variants(fn.get('Environment.Variables'))) {
        const vars = mv.value;
        if (vars.kind === 'unknown') {
          ctx.unverifiable(vars, 'Environment.Variables', fn.resource, fn.name);
          continue;
        }
        if (vars.kind !== 'map') continue;
        for (const e of vars.entries) {
          const tokens = nameTokens(e.key);
          const isPersistent = persistent(tokens);
          const path = `Environment.Variables.${e.key}`;
          for (const vv of variants(e.value)) {
            const conditions = mergeConditions(mv.conditions, vv.conditions);
            if (!conditions) continue;
            const v = vv.value;
            const leadingUnknown = v.kind === 'template' && typeof v.parts[0] !== 'string' && v.parts[0]!.kind === 'unknown';
            if (v.kind === 'unknown' || leadingUnknown) {
              if (isPersistent && tokens.some((t) => LOCATION.has(t))) ctx.unverifiable(v, path, fn.resource, fn.name);
              continue;
            }
            const text = templateText(v);
            if (text === undefined) continue;
            const base = { resource: fn.resource, resourceName: fn.name, at: v, path: `${path}${conditionSuffix(conditions)}` };
            if (TMP_URL.test(text)) {
              ctx.report({
                ...base,
                message: `${fnLabel(fn)} sets ${e.key} to ${show(v)}${when(conditions)}, a location under the volatile /tmp`,
                help,
              });
            } else if (isPersistent && isUnderTmp(text)) {
              ctx.report({
                ...base,
                message: `${fnLabel(fn)} sets ${e.key}, a persistent data location by its name, to ${show(v)}${when(conditions)}, under the volatile /tmp`,
                help: `${help}, or name the variable as scratch space (TMP, CACHE) if it is one`,
              });
            }
          }
        }
      }
    }
  },
});
