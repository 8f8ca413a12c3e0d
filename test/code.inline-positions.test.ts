import { beforeAll, describe, expect, it } from 'vitest';
import { initTreeSitter } from '../src/parse/tree-sitter.js';
import { findingsOf, lintText } from './support/lint.js';

// A reviewer found code findings of JSON templates on unrelated lines: the code of a JSON string
// is one template line, so line N of the code is not template line start + N.
const JSON_TEMPLATE = `{
  "Resources": {
    "Trigger": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Role": "arn:aws:iam::111122223333:role/r",
        "Code": {
          "ZipFile": "import json\\n\\ndef handler(event, context):\\n    print(event)\\n    return {}\\n"
        }
      }
    }
  }
}
`;

const YAML_TEMPLATE = `Resources:
  Trigger:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/r
      Code:
        ZipFile: |
          import json

          def handler(event, context):
              print(event)
              return {}
`;

describe('positions in inline code', () => {
  beforeAll(async () => {
    await initTreeSitter();
  });

  it('a JSON string: the finding is on the ZipFile line, at the start of the code', () => {
    const f = findingsOf(lintText('t.json', JSON_TEMPLATE, { code: true }), 'BR-LD-1/logs-event-payload');
    expect(f.map((x) => [x.line, x.column])).toEqual([[10, 23]]);
  });

  it('a YAML block scalar: the finding is on the template line of the call', () => {
    const f = findingsOf(lintText('t.yaml', YAML_TEMPLATE, { code: true }), 'BR-LD-1/logs-event-payload');
    expect(f.map((x) => [x.line, x.column])).toEqual([[13, 15]]);
  });
});
