import { defineRule, type LambdaFunction, type Resource, type RuleContext } from '../../src/engine/types.js';
import { fitting, fnLabel, shortList, show } from '../../src/engine/helpers.js';
import { combine, conditionSuffix, mergeConditions, when, type Conditions } from '../../src/engine/scenarios.js';
import { templateText, variants, type Value, type Variant } from '../../src/model/value.js';

export interface Options {
  minSubnets: number;
}

const PATH = 'VpcConfig.SubnetIds';

type Concrete = Variant['value'];

/** Where a subnet's zone stands: known (a zone key), not decidable, or an unknown value to report. */
type Zone = { kind: 'known'; key: string; label: string } | { kind: 'undecidable' } | { kind: 'unknown'; value: Value; subnet: Resource };

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-3/vpc-capacity',
    businessRule: 'BR-LD-3',
    description: 'Require VPC-attached functions to use enough subnets across more than one Availability Zone',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        minSubnets: { type: 'integer', minimum: 1, description: 'Fewest subnets a VPC-attached function may list in VpcConfig.SubnetIds.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { minSubnets: 2 },
    docs: {
      rationale:
        'A VPC-attached function runs through network interfaces in the subnets it lists, and each subnet offers a limited number of free IP addresses in one Availability Zone. With one subnet, or with every subnet in the same zone, scaling stops when those addresses run out and the function fails with its zone: the VPC cannot support the concurrency the function is budgeted for.',
      remediation: {
        cloudformation: 'List at least two subnets in different Availability Zones in `VpcConfig.SubnetIds` (e.g. subnets with `AvailabilityZone: !Select [0, !GetAZs \'\']` and `!Select [1, !GetAZs \'\']`).',
        sam: 'List at least two subnets in different Availability Zones in `VpcConfig.SubnetIds` of the function or of `Globals.Function.VpcConfig` (Globals and function lists are concatenated).',
        serverless: 'List at least two subnets in different Availability Zones in `vpc.subnetIds` of the function or of `provider.vpc`.',
        cdk: 'Pass a `vpc` with subnets in two or more Availability Zones and `vpcSubnets` that select more than one of them (e.g. `maxAzs: 2` or more).',
        terraform: 'List at least two `aws_subnet`s in different `availability_zone`s in `vpc_config { subnet_ids }` of the `aws_lambda_function`.',
      },
    },
  },
  check(ctx, { minSubnets }) {
    for (const fn of ctx.project.functions) {
      for (const { value: list, conditions } of variants(fn.get(PATH))) {
        if (list.kind === 'absent') continue;
        if (list.kind === 'unknown') {
          ctx.unverifiable(list, PATH, fn.resource, fn.name);
          continue;
        }
        const items = list.kind === 'list' ? list.items : [list];
        // Items may themselves be conditional (`!If [HasB, !Ref SubnetB, !Ref AWS::NoValue]`).
        for (const s of combine(items)) {
          const all = mergeConditions(conditions, s.conditions);
          if (!all) continue;
          checkSubnets(ctx, fn, list, s.values.filter((v) => v.kind !== 'absent'), all, minSubnets);
        }
      }
    }
  },
});

