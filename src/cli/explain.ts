import type { Rule } from '../engine/types.js';
import { BUSINESS_RULES } from '../engine/types.js';

/** The text of `ldlint explain ID`. */
export function explainRule(rule: Rule<any>): string {
  const m = rule.meta;
  const br = m.businessRule === 'ldlint' ? 'ldlint engine check' : `${m.businessRule}: ${BUSINESS_RULES[m.businessRule]}`;
  const props = (m.schema.properties ?? {}) as Record<string, { description?: string }>;
  const defaults = m.defaultOptions as Record<string, unknown>;
  const options = Object.keys(props).length
    ? Object.entries(props).map(([k, s]) => `  ${k} (default ${JSON.stringify(defaults[k] ?? null)})${s.description ? `: ${s.description}` : ''}`).join('\n')
    : '  (none)';
  return [
    `${m.id}  [${m.defaultSeverity}]`,
    '',
    `Business rule   ${br}`,
    `What it checks  ${m.description}`,
    '',
    'Why',
    indent(m.docs.rationale),
    '',
    'How to fix',
    `  CloudFormation: ${m.docs.remediation.cloudformation}`,
    `  SAM:            ${m.docs.remediation.sam}`,
    `  Serverless:     ${m.docs.remediation.serverless}`,
    `  CDK:            ${m.docs.remediation.cdk}`,
    '',
    'Options (ldlint.config.yaml)',
    options,
    '',
    'Configure or turn off',
    `  rules:\n    "${m.id}": [warning, {}]   # or: off`,
    '',
    'Suppress with a recorded reason',
    `  Resource Metadata:  Metadata: {ldlint: {suppress: [{id: ${m.id}, reason: "...", expires: 2027-01-31}]}}`,
    `  YAML comment:       # ldlint-disable-next-line ${m.id} -- reason`,
    `  Config:             ignore: [{id: ${m.id}, resources: [MyFunction], reason: "..."}]`,
    '',
  ].join('\n');
}

function indent(text: string): string {
  return text.replace(/(.{1,96})(\s+|$)/g, '  $1\n').trimEnd();
}
