import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-1/multiple-vpcs';

testRule('BR-LD-1/multiple-vpcs', {
  invalid: {
    'cfn-two-vpcs.yaml': [
      { resource: 'Bridge', line: 40, column: 37, message: /^function Bridge attaches to 2 VPCs, but a function attaches to one: subnet AppSubnet and security group AppGroup in VPC AppVpc; subnet DataSubnet in VPC DataVpc$/, help: /^Make `VpcConfig\.SubnetIds` and `VpcConfig\.SecurityGroupIds` belong to one VPC/ },
      { resource: 'Poller', line: 52, column: 28, message: /^function Poller attaches to 2 VPCs, but a function attaches to one: subnet AppSubnet in VPC AppVpc; security group DefaultVpcGroup in the default VPC$/ },
    ],
    'cfn-vpc-ids.json': [
      { resource: 'Sync', line: 22, column: 33, message: /^function Sync attaches to 2 VPCs, but a function attaches to one: subnet LambdaSubnet in VPC vpc-0aaa1111bbbb22223; security group LambdaGroup in VPC vpc-0ccc3333dddd44445$/ },
    ],
    'sam-globals.yaml': [
      // the function's SecurityGroupIds are appended to the Globals list
      { resource: 'PartnerSync', line: 42, column: 28, message: /^function PartnerSync attaches to 2 VPCs, but a function attaches to one: subnet AppSubnet and security group AppGroup in VPC AppVpc; security group PartnerGroup in VPC PartnerVpc$/ },
    ],
  },
});

const template = (vpcIdA: string, vpcIdB: string, subnets = '[!Ref A, !Ref B]', params = '') => `${params}Resources:
  A:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: ${vpcIdA}
  B:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: ${vpcIdB}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:
        SubnetIds: ${subnets}
        SecurityGroupIds: [sg-1]
`;

describe(ID, () => {
  const unverifiable = (out: ReturnType<typeof lintText>) => out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => `${f.line}:${f.column} ${f.message}`);

  it('reports VpcIds that cannot be compared as unverifiable', () => {
    const params = 'Parameters:\n  VpcA:\n    Type: String\n  VpcB:\n    Type: String\n';
    const out = lintText('t.yaml', template('!Ref VpcA', '!Ref VpcB', undefined, params));
    expect(findingsOf(out, ID)).toEqual([]);
    expect(unverifiable(out)).toEqual([`10:14 ${ID}: VpcId of subnet A cannot be verified: parameter VpcA has no default.`]);
    const imported = lintText('t.yaml', template('vpc-1', '!ImportValue net-VpcId'));
    expect(findingsOf(imported, ID)).toEqual([]);
    expect(unverifiable(imported)).toEqual([`9:14 ${ID}: VpcId of B cannot be verified: Fn::ImportValue from another stack.`]);
  });

  it('checks each alternative of a conditional subnet list', () => {
    const params = 'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';
    const out = lintText('t.yaml', template('vpc-1', 'vpc-2', '[!Ref A, !If [IsProd, !Ref B, !Ref AWS::NoValue]]', params));
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.message.split(':')[0]}`)).toEqual([
      '19:42 function Fn attaches to 2 VPCs when condition IsProd is true, but a function attaches to one',
    ]);
  });
});
