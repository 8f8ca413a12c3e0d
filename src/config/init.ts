/** The starter config that `ldlint init` writes. */
import { BUSINESS_RULES, type Rule } from '../engine/types.js';
import { DEFAULT_SETTINGS } from '../engine/settings.js';
import { ENGINE_SEVERITY_IDS, sortedRules } from './schema.js';

export const INIT_FILE_NAME = 'ldlint.config.yaml';
export const SCHEMA_MODELINE = '# yaml-language-server: $schema=./node_modules/ldlint/schema/ldlint.schema.json';

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A YAML flow value (JSON is valid YAML flow syntax; plain words stay plain). */
function flow(v: unknown): string {
  if (typeof v === 'string' && /^[A-Za-z][\w./-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(v)) return v;
  return JSON.stringify(v);
}

function placeholder(schema: unknown): string {
  const t = (schema as { type?: unknown } | undefined)?.type;
  return `<${Array.isArray(t) ? t.join('|') : typeof t === 'string' ? t : 'value'}>`;
}

function comment(text: string | undefined): string {
  const t = text ? oneLine(text) : '';
  return t ? `  ## ${t}` : '';
}

/**
 * A commented starter `ldlint.config.yaml`. Lines starting with `# ` are settings to uncomment (the
 * defaults are shown); lines starting with `##` explain. As written it is `extends:
 * ldlint:recommended` and nothing else, and it still loads with every `# ` line uncommented.
 */
export function initConfigText(rules: readonly Rule<any>[]): string {
  const sorted = sortedRules(rules);
  const ids = new Set(sorted.map((r) => r.meta.id));
  const out: string[] = [
    SCHEMA_MODELINE,
    '##',
    '## ldlint configuration. Lines starting with "# " are examples with the default values:',
    '## uncomment a line (and its parent keys) to change a setting. Lines starting with "##" explain.',
    '',
    '## ldlint:recommended runs every check at its default severity; ldlint:strict also raises',
    '## warnings to errors and reports unverifiable values as warnings.',
    'extends: ldlint:recommended',
    '',
    '## Checks: a severity (error | warning | info | off), or [severity, {options}].',
    '# rules:',
  ];
  let group = '';
  for (const r of sorted) {
    const m = r.meta;
    if (m.businessRule !== group) {
      group = m.businessRule;
      const title = (BUSINESS_RULES as Record<string, string>)[group];
      out.push(`##  ${group}${title ? ` ${title}` : ''}`);
    }
    const props = ((m.schema as { properties?: Record<string, { description?: string }> })?.properties ?? {}) as Record<string, { description?: string }>;
    const defaults = (m.defaultOptions ?? {}) as Record<string, unknown>;
    const names = Object.keys(props);
    if (names.length === 0) {
      out.push(`#   ${m.id}: ${m.defaultSeverity}${comment(m.description)}`);
      continue;
    }
    out.push(`#   ${m.id}:${comment(m.description)}`);
    out.push(`#     - ${m.defaultSeverity}`);
    const withDefault = names.filter((n) => defaults[n] !== undefined);
    const without = names.filter((n) => defaults[n] === undefined);
    withDefault.forEach((n, i) => {
      out.push(`#     ${i === 0 ? '- ' : '  '}${n}: ${flow(defaults[n])}${comment(props[n]?.description)}`);
    });
    for (const n of without) {
      out.push(`##    ${withDefault.length === 0 ? '- ' : '  '}${n}: ${placeholder(props[n])}  (no default) ${oneLine(props[n]?.description ?? '')}`.trimEnd());
    }
  }
  for (const [id, e] of Object.entries(ENGINE_SEVERITY_IDS)) {
    if (ids.has(id)) continue;
    out.push(`#   ${id}: ${e.defaultSeverity}${comment(e.description)}`);
  }
  const sd = DEFAULT_SETTINGS.sensitiveData;
  const ignoreId = ids.has('BR-LD-3/reserved-concurrency') ? 'BR-LD-3/reserved-concurrency' : (sorted[0]?.meta.id ?? 'BR-LD-3/reserved-concurrency');
  const fixedId = ids.has('BR-LD-1/sensitive-data-classification') ? 'BR-LD-1/sensitive-data-classification' : 'ldlint/parse-error';
  out.push(
    '',
    '## Settings shared by several checks.',
    '# settings:',
    '#   sensitiveData:  ## how BR-LD-1 recognises sensitive functions; a list given here replaces the default',
    `#     tagKeys: ${flow(sd.tagKeys)}`,
    `#     tagValues: ${flow(sd.tagValues)}`,
    `#     booleanTagKeys: ${flow(sd.booleanTagKeys)}`,
    `#     exceptionTagKey: ${flow(sd.exceptionTagKey)}`,
    '#   parameters:  ## template parameter values used instead of their defaults (the command line wins)',
    '#     Stage: prod',
    '',
    '## Central suppressions: accept a check\'s findings for some files or resources, with a reason.',
    '# ignore:',
    `#   - id: ${ignoreId}`,
    '#     files: ["legacy/**"]  ## globs relative to this file (default: every file)',
    '#     resources: ["LegacyFunction"]  ## logical ids or Serverless function keys (default: every resource)',
    '#     reason: "Replaced in Q3; see TICKET-123"',
    '#     expires: "2030-12-31"  ## YYYY-MM-DD (optional)',
    '',
    '## Checks whose findings no inline comment, ignore entry or baseline can suppress.',
    `# nonSuppressible: [${fixedId}]`,
    '',
    "## Read each function's own code (handler and local modules) for the code checks; false is --no-code.",
    '# code: true',
    '',
  );
  return out.join('\n');
}
