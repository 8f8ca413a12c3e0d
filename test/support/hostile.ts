/**
 * Generators of hostile and odd inputs (issue 9): files written into a temporary directory and run
 * through the built CLI by test/hostile.test.ts, and fast-check arbitraries for test/fuzz.test.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ROOT } from './lint.js';

/** A file of a case: text, bytes, a symbolic link, a directory, or text with a file mode. */
export type Entry = string | Uint8Array | { symlink: string } | { dir: true } | { fifo: true } | { text: string; mode: number };

export interface HostileCase {
  name: string;
  /** Paths relative to the case's directory (`..` reaches the shared directory of all cases). */
  files: Record<string, Entry>;
  /** CLI arguments (before `-f json`), relative to the case directory; default: the first file. */
  args?: string[];
  /** Extra environment of the child. */
  env?: Record<string, string>;
  expect?: {
    /** Allowed exit codes (default 0, 1, 2). */
    exit?: number[];
    /** Must occur in the JSON findings' messages or on stderr. */
    message?: RegExp;
    /** Must occur nowhere in stdout or stderr. */
    absent?: string[];
  };
}

/** Deterministic pseudo-random bytes (mulberry32). */
export function randomBytes(n: number, seed: number, noNul = false): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const b = (t ^ (t >>> 14)) & 0xff;
    out[i] = noNul && b === 0 ? 0x80 : b;
  }
  return out;
}

const FN_PROPS = ['Runtime: python3.12', 'Handler: app.handler', 'Role: arn:aws:iam::123456789012:role/r', 'Code: { ZipFile: "x" }'];

/** A CloudFormation YAML template with one function (`Fn`), extra properties and resources. */
export function cfnYaml(extraProps: string[] = [], extraResources = '', head = ''): string {
  const props = [...FN_PROPS, ...extraProps].map((p) => `      ${p}`).join('\n');
  return `AWSTemplateFormatVersion: '2010-09-09'\n${head}Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n${props}\n${extraResources}`;
}

function utf16le(text: string, bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(Buffer.from(text, 'utf16le')).swap16()]);
}

// ---------------------------------------------------------------------------------------------
// Prototype pollution: `__proto__`, `constructor`, `prototype` keys everywhere a template has keys.

export const PROTO_CFN_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  __proto__: { polluted: meta }
  ldlint:
    suppress:
      - { id: __proto__, reason: x, __proto__: { polluted: sup } }
      - { id: constructor, reason: x, constructor: { prototype: { polluted: sup } } }
Parameters:
  __proto__: { Type: String, Default: polluted }
  constructor: { Type: String, Default: polluted }
  prototype: { Type: String }
  toString: { Type: String, Default: x }
  hasOwnProperty: { Type: Number, Default: 1 }
Mappings:
  __proto__:
    polluted: { __proto__: polluted, constructor: polluted }
  constructor:
    prototype: { polluted: yes }
Conditions:
  __proto__: !Equals [!Ref __proto__, polluted]
  constructor: !Condition __proto__
  prototype: !Or [!Condition constructor, !Condition toString]
  toString: !Not [!Condition hasOwnProperty]
  hasOwnProperty: !And [!Condition prototype, !Condition valueOf]
Resources:
  __proto__:
    Type: AWS::Lambda::Function
    Condition: constructor
    Metadata: { __proto__: { polluted: yes }, ldlint: { __proto__: { polluted: yes }, suppress: { __proto__: polluted } } }
    Properties:
      __proto__: { polluted: yes }
      constructor: { prototype: { polluted: yes } }
      Runtime: python3.12
      Handler: !FindInMap [__proto__, polluted, constructor]
      Role: !GetAtt constructor.Arn
      Code: { ZipFile: x, __proto__: { polluted: yes } }
      Timeout: !If [__proto__, 900, !Ref hasOwnProperty]
      MemorySize: !If [constructor, !Ref toString, 128]
      FunctionName: !Sub '\${__proto__}-\${constructor}-\${AWS::Region}-\${prototype.Arn}'
      Environment:
        Variables:
          __proto__: polluted
          constructor: polluted
          prototype: { polluted: yes }
      Tags:
        - { Key: __proto__, Value: polluted }
        - { Key: constructor, Value: { __proto__: polluted } }
      VpcConfig: { __proto__: { polluted: yes }, SubnetIds: [!Ref __proto__], SecurityGroupIds: !FindInMap [constructor, prototype, polluted] }
      LoggingConfig: { LogGroup: !Ref hasOwnProperty, __proto__: { polluted: yes } }
  constructor:
    Type: AWS::IAM::Role
    Properties:
      __proto__: { polluted: yes }
      AssumeRolePolicyDocument: { __proto__: { polluted: yes } }
      Policies:
        - PolicyName: __proto__
          PolicyDocument:
            __proto__: { polluted: yes }
            Statement:
              - { Effect: Allow, Action: '__proto__:*', Resource: '*', __proto__: { polluted: yes } }
              - { Effect: Allow, Action: [constructor, prototype], Resource: [!GetAtt __proto__.Arn] }
  prototype:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: __proto__
        States:
          __proto__: { Type: Task, Resource: !GetAtt __proto__.Arn, Next: constructor }
          constructor: { Type: Parallel, Branches: [ { StartAt: __proto__, States: { __proto__: { Type: Pass, End: true } } } ], End: true }
      DefinitionSubstitutions: { __proto__: polluted, constructor: { prototype: polluted } }
  hasOwnProperty:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: !Sub '/aws/lambda/\${__proto__}', RetentionInDays: !Ref hasOwnProperty }
  toString:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref __proto__, EventSourceArn: !GetAtt constructor.Arn, __proto__: { polluted: yes } }
  valueOf:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: ./__proto__.yaml, Parameters: { __proto__: polluted, constructor: polluted } }
Outputs:
  __proto__: { Value: !Ref __proto__ }
`;

/** JSON keeps `"__proto__"` as an ordinary key only if the parser is careful: written by hand. */
export const PROTO_CFN_JSON = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "__proto__": { "polluted": "root" },
  "Parameters": { "__proto__": { "Type": "String", "Default": "polluted" }, "constructor": { "Type": "CommaDelimitedList", "Default": "a,b" } },
  "Mappings": { "__proto__": { "__proto__": { "__proto__": "polluted" } } },
  "Conditions": { "__proto__": { "Fn::Equals": [{ "Ref": "__proto__" }, "polluted"] }, "constructor": { "Condition": "constructor" } },
  "Resources": {
    "__proto__": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "__proto__": { "polluted": "yes" },
        "Runtime": "python3.12", "Handler": "a.b", "Role": "arn:aws:iam::123456789012:role/r", "Code": { "ZipFile": "x" },
        "MemorySize": { "Fn::FindInMap": ["__proto__", "__proto__", "__proto__"] },
        "Timeout": { "Fn::If": ["constructor", 1, { "Fn::If": ["__proto__", 2, 3] }] },
        "Environment": { "Variables": { "__proto__": "polluted", "constructor": { "Fn::Join": [",", { "Ref": "constructor" }] } } },
        "Tags": [{ "Key": "__proto__", "Value": "polluted" }]
      },
      "Metadata": { "ldlint": { "suppress": [{ "id": "__proto__", "reason": "x", "__proto__": { "polluted": "yes" } }] } }
    },
    "constructor": { "Type": "AWS::IAM::Role", "Properties": { "__proto__": { "polluted": "yes" } } }
  }
}
`;

export const PROTO_SAM_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  __proto__: { polluted: yes }
  Function:
    __proto__: { polluted: yes }
    Environment: { Variables: { __proto__: polluted, constructor: x } }
    Tags: { __proto__: polluted, constructor: polluted }
  constructor: { prototype: { polluted: yes } }
