import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-3/vpc-capacity';

testRule('BR-LD-3/vpc-capacity', {
  invalid: {
    'cfn-subnets.yaml': [
      { resource: 'OneSubnet', line: 33, column: 9, severity: 'warning', message: /^function OneSubnet \(FunctionName "claims-sync"\) lists 1 subnet in `VpcConfig\.SubnetIds` \(SubnetA\), fewer than the minimum of 2$/, help: /^List at least 2 subnets in different Availability Zones in `VpcConfig\.SubnetIds` on the `AWS::Lambda::Function`$/ },
      { resource: 'SameZone', line: 44, column: 9, message: /^function SameZone uses subnets SubnetA and SubnetB that are all in Availability Zone AZ\[0\] \(!Select \[0, !GetAZs ''\]\)/ },
      { resource: 'Duplicate', line: 57, column: 9, message: /lists 1 subnet in `VpcConfig\.SubnetIds` \(SubnetA, some listed twice\), fewer than the minimum of 2/ },
      { resource: 'External', line: 68, column: 9, message: /lists 1 subnet in `VpcConfig\.SubnetIds` \("subnet-0123456789abcdef0"\), fewer than the minimum of 2/ },
    ],
    'cfn-one-zone.json': [{ resource: 'Enricher', line: 20, column: 11, message: /subnets PrivateA and PrivateB that are all in Availability Zone us-east-1a, so it fails with that zone$/ }],
    // Api inherits the one Globals subnet; Worker's own subnet is appended to it (two zones); Public ignores the Globals VpcConfig.
    'sam-globals.yaml': [{ resource: 'Api', line: 46, column: 7, message: /^function Api lists 1 subnet in `VpcConfig\.SubnetIds` \(PrivateA\), fewer than the minimum of 2/, help: /or as `Globals\.Function\.VpcConfig\.SubnetIds` for all functions$/ }],
  },
});

const template = (zoneA: string, zoneB: string, subnetIds = '[!Ref A, !Ref B]', params = '') => `${params}Resources:
  A:
    Type: AWS::EC2::Subnet
    Properties:
      AvailabilityZone: ${zoneA}
  B:
    Type: AWS::EC2::Subnet
    Properties:
      AvailabilityZone: ${zoneB}
  F:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:
        SubnetIds: ${subnetIds}
`;
const unverifiable = (out: ReturnType<typeof lintText>) => out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => [f.resource, f.line, f.column, f.message]);

it('tells zones apart by the index of !Select over !GetAZs', () => {
  expect(findingsOf(lintText('t.yaml', template("!Select [0, !GetAZs '']", "!Select [1, !GetAZs '']")), ID)).toEqual([]);
  const same = findingsOf(lintText('t.yaml', template("!Select [2, !GetAZs '']", "!Select [2, !GetAZs '']")), ID);
  expect(same.map((f) => [f.line, f.column, f.path])).toEqual([[14, 9, 'VpcConfig.SubnetIds.AvailabilityZone']]);
  // A literal zone and a zone index may be the same zone or not: no finding.
  expect(findingsOf(lintText('t.yaml', template('us-east-1a', "!Select [0, !GetAZs '']")), ID)).toEqual([]);
});

it('compares AvailabilityZoneId when AvailabilityZone is not set, and skips subnets whose zone AWS picks', () => {
  const ids = lintText('t.yaml', template('x', 'y').replace(/AvailabilityZone: [xy]/g, 'AvailabilityZoneId: use1-az4'));
  expect(findingsOf(ids, ID).map((f) => f.message)).toEqual([expect.stringContaining('all in Availability Zone use1-az4 (AvailabilityZoneId)')]);
  const picked = lintText('t.yaml', template('x', 'y').replace(/      AvailabilityZone: [xy]\n/g, '      CidrBlock: 10.0.0.0/24\n'));
  expect(findingsOf(picked, ID)).toEqual([]);
  expect(unverifiable(picked)).toEqual([]);
});

