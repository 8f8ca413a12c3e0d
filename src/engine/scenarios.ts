import { describeConditions, variants, type Value, type Variant } from '../model/value.js';

/** Conditions (and their assumed outcome) that select a variant. */
export type Conditions = Variant['conditions'];

/** One consistent combination of the variants of several values. */
export interface Scenario {
  /** One concrete value per input, in input order. */
  values: Variant['value'][];
  conditions: Conditions;
}

/**
 * Merges two condition lists; undefined when they contradict each other (the same condition
 * assumed true in one and false in the other).
 */
export function mergeConditions(a: Conditions, b: Conditions): Conditions | undefined {
  const out = [...a];
  for (const c of b) {
    const same = out.find((x) => x.name === c.name);
    if (!same) out.push(c);
    else if (same.holds !== c.holds) return undefined;
  }
  return out;
}

/** Can both condition lists hold at once? */
export function compatible(a: Conditions, b: Conditions): boolean {
  return mergeConditions(a, b) !== undefined;
}

/**
 * The cartesian product of the variants of several values (`choice` values expand to their
 * branches), dropping combinations that assume one condition both true and false. A property set
 * with `!If [IsProd, 100, 10]` and another with `!If [IsProd, 1024, 128]` give two scenarios, not four.
 */
export function combine(values: readonly Value[], limit = 256): Scenario[] {
  let out: Scenario[] = [{ values: [], conditions: [] }];
  for (const v of values) {
    const next: Scenario[] = [];
    for (const s of out) {
      for (const alt of variants(v)) {
        const conditions = mergeConditions(s.conditions, alt.conditions);
        if (!conditions) continue;
        if (next.length >= limit) break;
        next.push({ values: [...s.values, alt.value], conditions });
      }
    }
    out = next;
  }
  return out;
}

/** ` when condition IsProd is true` (empty when unconditional). */
export function when(conditions: Conditions): string {
  return describeConditions(conditions);
}

/** `[IsProd=true]` for fingerprint paths (empty when unconditional), so that scenarios get distinct paths. */
export function conditionSuffix(conditions: Conditions): string {
  return conditions.length === 0 ? '' : `[${conditions.map((c) => `${c.name}=${c.holds}`).join(',')}]`;
}