function checkSubnets(ctx: RuleContext, fn: LambdaFunction, list: Value, subnets: Concrete[], conditions: Conditions, minSubnets: number): void {
  if (subnets.length === 0) return; // not attached to a VPC
  const base = { resource: fn.resource, resourceName: fn.name, at: list };
  // The same subnet listed twice is one subnet.
  const seen = new Set<string>();
  const distinct = subnets.filter((v) => {
    const id = identity(v);
    if (id === undefined) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const names = shortList(distinct.map(subnetLabel));
  const repeated = distinct.length < subnets.length ? ', some listed twice' : '';
  const v = ctx.vocabulary(fn.resource);
  if (distinct.length < minSubnets) {
    // A count that comes from a parameter's default may not be the deployed one: say so.
    const defaults = [...new Set(subnets.flatMap((s) => (s.kind === 'lit' && s.param?.from === 'default' ? [s.param.name] : [])))];
    const tf = v.dialect === 'terraform';
    const from = defaults.length ? ` from the default of ${tf ? 'variable' : 'parameter'} ${shortList(defaults)}` : '';
    ctx.report({
      ...base, path: `${PATH}${conditionSuffix(conditions)}`,
      // Long subnet names (module addresses) leave the list to the position the finding points at.
      message: fitting(...[`(${names}${repeated})`, repeated ? `(${repeated.slice(2)})` : ''].map((listed) =>
        `${fnLabel(fn)} lists ${distinct.length} ${distinct.length === 1 ? 'subnet' : 'subnets'} in ${v.name(PATH)}${from}${listed ? ` ${listed}` : ''}${when(conditions)}, fewer than the minimum of ${minSubnets}`)),
      help: defaults.length
        ? `Give ${tf ? 'the variable' : 'the parameter'} at least ${minSubnets} subnets in different Availability Zones (its default, or ${tf ? `\`--var ${defaults[0]}=[...]\`` : `\`--parameter ${defaults[0]}=subnet-a,subnet-b\``} to lint the deployed value)`
        : `List at least ${minSubnets} subnets in different Availability Zones in ${v.name(PATH)} ${v.where(PATH)}`,
    });
  }
  if (distinct.length < 2) return;
  // The one-zone test needs every subnet in the project with a known zone.
  const zones = distinct.map((v) => zoneOf(ctx, v));
  if (zones.some((z) => z.kind === 'undecidable')) return;
  const known = zones.filter((z): z is Zone & { kind: 'known' } => z.kind === 'known');
  if (new Set(known.map((z) => z.key)).size > 1) return; // two zones already
  const unknown = zones.filter((z): z is Zone & { kind: 'unknown' } => z.kind === 'unknown');
  if (unknown.length > 0) {
    for (const z of unknown) ctx.unverifiable(z.value, `AvailabilityZone of subnet ${z.subnet.logicalId}`, fn.resource, fn.name);
    return;
  }
  ctx.report({
    ...base, path: `${PATH}.AvailabilityZone${conditionSuffix(conditions)}`,
    message: `${fnLabel(fn)} uses subnets ${names} that are all in Availability Zone ${known[0]!.label}${when(conditions)}, so it fails with that zone`,
    help: `List subnets of at least two Availability Zones in ${v.name(PATH)}`,
  });
}

/** Ref target or literal text: what makes two list entries the same subnet. */
function identity(v: Concrete): string | undefined {
  if (isSubnetRef(v)) return `ref:${v.target}`;
  const text = templateText(v);
  return text === undefined ? undefined : `text:${text}`;
}

function subnetLabel(v: Concrete): string {
  return isSubnetRef(v) ? v.target : show(v);
}

/** `!Ref Subnet` or `!GetAtt Subnet.SubnetId`. */
function isSubnetRef(v: Concrete): v is Concrete & { kind: 'ref' } {
  return v.kind === 'ref' && (v.attr === undefined || v.attr === 'SubnetId');
}

function zoneOf(ctx: RuleContext, v: Concrete): Zone {
  const subnet = ctx.project.deref(v);
  // Subnets from outside the project (ids, imports, parameters, nested stack outputs): no zone test.
  if (!subnet || subnet.type !== 'AWS::EC2::Subnet' || !isSubnetRef(v)) return { kind: 'undecidable' };
  const az = subnet.get('AvailabilityZone');
  const azId = subnet.get('AvailabilityZoneId');
  const value = az.kind !== 'absent' ? az : azId;
  const prefix = az.kind !== 'absent' ? '' : 'id:';
  // Without either property AWS picks the zone; a conditional zone is not one zone.
  if (value.kind === 'absent' || value.kind === 'choice') return { kind: 'undecidable' };
  if (value.kind === 'unknown') return { kind: 'unknown', value, subnet };
  const text = templateText(value);
  if (text === undefined) return { kind: 'undecidable' };
  const label = value.kind === 'pseudo' && /^AZ\[\d+\]$/.test(value.name) ? `${value.name} (!Select [${value.name.slice(3, -1)}, !GetAZs ''])` : text;
  return { kind: 'known', key: prefix + text, label: prefix ? `${label} (AvailabilityZoneId)` : label };
}
