import type { Rule } from '../engine/types.js';
import type { PresetName, RuleConfig } from './types.js';

/** Deep merge for options: mappings merge key by key, anything else (lists included) replaces. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...structuredClone(base) };
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) continue;
      out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
    }
    return out;
  }
  return structuredClone(over);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The rule table of a preset. `ldlint:recommended`: every check at its default severity with its
 * default options. `ldlint:strict`: the same with every `warning` default raised to `error`
 * (and, in the resolved config, `strict: true`).
 */
export function presetRules(rules: readonly Rule<any>[], preset: PresetName): Map<string, RuleConfig> {
  const out = new Map<string, RuleConfig>();
  for (const r of rules) {
    const severity = preset === 'ldlint:strict' && r.meta.defaultSeverity === 'warning' ? 'error' : r.meta.defaultSeverity;
    out.set(r.meta.id, { severity, options: (deepMerge({}, r.meta.defaultOptions ?? {}) as Record<string, unknown>) });
  }
  return out;
}
