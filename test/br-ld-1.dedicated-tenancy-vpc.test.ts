import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-1/dedicated-tenancy-vpc';
const listed = { rules: { [ID]: { severity: 'error' as const, options: { dedicatedVpcIds: ['EnclaveVpcId', 'vpc-0d3d1ca7ed0000001'] } } } };

testRule('BR-LD-1/dedicated-tenancy-vpc', {
  valid: { 'cfn-external.json': listed },
  invalid: {
    'cfn-dedicated.yaml': [
      { resource: 'ClaimsProcessor', line: 34, column: 13, message: /^function ClaimsProcessor attaches to subnet SecureSubnetA, subnet SecureSubnetB and security group SecureGroup in VPC SecureVpc, which has `InstanceTenancy: dedicated`: Lambda cannot connect to it$/, help: /^Point `VpcConfig` at subnets and security groups of a default-tenancy VPC/ },
      // external subnets are out of scope; the security group of the project still leads to the dedicated VPC
      { resource: 'Exporter', line: 48, column: 28, message: /^function Exporter attaches to security group SecureGroup in VPC SecureVpc, which has `InstanceTenancy: dedicated`/ },
    ],
    'cfn-configured.json': {
      options: listed,
      findings: [
        { resource: 'Matcher', line: 24, column: 26, message: /^function Matcher attaches to subnet EnclaveSubnet in the VPC of parameter EnclaveVpcId, listed in dedicatedVpcIds:/ },
        { resource: 'Loader', line: 37, column: 26, message: /^function Loader attaches to subnet LegacySubnet in VPC vpc-0d3d1ca7ed0000001, listed in dedicatedVpcIds:/ },
      ],
    },
    'sam-globals.yaml': [
      { resource: 'Intake', line: 10, column: 19, message: /^function Intake attaches to subnet PrivateSubnet and security group LambdaGroup in VPC IsolatedVpc, which has `InstanceTenancy: dedicated`/ },
      { resource: 'Export', line: 10, column: 19, message: /^function Export attaches to subnet PrivateSubnet and security group LambdaGroup in VPC IsolatedVpc/ },
    ],
  },
});

const template = (tenancy: string, params = '') => `${params}Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      InstanceTenancy: ${tenancy}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:
        SubnetIds: [!Ref Subnet]
        SecurityGroupIds: [sg-1]
`;

describe(ID, () => {
  it('reports an unknown tenancy as unverifiable', () => {
    const out = lintText('t.yaml', template('!Ref Tenancy', 'Parameters:\n  Tenancy:\n    Type: String\n'));
    expect(findingsOf(out, ID)).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      `9:24 ${ID}: \`InstanceTenancy\` of VPC Vpc cannot be verified: parameter Tenancy has no default.`,
    ]);
  });

  it('reports a conditional tenancy with its condition, and a parameter default', () => {
    const params = 'Parameters:\n  Env:\n    Type: String\n  Tenancy:\n    Type: String\n    Default: dedicated\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';
    const out = lintText('t.yaml', template('!If [IsProd, dedicated, default]', params));
    expect(findingsOf(out, ID).map((f) => `${f.line}:${f.column} ${f.message.split(':')[0]}`)).toEqual([
      '23:21 function Fn attaches to subnet Subnet when condition IsProd is true in VPC Vpc, which has `InstanceTenancy',
    ]);
    expect(findingsOf(lintText('t.yaml', template('!Ref Tenancy', params)), ID)).toHaveLength(1);
    expect(findingsOf(lintText('t.yaml', template('Dedicated')), ID)).toHaveLength(1);
    expect(findingsOf(lintText('t.yaml', template('default')), ID)).toHaveLength(0);
  });
});
