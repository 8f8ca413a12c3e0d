import type { SNode } from '../../parse/index.js';
import { isUnknownNode } from './variables.js';

/**
 * Function keys of the Serverless Framework (v3 / osls v4) and of widely used plugins, so that
 * `ldlint/unknown-property` tells a misspelling from a plugin's setting. Data, not code: a plugin
 * is one row.
 */
export const FRAMEWORK_FUNCTION_KEYS: readonly string[] = [
  'name', 'description', 'handler', 'image', 'runtime', 'runtimeManagement', 'memorySize', 'timeout',
  'ephemeralStorageSize', 'environment', 'role', 'onError', 'kmsKeyArn', 'awsKmsKeyArn', 'snapStart',
  'disableLogs', 'logRetentionInDays', 'logDataProtectionPolicy', 'logs', 'reservedConcurrency',
  'provisionedConcurrency', 'tracing', 'tags', 'vpc', 'package', 'layers', 'events', 'destinations',
  'maximumEventAge', 'maximumRetryAttempts', 'fileSystemConfig', 'dependsOn', 'condition', 'architecture',
  'url', 'versionFunction', 'build', 'memory', 'middleware', 'disableIntrinsic',
];

export interface PluginSpec {
  /** Keys the plugin reads on a function. */
  functionKeys: readonly string[];
  /**
   * The plugin deletes a function from the service before packaging when this key says so:
   * `value` when the key is set and false (`false`, `'false'`, `0`, `''`, null: the framework's schema
   * coercion makes `'false'` false); `expression` when the key is truthy and evaluates to false
   * (the plugin `eval`s it: `'false'`, `'"prod" == "dev"'`).
   */
  removesFunction?: { key: string; reads: 'value' | 'expression' };
}

/**
 * Plugins by npm name. Plugins without function keys are listed too: a service that uses only known
 * plugins has no unknown plugin that could define a key.
 */
export const PLUGINS: Readonly<Record<string, PluginSpec>> = {
  'serverless-iam-roles-per-function': { functionKeys: ['iamRoleStatements', 'iamRoleStatementsName', 'iamRoleStatementsInherit', 'iamPermissionsBoundary'] },
  'serverless-plugin-log-subscription': { functionKeys: ['logSubscription'] },
  'serverless-disable-functions': { functionKeys: ['enabled'], removesFunction: { key: 'enabled', reads: 'value' } },
  'serverless-plugin-conditional-functions': { functionKeys: ['enabled'], removesFunction: { key: 'enabled', reads: 'expression' } },
  'serverless-plugin-warmup': { functionKeys: ['warmup'] },
  'serverless-esbuild': { functionKeys: ['esbuild', 'skipEsbuild'] },
  'serverless-webpack': { functionKeys: ['webpack'] },
  'serverless-python-requirements': { functionKeys: ['pythonRequirements', 'module'] },
  'serverless-plugin-aws-alerts': { functionKeys: ['alarms'] },
  'serverless-plugin-canary-deployments': { functionKeys: ['deploymentSettings'] },
  'serverless-plugin-lambda-dead-letter': { functionKeys: ['deadLetter'] },
  'serverless-plugin-lambda-insights': { functionKeys: ['lambdaInsights'] },
  'serverless-plugin-tracing': { functionKeys: ['tracing'] },
  'serverless-plugin-optimize': { functionKeys: ['optimize'] },
  'serverless-plugin-epsagon': { functionKeys: ['epsagon'] },
  'serverless-rust': { functionKeys: ['rust'] },
  '@silvermine/serverless-plugin-cloudfront-lambda-edge': { functionKeys: ['lambdaAtEdge'] },
  'serverless-step-functions': { functionKeys: [] },
  'serverless-prune-plugin': { functionKeys: [] },
  'serverless-offline': { functionKeys: [] },
  'serverless-plugin-typescript': { functionKeys: [] },
  'serverless-dotenv-plugin': { functionKeys: [] },
  'serverless-domain-manager': { functionKeys: [] },
  'serverless-plugin-split-stacks': { functionKeys: [] },
  'serverless-pseudo-parameters': { functionKeys: [] },
  'serverless-dynamodb-local': { functionKeys: [] },
  'serverless-dynamodb': { functionKeys: [] },
  'serverless-s3-local': { functionKeys: [] },
  'serverless-localstack': { functionKeys: [] },
  'serverless-apigw-binary': { functionKeys: [] },
  'serverless-plugin-include-dependencies': { functionKeys: [] },
  'serverless-deployment-bucket': { functionKeys: [] },
  'serverless-finch': { functionKeys: [] },
};

