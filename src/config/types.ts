import type { Settings, SeverityOrOff } from '../engine/types.js';

export type PresetName = 'ldlint:recommended' | 'ldlint:strict';
export const PRESETS: readonly PresetName[] = ['ldlint:recommended', 'ldlint:strict'];

/** A severity as written in a config file. */
export const CONFIG_SEVERITIES: readonly SeverityOrOff[] = ['error', 'warning', 'info', 'off'];

/** How one check runs: its severity and its options (rule defaults deep-merged with the user's). */
export interface RuleConfig {
  severity: SeverityOrOff;
  options: Record<string, unknown>;
}

/** A central suppression from the config's `ignore` list (applied by the engine). */
export interface IgnoreEntry {
  id: string;
  /** Globs of template paths (relative to the config file's directory) the suppression covers. */
  files?: string[];
  /** Globs of resource names (logical ids, Serverless function keys) the suppression covers. */
  resources?: string[];
  /** Why the finding is accepted. Not enforced by the schema: a missing or empty reason is reported as `ldlint/suppression-invalid`. */
  reason?: string;
  /** YYYY-MM-DD; the suppression stops applying after this date. */
  expires?: string;
  /** Where the entry is written, so that invalid or unused suppressions can point at it. */
  source: { file: string; line: number; column: number };
}

export interface ResolvedConfig {
  /** Absolute path of the config file; undefined when the defaults (ldlint:recommended) apply. */
  file?: string;
  /** `ldlint:strict` is in effect: `ldlint/unverifiable` is reported as a warning. */
  strict: boolean;
  /**
   * Every registered check by id, plus engine finding ids (`ldlint/unverifiable`) when the config
   * sets them explicitly.
   */
  rules: Map<string, RuleConfig>;
  settings: Settings;
  ignore: IgnoreEntry[];
  nonSuppressible: string[];
  /** Config `code: false`: the functions' code is not read (as `--no-code`). Default true. */
  code?: boolean;
}

/** The config file as written (after schema validation). */
export interface UserConfig {
  extends?: PresetName | PresetName[];
  rules?: Record<string, SeverityOrOff | [SeverityOrOff] | [SeverityOrOff, Record<string, unknown>]>;
  settings?: {
    sensitiveData?: Partial<Settings['sensitiveData']>;
    parameters?: Record<string, string | number | boolean>;
    includeGeneratedFunctions?: boolean;
  };
  ignore?: Omit<IgnoreEntry, 'source'>[];
  nonSuppressible?: string[];
  /** Read each function's handler code for the code checks (default true; `--no-code` overrides). */
  code?: boolean;
  /** CDK cloud assemblies and the ldlint/cdk plugins (read by src/cdk/engine.ts). */
  cdk?: {
    /** Globs of construct paths (`Main/Legacy/**`) whose resources are not linted. */
    skipConstructPaths?: string[];
  };
}
