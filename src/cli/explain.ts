import type { Rule } from '../engine/types.js';
import { BUSINESS_RULES } from '../engine/types.js';
import { defaultSeverityText, type EngineFindingMeta } from '../engine/engine-findings.js';

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
    `  Terraform:      ${m.docs.remediation.terraform}`,
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

/** The text of `ldlint explain ID` for a finding the engine reports itself. */
export function explainEngineFinding(m: EngineFindingMeta): string {
  return [
    `${m.id}  [${defaultSeverityText(m)}]`,
    '',
    'Reported by     the ldlint engine (not a check of a business rule)',
    `When            ${m.description}`,
    '',
    'Why',
    indent(m.rationale),
    '',
    'What to do',
    indent(m.remedy),
    '',
    ...(m.failsTheRun ? ['Exit code', '  2, whatever --fail-on says: the run could not check everything.', ''] : []),
    ...(m.configurable ? ['Configure or turn off', `  rules:\n    "${m.id}": warning   # error | warning | info | off`, ''] : []),
    ...(m.suppressible
      ? [
          'Suppress with a recorded reason',
          // A file that does not parse has no comments ldlint can read.
          ...(m.ofTheRun ? [] : [`  YAML comment:       # ldlint-disable-next-line ${m.id} -- reason`]),
          `  Config:             ignore: [{id: ${m.id}, files: [path/to/template.yaml], reason: "..."}]`,
          '',
        ]
      : ['Suppressions', '  None can hide it.', '']),
  ].join('\n');
}

function indent(text: string): string {
  return text.replace(/(.{1,96})(\s+|$)/g, '  $1\n').trimEnd();
}
