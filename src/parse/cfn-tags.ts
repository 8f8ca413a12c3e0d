/** CloudFormation YAML short forms and the long-form key each becomes. */
export const SHORT_FORMS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'FindInMap', 'If', 'Not', 'Equals', 'And', 'Or',
    'Base64', 'Cidr', 'GetAZs', 'ImportValue', 'Transform', 'ToJsonString', 'Length', 'ForEach',
  ].map((n): [string, string] => [`!${n}`, `Fn::${n}`]),
]);
