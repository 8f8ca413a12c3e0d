import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { describeConditions, variants, type Value } from '../../src/model/value.js';
import type { LambdaFunction } from '../../src/model/types.js';
import type { Loc } from '../../src/parse/index.js';
import { nameTokens } from '../../src/engine/names.js';
import { isSecretName, matchNameList, secretAttribute } from '../../src/engine/sensitivity.js';
import type { Flavour } from '../../src/model/types.js';

export interface Options {
  piiNames: string[];
  secretNames: string[];
  configurationTokens: string[];
}

export const DEFAULT_PII_NAMES = [
  'SSN', 'SOCIAL_SECURITY', 'DOB', 'DATE_OF_BIRTH', 'BIRTH_DATE', 'BIRTHDATE', 'MBI', 'HICN', 'BENEFICIARY',
  'PATIENT', 'MEDICARE_ID', 'MEDICARE_NUMBER', 'MEDICAID_ID', 'DIAGNOSIS',
];
export const DEFAULT_SECRET_NAMES = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'API_KEY', 'PRIVATE_KEY', 'CREDENTIAL', 'CREDENTIALS'];
/**
 * Tokens of names that configure a secret rather than hold it: where it lives (`SECRET_ARN`,
 * `TOKEN_URL`), and counts, sizes, durations and policies (`PASSWORD_ITERATIONS`, `TOKEN_TTL`,
 * `PASSWORD_MIN_LENGTH`, `SECRET_ROTATION_DAYS`).
 */
export const DEFAULT_CONFIGURATION_TOKENS = [
  'ARN', 'NAME', 'ID', 'URL', 'URI', 'ENDPOINT', 'PATH', 'PORT', 'HOST', 'REGION', 'ISSUER', 'AUDIENCE', 'SCOPE', 'HEADER', 'PREFIX',
  'ALGORITHM', 'TYPE', 'FORMAT', 'VERSION', 'ENABLED', 'DISABLED', 'REQUIRED', 'POLICY', 'ROTATION',
  'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRATION', 'EXPIRES', 'AGE', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS', 'INTERVAL',
  'LENGTH', 'SIZE', 'COUNT', 'ITERATIONS', 'ROUNDS', 'RETRIES', 'ATTEMPTS', 'LIMIT', 'MIN', 'MINIMUM', 'MAX', 'MAXIMUM',
];


const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/;
const L = '[AC-HJKMNP-RT-Yac-hjkmnp-rt-y]';
const A = '[AC-HJKMNP-RT-Yac-hjkmnp-rt-y0-9]';
const MBI = new RegExp(`(?<![A-Za-z0-9-])(?:[1-9]${L}${A}\\d${L}${A}\\d${L}{2}\\d{2}|[1-9]${L}${A}\\d-${L}${A}\\d-${L}{2}\\d{2})(?![A-Za-z0-9-])`);

/** Which PII pattern a literal text contains, if any. */
export function piiPattern(text: string): string | undefined {
  if (SSN.test(text)) return 'a Social Security number';
  if (MBI.test(text)) return 'a Medicare Beneficiary Identifier (MBI)';
  return undefined;
}

/** Secrets Manager / SSM references by ARN or parameter path are where a secret lives, not the secret. */
const SECRET_REFERENCE = /^(arn:[^:]*:(secretsmanager|ssm|kms):|\/[\w.\-/]+$)/;

type Literalness = { kind: 'literal'; text: string } | { kind: 'not-literal' } | { kind: 'unknown'; value: Value };

