import { defineRule } from '../../src/engine/types.js';
import { fnLabel, shortList } from '../../src/engine/helpers.js';
import { vpcAttachments } from '../../src/engine/vpc-membership.js';
import { groupBy } from '../../src/group-by.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-1/multiple-vpcs',
    businessRule: 'BR-LD-1',
    description: 'Forbid a function whose subnets and security groups belong to more than one VPC',
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'A Lambda function attaches to exactly one VPC: every subnet and security group of its `VpcConfig` must belong to it. Mixing VPCs fails the deployment and usually means the function is being wired into a network it should reach another way; data that must cross VPC boundaries (often the sensitive data BR-LD-1 is about) should travel over peering or endpoints that the network owners control.',
      remediation: {
        cloudformation:
          'Make every entry of `VpcConfig.SubnetIds` and `VpcConfig.SecurityGroupIds` belong to one VPC (their `VpcId`); reach the other VPC through peering or a Transit Gateway.',
        sam: 'Make the function\'s `VpcConfig` (after `Globals.Function.VpcConfig` applies) name subnets and security groups of one VPC.',
        serverless: 'Make `vpc.subnetIds` and `vpc.securityGroupIds` (function or provider) belong to one VPC.',
        cdk: 'Pass one `vpc` with `vpcSubnets` and `securityGroups` from that same VPC.',
        terraform: 'Make every entry of `vpc_config { subnet_ids, security_group_ids }` belong to one `aws_vpc` (their `vpc_id`); reach the other VPC through peering or a Transit Gateway.',
      },
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      for (const att of vpcAttachments(fn, ctx.project)) {
        const byVpc = groupBy(att.members, (m) => m.vpc.key);
        const groups = [...byVpc.values()];
        const known = groups.filter((g) => !g[0]!.vpc.unknown);
        if (known.length >= 2) {
          const second = known[1]![0]!;
          const parts = groups.map((g) => `${shortList(g.map((m) => `${m.kind} ${m.resource.logicalId}`), 2)} in ${g[0]!.vpc.label}`);
          const v = ctx.vocabulary(fn.resource);
          ctx.report({
            resource: fn.resource, resourceName: fn.name, at: second.item, path: `VpcConfig${att.when}`,
            message: `${fnLabel(fn)} attaches to ${groups.length} VPCs${att.when}, but a function attaches to one: ${parts.join('; ')}`,
            help: `Make ${v.name('VpcConfig.SubnetIds')} and ${v.name('VpcConfig.SecurityGroupIds')} belong to one VPC, and reach the other through peering`,
          });
        } else if (groups.length >= 2) {
          const u = groups.find((g) => g[0]!.vpc.unknown)![0]!;
          ctx.unverifiable(u.vpc.value, `VpcId of ${u.kind} ${u.resource.logicalId}`, fn.resource, fn.name);
        }
        for (const u of att.unknownVpcIds) {
          if (att.members.length + att.unknownVpcIds.length >= 2) ctx.unverifiable(u.value, `VpcId of ${u.resource.logicalId}`, fn.resource, fn.name);
        }
      }
    }
  },
});
