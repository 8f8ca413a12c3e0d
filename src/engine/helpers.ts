import type { LambdaFunction, Resource } from '../model/types.js';
import { asNumber, describeConditions, show, variants, type Value, type Variant } from '../model/value.js';
import type { RuleContext } from './types.js';
import { vocabularyFor } from './vocabulary.js';

/**
 * `function ProcessClaims (FunctionName "claims-processor")` for messages, the name's key as the
 * file writes it; `context` is the rest of the message: a name it already shows is not repeated.
 */
export function fnLabel(fn: LambdaFunction, context = ''): string {
  const n = fn.functionName;
  const vocabulary = vocabularyFor(fn.resource);
  // Serverless names functions `<service>-<stage>-<key>`: the key the message names is what the user
  // wrote. A Terraform address already identifies the resource in the file.
  const label = vocabulary.dialect !== 'serverless' && vocabulary.dialect !== 'terraform';
  const shown = label && n.kind === 'lit' && n.value !== null && !n.param?.noEcho && n.value !== fn.name && !context.includes(`/${String(n.value)}"`);
  const physical = shown ? ` (${vocabulary.name('FunctionName').slice(1, -1)} "${n.value}")` : '';
  return `function ${fn.name}${physical}`;
}

/**
 * A resource as messages name it: `AWS::Lambda::Version LiveVersion`, or its address in Terraform
 * (`aws_lambda_provisioned_concurrency_config.live`), which names the Terraform type already.
 */
export function resourceLabel(resource: Resource): string {
  return resource.template.flavour === 'terraform' ? resource.logicalId : `${resource.type} ${resource.logicalId}`;
}

/**
 * A log group as messages name it: its label (`log group ClaimsLogs ("/aws/lambda/claims")`,
 * `implicit log group "/aws/lambda/claims"`), or only its name for one the Serverless Framework
 * generates, whose logical id the user never wrote.
 */
export function groupName(group: { names: string[]; label: string; binding: { resource: { template: { flavour: string } } | undefined } }): string {
  const generated = group.binding.resource?.template.flavour === 'serverless';
  // A name with a placeholder in it (the service name is unknown) says less than the group's label.
  const name = group.names[0];
  return generated && name !== undefined && !name.includes('${') ? `log group "${name}"` : group.label;
}

/** The first message that fits a finding's 200 characters, else the last (shortest) one. */
export function fitting(...messages: string[]): string {
  return messages.find((m) => m.length <= 200) ?? messages.at(-1)!;
}

/** `A, B, C and 4 more`: a list that keeps a message short. */
export function shortList(xs: readonly string[], max = 3): string {
  // "and 1 more" is no shorter than the name it hides.
  if (xs.length <= max + 1) return xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0] ?? '';
  return `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;
}

/**
 * Visits each alternative of a numeric property: `onNumber` for numbers (quoted numbers count),
 * `onAbsent` when not set; unknown values become `ldlint/unverifiable`, other values `onInvalid`.
 */
export function eachNumber(
  ctx: RuleContext,
  fn: LambdaFunction,
  value: Value,
  what: string,
  handlers: {
    onNumber(n: number, v: Value, when: string): void;
    onAbsent?(v: Value, when: string): void;
    onInvalid?(v: Value, when: string): void;
  },
): void {
  for (const variant of variants(value)) {
    const v = variant.value;
    const when = describeConditions(variant.conditions);
    if (v.kind === 'absent') handlers.onAbsent?.(v, when);
    else if (v.kind === 'unknown') ctx.unverifiable(v, what, fn.resource, fn.name);
    else {
      const n = asNumber(v);
      if (n === undefined) handlers.onInvalid?.(v, when);
      else handlers.onNumber(n, v, when);
    }
  }
}

export { show, variants, type Variant };