Resources:
  __proto__:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [__proto__, constructor]
    Properties:
      __proto__: { polluted: yes }
      Runtime: python3.12
      Handler: a.b
      CodeUri: .
      AutoPublishAlias: __proto__
      Policies:
        - { __proto__: { polluted: yes } }
        - { constructor: { prototype: polluted } }
        - __proto__
        - { DynamoDBCrudPolicy: { TableName: __proto__, __proto__: polluted } }
      Events:
        __proto__: { Type: SQS, Properties: { Queue: !GetAtt constructor.Arn } }
        constructor: { Type: __proto__, Properties: { __proto__: { polluted: yes } } }
      Tags: { __proto__: polluted, constructor: polluted }
      EventInvokeConfig: { __proto__: { polluted: yes }, DestinationConfig: { __proto__: { polluted: yes } } }
  constructor:
    Type: AWS::Serverless::StateMachine
    Properties: { Definition: { StartAt: x, States: { __proto__: { Type: Pass, End: true } } }, Policies: [__proto__] }
  prototype:
    Type: AWS::Serverless::Api
    Properties: { StageName: __proto__ }
  toString:
    Type: AWS::Serverless::Application
    Properties: { Location: ./__proto__.yaml, Parameters: { __proto__: polluted } }
`;

export const PROTO_SERVERLESS = `service: __proto__
frameworkVersion: '3'
custom:
  __proto__: { polluted: yes }
  constructor: { prototype: { polluted: yes } }
  ref: \${self:custom.__proto__.polluted}
  ref2: \${self:custom.constructor.prototype.polluted}
  ref3: \${self:__proto__}
  ref4: \${self:custom.toString}
  ref5: \${self:custom.constructor.name, 'fallback'}
  ldlint:
    suppress:
      - { id: __proto__, reason: x, functions: [__proto__], resources: [constructor] }
      - { id: BR-LD-3/timeout, reason: x, functions: [constructor, '__proto__*'], __proto__: { polluted: yes } }
  logSubscription: { __proto__: { polluted: yes }, destinationArn: __proto__ }
provider:
  name: aws
  runtime: nodejs20.x
  __proto__: { polluted: yes }
  environment: { __proto__: polluted, constructor: \${self:custom.ref} }
  iam: { role: { statements: [ { Effect: Allow, Action: ['__proto__:*'], Resource: '*', __proto__: { polluted: yes } } ] } }
  stackTags: { __proto__: polluted }
  tags: { constructor: polluted }
functions:
  __proto__:
    handler: h.__proto__
    environment: { __proto__: polluted, prototype: \${self:custom.ref2} }
    events: [ { __proto__: { polluted: yes } }, { sqs: { arn: __proto__ } }, { http: { path: __proto__, method: get } } ]
    tags: { __proto__: polluted }
  constructor:
    handler: h.c
    __proto__: { polluted: yes }
    timeout: \${self:custom.ref5}
resources:
  __proto__: { polluted: yes }
  Resources:
    __proto__: { Type: AWS::Lambda::Function, Properties: { __proto__: { polluted: yes } } }
    constructor: { Type: AWS::SQS::Queue }
  extensions:
    __proto__: { Properties: { __proto__: { polluted: yes } } }
    constructor: { Properties: { polluted: yes } }
  Outputs: { __proto__: { Value: x } }
`;

/** Templates with prototype keys, for in-process checks (display path, text). */
export const PROTO_TEMPLATES: [string, string][] = [
  ['proto/cfn.yaml', PROTO_CFN_YAML],
  ['proto/cfn.json', PROTO_CFN_JSON],
  ['proto/sam.yaml', PROTO_SAM_YAML],
  ['proto/sls/serverless.yml', PROTO_SERVERLESS],
  ['proto/merge.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nx: &x { __proto__: { polluted: yes }, constructor: { prototype: { polluted: yes } } }\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      <<: *x\n      Environment: { Variables: { <<: [*x, { __proto__: polluted }] } }\n`],
];

// ---------------------------------------------------------------------------------------------
// Hostile inputs for the CLI

const bigStateMachine = (n: number): string => {
  const states: string[] = [];
  for (let i = 0; i < n; i++) states.push(`"S${i}": { "Type": "${i % 3 === 0 ? 'Task' : 'Pass'}", ${i % 3 === 0 ? '"Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": { "Fn::GetAtt": ["Fn", "Arn"] } }, ' : ''}${i + 1 < n ? `"Next": "S${i + 1}"` : '"End": true'} }`);
  return `{ "StartAt": "S0", "States": { ${states.join(', ')} } }`;
};

const deepParallel = (depth: number): string => {
  let inner = '{ "StartAt": "Leaf", "States": { "Leaf": { "Type": "Task", "Resource": { "Fn::GetAtt": ["Fn", "Arn"] }, "End": true } } }';
  for (let i = 0; i < depth; i++) inner = `{ "StartAt": "P${i}", "States": { "P${i}": { "Type": "Parallel", "Branches": [${inner}], "End": true } } }`;
  return inner;
};

const stateMachineTemplate = (definition: string, asString = false): string =>
  `{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": { ${cfnJsonFn()}, "Sm": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "RoleArn": "arn:aws:iam::123456789012:role/sm", ${asString ? `"DefinitionString": ${JSON.stringify(definition)}` : `"Definition": ${definition}`} } } } }`;

function cfnJsonFn(extra = ''): string {
  return `"Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "python3.12", "Handler": "a.b", "Role": "arn:aws:iam::123456789012:role/r", "Code": { "ZipFile": "x" }${extra} } }`;
}

const FN_SLS = (body: string, custom = ''): string =>
  `service: svc\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\ncustom:\n${custom || '  x: 1\n'}functions:\n  hello:\n    handler: h.hello\n${body}`;

/** Marker text of files outside a case's tree: it must never reach any output. */
export const OUTSIDE_MARKER = 'OUTSIDE-TREE-MARKER-7c1e';

