import { defineRule, type LambdaFunction } from '../../src/engine/types.js';
import { fnLabel, resourceLabel, show } from '../../src/engine/helpers.js';
import {
  architecture, DEFAULT_PRICES, formatUsd, HOURS_PER_MONTH, memoryMb, PRICES_SCHEMA, priceFor, termText, termUsd, withDefaultPrices,
  type Prices, type Term,
} from '../../src/engine/cost.js';
import { combine, compatible, conditionSuffix, when, type Conditions } from '../../src/engine/scenarios.js';
import { asNumber, variants } from '../../src/model/value.js';

export interface Options {
  maxProvisionedConcurrency: number;
  prices: Partial<Prices>;
}

const SETTING = 'ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions';

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-3/provisioned-concurrency',
    businessRule: 'BR-LD-3',
    description: 'Forbid provisioned concurrency above the configured maximum (by default any)',
    defaultSeverity: 'warning',
    schema: {
      type: 'object',
      properties: {
        maxProvisionedConcurrency: {
          type: 'integer', minimum: 0,
          description: 'Largest provisioned concurrency allowed per alias or version; 0 (the default) reports any provisioned concurrency.',
        },
        prices: PRICES_SCHEMA,
      },
      additionalProperties: false,
    },
    defaultOptions: { maxProvisionedConcurrency: 0, prices: { ...DEFAULT_PRICES } },
    docs: {
      rationale:
        'Provisioned concurrency keeps execution environments initialized around the clock and is billed for every hour it is configured, whether or not the function is invoked. It is a standing cost, unlike the pay-per-use model BR-LD-3 budgets for, so each use needs a recorded reason (a suppression with the latency requirement it serves) or a configured maximum.',
      remediation: {
        cloudformation: 'Remove `ProvisionedConcurrencyConfig` from the `AWS::Lambda::Alias` / `AWS::Lambda::Version`, or lower `ProvisionedConcurrentExecutions`; otherwise suppress the finding with the reason.',
        sam: 'Remove `ProvisionedConcurrencyConfig` from the function (or `Globals.Function`), or lower `ProvisionedConcurrentExecutions`; otherwise suppress the finding with the reason.',
        serverless: 'Remove `provisionedConcurrency` from the function or lower it; otherwise suppress the finding with the reason.',
        cdk: 'Remove `provisionedConcurrentExecutions` from the alias or version (or `currentVersionOptions`), or lower it; otherwise suppress the finding with the reason.',
        terraform: 'Remove the `aws_lambda_provisioned_concurrency_config`, or lower its `provisioned_concurrent_executions`; otherwise suppress the finding with the reason.',
      },
    },
  },
  check(ctx, options) {
    const max = options.maxProvisionedConcurrency;
    const prices = withDefaultPrices(options.prices);
    for (const fn of ctx.project.functions) {
      for (const p of fn.provisioned) {
        const aliasName = p.on.get('Name');
        const serverless = fn.flavour === 'serverless';
        const named = aliasName.kind === 'lit' ? `"${aliasName.value}" ` : '';
        const where = !p.on.generatedFrom || p.on.type !== 'AWS::Lambda::Alias'
          ? resourceLabel(p.on)
          : serverless ? `the alias ${named}of \`provisionedConcurrency\` (${p.on.logicalId})` : `the alias ${named}of \`AutoPublishAlias\` (${p.on.logicalId})`;
        const v = ctx.vocabulary(p.on.generatedFrom ? fn.resource : p.on);
        const setting = v.name('ProvisionedConcurrency');
        const help = max === 0
          ? `Remove ${setting}, or record the latency requirement it serves in a suppression`
          : `Lower it to ${v.write('ProvisionedConcurrency', String(max))} or less, or record the reason in a suppression`;
        for (const { value: val, conditions } of variants(p.value)) {
          const base = { resource: fn.resource, resourceName: fn.name, at: val, path: `${p.on.logicalId}.${SETTING}${conditionSuffix(conditions)}`, help };
          if (val.kind === 'absent') continue;
          if (val.kind === 'unknown') {
            ctx.unverifiable(val, `${SETTING} of ${p.on.logicalId}`, fn.resource, fn.name);
            continue;
          }
          const n = asNumber(val);
          if (n === undefined || n < 0 || !Number.isInteger(n)) {
            ctx.report({ ...base, message: `${fnLabel(fn)} has provisioned concurrency ${show(val)} on ${where}${when(conditions)}, not a whole number of environments` });
          } else if (n > max) {
            const message = (short: boolean) =>
              `${fnLabel(fn)} has provisioned concurrency ${n} on ${where}${when(conditions)}, above the maximum of ${max}: a standing cost of ${standingCost(fn, n, conditions, prices, short)}`;
            ctx.report({ ...base, message: message(false).length <= 200 ? message(false) : message(true) });
          }
        }
      }
    }
  },
});

/** `5 x 0.5 GB x 3600 s x 730 h x $0.0000041667 = $27.38/month` (short: `$27.38/month`), one figure per memory/architecture variant. */
function standingCost(fn: LambdaFunction, n: number, conditions: Conditions, prices: Prices, short: boolean): string {
  const figures: string[] = [];
  for (const s of combine([fn.get('MemorySize'), fn.get('Architectures.0')])) {
    if (!compatible(s.conditions, conditions)) continue;
    const own = s.conditions.filter((c) => !conditions.some((x) => x.name === c.name));
    const [memory, arch] = s.values as [(typeof s.values)[0], (typeof s.values)[0]];
    const mb = memoryMb(fn, memory);
    const ar = architecture(arch);
    if (mb === undefined) figures.push(`unknown (MemorySize ${show(memory)})${when(own)}`);
    else if (ar === undefined) figures.push(`unknown (Architectures ${show(arch)})${when(own)}`);
    else {
      const t: Term = { count: n, memoryMb: mb, price: priceFor(prices, ar, true), hours: HOURS_PER_MONTH };
      figures.push(`${short ? '' : `${termText(t)} = `}${formatUsd(termUsd(t))}/month${when(own)}`);
    }
  }
  return figures.join('; or ');
}
