/** The help of an `ldlint/unverifiable` finding: how to give ldlint the value it could not see. */
import type { Value } from '../model/value.js';
import type { Dialect } from './vocabulary.js';

const ACCEPT = 'or accept the gap (info; a warning with --strict)';

export function unverifiableHelp(value: Value, dialect: Dialect): string {
  if (value.kind !== 'unknown') return `Write the value so that it can be read, ${ACCEPT}`;
  switch (value.source) {
    case 'parameter':
      if (value.param?.noEcho) return `A NoEcho parameter is never read: set the value in the template if it is not secret, ${ACCEPT}`;
      return value.param
        ? `Give the parameter a value: \`--parameter ${value.param.name}=<value>\`, \`--parameters FILE\` or \`settings.parameters\`, ${ACCEPT}`
        : `Give the parameter a value (\`--parameter Key=Value\`), ${ACCEPT}`;
    case 'variable':
      if (dialect === 'terraform') return `Give the variable a value: \`--var name=value\`, \`--var-file FILE\` or a \`terraform.tfvars\`, ${ACCEPT}`;
      return `Pass \`--stage\`/\`--region\` (\`--allow-env\` for \`\${env:}\`), or write the value in the project, ${ACCEPT}`;
    case 'import':
      return `The value comes from another stack: lint the stacks together, or pass it as a parameter with a default, ${ACCEPT}`;
    case 'dynamic-reference':
      return `The value is resolved at deploy time: write it in the template if it is not secret, ${ACCEPT}`;
    default:
      return dialect === 'terraform'
        ? `Define what the value refers to in the module (or run \`terraform init\` for registry modules), ${ACCEPT}`
        : `Define what the value refers to in the project, or lint its templates together, ${ACCEPT}`;
  }
}