it('reports an unknown subnet list or zone as unverifiable', () => {
  const list = lintText('t.yaml', template('a', 'b', '!Ref Subnets', 'Parameters:\n  Subnets:\n    Type: List<AWS::EC2::Subnet::Id>\n'));
  expect(findingsOf(list, ID)).toEqual([]);
  expect(unverifiable(list)).toEqual([['F', 17, 20, `${ID}: \`VpcConfig.SubnetIds\` cannot be verified: parameter Subnets has no default.`]]);
  const zone = lintText('t.yaml', template('!Ref Zone', 'us-east-1a', undefined, 'Parameters:\n  Zone:\n    Type: AWS::EC2::AvailabilityZone::Name\n'));
  expect(findingsOf(zone, ID)).toEqual([]);
  expect(unverifiable(zone)).toEqual([['F', 8, 25, `${ID}: AvailabilityZone of subnet A cannot be verified: parameter Zone has no default.`]]);
  // When the known zones already differ, an unknown third zone does not matter.
  const decided = lintText('t.yaml', template('us-east-1b', 'us-east-1a', '[!Ref A, !Ref B, !Ref C]', 'Parameters:\n  Zone:\n    Type: String\n').replace('  F:\n', '  C:\n    Type: AWS::EC2::Subnet\n    Properties:\n      AvailabilityZone: !Ref Zone\n  F:\n'));
  expect(findingsOf(decided, ID)).toEqual([]);
  expect(unverifiable(decided)).toEqual([]);
});

it('checks each variant of a conditional subnet list', () => {
  const params = 'Parameters:\n  Env:\n    Type: String\nConditions:\n  HasB: !Equals [!Ref Env, prod]\n';
  const out = lintText('t.yaml', template('us-east-1a', 'us-east-1b', "[!Ref A, !If [HasB, !Ref B, !Ref 'AWS::NoValue']]", params));
  expect(findingsOf(out, ID).map((f) => [f.line, f.column, f.path, f.message])).toEqual([
    [19, 9, 'VpcConfig.SubnetIds[HasB=false]', expect.stringMatching(/lists 1 subnet in `VpcConfig\.SubnetIds` \(A\) when condition HasB is false, fewer than the minimum of 2/)],
  ]);
});

it('uses minSubnets', () => {
  const rules = (n: number) => ({ rules: { [ID]: { severity: 'warning' as const, options: { minSubnets: n } } } });
  const text = template('us-east-1a', 'us-east-1b');
  expect(findingsOf(lintText('t.yaml', text, rules(3)), ID).map((f) => f.message)).toEqual([expect.stringMatching(/lists 2 subnets in `VpcConfig\.SubnetIds` \(A and B\), fewer than the minimum of 3/)]);
  const one = template('us-east-1a', 'us-east-1b', '[!Ref A]');
  expect(findingsOf(lintText('t.yaml', one, rules(1)), ID)).toEqual([]);
});

it('says when the subnet count comes from a parameter default, and names the setting as the file writes it', () => {
  const text = `Parameters:\n  Subnets:\n    Type: List<AWS::EC2::Subnet::Id>\n    Default: subnet-0a\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      VpcConfig:\n        SubnetIds: !Ref Subnets\n        SecurityGroupIds: [sg-1]\n`;
  const [f] = findingsOf(lintText('t.yaml', text), ID);
  expect(f!.message).toBe('function F lists 1 subnet in `VpcConfig.SubnetIds` from the default of parameter Subnets ("subnet-0a"), fewer than the minimum of 2');
  expect(f!.help).toMatch(/^Give the parameter at least 2 subnets in different Availability Zones \(its default, or `--parameter Subnets=subnet-a,subnet-b` to lint the deployed value\)$/);
  // A value given on the command line is the deployed one: no mention of a default.
  const given = findingsOf(lintText('t.yaml', text, { parameters: { Subnets: 'subnet-0b' } }), ID);
  expect(given.map((x) => x.message)).toEqual(['function F lists 1 subnet in `VpcConfig.SubnetIds` ("subnet-0b"), fewer than the minimum of 2']);
  const sls = lintText('serverless.yml', 'service: s\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: h.main\n    vpc:\n      subnetIds: [subnet-1]\n      securityGroupIds: [sg-1]\n');
  expect(findingsOf(sls, ID).map((x) => [x.message, x.help])).toEqual([[
    'function api lists 1 subnet in `vpc.subnetIds` ("subnet-1"), fewer than the minimum of 2',
    'List at least 2 subnets in different Availability Zones in `vpc.subnetIds` on the function or as `provider.vpc.subnetIds` for all functions',
  ]]);
});
