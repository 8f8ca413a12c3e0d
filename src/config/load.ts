/** Finding, reading and resolving ldlint config files. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Rule, Settings, SeverityOrOff } from '../engine/types.js';
import { DEFAULT_SETTINGS } from '../engine/settings.js';
import { ConfigError } from './errors.js';
import { deepMerge, presetRules } from './presets.js';
import { parseConfigText, type ConfigSource } from './source.js';
import type { IgnoreEntry, PresetName, ResolvedConfig, RuleConfig, UserConfig } from './types.js';
import { validateConfig } from './validate.js';

/** Config file names, in the order they are tried within one directory. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'ldlint.config.yaml',
  'ldlint.config.yml',
  'ldlint.config.json',
  '.ldlintrc',
  '.ldlintrc.yaml',
  '.ldlintrc.yml',
  '.ldlintrc.json',
];

function isFile(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * The config file that applies to `startDir` (a directory, or a file whose directory is used): the
 * nearest one found walking upward, stopping at the repository root (the nearest directory that
 * contains `.git`, which is itself searched) or at the filesystem root.
 */
export function findConfigFile(startDir: string, memo = new Map<string, string | undefined>()): string | undefined {
  let dir = resolve(startDir);
  if (memo.has(dir)) return memo.get(dir);
  if (isFile(dir)) dir = dirname(dir);
  return configForDir(dir, memo);
}

/** Memoized per directory: files in one directory, and directories under one root, share the walk. */
function configForDir(dir: string, memo: Map<string, string | undefined>): string | undefined {
  if (memo.has(dir)) return memo.get(dir);
  let found: string | undefined;
  const own = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find(isFile);
  if (own) found = own;
  else if (!existsSync(join(dir, '.git'))) {
    const parent = dirname(dir);
    found = parent === dir ? undefined : configForDir(parent, memo);
  }
  memo.set(dir, found);
  return found;
}

/** The configuration when no file applies: `ldlint:recommended`. */
export function defaultConfig(rules: readonly Rule<any>[]): ResolvedConfig {
  return resolveConfig({}, rules);
}

/**
 * Reads, validates and resolves a config file; `undefined` gives the defaults (`ldlint:recommended`).
 * Throws ConfigError (file, line, column, message) on any problem with the file.
 */
export function loadConfig(file: string | undefined, rules: readonly Rule<any>[]): ResolvedConfig {
  if (file === undefined) return defaultConfig(rules);
  const abs = resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory, not a config file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigError(abs, [{ path: '', message, line: 1, column: 1 }]);
  }
  const source = parseConfigText(abs, text);
  validateConfig(source, rules);
  return resolveConfig(source.data as UserConfig, rules, source);
}

/** Applies a validated config over its presets. */
export function resolveConfig(user: UserConfig, rules: readonly Rule<any>[], source?: ConfigSource): ResolvedConfig {
  const presets: PresetName[] = user.extends === undefined ? ['ldlint:recommended'] : Array.isArray(user.extends) ? user.extends : [user.extends];
  const table = new Map<string, RuleConfig>();
  for (const p of presets.length > 0 ? presets : (['ldlint:recommended'] as PresetName[])) {
    for (const [id, rc] of presetRules(rules, p)) table.set(id, rc);
  }
  const strict = presets.includes('ldlint:strict');
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  for (const [id, entry] of Object.entries(user.rules ?? {})) {
    const [severity, options] = (Array.isArray(entry) ? entry : [entry]) as [SeverityOrOff, Record<string, unknown>?];
    const defaults = byId.get(id)?.meta.defaultOptions ?? {};
    table.set(id, {
      severity,
      options: (options ? deepMerge(defaults, options) : table.get(id)?.options ?? deepMerge({}, defaults)) as Record<string, unknown>,
    });
  }
  const sd = user.settings?.sensitiveData ?? {};
  const settings: Settings = {
    sensitiveData: {
      tagKeys: [...(sd.tagKeys ?? DEFAULT_SETTINGS.sensitiveData.tagKeys)],
      tagValues: [...(sd.tagValues ?? DEFAULT_SETTINGS.sensitiveData.tagValues)],
      booleanTagKeys: [...(sd.booleanTagKeys ?? DEFAULT_SETTINGS.sensitiveData.booleanTagKeys)],
      exceptionTagKey: sd.exceptionTagKey ?? DEFAULT_SETTINGS.sensitiveData.exceptionTagKey,
    },
    parameters: Object.fromEntries(Object.entries(user.settings?.parameters ?? {}).map(([k, v]) => [k, String(v)])),
    includeGeneratedFunctions: user.settings?.includeGeneratedFunctions ?? DEFAULT_SETTINGS.includeGeneratedFunctions,
  };
  const ignore: IgnoreEntry[] = (user.ignore ?? []).map((entry, i) => {
    const pos = source?.locate(['ignore', i]) ?? { line: 1, column: 1 };
    return { ...structuredClone(entry), source: { file: source?.file ?? '', line: pos.line, column: pos.column } };
  });
  return {
    ...(source ? { file: source.file } : {}),
    strict,
    rules: table,
    settings,
    ignore,
    nonSuppressible: [...new Set(user.nonSuppressible ?? [])],
    ...(user.code === false ? { code: false } : {}),
  };
}

/**
 * Config per scanned path, cached by config file: `--config FILE` applies everywhere; otherwise each
 * path gets the nearest config file above it (see findConfigFile).
 */
export function createConfigResolver(rules: readonly Rule<any>[], opts: { config?: string } = {}): (path: string) => ResolvedConfig {
  const byFile = new Map<string, ResolvedConfig>();
  const get = (file: string | undefined): ResolvedConfig => {
    const key = file ?? '';
    let c = byFile.get(key);
    if (!c) {
      c = loadConfig(file, rules);
      byFile.set(key, c);
    }
    return c;
  };
  if (opts.config !== undefined) {
    const fixed = resolve(opts.config);
    return () => get(fixed);
  }
  const memo = new Map<string, string | undefined>();
  return (path) => get(findConfigFile(path, memo));
}
