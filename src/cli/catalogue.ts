/** `ldlint rules` and `ldlint explain ID`: the checks and the findings the engine reports itself. */
import { closest } from '../config/suggest.js';
import { ENGINE_FINDINGS } from '../engine/engine-findings.js';
import type { Rule } from '../engine/types.js';
import { explainEngineFinding, explainRule } from './explain.js';

interface Entry {
  id: string;
  /** `check`: a registered check; `engine`: reported by ldlint itself (parse errors, suppressions, ...). */
  kind: 'check' | 'engine';
  businessRule: string;
  defaultSeverity: string;
  description: string;
}

function entries(rules: readonly Rule<any>[]): Entry[] {
  return [
    ...rules.map((r) => ({ id: r.meta.id, kind: 'check' as const, businessRule: r.meta.businessRule, defaultSeverity: r.meta.defaultSeverity, description: r.meta.description })),
    ...[...ENGINE_FINDINGS.values()].map((m) => ({ id: m.id, kind: 'engine' as const, businessRule: 'ldlint', defaultSeverity: m.defaultSeverity, description: m.description })),
  ];
}

/** The text of `ldlint rules`: the checks, then the engine findings under their own heading. */
export function listText(rules: readonly Rule<any>[], format: 'text' | 'json'): string {
  const list = entries(rules);
  if (format === 'json') return JSON.stringify(list, null, 2) + '\n';
  const w = Math.max(...list.map((r) => r.id.length));
  const line = (r: Entry) => `${r.id.padEnd(w)}  ${r.defaultSeverity.padEnd(7)}  ${r.description}\n`;
  return [
    ...list.filter((r) => r.kind === 'check').map(line),
    '\nEngine findings (reported by ldlint itself; ldlint explain ID tells more):\n',
    ...list.filter((r) => r.kind === 'engine').map(line),
  ].join('');
}

/** The text of `ldlint explain ID` (ids match case-insensitively), or why there is none. */
export function explainText(rules: readonly Rule<any>[], id: string): { text: string } | { error: string } {
  const lower = id.toLowerCase();
  const rule = rules.find((r) => r.meta.id === id) ?? rules.find((r) => r.meta.id.toLowerCase() === lower);
  if (rule) return { text: explainRule(rule) };
  const engine = [...ENGINE_FINDINGS.values()].find((m) => m.id.toLowerCase() === lower);
  if (engine) return { text: explainEngineFinding(engine) };
  const guess = closest(id, entries(rules).map((r) => r.id));
  return { error: `unknown check "${id}"${guess ? `; did you mean ${guess}?` : ''} (see: ldlint rules)` };
}
