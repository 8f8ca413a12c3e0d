import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { get, parseText, toPlain, type SMap } from '../src/parse/index.js';
import { buildTemplate } from '../src/model/template.js';
import { indexReferences } from '../src/model/references.js';
import { pythonJson } from '../src/model/sam-layer.js';
import { ROOT } from './support/lint.js';

// Every expected logical id below is what aws-sam-translator 1.110.0 generates for the same template
// (scripts/sam-translate.py, or samtranslator's transform with the parameter values shown).

function template(text: string, overrides: Record<string, string> = {}) {
  const r = parseText('t.yaml', text);
  if (!r.root) throw new Error(r.error?.message);
  return buildTemplate(r.root.loc.file, r.root as SMap, 'sam', new Map(Object.entries(overrides)));
}
const layerIds = (t: ReturnType<typeof template>) => [...t.resources.values()].filter((r) => r.type === 'AWS::Lambda::LayerVersion').map((r) => r.logicalId).sort();
const prop = (t: ReturnType<typeof template>, id: string, name: string) => toPlain(t.resources.get(id)!.properties!.index.get(name)!.value);

const FIXTURE = readFileSync(path.join(ROOT, 'fixtures/sam-parity/layers.yaml'), 'utf8');

describe('AWS::Serverless::LayerVersion logical ids, as the SAM translator hashes them', () => {
  it('hashes S3 ContentUri layers (string, map, attributes, parameters, non-ASCII, Globals)', () => {
    const t = template(FIXTURE);
    expect(layerIds(t)).toEqual(['MapLayer768fe89443', 'ParamLayer7a52de6be3', 'UnicodeLayer7eb86218ea', 'UriLayer61f829e77e']);
    for (const old of ['UriLayer', 'MapLayer', 'ParamLayer', 'UnicodeLayer']) expect(t.resources.has(old)).toBe(false);
  });

  it('resolves parameter values in LayerName / Description before hashing', () => {
    expect(layerIds(template(FIXTURE, { Stage: 'dev' }))).toContain('ParamLayerf325473f45');
  });

  it('hashes Globals.LayerVersion into the properties (a different id without it)', () => {
    const t = template(FIXTURE.replace('Globals:\n  LayerVersion:\n    PublishLambdaVersion: true\n', ''));
    expect(layerIds(t)).toEqual(['MapLayer408c47ee6d', 'ParamLayer7a52de6be3', 'UnicodeLayer332e1b1299', 'UriLayer85358c3a4d']);
  });

  it('rewrites Ref, Fn::GetAtt, Fn::Sub, DependsOn and Outputs to the new id', () => {
    const t = template(FIXTURE);
    expect(prop(t, 'Fn', 'Layers')).toEqual([{ Ref: 'UriLayer61f829e77e' }, { Ref: 'MapLayer768fe89443' }, { Ref: 'UnicodeLayer7eb86218ea' }]);
    expect(prop(t, 'Fn', 'Environment')).toEqual({
      Variables: {
        LAYER: { 'Fn::Sub': '${MapLayer768fe89443} and ${UriLayer61f829e77e.LayerVersionArn}' },
        ARN: { 'Fn::GetAtt': ['MapLayer768fe89443', 'LayerVersionArn'] },
      },
    });
    expect(toPlain(get(get(get(t.root, 'Resources'), 'Fn'), 'DependsOn')!)).toEqual(['MapLayer768fe89443', 'UriLayer61f829e77e']);
    expect(toPlain(get(t.root, 'Outputs')!)).toEqual({ Layer: { Value: { Ref: 'MapLayer768fe89443' } } });
  });

  it('keeps the renamed layer traceable: references, SAM source and its default LayerName', () => {
    const t = template(FIXTURE);
    const layer = t.resources.get('UriLayer61f829e77e')!;
    expect(layer.generatedFrom).toBe('UriLayer');
    expect(layer.sourceType).toBe('AWS::Serverless::LayerVersion');
    expect(layer.keyLoc.start).toBe(FIXTURE.indexOf('  UriLayer:') + 2);
    expect(prop(t, 'UriLayer61f829e77e', 'LayerName')).toBe('UriLayer');
    expect(prop(t, 'MapLayer768fe89443', 'LayerName')).toBe('shared-deps');
    expect(indexReferences(t).get('MapLayer768fe89443')?.map((r) => r.from.logicalId)).toEqual(['Fn', 'Fn', 'Fn']); // Layers, Fn::Sub, Fn::GetAtt
  });

  it('keeps the original id when the hash depends on what only packaging or deployment knows', () => {
    // The translator's ids for these depend on the `s3://<bucket>/<md5 of the zip>` that `sam package`
    // writes for a local ContentUri, on the deployment region, or on the value given at deploy time.
    const t = template(`Transform: AWS::Serverless-2016-10-31
Parameters:
  NoDefault: {Type: String}
  FromSsm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /layers/name}
Resources:
  LocalLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layers/deps/}
  RegionLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {LayerName: !Sub 'deps-\${AWS::Region}', ContentUri: s3://my-bucket/deps.zip}
  PartitionLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {Description: !Ref AWS::Partition, ContentUri: s3://my-bucket/deps.zip}
  NoDefaultLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {LayerName: !Ref NoDefault, ContentUri: s3://my-bucket/deps.zip}
  SsmLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {LayerName: !Ref FromSsm, ContentUri: s3://my-bucket/deps.zip}
  Fn:
    Type: AWS::Serverless::Function
    DependsOn: LocalLayer
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Layers: [!Ref LocalLayer, !Ref RegionLayer]
`);
    expect(layerIds(t)).toEqual(['LocalLayer', 'NoDefaultLayer', 'PartitionLayer', 'RegionLayer', 'SsmLayer']);
    expect(prop(t, 'Fn', 'Layers')).toEqual([{ Ref: 'LocalLayer' }, { Ref: 'RegionLayer' }]);
    expect(indexReferences(t).get('LocalLayer')?.map((r) => r.from.logicalId)).toEqual(['Fn']);
  });

  it('leaves pseudo parameters the translator does not resolve (AWS::AccountId) in the hashed text', () => {
    const t = template(`Transform: AWS::Serverless-2016-10-31
Resources:
  L:
    Type: AWS::Serverless::LayerVersion
    DependsOn: [Topic]
    Properties:
      LayerName: !Sub 'deps-\${AWS::AccountId}'
      ContentUri: s3://my-bucket/deps.zip
  Topic: {Type: AWS::SNS::Topic}
`);
    expect(layerIds(t)).toEqual(['L43a95827ae']);
  });

  it('serializes as Python json.dumps(separators=(",", ":"), sort_keys=True) does', () => {
    const v = { b: [1, true, null, 'x"\\\n\t\u0001\u007f'], a: { 'é': '☃𝄞', '\uffff': 1, '𝄞': 2 }, A: -3 };
    expect(pythonJson(v)).toBe('{"A":-3,"a":{"\\u00e9":"\\u2603\\ud834\\udd1e","\\uffff":1,"\\ud834\\udd1e":2},"b":[1,true,null,"x\\"\\\\\\n\\t\\u0001\\u007f"]}');
  });
});