/** What a key of a Serverless function is, given the plugins the service lists. */
export type FunctionKeyOrigin =
  /** A framework key, or a key of a listed plugin. */
  | { kind: 'known' }
  /** A key only plugins define that the service does not list: it has no effect. */
  | { kind: 'unlisted-plugin'; plugins: string[] }
  /** Not a key ldlint knows, and the service lists plugins ldlint does not know: one may define it. */
  | { kind: 'unknown-plugins'; plugins: string[] }
  | { kind: 'unknown' };

export function functionKeyOrigin(key: string, listed: ReadonlySet<string>): FunctionKeyOrigin {
  if (FRAMEWORK_FUNCTION_KEYS.includes(key)) return { kind: 'known' };
  const definedBy = Object.keys(PLUGINS).filter((p) => PLUGINS[p]!.functionKeys.includes(key));
  if (definedBy.some((p) => listed.has(p))) return { kind: 'known' };
  const unknownPlugins = [...listed].filter((p) => !Object.hasOwn(PLUGINS, p));
  if (unknownPlugins.length) return { kind: 'unknown-plugins', plugins: unknownPlugins };
  return definedBy.length ? { kind: 'unlisted-plugin', plugins: definedBy } : { kind: 'unknown' };
}

/** The keys a function of the service may have: the framework's and those of the listed plugins (for suggestions). */
export function functionKeys(listed: ReadonlySet<string>): string[] {
  return [...FRAMEWORK_FUNCTION_KEYS, ...[...listed].flatMap((p) => PLUGINS[p]?.functionKeys ?? [])];
}

/**
 * Does a listed plugin delete this function from the service (`enabled: false`)? An unknown value
 * keeps the function: it is linted rather than silently dropped.
 */
export function removedByPlugin(fn: { index: Map<string, { value: SNode }> }, listed: ReadonlySet<string>): string | undefined {
  for (const p of listed) {
    const rule = PLUGINS[p]?.removesFunction;
    const v = rule && fn.index.get(rule.key)?.value;
    if (!rule || !v || isUnknownNode(v)) continue;
    if ((rule.reads === 'value' ? isFalseValue(v) : evaluatesFalse(v)) === true) return p;
  }
  return undefined;
}

/** serverless-disable-functions: a set key whose value (after schema coercion) is falsy. */
function isFalseValue(v: SNode): boolean | undefined {
  if (v.kind !== 'scalar') return false;
  return v.value === false || v.value === null || v.value === 0 || v.value === '' || v.value === 'false';
}

/**
 * serverless-plugin-conditional-functions: a truthy value is `eval`ed. ldlint reads `true`/`false`
 * and a comparison of two quoted strings (`'"${sls:stage}" == "prod"'`); anything else is unknown.
 */
function evaluatesFalse(v: SNode): boolean | undefined {
  if (v.kind !== 'scalar' || !v.value) return false;
  if (v.value === true) return false;
  if (typeof v.value !== 'string') return undefined;
  const t = v.value.trim();
  if (t === 'true') return false;
  if (t === 'false') return true;
  const m = /^(["'])(.*?)\1\s*(===?|!==?)\s*(["'])(.*?)\4$/.exec(t);
  if (!m) return undefined;
  const equal = m[2] === m[5];
  return m[3]!.startsWith('=') ? !equal : equal;
}