/** Is the value plaintext from the template text (catalogue decision), or a reference / unknown? */
export function literalness(v: Value): Literalness {
  switch (v.kind) {
    case 'lit': {
      if (v.value === null || typeof v.value === 'boolean') return { kind: 'not-literal' };
      if (v.param && (v.param.noEcho || v.param.from === 'override')) return { kind: 'not-literal' };
      const text = String(v.value);
      if (text.trim() === '' || SECRET_REFERENCE.test(text.trim())) return { kind: 'not-literal' };
      return { kind: 'literal', text };
    }
    case 'template': {
      const strings = v.parts.filter((p): p is string => typeof p === 'string');
      if (strings.some((s) => s.includes('{{resolve:'))) return { kind: 'not-literal' };
      for (const p of v.parts) {
        if (typeof p === 'string' || p.kind !== 'unknown') continue;
        if (p.source === 'dynamic-reference' || p.source === 'import' || p.param?.noEcho) return { kind: 'not-literal' };
        return { kind: 'unknown', value: p };
      }
      const text = v.parts.map((p) => (typeof p === 'string' ? p : '${}')).join('');
      if (strings.join('').trim() === '' || SECRET_REFERENCE.test(text)) return { kind: 'not-literal' };
      return { kind: 'literal', text: strings.join('') };
    }
    case 'unknown':
      if (v.source === 'dynamic-reference' || v.source === 'import' || v.param?.noEcho) return { kind: 'not-literal' };
      if (v.source === 'variable' && v.service && /^(ssm|secretsmanager|ssm-secure|aws|cf|s3)$/.test(v.service)) return { kind: 'not-literal' };
      return { kind: 'unknown', value: v };
    default:
      // Ref/GetAtt of a resource, pseudo parameters, lists, maps: not a secret written in the template.
      return { kind: 'not-literal' };
  }
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-1/sensitive-env-vars',
    businessRule: 'BR-LD-1',
    description: 'Forbid environment variables that suggest PII/PHI, hold plaintext secrets, or contain PII values',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        piiNames: {
          type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
          description: 'Variable names (or name parts such as `MEDICARE_ID`) that suggest PII/PHI. Matched by tokens: names split on `_`, `-`, `.`, digits and camelCase, never by substring.',
        },
        secretNames: {
          type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
          description: 'Name tokens that make a variable a secret (`PASSWORD`, `API_KEY`, ...). A secret-named variable is reported when its value is a literal written in the template (not a number); a resource attribute with such a name (`ClientSecret`, `SecretAccessKey`) is reported whatever the variable is called.',
        },
        configurationTokens: {
          type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
          description: 'Name tokens that mark a secret-like name as configuration about the secret rather than the secret itself: where it lives, counts, sizes, durations and policies (`SECRET_ARN`, `TOKEN_TTL`, `PASSWORD_MIN_LENGTH`, `PASSWORD_ITERATIONS`).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { piiNames: DEFAULT_PII_NAMES, secretNames: DEFAULT_SECRET_NAMES, configurationTokens: DEFAULT_CONFIGURATION_TOKENS },
    docs: {
      rationale:
        'Environment variables are stored with the function configuration and shown to anyone who can read it (console, `GetFunctionConfiguration`, the template in source control and in CloudFormation). A variable named for PII/PHI shows that sensitive data is configured into the function, a secret written in the template or copied from a resource attribute (`!GetAtt Client.ClientSecret`, `SecretAccessKey`) is disclosed to every reader, and a literal SSN or MBI is PII at rest in plaintext. A number, or a name with a configuration token (`PASSWORD_ITERATIONS`, `TOKEN_TTL`, `SECRET_ARN`), configures a secret and is not one. CMS asks that sensitive data stay out of Lambda; secrets belong in Secrets Manager or SSM SecureString.',
      remediation: {
        cloudformation:
          'Remove PII from `Environment.Variables`; for secrets use a `{{resolve:secretsmanager:...}}` dynamic reference, a `NoEcho` parameter, or pass the secret\'s ARN (`SECRET_ARN`) and read it at run time.',
        sam: 'Same in the function\'s `Environment.Variables` or `Globals.Function.Environment.Variables`: reference secrets with `{{resolve:secretsmanager:...}}` or pass their ARN.',
        serverless: 'Use `${ssm:...}`/Secrets Manager ARNs instead of literal secrets in `provider.environment` and function `environment`, and remove PII values.',
        cdk: 'Pass `secret.secretArn` (and grant read) instead of a literal, or use `SecretValue` only where CloudFormation resolves it; remove PII from `environment`.',
      },
    },
  },
  check(ctx, options) {
    for (const fn of ctx.project.functions) checkFunction(ctx, fn, options);
  },
});

