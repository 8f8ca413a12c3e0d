export { ConfigError, formatProblem, type ConfigProblem } from './errors.js';
export { CONFIG_FILE_NAMES, createConfigResolver, defaultConfig, findConfigFile, loadConfig, resolveConfig } from './load.js';
export { deepMerge, presetRules } from './presets.js';
export { buildSchema, DATE_PATTERN, ENGINE_FINDING_IDS, ENGINE_SEVERITY_IDS, SCHEMA_ID, schemaText, writeSchemaFile } from './schema.js';
export { initConfigText, INIT_FILE_NAME, SCHEMA_MODELINE } from './init.js';
export { closest, levenshtein } from './suggest.js';
export { compileConfigSchema, validateConfig } from './validate.js';
export { CONFIG_SEVERITIES, PRESETS, type IgnoreEntry, type PresetName, type ResolvedConfig, type RuleConfig, type UserConfig } from './types.js';
