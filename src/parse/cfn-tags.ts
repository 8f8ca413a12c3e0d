/** CloudFormation YAML short forms and the long-form key each becomes. */
export const SHORT_FORMS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'FindInMap', 'If', 'Not', 'Equals', 'And', 'Or',
    'Base64', 'Cidr', 'GetAZs', 'ImportValue', 'Transform', 'ToJsonString', 'Length', 'ForEach',
  ].map((n): [string, string] => [`!${n}`, `Fn::${n}`]),
]);

/**
 * The long form of a value under a local tag ldlint does not know (`!Rain::S3`, a tool's own
 * tag that it rewrites before deployment): `{"Fn::ldlintTag": [tag, value]}`. Like an intrinsic
 * function, nothing inside it is read as a property; the model makes it an unknown value.
 */
export const UNKNOWN_TAG_KEY = 'Fn::ldlintTag';

/** A local tag (`!Name`), not a YAML core tag (`!!str`) nor the non-specific `!`. */
export function isLocalTag(tag: string): boolean {
  return tag.length > 1 && tag.startsWith('!') && !tag.startsWith('!!');
}