function checkFunction(ctx: RuleContext, fn: LambdaFunction, { piiNames, secretNames, configurationTokens }: Options): void {
  const names = { secretNames, configurationTokens };
  const seen = new Set<string>();
  const report = (at: Value | Loc, path: string, message: string, help: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    ctx.report({ resource: fn.resource, resourceName: fn.name, at, path, message, help });
  };
  const flavour = fn.resource.template.flavour;
  for (const variant of variants(fn.get('Environment.Variables'))) {
    const vars = variant.value;
    const when = describeConditions(variant.conditions);
    if (vars.kind === 'unknown') {
      ctx.unverifiable(vars, 'Environment.Variables', fn.resource, fn.name);
      continue;
    }
    if (vars.kind !== 'map') continue;
    for (const { key: name, keyLoc, value } of vars.entries) {
      const pii = matchNameList(nameTokens(name), piiNames);
      const path = `Environment.Variables.${name}`;
      if (pii) {
        report(keyLoc, `${path}:name`, `${fnLabel(fn)} has environment variable ${name} whose name suggests PII/PHI (matches ${pii}).`,
          'Keep PII/PHI out of the function configuration, or rename the variable if it holds none.');
      }
      const secretName = isSecretName(name, names);
      for (const vv of variants(value)) {
        const v = vv.value;
        const vwhen = `${when}${describeConditions(vv.conditions)}`;
        const attr = secretAttribute(v, names);
        if (attr) {
          report(v, `${path}:secret`, `${fnLabel(fn)} copies secret ${attr.target}.${attr.attr} into environment variable ${name}${vwhen}, where it is plaintext.`,
            `Pass ${attr.target}'s name or ARN instead and let the function read the secret at run time; the function configuration shows its environment to anyone allowed to read it.`);
          continue;
        }
        const lit = literalness(v);
        if (secretName && !isNumber(v)) {
          if (lit.kind === 'literal') {
            report(v, `${path}:secret`, `${fnLabel(fn)} sets environment variable ${name} to a plaintext literal${vwhen} (value redacted).`, plaintextHelp(flavour));
          } else if (lit.kind === 'unknown') {
            ctx.unverifiable(lit.value, `whether environment variable ${name} holds a plaintext secret`, fn.resource, fn.name);
          }
        }
        if (lit.kind === 'literal') {
          const kind = piiPattern(lit.text);
          if (kind) report(v, `${path}:value`, `${fnLabel(fn)} sets environment variable ${name} to a literal that contains ${kind}${vwhen} (value redacted).`, 'Remove PII from the function configuration.');
        }
      }
    }
  }
}

/**
 * A number is a count or a size (`PASSWORD_ITERATIONS: 4096`), not a secret; numbers written as
 * text count too, as the framework and CloudFormation turn environment numbers into text.
 */
function isNumber(v: Value): boolean {
  return v.kind === 'lit' && (typeof v.value === 'number' || (typeof v.value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(v.value.trim())));
}

/** How to keep a secret out of the template, in the vocabulary of the file. */
function plaintextHelp(flavour: Flavour): string {
  const why = 'a secret written in the template is readable by anyone who can read it or the function configuration';
  switch (flavour) {
    case 'serverless':
      return `Pass the secret's ARN or SSM parameter name and read it at run time, or use \${ssm:...}: ${why}.`;
    case 'cdk':
      return `Pass secret.secretArn (and grant read) and read it at run time: ${why}.`;
    case 'terraform':
      return `Pass the aws_secretsmanager_secret ARN and read it at run time: ${why}.`;
    default:
      return `Use a {{resolve:secretsmanager:...}} dynamic reference or a NoEcho parameter, or pass the secret's ARN and read it at run time: ${why}.`;
  }
}
