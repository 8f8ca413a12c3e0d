import { defineRule } from '../../src/engine/types.js';
import { fitting, fnLabel, shortList } from '../../src/engine/helpers.js';
import { vpcAttachments, type VpcIdentity } from '../../src/engine/vpc-membership.js';
import { groupBy } from '../../src/group-by.js';
import { describeConditions, variants } from '../../src/model/value.js';

export interface Options {
  dedicatedVpcIds: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-1/dedicated-tenancy-vpc',
    businessRule: 'BR-LD-1',
    description: 'Forbid attaching a function to subnets or security groups of a dedicated-tenancy VPC',
    defaultSeverity: 'error',
    schema: {
      type: 'object',
      properties: {
        dedicatedVpcIds: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description:
            'VPCs known to have dedicated tenancy although they are not defined in the project: VPC ids (`vpc-0abc...`) or names of template parameters that hold such an id. A subnet or security group whose VpcId is that id, or a Ref to that parameter, counts as dedicated.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { dedicatedVpcIds: [] },
    docs: {
      rationale:
        'Workloads with sensitive data are often placed in dedicated-tenancy VPCs to meet isolation requirements. Lambda cannot connect to a VPC with `InstanceTenancy: dedicated`: the deployment fails or the function never reaches its resources, and a team may be tempted to loosen the isolation instead. Such a function signals that sensitive processing is being moved onto Lambda, which BR-LD-1 asks to avoid.',
      remediation: {
        cloudformation:
          'Attach the function (`VpcConfig.SubnetIds`, `VpcConfig.SecurityGroupIds`) to subnets and groups of a default-tenancy VPC, peered with the dedicated VPC if it must reach resources there, or keep the processing off Lambda.',
        sam: 'Point `VpcConfig` (or `Globals.Function.VpcConfig`) at subnets and security groups of a default-tenancy VPC.',
        serverless: 'Point `vpc.subnetIds`/`vpc.securityGroupIds` (function or provider) at a default-tenancy VPC.',
        cdk: 'Pass a `vpc` whose `defaultInstanceTenancy` is `DEFAULT` (not `DEDICATED`) to the function.',
        terraform: 'Point `vpc_config { subnet_ids, security_group_ids }` of the `aws_lambda_function` at subnets and security groups of an `aws_vpc` with `instance_tenancy = "default"`, peered with the dedicated VPC if needed.',
      },
    },
  },
  check(ctx, { dedicatedVpcIds }) {
    const listed = new Set(dedicatedVpcIds);
    const reason = (vpc: VpcIdentity): { dedicated: boolean; why: string; when: string }[] => {
      if (vpc.id !== undefined && listed.has(vpc.id)) return [{ dedicated: true, why: `${vpc.label}, listed in dedicatedVpcIds`, when: '' }];
      if (vpc.param !== undefined && listed.has(vpc.param)) {
        return [{ dedicated: true, why: vpc.unknown ? `${vpc.label}, listed in dedicatedVpcIds` : `${vpc.label}, whose parameter is listed in dedicatedVpcIds`, when: '' }];
      }
      if (!vpc.resource) return [];
      const tenancy = ctx.vocabulary(vpc.resource).write('InstanceTenancy', 'dedicated');
      return variants(vpc.resource.get('InstanceTenancy')).map((variant) => {
        const t = variant.value;
        return {
          dedicated: t.kind === 'lit' && String(t.value).toLowerCase() === 'dedicated',
          why: `${vpc.label}, which has ${tenancy}`,
          when: describeConditions(variant.conditions),
        };
      });
    };
    for (const fn of ctx.project.functions) {
      const reported = new Set<string>();
      const checkedTenancy = new Set<string>();
      for (const att of vpcAttachments(fn, ctx.project)) {
        const byVpc = groupBy(att.members, (m) => m.vpc.key);
        for (const members of byVpc.values()) {
          const vpc = members[0]!.vpc;
          if (vpc.resource && !checkedTenancy.has(vpc.key)) {
            checkedTenancy.add(vpc.key);
            for (const v of variants(vpc.resource.get('InstanceTenancy'))) {
              if (v.value.kind === 'unknown') ctx.unverifiable(v.value, `${ctx.vocabulary(vpc.resource).name('InstanceTenancy')} of ${vpc.label}`, fn.resource, fn.name);
            }
          }
          for (const r of reason(vpc)) {
            if (!r.dedicated) continue;
            const when = `${att.when}${r.when}`;
            const key = `${vpc.key}|${when}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const labels = members.map((m) => `${m.kind} ${m.resource.logicalId}`);
            const v = ctx.vocabulary(fn.resource);
            ctx.report({
              resource: fn.resource, resourceName: fn.name, at: members[0]!.item, path: `VpcConfig:${vpc.key}${when}`,
              message: fitting(...[3, 1].map((max) => `${fnLabel(fn)} attaches to ${shortList(labels, max)}${when} in ${r.why}: Lambda cannot connect to it`)),
              help: `Point ${v.name('VpcConfig')} at subnets and security groups of a default-tenancy VPC (peered with the dedicated one if needed), or keep this processing off Lambda`,
            });
          }
        }
      }
    }
  },
});