/** Every hostile input, as cases for the built CLI. */
export function hostileCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (c: HostileCase) => cases.push(c);
  const template = cfnYaml();

  // YAML alias bombs ("billion laughs"), sequences and merge keys.
  {
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
    lines.push('Resources:', '  Fn:', '    Type: AWS::Lambda::Function', '    Properties:', '      Code: *a9');
    add({ name: 'alias-bomb', files: { 'bomb.yaml': lines.join('\n') + '\n' }, expect: { exit: [2], message: /alias expansion/ } });
    const m = ['AWSTemplateFormatVersion: "2010-09-09"', 'm0: &m0 { k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v }'];
    for (let i = 1; i < 12; i++) m.push(`m${i}: &m${i} { ${Array.from({ length: 8 }, (_, j) => `k${j}: *m${i - 1}`).join(', ')}, <<: [*m${i - 1}] }`);
    m.push('Resources:', '  Fn:', '    Type: AWS::Lambda::Function', '    Properties:', '      Environment: { Variables: *m11 }');
    add({ name: 'alias-bomb-maps', files: { 'bomb-maps.yaml': m.join('\n') + '\n' }, expect: { exit: [2], message: /alias expansion/ } });
  }

  // Size limit: explicit (error) and walked (skipped with a message).
  add({ name: 'max-file-size-explicit', files: { 'big.yaml': template + `      Description: "${'x'.repeat(4000)}"\n` }, args: ['big.yaml', '--max-file-size', '1000'], expect: { exit: [2], message: /maximum file size|max-file-size/ } });
  add({ name: 'max-file-size-walked', files: { 'tree/big.yaml': template + `      Description: "${'x'.repeat(4000)}"\n`, 'tree/small.yaml': template }, args: ['tree', '--max-file-size', '2000'], expect: { message: /big\.yaml: not linted: .*max-file-size/ } });
  add({ name: 'max-file-size-default', files: { 'huge.json': `{"AWSTemplateFormatVersion":"2010-09-09","Description":"${'y'.repeat(11 * 1024 * 1024)}","Resources":{}}` }, expect: { exit: [2], message: /maximum file size|max-file-size/ } });

  // Very deep nesting, in every syntax.
  add({ name: 'deep-flow-yaml', files: { 'deep-flow.yaml': `AWSTemplateFormatVersion: x\nResources: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` }, expect: { exit: [2] } });
  add({ name: 'deep-flow-unclosed', files: { 'deep-open.yaml': `Resources: ${'{a: '.repeat(50_000)}\n` }, expect: { exit: [2] } });
  add({ name: 'deep-json', files: { 'deep.json': `{"Resources":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, 'deep-lines.json': `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}` }, args: ['deep.json', 'deep-lines.json'], expect: { exit: [2], message: /deep-lines\.json:\d+:\d+: .*nest/ } });
  add({ name: 'deep-json-array', files: { 'deep-array.json': `{"Resources":{"Fn":{"Type":"AWS::Lambda::Function","Properties":{"Timeout":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}}` }, });
  {
    let block = 'AWSTemplateFormatVersion: x\nResources:\n';
    for (let i = 1; i <= 1500; i++) block += `${' '.repeat(i)}k${i}:\n`;
    add({ name: 'deep-block-yaml', files: { 'deep-block.yaml': block + `${' '.repeat(1501)}v\n` }, expect: { exit: [2] } });
    add({ name: 'deep-seq-yaml', files: { 'deep-seq.yaml': `Resources:\n  X: ${'- '.repeat(30_000)}x\n` }, expect: { exit: [2] } });
    // Long multi-line scalars and flows: each line must cost the same, however many came before.
    const many = Array.from({ length: 20_000 }, (_, i) => `word${i} and more text`);
    add({ name: 'long-multiline-scalars', files: { 'long.yaml': cfnYaml([`Description: "${many.join('\n        ')}"`, `Handler: '${many.join('\n\n        ')}'`, `Runtime: ${many.join('\n        ')}`, `Layers: [${many.join(',\n        ')}]`]) } });
    add({ name: 'deep-properties', files: { 'deep-props.yaml': cfnYaml([`Environment: ${'{ Variables: '.repeat(400)}x${' }'.repeat(400)}`]) } });
    add({ name: 'deep-intrinsics', files: { 'deep-intrinsics.yaml': cfnYaml([`Timeout: ${'!Select [0, ['.repeat(150)}5${']]'.repeat(150)}`, `MemorySize: ${'!Join ["", ['.repeat(150)}"1"${']]'.repeat(150)}`]) } });
  }

  // Binary, encodings, line endings, empty files.
  add({ name: 'binary', files: { 'binary.yaml': randomBytes(64 * 1024, 1) }, expect: { exit: [2], message: /binary/ } });
  add({ name: 'binary-walked', files: { 'tree/binary.yaml': randomBytes(4096, 2), 'tree/blob.json': randomBytes(4096, 3), 'tree/ok.yaml': template }, args: ['tree'] });
  add({ name: 'invalid-utf8', files: { 'bad-utf8.yaml': Buffer.concat([Buffer.from(template + '      Description: "caf'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"\n')]) }, expect: { exit: [2], message: /UTF-8/ } });
  add({ name: 'random-high-bytes', files: { 'high.template': randomBytes(32 * 1024, 4, true) }, expect: { exit: [2] } });
  add({ name: 'utf16le-bom', files: { 'utf16le.yaml': utf16le(template + '      Timeout: 900\n', true) }, expect: { exit: [0, 1] } });
  add({ name: 'utf16be-bom', files: { 'utf16be.json': utf16be(`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{${cfnJsonFn(', "Timeout": 900')}}}`) }, expect: { exit: [0, 1] } });
  add({ name: 'utf16-no-bom', files: { 'utf16.yaml': utf16le(template, false) }, expect: { exit: [2] } });
  add({ name: 'utf16-odd-length', files: { 'odd.yaml': Buffer.concat([utf16le(template, true), Buffer.from([0x41])]) } });
  add({ name: 'utf8-bom', files: { 'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(template)]), 'bom.json': `\uFEFF{"Resources":{${cfnJsonFn()}}}` }, args: ['bom.yaml', 'bom.json'], expect: { exit: [0, 1] } });
  add({ name: 'crlf', files: { 'crlf.yaml': cfnYaml(['Timeout: 900', 'Environment:', '  Variables:', '    A: "x"'], '', 'Description: |\n  two\n  lines\n').replace(/\n/g, '\r\n') }, expect: { exit: [0, 1] } });
  add({ name: 'cr-only', files: { 'cr.yaml': template.replace(/\n/g, '\r') } });
  add({ name: 'mixed-eol', files: { 'mixed.yaml': template.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join('') } });
  add({ name: 'empty', files: { 'empty.yaml': '' } });
  add({ name: 'empty-json', files: { 'empty.json': '' } });
  add({ name: 'whitespace-only', files: { 'blank.yaml': '  \n\t\n\n' } });
  add({ name: 'comment-only', files: { 'comment.yaml': '# nothing here\n# ldlint-disable BR-LD-3 -- x\n' } });
  add({ name: 'empty-walked', files: { 'tree/empty.yaml': '', 'tree/serverless.yml': '', 'tree/x.json': '' }, args: ['tree'] });
  add({ name: 'nul-in-text', files: { 'nul.yaml': template + '      Description: "a\0b"\n' }, expect: { exit: [2] } });

  // Documents that are not maps.
  for (const [name, file, text] of [
    ['list', 'list.yaml', '- a\n- b\n'],
    ['scalar', 'scalar.yaml', 'hello\n'],
    ['null', 'null.yaml', '~\n'],
    ['number-json', 'number.json', '42'],
    ['array-json', 'array.json', '[{"Resources": {}}]'],
    ['string-json', 'string.json', '"Resources"'],
    ['multi-doc', 'multi.yaml', `${template}---\n${template}---\n- x\n`],
    ['resources-list', 'res-list.yaml', 'AWSTemplateFormatVersion: x\nResources: [a, b]\n'],
    ['resources-scalar', 'res-scalar.yaml', 'AWSTemplateFormatVersion: x\nResources: 5\n'],
    ['resource-odd-shapes', 'res-odd.yaml', 'Resources:\n  A: null\n  B: [1]\n  C: { Type: [AWS::Lambda::Function] }\n  D: { Type: AWS::Lambda::Function, Properties: [1, 2] }\n  E: { Type: AWS::Lambda::Function, Properties: x }\n  F: { Type: { Ref: X } }\n  G: { Type: AWS::Lambda::Function, Properties: { Timeout: {}, MemorySize: [], Environment: [], Tags: { a: b }, VpcConfig: 1, Role: [], Layers: { x: 1 }, Code: null } }\n  H: { Type: AWS::Serverless::Function, Properties: { Events: [1], Policies: { x: 1 } } }\n  I: { Type: AWS::StepFunctions::StateMachine, Properties: { Definition: [1], DefinitionString: { a: 1 } } }\n  J: { Type: AWS::IAM::Role, Properties: { Policies: { a: 1 }, ManagedPolicyArns: 5 } }\n'],
    ['sam-odd-shapes', 'sam-odd.yaml', 'Transform: [AWS::Serverless-2016-10-31, 5, { a: 1 }]\nGlobals: [1]\nResources:\n  F: { Type: AWS::Serverless::Function, Properties: { Events: { E: 1, F: { Type: [SQS] }, G: { Type: SQS, Properties: 1 } }, Policies: [1, [2], { a: 1, b: 2 }], Tags: [1], AutoPublishAlias: { a: 1 }, DeadLetterQueue: [1], Tracing: [] } }\n  G: { Type: AWS::Serverless::Function, IgnoreGlobals: { x: 1 }, Properties: null }\n  S: { Type: AWS::Serverless::StateMachine, Properties: [1] }\n  A: { Type: AWS::Serverless::Application }\n'],
    ['odd-keys', 'odd-keys.yaml', `? [complex, key]\n: 1\n? { a: 1 }\n: 2\n1: one\nnull: two\ntrue: three\n"": empty\nAWSTemplateFormatVersion: x\nResources:\n  ? [k]\n  : { Type: AWS::Lambda::Function }\n  "": { Type: AWS::Lambda::Function, Properties: { "": 1, ${'"' + 'k'.repeat(100_000) + '"'}: 1 } }\n`],
    ['unknown-tags', 'tags.yaml', cfnYaml(['Timeout: !Foo 5', 'MemorySize: !!binary aGVsbG8=', 'Description: !<tag:yaml.org,2002:str> x', 'Handler: !Ref', 'Layers: !GetAtt', 'Tags: !Sub', 'FunctionName: !GetAZs', 'ReservedConcurrentExecutions: !If'])],
    ['numbers', 'numbers.yaml', cfnYaml(['Timeout: 1e999', 'MemorySize: -.inf', 'EphemeralStorage: { Size: .nan }', 'ReservedConcurrentExecutions: 0x7fffffffffffffffffff', 'Description: 123456789012345678901234567890'])],
  ] as const) {
    add({ name, files: { [file]: text } });
  }

  // Prototype pollution.
  add({ name: 'proto-cfn-yaml', files: { '__proto__.yaml': PROTO_CFN_YAML }, args: ['__proto__.yaml', '-p', '__proto__=polluted', '-p', 'constructor=x'] });
  add({ name: 'proto-cfn-json', files: { 'proto.json': PROTO_CFN_JSON } });
  add({ name: 'proto-sam', files: { 'sam.yaml': PROTO_SAM_YAML, '__proto__.yaml': PROTO_CFN_YAML } });
  add({ name: 'proto-serverless', files: { 'serverless.yml': PROTO_SERVERLESS }, args: ['serverless.yml', '--stage', '__proto__'] });
  add({ name: 'proto-merge', files: { 'merge.yaml': PROTO_TEMPLATES[4]![1] } });
  add({ name: 'proto-config', files: { 't.yaml': template, 'ldlint.config.yaml': 'rules:\n  BR-LD-3/timeout: [error, { __proto__: { polluted: yes } }]\n  __proto__: { polluted: yes }\nsettings:\n  parameters: { __proto__: polluted }\n__proto__: { polluted: yes }\n' }, args: ['t.yaml', '-c', 'ldlint.config.yaml'], expect: { exit: [2] } });
  add({ name: 'proto-config-valid', files: { 't.yaml': template, 'ldlint.config.json': '{"settings": {"parameters": {"__proto__": "polluted", "constructor": "x"}}, "ignore": [{"id": "BR-LD-3/timeout", "reason": "x", "files": ["__proto__"], "resources": ["constructor"]}]}' }, args: ['t.yaml', '-c', 'ldlint.config.json'] });
  add({ name: 'proto-parameters-file', files: { 't.yaml': PROTO_CFN_YAML, 'params.json': '{"Parameters": {"__proto__": "polluted", "constructor": "x"}}' }, args: ['t.yaml', '--parameters', 'params.json'] });

  // Hostile configuration files (the nearest config above a template is the pull request's too).
  for (const [name, file, text] of [
    ['config-deep-json', 'ldlint.config.json', `{"rules":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['config-deep-yaml', 'ldlint.config.yaml', `settings:\n  parameters: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`],
    ['config-alias-bomb', 'ldlint.config.yaml', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nrules: *d\n`],
    ['config-binary', '.ldlintrc', Buffer.from(randomBytes(2048, 9)).toString('latin1')],
    ['config-too-large', 'ldlint.config.yaml', `settings:\n  parameters:\n${Array.from({ length: 60_000 }, (_, i) => `    P${i}: value${i}\n`).join('')}`],
  ] as const) {
    add({ name, files: { 't.yaml': template, [file]: text }, args: ['t.yaml'], expect: { exit: [2] } });
  }
  add({ name: 'config-many-keys', files: { 't.yaml': template, 'ldlint.config.yaml': `settings:\n  parameters:\n${Array.from({ length: 40_000 }, (_, i) => `    P${i}: v${i}\n`).join('')}` }, args: ['t.yaml'], expect: { exit: [0, 1] } });
  add({ name: 'config-duplicate-keys', files: { 't.yaml': template, 'ldlint.config.yaml': `settings:\n  parameters:\n${Array.from({ length: 20_000 }, (_, i) => `    P${i % 10_000}: v\n`).join('')}` }, args: ['t.yaml'], expect: { exit: [2], message: /ldlint\.config\.yaml:\d+:\d+: invalid YAML: Map keys must be unique/ } });

  // Symbolic links: loops, self links, links out of the tree.
  add({
    name: 'symlink-loop',
    files: { 'tree/t.yaml': template, 'tree/loop': { symlink: '.' }, 'tree/up': { symlink: '..' }, 'tree/sub/back': { symlink: '../..' }, 'tree/self.yaml': { symlink: 'self.yaml' }, 'tree/a.yaml': { symlink: 'b.yaml' }, 'tree/b.yaml': { symlink: 'a.yaml' } },
    args: ['tree'],
  });
  add({ name: 'symlink-self-explicit', files: { 'self.yaml': { symlink: 'self.yaml' } }, expect: { exit: [2] } });
  add({
    name: 'symlink-out-of-tree',
    files: {
      'outside.yaml': cfnYaml([`Description: ${OUTSIDE_MARKER}`, 'Timeout: 900']),
      'outside-dir/o.yaml': cfnYaml([`Description: ${OUTSIDE_MARKER}`]),
      'tree/t.yaml': template,
      'tree/out.yaml': { symlink: '../outside.yaml' },
      'tree/outdir': { symlink: '../outside-dir' },
      'tree/passwd.yaml': { symlink: '/etc/passwd' },
      'tree/abs': { symlink: '/' },
      'tree/nested.yaml': cfnYaml([], `  Nested:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ../outside.yaml }\n  Nested2:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./out.yaml }\n  Nested3:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: /etc/passwd }\n  Sm:\n    Type: AWS::Serverless::StateMachine\n    Properties: { DefinitionUri: ../outside.yaml }\n`),
      'tree/.git/HEAD': 'ref: refs/heads/main\n',
    },
    args: ['tree'],
    expect: { absent: [OUTSIDE_MARKER] },
  });
  add({
    name: 'serverless-file-out-of-tree',
    files: {
      'outside.yml': `secret: ${OUTSIDE_MARKER}\n`,
      'tree/.git/HEAD': 'ref: refs/heads/main\n',
      'tree/link.yml': { symlink: '../outside.yml' },
      'tree/serverless.yml': FN_SLS(`    description: \${file(../outside.yml):secret}\n    environment:\n      A: \${file(./link.yml):secret}\n      B: \${file(/etc/passwd)}\n      C: \${file(/dev/zero)}\n      D: \${file(./)}\n      E: \${file(./missing.yml):x, 'fallback'}\n`),
    },
    args: ['tree/serverless.yml'],
    expect: { absent: [OUTSIDE_MARKER] },
  });
  add({ name: 'unreadable', files: { 'locked.yaml': { text: template, mode: 0o000 }, 'tree/locked.yaml': { text: template, mode: 0o000 } }, args: ['locked.yaml', 'tree'] });
  add({ name: 'unreadable-dir', files: { 'tree/t.yaml': template, 'tree/closed/x.yaml': template, 'tree/closed': { dir: true } }, args: ['tree'] });
  add({ name: 'dir-named-yaml', files: { 'dir.yaml/inner.yaml': template, 'tree/x.yaml/y.json/t.yaml': template, 'tree/serverless.yml/t.yaml': template }, args: ['dir.yaml', 'tree'] });
  add({ name: 'dir-named-yaml-explicit', files: { 'serverless.yml/inner.yaml': template }, args: ['serverless.yml'] });
  add({ name: 'missing-path', files: { 't.yaml': template }, args: ['t.yaml', 'nope.yaml', 'nodir/'], expect: { exit: [2] } });

  // Circular Serverless variables and includes.
  add({ name: 'sls-circular', files: { 'serverless.yml': FN_SLS('    timeout: ${self:custom.a}\n', '  a: ${self:custom.b}\n  b: ${self:custom.a}\n') }, expect: { exit: [2], message: /circular/ } });
  add({ name: 'sls-self-reference', files: { 'serverless.yml': FN_SLS('    timeout: ${self:}\n    memorySize: ${self:functions.hello.memorySize}\n', '  a: ${self:custom}\n') } });
  add({ name: 'sls-file-cycle', files: { 'serverless.yml': FN_SLS('    environment: ${file(./a.yml)}\n', '  me: ${file(./serverless.yml):custom}\n'), 'a.yml': 'x: ${file(./b.yml)}\n', 'b.yml': 'y: ${file(./a.yml)}\n' } });
  {
    let nested = '${self:custom.v0}';
    for (let i = 0; i < 300; i++) nested = `\${self:custom.\${self:custom.k}, ${nested}}`;
    const doubling = Array.from({ length: 40 }, (_, i) => `  d${i + 1}: \${self:custom.d${i}}\${self:custom.d${i}}\n`).join('');
    const fanout = Array.from({ length: 30 }, (_, i) => `  f${i + 1}: [\${self:custom.f${i}}, \${self:custom.f${i}}, \${self:custom.f${i}}]\n`).join('');
    add({ name: 'sls-variable-bombs', files: { 'serverless.yml': FN_SLS(`    description: \${self:custom.d40}\n    environment: { A: \${self:custom.f30} }\n    timeout: ${nested}\n`, `  k: v0\n  v0: 1\n  d0: xxxxxxxxxx\n${doubling}  f0: x\n${fanout}`) }, expect: { exit: [2] } });
    add({ name: 'sls-malformed-variables', files: { 'serverless.yml': FN_SLS(`    description: "\${"\n    timeout: \${}\n    memorySize: "\${:}"\n    environment:\n      A: \${self:}\n      B: \${opt:}\n      C: \${file()}\n      D: "\${file(./x"\n      E: "\${opt:stage, 'dev}"\n      F: \${\${\${x}}}\n      G: "\${self:custom.\${self:custom.\${self:custom.\${"\n      H: "\${{}}"\n      I: \${strToBool(maybe)}\n      J: \${sls:instanceId}\n      K: "\${aws:accountId}\${env:HOME}\${ssm:/x}\${cf:a.b}\${s3:b/k}\${param:p}\${unknown:z}"\n      L: "\${self:custom.x, \${self:custom.y, \${opt:z, 'a,b'}}}"\n      M: "}}}}{{{{\${"\n`) } });
  }

  // Circular nested stacks (self, parent <-> child, SAM applications, through links) and fan-out.
  add({ name: 'nested-self', files: { 'self.yaml': cfnYaml([], '  Me:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./self.yaml }\n  Me2:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: self.yaml }\n') } });
  add({
    name: 'nested-parent-child',
    files: {
      'parent.yaml': cfnYaml([], '  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./sub/child.yaml }\n'),
      'sub/child.yaml': cfnYaml([], '  Parent:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ../parent.yaml }\n  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./child.yaml }\n'),
      'sam.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Application\n    Properties: { Location: ./sam.yaml }\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: a.b, CodeUri: . }\n`,
    },
    args: ['parent.yaml', 'sub/child.yaml', 'sam.yaml'],
  });
  {
    const files: Record<string, Entry> = {};
    const stacks = (targets: string[]) => targets.map((t, i) => `  S${i}:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./${t} }\n`).join('');
    const aliases = Array.from({ length: 8 }, (_, i) => `l${i}.yaml`);
    for (const a of aliases) files[a] = { symlink: 'root.yaml' };
    files['root.yaml'] = cfnYaml([], stacks(aliases));
    add({ name: 'nested-link-aliases', files, args: ['root.yaml'] });
    const dag: Record<string, Entry> = {};
    for (let level = 0; level < 12; level++) {
      for (let k = 0; k < 3; k++) dag[`d${level}-${k}.yaml`] = cfnYaml([], level < 11 ? stacks([0, 1, 2].map((j) => `d${level + 1}-${j}.yaml`)) : '');
    }
    add({ name: 'nested-dag-fanout', files: dag, args: ['d0-0.yaml'] });
  }

  // Malformed Fn::Sub placeholders.
  add({
    name: 'sub-malformed',
    files: {
      'sub.yaml': cfnYaml([
        "FunctionName: !Sub '${'",
        "Description: !Sub '${}'",
        "Handler: !Sub '${!}'",
        "Role: !Sub '${${x}}'",
        "KmsKeyArn: !Sub ['${a', { a: b }]",
        'Timeout: !Sub [1, 2]',
        'MemorySize: !Sub {}',
        "Layers: [!Sub ['${x}', [1]], !Sub ['${x}', { x: !Sub '${${${'}], !Sub '${AWS::NoValue}', !Sub '${Fn.Arn', !Sub '${Fn.}${.}${..}${ }${!Fn.Arn}']",
        "Environment: { Variables: { A: !Sub '${}${}${}${', B: !Sub '$${{}}}', C: !Sub [ '${A}', { A: !Sub [ '${B}', { B: !Sub '${A}' } ] } ] } }",
        "LoggingConfig: { LogGroup: !Sub '/aws/lambda/${Fn' }",
        "VpcConfig: { SubnetIds: !Split [',', !Sub '${}'], SecurityGroupIds: [!Sub '${Fn.Arn}'] }",
      ], `  Lg:\n    Type: AWS::Logs::LogGroup\n    Properties: { LogGroupName: !Sub '\${', RetentionInDays: !Sub '\${}' }\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - { Effect: Allow, Action: !Sub '\${}:*', Resource: !Sub 'arn:\${\${AWS::Partition}:logs:*' }\n`),
    },
  });

  // Huge state machines.
  add({ name: 'state-machine-10k', files: { 'sm.json': stateMachineTemplate(bigStateMachine(10_000)) } });
  add({ name: 'state-machine-10k-string', files: { 'sm-string.json': stateMachineTemplate(bigStateMachine(10_000), true) } });
  add({ name: 'state-machine-deep-parallel', files: { 'sm-deep.json': stateMachineTemplate(deepParallel(120)) } });
  add({ name: 'state-machine-deep-parallel-string', files: { 'sm-deep-string.json': stateMachineTemplate(deepParallel(120), true) } });
  add({ name: 'state-machine-cycles', files: { 'sm-cycle.yaml': cfnYaml([], `  Sm:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub '{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Next":"A"}],"Default":"B"},"B":{"Type":"Task","Resource":"\${Fn.Arn}","Next":"A"},"C":{"Type":"Map","ItemProcessor":"x","Iterator":{"States":[1]}}}} \${'\n      DefinitionSubstitutions: { A: !Ref Sm }\n`) } });

  // Very long lines.
  {
    const resources: string[] = [cfnJsonFn()];
    for (let i = 0, size = 0; size < 5 * 1024 * 1024; i++) size += resources[resources.push(`"Q${i}":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"q${i}","Tags":[{"Key":"k","Value":"${'v'.repeat(200)}"}]}}`) - 1]!.length + 1;
    add({ name: 'long-line-json-5mb', files: { 'long.json': `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{${resources.join(',')}}}` } });
    add({ name: 'long-string-value', files: { 'long-value.yaml': cfnYaml([`Description: "${'d'.repeat(5 * 1024 * 1024)}"`, `Environment: { Variables: { DB_PASSWORD: "${'p'.repeat(1024 * 1024)}", SSN_LIKE: "${'123-45-6789 '.repeat(50_000)}", DATA_DIR: "/tmp/${'a/'.repeat(200_000)}" } }`]) } });
    add({ name: 'long-flow-yaml', files: { 'long-flow.yaml': `AWSTemplateFormatVersion: x\nResources: { ${resources.slice(1, 3000).map((r) => r.replace(/"/g, '')).join(', ')} }\n` } });
    add({ name: 'many-keys', files: { 'many.yaml': cfnYaml([`Environment: { Variables: { ${Array.from({ length: 5_000 }, (_, i) => `V${i}: x`).join(', ')} } }`], Array.from({ length: 500 }, (_, i) => `  R${i}:\n    Type: AWS::Lambda::Function\n    Properties: { Runtime: python3.12, Handler: a.b, Role: !GetAtt Role.Arn, Code: { ZipFile: x }, Timeout: ${i % 900}, Environment: { Variables: { F: !Ref R${(i + 1) % 500} } } }\n`).join('') + '  Role:\n    Type: AWS::IAM::Role\n    Properties: { Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: "lambda:InvokeFunction", Resource: "*" }] } }] }\n') } });
    add({ name: 'many-duplicates', files: { 'dups.yaml': cfnYaml(Array.from({ length: 8_000 }, () => 'Timeout: 900')) } });
    add({ name: 'many-directives', files: { 'directives.yaml': '# ldlint-disable-next-line BR-LD-3/timeout -- x\n'.repeat(30_000) + Array.from({ length: 15_000 }, (_, i) => `# ldlint-disable BR-LD-3/memory${i % 2 ? '' : ' BR-LD-2'} -- x\n`).join('') + template } });
    add({ name: 'many-tags', files: { 'tags.yaml': cfnYaml([], Array.from({ length: 20_000 }, (_, i) => `  X${i}: !<!Ref> x\n`).join('')) } });
  }

  // Condition explosion.
  {
    const conds = Array.from({ length: 100 }, (_, i) => `  C${i}: !Or [!Condition C${(i + 1) % 100}, !And [!Condition C${(i + 7) % 100}, !Equals [!Ref P, x]], !Not [!Condition C${(i + 50) % 100}]]`).join('\n');
    let ifs = '1';
    for (let i = 0; i < 50; i++) ifs = `!If [C${i}, ${ifs}, ${ifs.length < 200 ? ifs : '2'}]`;
    // Shared sub-trees: 50 levels is an alias bomb (refused by the parser); 13 levels parses (about
    // 65 000 values each use), and trees of 2^13 alternatives reach the evaluator and the checks.
    let shared = 'Shared0: &s0 !If [C0, 1, 2]\n';
    for (let i = 1; i < 50; i++) shared += `Shared${i}: &s${i} !If [C${i}, *s${i - 1}, *s${i - 1}]\n`;
    let wide = 'Wide0: &w0 !If [C0, 1, 2]\n';
    for (let i = 1; i <= 13; i++) wide += `Wide${i}: &w${i} !If [C${i}, *w${i - 1}, *w${i - 1}]\n`;
    add({
      name: 'condition-explosion',
      files: {
        'conditions.yaml': cfnYaml(
          [`Timeout: ${ifs}`, 'MemorySize: *s49', 'Environment: { Variables: { A: *s49, B: *s49, PASSWORD: *s49 } }', 'ReservedConcurrentExecutions: *s49', 'VpcConfig: { SubnetIds: [*s49, *s49], SecurityGroupIds: *s49 }', 'Layers: [*s49]', 'EphemeralStorage: { Size: *s49 }', 'LoggingConfig: { LogGroup: *s49 }'],
          '',
          `Parameters:\n  P: { Type: String }\n${shared}Conditions:\n${conds}\n`,
        ),
      },
      expect: { exit: [2], message: /alias expansion/ },
    });
    add({
      name: 'condition-explosion-wide',
      files: {
        'wide.yaml': cfnYaml(
          [`Timeout: ${ifs}`, 'MemorySize: *w13', 'Environment: { Variables: { PASSWORD: *w13, DATA_DIR: *w13 } }', 'VpcConfig: { SubnetIds: [*w13] }', 'LoggingConfig: { LogGroup: *w13 }', 'Role: *w13'],
          '',
          `Parameters:\n  P: { Type: String }\n${wide}Conditions:\n${conds}\n`,
        ),
      },
    });
  }

  // Globs that would backtrack: config ignore globs, rule option globs, template suppression globs, IAM action globs.
  {
    const evil = `${'*a'.repeat(40)}*b`;
    const name = 'a'.repeat(60);
    add({
      name: 'glob-backtracking-config',
      files: {
        [`${name}.yaml`]: cfnYaml([], `  ${name}:\n    Type: AWS::Lambda::Function\n    Properties: { Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }\n`),
        'ldlint.config.yaml': `ignore:\n  - { id: BR-LD-3/timeout, reason: x, files: ['${evil}', '+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+b', '{1..1000000}', '${'{a,b}'.repeat(30)}'], resources: ['${evil}', '${'+(a|aa)'.repeat(12)}b', '${'?'.repeat(5000)}', '${'*'.repeat(100_000)}b'] }\nrules:\n  BR-LD-2/log-forwarding: [error, { approvedDestinations: ['${evil}', '${'*'.repeat(50_000)}x'], forwardingLayers: ['${evil}'] }]\n  BR-LD-2/common-logging-layer: [error, { approvedLayers: ['${evil}'] }]\n`,
      },
      args: [`${name}.yaml`, '-c', 'ldlint.config.yaml'],
    });
    add({
      name: 'glob-backtracking-template',
      files: {
        'serverless.yml': FN_SLS('    iamRoleStatements:\n      - { Effect: Allow, Action: ["' + `${'*a'.repeat(40)}*b` + '"], Resource: "' + `${'*a'.repeat(40)}*b` + '" }\n', `  ldlint:\n    suppress:\n      - { id: BR-LD-3/timeout, reason: x, functions: ['${evil}', '${'+(a|aa)'.repeat(12)}b', '@(a|aa)*(a|aa)*(a|aa)*(a|aa)*(a|aa)*(a|aa)b'], resources: ['${evil}'] }\n`).replace('  hello:', `  ${name}:`),
        'cfn.yaml': cfnYaml(['Role: !GetAtt Role.Arn', `FunctionName: ${name}`], `  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - { Effect: Allow, Action: ['${evil}', '${'*'.repeat(100_000)}x', 'logs:${'?'.repeat(3000)}'], Resource: ['${evil}', 'arn:aws:logs:*:*:${'*:'.repeat(20_000)}x'] }\n              - { Effect: Allow, Action: 'lambda:${evil}', Resource: 'arn:aws:lambda:${'*a'.repeat(200)}' }\n`),
      },
      args: ['serverless.yml', 'cfn.yaml'],
    });
  }

  // Named pipes (a read would block forever) and devices named by a template cannot hang the reader.
  add({
    name: 'fifo',
    files: {
      '.git/HEAD': 'x',
      'pipe.yaml': { fifo: true },
      'tree/pipe.yaml': { fifo: true },
      't.yaml': cfnYaml([], '  N:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./pipe.yaml }\n  Sm:\n    Type: AWS::Serverless::StateMachine\n    Properties: { DefinitionUri: ./pipe.yaml }\n'),
      'sls/serverless.yml': FN_SLS('    environment: ${file(../pipe.yaml)}\n    description: ${file(../pipe.yaml):x}\n'),
    },
    args: ['t.yaml', 'sls/serverless.yml', 'tree', 'pipe.yaml'],
    expect: { exit: [2] },
  });
  add({ name: 'nested-device', files: { 't.yaml': cfnYaml([], '  N:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: /dev/zero }\n  M:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ../../../../../../../../dev/stdin }\n'), '.git/HEAD': 'x' }, args: ['t.yaml'] });

  return cases;
}

