/**
 * Which VPC the subnets and security groups of a function's `VpcConfig` belong to, followed only
 * through resources in the project (a subnet's / group's `VpcId`). Subnets and groups from outside
 * the project have no known VPC.
 */
import type { LambdaFunction, Project, Resource } from '../model/types.js';
import { describeConditions, items, variants, type Value, type Variant } from '../model/value.js';

/** A VPC as the project names it. */
export interface VpcIdentity {
  /** Stable key: `resource:<logicalId>`, `id:<vpc-id>`, `param:<name>` (unknown parameter), `default`. */
  key: string;
  /** For messages: `VPC Vpc`, `VPC vpc-0abc`, `the VPC of parameter VpcId`, `the default VPC`. */
  label: string;
  /** The AWS::EC2::VPC resource, when in the project. */
  resource?: Resource;
  /** The VpcId value of the subnet or group. */
  value: Value;
  /** Parameter the VpcId comes from, if any. */
  param?: string;
  /** Literal VPC id, if known. */
  id?: string;
  /** True when the identity is a parameter whose value is unknown (it may equal another VPC). */
  unknown?: boolean;
}

export interface VpcMember {
  kind: 'subnet' | 'security group';
  /** The item of `SubnetIds` / `SecurityGroupIds`. */
  item: Value;
  /** The subnet / group resource in the project. */
  resource: Resource;
  vpc: VpcIdentity;
}

export interface VpcAttachment {
  /** Conditions that select this combination of `SubnetIds` and `SecurityGroupIds`. */
  conditions: Variant['conditions'];
  when: string;
  members: VpcMember[];
  /** VpcId values of project subnets / groups that cannot be followed (unknown, not a parameter). */
  unknownVpcIds: { resource: Resource; value: Value }[];
}

const LIMIT = 16;

/** Alternatives of a list whose items may themselves be `Fn::If` choices. */
function listVariants(v: Value): { items: Value[]; conditions: Variant['conditions'] }[] {
  const out: { items: Value[]; conditions: Variant['conditions'] }[] = [];
  for (const lv of variants(v)) {
    let combos: { items: Value[]; conditions: Variant['conditions'] }[] = [{ items: [], conditions: lv.conditions }];
    for (const item of items(lv.value)) {
      const next: typeof combos = [];
      for (const c of combos) {
        for (const iv of variants(item)) {
          if (next.length >= LIMIT) break;
          next.push({ items: iv.value.kind === 'absent' ? c.items : [...c.items, iv.value], conditions: [...c.conditions, ...iv.conditions] });
        }
      }
      combos = next;
    }
    out.push(...combos);
    if (out.length >= LIMIT) break;
  }
  return out;
}

function vpcOf(r: Resource, project: Project): VpcIdentity | { unfollowable: Value } | undefined {
  const v = r.get('VpcId');
  if (v.kind === 'absent') return r.type === 'AWS::EC2::SecurityGroup' ? { key: 'default', label: 'the default VPC', value: v } : undefined;
  if (v.kind === 'ref') {
    const vpc = project.deref(v);
    if (vpc?.type === 'AWS::EC2::VPC') return { key: `resource:${vpc.logicalId}`, label: `VPC ${vpc.logicalId}`, resource: vpc, value: v };
    return { unfollowable: v };
  }
  if (v.kind === 'lit' && v.value !== null) {
    const id = String(v.value);
    return { key: `id:${id}`, label: `VPC ${id}${v.param ? ` (parameter ${v.param.name})` : ''}`, value: v, id, param: v.param?.name };
  }
  if (v.kind === 'unknown' && v.source === 'parameter' && v.param) {
    return { key: `param:${v.param.name}`, label: `the VPC of parameter ${v.param.name}`, value: v, param: v.param.name, unknown: true };
  }
  return { unfollowable: v };
}

/** The function's VPC attachments: one per combination of conditions, with the members defined in the project. */
export function vpcAttachments(fn: LambdaFunction, project: Project): VpcAttachment[] {
  const out: VpcAttachment[] = [];
  const subnets = listVariants(fn.get('VpcConfig.SubnetIds'));
  const groups = listVariants(fn.get('VpcConfig.SecurityGroupIds'));
  for (const s of subnets) {
    for (const g of groups) {
      const conditions = dedupeConditions([...s.conditions, ...g.conditions]);
      if (conditions === undefined) continue; // contradictory: a condition both true and false
      const members: VpcMember[] = [];
      const unknownVpcIds: VpcAttachment['unknownVpcIds'] = [];
      const visit = (kind: VpcMember['kind'], type: string, list: Value[]) => {
        for (const item of list) {
          const r = item.kind === 'ref' ? project.deref(item) : undefined;
          if (!r || r.type !== type) continue;
          const vpc = vpcOf(r, project);
          if (!vpc) continue;
          if ('unfollowable' in vpc) unknownVpcIds.push({ resource: r, value: vpc.unfollowable });
          else members.push({ kind, item, resource: r, vpc });
        }
      };
      visit('subnet', 'AWS::EC2::Subnet', s.items);
      visit('security group', 'AWS::EC2::SecurityGroup', g.items);
      out.push({ conditions, when: describeConditions(conditions), members, unknownVpcIds });
      if (out.length >= LIMIT) return out;
    }
  }
  return out;
}

function dedupeConditions(c: Variant['conditions']): Variant['conditions'] | undefined {
  const seen = new Map<string, boolean>();
  for (const x of c) {
    const prev = seen.get(x.name);
    if (prev !== undefined && prev !== x.holds) return undefined;
    seen.set(x.name, x.holds);
  }
  return [...seen].map(([name, holds]) => ({ name, holds }));
}

/** `a`, `a and b`, `a, b and c` for messages. */
export function andList(xs: string[]): string {
  return xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0] ?? '';
}