/** Writes a case's files under `dir` (the case's own directory). */
export function writeCase(dir: string, c: HostileCase): void {
  mkdirSync(dir, { recursive: true });
  const modes: [string, number][] = [];
  const dirs: string[] = [];
  for (const [rel, entry] of Object.entries(c.files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    if (typeof entry === 'string' || entry instanceof Uint8Array) writeFileSync(p, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, p);
    else if ('dir' in entry) dirs.push(p);
    else if ('fifo' in entry) execFileSync('mkfifo', [p]);
    else {
      writeFileSync(p, entry.text);
      modes.push([p, entry.mode]);
    }
  }
  for (const d of dirs) {
    mkdirSync(d, { recursive: true });
    modes.push([d, 0o000]);
  }
  for (const [p, m] of modes) chmodSync(p, m);
}

/** Restores permissions so that a case's directory can be removed. */
export function unlockTree(dir: string): void {
  const walk = (d: string) => {
    try {
      chmodSync(d, 0o755);
    } catch {
      return;
    }
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) chmodSync(p, 0o644);
    }
  };
  walk(dir);
}

// ---------------------------------------------------------------------------------------------
// Running the built CLI

const BIN = path.join(ROOT, 'bin/ldlint.js');
const RSS_HOOK = path.join(ROOT, 'bench/rss-hook.mjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The tests run the CLI users run, bin/ldlint.js, which loads dist/ through its bundle. dist/ must
 * be built (`npm test` does it; so does `npx tsc -p .`); a bundle older than dist/ is rebuilt here
 * (once, under a lock, when several test files ask at the same time).
 */
export function ensureBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before these tests');
  // bin/ldlint.js runs the bundle through bin/load-bundle.js.
  const entry = /'\.\.\/(dist\/bundle\/[^']+)'/.exec(readFileSync(path.join(ROOT, 'bin/load-bundle.js'), 'utf8'))?.[1];
  if (!entry || !existsSync(path.join(ROOT, 'scripts/bundle.mjs'))) return;
  const bundle = path.join(ROOT, entry);
  const fresh = () => existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestMtime(path.join(ROOT, 'dist/src')), newestMtime(path.join(ROOT, 'dist/rules')));
  if (fresh()) return;
  const lock = path.join(tmpdir(), `ldlint-bundle-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is bundling; a lock older than two minutes is left over from a killed run.
      if (tries > 1200 || Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(wait, 0, 0, 100);
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Reports on fd 4 whether Object.prototype changed while the CLI ran. */
const PROTO_HOOK = `import { writeSync } from 'node:fs';
const names = () => [...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertySymbols(Object.prototype).map(String)].sort().join(',');
const before = names();
const arrayBefore = Object.getOwnPropertyNames(Array.prototype).sort().join(',');
process.on('exit', () => {
  const polluted = ({}).polluted !== undefined || [].polluted !== undefined || names() !== before || Object.getOwnPropertyNames(Array.prototype).sort().join(',') !== arrayBefore;
  try { writeSync(4, JSON.stringify({ polluted })); } catch {}
});
`;

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  maxRssKiB?: number;
  polluted?: boolean;
}

/** Runs the built CLI with the RSS and prototype hooks, killing it after `timeout` ms. */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; hookDir: string; timeout?: number }): Promise<RunResult> {
  const protoHook = path.join(opts.hookDir, 'proto-hook.mjs');
  if (!existsSync(protoHook)) writeFileSync(protoHook, PROTO_HOOK);
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', RSS_HOOK, '--import', protoHook, BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    const chunks: Record<number, Buffer[]> = { 1: [], 2: [], 3: [], 4: [] };
    for (const fd of [1, 2, 3, 4] as const) child.stdio[fd]!.on('data', (b: Buffer) => chunks[fd]!.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeout ?? 10_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = (fd: number) => Buffer.concat(chunks[fd]!).toString('utf8');
      const rss = Number(text(3));
      let polluted: boolean | undefined;
      try {
        polluted = (JSON.parse(text(4)) as { polluted: boolean }).polluted;
      } catch {
        polluted = undefined;
      }
      resolve({ code, signal, stdout: text(1), stderr: text(2), ms: Date.now() - started, timedOut, ...(Number.isFinite(rss) && rss > 0 ? { maxRssKiB: rss } : {}), ...(polluted !== undefined ? { polluted } : {}) });
    });
  });
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries

/** Every fixture file of the repository (relative path, text). */
export function fixtureFiles(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && /\.(ya?ml|json|template)$/i.test(e.name) && statSync(path.join(ROOT, r)).size < 200_000) out.push({ file: r, text: readFileSync(path.join(ROOT, r), 'utf8') });
    }
  };
  walk('fixtures');
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

const KEY_WORDS = [
  'Type', 'Properties', 'Resources', 'Parameters', 'Conditions', 'Mappings', 'Globals', 'Metadata', 'Outputs', 'Transform',
  'Runtime', 'Handler', 'Role', 'Code', 'Timeout', 'MemorySize', 'Environment', 'Variables', 'Tags', 'Key', 'Value', 'VpcConfig',
  'SubnetIds', 'SecurityGroupIds', 'Layers', 'LoggingConfig', 'LogGroup', 'LogGroupName', 'RetentionInDays', 'FunctionName',
  'ReservedConcurrentExecutions', 'ProvisionedConcurrencyConfig', 'EphemeralStorage', 'Size', 'Events', 'Policies', 'Statement',
  'Effect', 'Action', 'Resource', 'Definition', 'DefinitionString', 'States', 'StartAt', 'Next', 'End', 'Branches', 'TemplateURL',
  'DestinationArn', 'FilterPattern', 'DurableConfig', 'AutoPublishAlias', 'CodeUri', 'Default', 'NoEcho', 'ldlint', 'suppress', 'id',
  'reason', 'expires', 'DB_PASSWORD', 'SSN', 'DATA_DIR', '__proto__', 'constructor', 'prototype', 'toString', 'Fn', 'Role1', 'Q', 'P',
  'C', 'service', 'provider', 'functions', 'custom', 'name', 'handler', 'timeout', 'memorySize', 'environment', 'events', 'sqs', 'arn',
];
const TYPES = [
  'AWS::Lambda::Function', 'AWS::Serverless::Function', 'AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::Logs::SubscriptionFilter',
  'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine',
  'AWS::Lambda::EventSourceMapping', 'AWS::Lambda::Alias', 'AWS::Lambda::Version', 'AWS::Lambda::Permission', 'AWS::EC2::Subnet',
  'AWS::EC2::VPC', 'AWS::CloudFormation::Stack', 'AWS::Serverless::Application', 'AWS::Logs::AccountPolicy', 'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::LayerVersion', 'AWS::SNS::Topic', 'AWS::Serverless::Api', 'Custom::X', '',
];
const SCALARS = [
  '900', '128', '10240', '0', '-1', '1e309', 'true', 'false', 'null', '~', "''", '"x"', 'python3.12', 'arn:aws:iam::123456789012:role/r',
  '/tmp/data', '123-45-6789', '1EG4-TE5-MK73', '{{resolve:ssm:/x}}', '"${AWS::Region}"', '"${Fn.Arn}"', '"${"', '"${}"', '"${!x}"',
  '*', 'logs:*', 'lambda:InvokeFunction', 'arn:aws:logs:*:*:*', '"a: b"', '"#"', '"\\u0000"', '"\\ud800"', '&a x', '*a', '|', '>',
  '"${self:custom.x}"', '"${opt:stage, \'dev\'}"', '"${env:HOME}"', '"${file(./x.yml):y}"', '"${self:custom.a}"', '2026-01-01',
];
const INTRINSICS = ['!Ref', '!GetAtt', '!Sub', '!Join', '!Select', '!Split', '!If', '!Equals', '!Not', '!And', '!Or', '!FindInMap', '!Base64', '!ImportValue', '!GetAZs', '!Condition', '!Cidr', '!Transform', '!Length', '!ToJsonString', '!ForEach'];
const LONG_INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::If', 'Fn::FindInMap', 'Condition', 'Fn::Equals', 'Fn::Split', 'Fn::ldlintUnknown'];

/** A random YAML value (block-free: flow style), with intrinsic functions in short and long forms. */
export const yamlValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.constantFrom(...KEY_WORDS),
    fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
    fc.tuple(fc.constantFrom(...INTRINSICS), tie('value')).map(([t, v]) => `${t} ${v}`),
    fc.tuple(fc.constantFrom(...LONG_INTRINSICS), tie('value')).map(([k, v]) => `{ "${k}": ${v} }`),
    fc.array(tie('value'), { maxLength: 4 }).map((a) => `[${a.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom(...KEY_WORDS), tie('value')), { maxLength: 4 }).map((a) => `{ ${a.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
  ),
})).value;

/** A random CloudFormation / SAM template (YAML) built from plausible resources and properties. */
export const templateText: fc.Arbitrary<string> = fc
  .record({
    sam: fc.boolean(),
    params: fc.array(fc.tuple(fc.constantFrom('P', 'Q', 'Secret', '__proto__'), fc.constantFrom('String', 'Number', 'CommaDelimitedList', 'AWS::SSM::Parameter::Value<String>'), fc.option(yamlValue), fc.boolean()), { maxLength: 3 }),
    conditions: fc.array(fc.tuple(fc.constantFrom('C', 'D', 'E'), yamlValue), { maxLength: 3 }),
    resources: fc.array(fc.tuple(fc.constantFrom('Fn', 'Role1', 'Q', 'Lg', 'Sm', 'X', '__proto__'), fc.constantFrom(...TYPES), fc.array(fc.tuple(fc.constantFrom(...KEY_WORDS), yamlValue), { maxLength: 8 })), { minLength: 1, maxLength: 5 }),
    globals: fc.option(fc.array(fc.tuple(fc.constantFrom(...KEY_WORDS), yamlValue), { maxLength: 4 })),
  })
  .map(({ sam, params, conditions, resources, globals }) => {
    let t = "AWSTemplateFormatVersion: '2010-09-09'\n";
    if (sam) t += 'Transform: AWS::Serverless-2016-10-31\n';
    if (sam && globals) t += `Globals:\n  Function:\n${globals.map(([k, v]) => `    ${k}: ${v}\n`).join('')}`;
    if (params.length) t += `Parameters:\n${params.map(([n, type, d, noEcho]) => `  ${n}: { Type: ${type}${d !== null ? `, Default: ${d}` : ''}${noEcho ? ', NoEcho: true' : ''} }\n`).join('')}`;
    if (conditions.length) t += `Conditions:\n${conditions.map(([n, v]) => `  ${n}: ${v}\n`).join('')}`;
    t += 'Resources:\n';
    for (const [id, type, props] of resources) t += `  ${id}:\n    Type: ${type}\n    Properties:\n${props.map(([k, v]) => `      ${k}: ${v}\n`).join('') || '      {}\n'}`;
    return t;
  });

/** A random serverless.yml. */
export const serverlessText: fc.Arbitrary<string> = fc
  .record({
    custom: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'x', 'stage', '__proto__'), yamlValue), { maxLength: 4 }),
    provider: fc.array(fc.tuple(fc.constantFrom('stage', 'region', 'timeout', 'memorySize', 'environment', 'iam', 'vpc', 'tags', 'stackTags', 'logs', 'layers', 'tracing'), yamlValue), { maxLength: 4 }),
    functions: fc.array(fc.tuple(fc.constantFrom('hello', 'world', '__proto__'), fc.array(fc.tuple(fc.constantFrom('handler', 'timeout', 'memorySize', 'environment', 'events', 'vpc', 'layers', 'role', 'iamRoleStatements', 'destinations', 'provisionedConcurrency', 'reservedConcurrency', 'logSubscription'), yamlValue), { maxLength: 5 })), { maxLength: 3 }),
    resources: fc.option(fc.array(fc.tuple(fc.constantFrom('Q', 'Lg', 'HelloLambdaFunction'), fc.constantFrom(...TYPES), yamlValue), { maxLength: 3 })),
  })
  .map(({ custom, provider, functions, resources }) => {
    let t = 'service: svc\n';
    if (custom.length) t += `custom:\n${custom.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`;
    t += `provider:\n  name: aws\n  runtime: nodejs20.x\n${provider.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`;
    if (functions.length) t += `functions:\n${functions.map(([n, props]) => `  ${n}:\n${props.map(([k, v]) => `    ${k}: ${v}\n`).join('') || '    handler: h.h\n'}`).join('')}`;
    if (resources) t += `resources:\n  Resources:\n${resources.map(([id, type, p]) => `    ${id}:\n      Type: ${type}\n      Properties: ${p}\n`).join('')}`;
    return t;
  });

const YAMLISH_TOKENS = ['\n', '  ', ': ', '- ', '{', '}', '[', ']', ',', '"', "'", '#', '&a ', '*a', '!Ref ', '!Sub ', '<<: ', '? ', '|', '>', '---\n', '...\n', '%YAML 1.2\n', '\t', '\r\n', '${', '}', 'Resources', 'Type', 'AWS::Lambda::Function', 'Properties', 'x', '1', '\\', '\u00e9', '\ud83d\ude00', '\ufeff', '\u0085', '\u2028'];

/** Random text made of YAML and JSON syntax fragments. */
export const yamlishText: fc.Arbitrary<string> = fc.array(fc.oneof(fc.constantFrom(...YAMLISH_TOKENS), fc.string({ maxLength: 6 })), { maxLength: 80 }).map((a) => a.join(''));

export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'insert'; at: number; text: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...YAMLISH_TOKENS) }),
);

/** Applies mutations to a text; byte flips go through UTF-8 (and may make it invalid: decoded leniently). */
export function mutate(text: string, mutations: Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const lines = t.split('\n');
    switch (m.kind) {
      case 'flip': {
        const bytes = Buffer.from(t, 'utf8');
        if (bytes.length === 0) break;
        const i = m.at % bytes.length;
        bytes[i] = bytes[i]! ^ (1 << m.bit);
        t = bytes.toString('utf8');
        break;
      }
      case 'delete-line':
        lines.splice(m.at % lines.length, 1);
        t = lines.join('\n');
        break;
      case 'duplicate-line': {
        const i = m.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        t = lines.join('\n');
        break;
      }
      case 'truncate':
        t = t.slice(0, m.at % (t.length + 1));
        break;
      case 'indent': {
        const i = m.at % lines.length;
        const line = lines[i]!;
        lines[i] = m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
        t = lines.join('\n');
        break;
      }
      case 'insert': {
        const i = m.at % (t.length + 1);
        t = t.slice(0, i) + m.text + t.slice(i);
        break;
      }
    }
  }
  return t;
}
