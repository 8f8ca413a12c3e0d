import { defineRule, type LambdaFunction, type RuleContext } from '../../src/engine/types.js';
import { fitting, fnLabel, resourceLabel, shortList } from '../../src/engine/helpers.js';
import {
  architecture, formatUsd, memoryMb, PRICES_SCHEMA, priceFor, termText, termUsd, withDefaultPrices, DEFAULT_PRICES,
  type Prices, type Term,
} from '../../src/engine/cost.js';
import { combine, compatible, conditionSuffix, mergeConditions, when, type Conditions } from '../../src/engine/scenarios.js';
import { asNumber, type Value, type Variant } from '../../src/model/value.js';

type Concrete = Variant['value'];

export interface Options {
  budget: { maxHourlyUsdPerFunction?: number; maxHourlyUsdPerProject?: number };
  prices: Partial<Prices>;
}

const RESERVED = 'ReservedConcurrentExecutions';
/** Beyond this many conditions the project total takes each function's worst variant instead of enumerating outcomes. */
const MAX_ENUMERATED_CONDITIONS = 10;

interface Labelled {
  term: Term;
  /** `provisioned, AWS::Lambda::Alias FnAliaslive` for provisioned terms. */
  note?: string;
}

/** The worst-case spend of one function in one scenario (one combination of its conditional values). */
type Outcome =
  | { kind: 'cost'; conditions: Conditions; at: Value; usd: number; terms: Labelled[] }
  | { kind: 'unbounded'; conditions: Conditions; at: Value; perExecutionUsd?: number; provisionedUsd?: number; memoryMb?: number; price?: number }
  | { kind: 'unknown'; conditions: Conditions };

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-3/cost-ceiling',
    businessRule: 'BR-LD-3',
    description: 'Forbid a worst-case compute spend rate above the configured hourly budget',
    defaultSeverity: 'error',
    schema: {
      type: 'object',
      properties: {
        budget: {
          type: 'object',
          description: 'Hourly budgets in USD; the check is inactive until at least one is set.',
          properties: {
            maxHourlyUsdPerFunction: { type: 'number', minimum: 0, description: 'Largest worst-case spend rate of one function, in USD per hour.' },
            maxHourlyUsdPerProject: { type: 'number', minimum: 0, description: 'Largest worst-case spend rate of all functions of the project together, in USD per hour.' },
          },
          additionalProperties: false,
        },
        prices: PRICES_SCHEMA,
      },
      additionalProperties: false,
    },
    defaultOptions: { budget: {}, prices: { ...DEFAULT_PRICES } },
    docs: {
      rationale:
        'Reserved concurrency, memory size and provisioned concurrency together fix the most a function can spend per hour: every reserved execution running for the whole hour at the configured memory, plus the standing charge for provisioned concurrency. Comparing that worst case with a budget turns the BR-LD-3 cost controls into a number a reviewer can approve; a function without reserved concurrency has no worst case at all, so it always exceeds the budget.',
      remediation: {
        cloudformation: 'Lower `ReservedConcurrentExecutions` or `MemorySize` on the `AWS::Lambda::Function`, or `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions` on its alias or version; `Architectures: [arm64]` is cheaper per GB-second.',
        sam: 'Lower `ReservedConcurrentExecutions`, `MemorySize` or `ProvisionedConcurrencyConfig` on the function (or in `Globals.Function`); `Architectures: [arm64]` is cheaper per GB-second.',
        serverless: 'Lower `reservedConcurrency`, `memorySize` or `provisionedConcurrency` on the function; `architecture: arm64` is cheaper per GB-second.',
        cdk: 'Lower `reservedConcurrentExecutions` or `memorySize` on the function, or `provisionedConcurrentExecutions` on its alias; `architecture: lambda.Architecture.ARM_64` is cheaper per GB-second.',
        terraform: 'Lower `reserved_concurrent_executions` or `memory_size` of the `aws_lambda_function`, or `provisioned_concurrent_executions` of its `aws_lambda_provisioned_concurrency_config`; `architectures = ["arm64"]` is cheaper per GB-second.',
      },
    },
  },
  check(ctx, options) {
    const perFunction = options.budget?.maxHourlyUsdPerFunction;
    const perProject = options.budget?.maxHourlyUsdPerProject;
    if (perFunction === undefined && perProject === undefined) return;
    const prices = withDefaultPrices(options.prices);
    const all = ctx.project.functions.map((fn) => ({ fn, outcomes: outcomesOf(ctx, fn, prices) }));

    if (perFunction !== undefined) {
      for (const { fn, outcomes } of all) {
        for (const o of outcomes) reportFunction(ctx, fn, o, perFunction);
      }
    }
    if (perProject !== undefined && all.length > 0) reportProject(ctx, all, perProject);
  },
});

/** Every scenario of a function's worst-case spend; unknown inputs are reported as unverifiable. */
function outcomesOf(ctx: RuleContext, fn: LambdaFunction, prices: Prices): Outcome[] {
  const reported = new Set<Value>();
  const unverifiable = (v: Value, what: string) => {
    if (reported.has(v)) return;
    reported.add(v);
    ctx.unverifiable(v, what, fn.resource, fn.name);
  };
  const provisioned = fn.provisioned;
  const out: Outcome[] = [];
  for (const s of combine([fn.get(RESERVED), fn.get('MemorySize'), fn.get('Architectures.0'), ...provisioned.map((p) => p.value)])) {
    const [reserved, memory, arch, ...prov] = s.values as [Concrete, Concrete, Concrete, ...Concrete[]];
    const missing: [Value, string][] = [];
    const mb = memoryMb(fn, memory);
    if (mb === undefined) missing.push([memory, 'MemorySize']);
    const ar = architecture(arch);
    if (ar === undefined) missing.push([arch, 'Architectures']);
    const provTerms: Labelled[] = [];
    prov.forEach((p, i) => {
      const n = asNumber(p);
      const on = provisioned[i]!.on;
      if (n === undefined || n < 0) missing.push([p, `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions of ${on.logicalId}`]);
      else if (mb !== undefined && ar !== undefined) provTerms.push({ term: { count: n, memoryMb: mb, price: priceFor(prices, ar, true) }, note: `provisioned, ${resourceLabel(on)}` });
    });
    if (reserved.kind === 'absent') {
      // Unbounded whatever the other values are; they only serve the suggested ceiling.
      const known = missing.length === 0;
      out.push({
        kind: 'unbounded', conditions: s.conditions, at: reserved,
        ...(known ? {
          perExecutionUsd: termUsd({ count: 1, memoryMb: mb!, price: priceFor(prices, ar!, false) }),
          provisionedUsd: provTerms.reduce((a, t) => a + termUsd(t.term), 0),
          memoryMb: mb, price: priceFor(prices, ar!, false),
        } : {}),
      });
      continue;
    }
    const r = asNumber(reserved);
    if (r === undefined || r < 0) missing.push([reserved, RESERVED]);
    if (missing.length > 0) {
      for (const [v, what] of missing) unverifiable(v, what);
      out.push({ kind: 'unknown', conditions: s.conditions });
      continue;
    }
    const terms: Labelled[] = [{ term: { count: r!, memoryMb: mb!, price: priceFor(prices, ar!, false) } }, ...provTerms];
    out.push({ kind: 'cost', conditions: s.conditions, at: reserved, usd: terms.reduce((a, t) => a + termUsd(t.term), 0), terms });
  }
  return out;
}

function arithmetic(terms: Labelled[]): string {
  return terms.map((t) => `${termText(t.term)}${t.note ? ` (${t.note})` : ''}`).join(' + ');
}

/** `Lower X, Y or Z, or use arm64`, in the vocabulary of the function's file. */
function lowerHelp(ctx: RuleContext, fn: LambdaFunction | null): string {
  const v = ctx.vocabulary(fn?.resource ?? null);
  return `Lower ${v.name(RESERVED)}, ${v.name('MemorySize')} or ${v.name('ProvisionedConcurrency')}${fn ? '' : ' of its functions'}, or use ${v.write('Architectures.0', 'arm64')} (cheaper per GB-second)`;
}

/** The arithmetic when the message stays short with it, else the terms' subtotals. */
function spend(terms: Labelled[], usd: number, budget: number, room: number): string {
  const full = `${arithmetic(terms)} = ${formatUsd(usd, budget)}/h`;
  if (full.length <= room || terms.length === 1) return full;
  return `${formatUsd(usd, budget)}/h (${terms.map((t) => `${t.note ? 'provisioned' : 'reserved'} ${formatUsd(termUsd(t.term))}/h`).join(' + ')})`;
}

function reportFunction(ctx: RuleContext, fn: LambdaFunction, o: Outcome, budget: number): void {
  const base = { resource: fn.resource, resourceName: fn.name, path: `${RESERVED}${conditionSuffix(o.conditions)}` };
  const v = ctx.vocabulary(fn.resource);
  if (o.kind === 'unbounded') {
    ctx.report({
      ...base, at: o.at,
      message: `${fnLabel(fn)} does not set ${v.name(RESERVED)}${when(o.conditions)}, so its worst-case spend is unbounded (budget ${formatUsd(budget)}/h per function)`,
      help: suggestion(ctx, fn, o, budget),
    });
  } else if (o.kind === 'cost' && o.usd > budget) {
    const head = `${fnLabel(fn)} can spend `;
    const tail = `${when(o.conditions)}, above the budget of ${formatUsd(budget)}/h per function`;
    ctx.report({
      ...base, at: o.at,
      message: `${head}${spend(o.terms, o.usd, budget, 190 - head.length - tail.length)}${tail}`,
      help: lowerHelp(ctx, fn),
    });
  }
}

/** `Set ReservedConcurrentExecutions: 66 or less (66 x 0.5 GB x 3600 s x $0.0000166667 = $1.98/h)`. */
function suggestion(ctx: RuleContext, fn: LambdaFunction, o: Outcome & { kind: 'unbounded' }, budget: number): string {
  const v = ctx.vocabulary(fn.resource);
  if (o.perExecutionUsd === undefined || o.memoryMb === undefined || o.price === undefined) return `Set ${v.write(RESERVED, '<n>')} ${v.where(RESERVED)}`;
  const n = Math.floor((budget - (o.provisionedUsd ?? 0)) / o.perExecutionUsd + 1e-9);
  if (n < 1) return `Set ${v.write(RESERVED, '<n>')} and lower ${v.name('MemorySize')}: at ${o.memoryMb} MB not even one execution fits the budget`;
  const t: Term = { count: n, memoryMb: o.memoryMb, price: o.price };
  return `Set ${v.write(RESERVED, String(n))} or less (${termText(t)} = ${formatUsd(termUsd(t))}/h${o.provisionedUsd ? ` plus ${formatUsd(o.provisionedUsd)}/h provisioned` : ''})`;
}

interface Total {
  conditions: Conditions;
  /** Set when the total is not one consistent outcome of the conditions. */
  note: string;
  unbounded: LambdaFunction[];
  unknown: LambdaFunction[];
  usd: number;
  parts: { fn: LambdaFunction; o: Outcome & { kind: 'cost' } }[];
}

function reportProject(ctx: RuleContext, all: { fn: LambdaFunction; outcomes: Outcome[] }[], budget: number): void {
  const worst = worstTotal(all);
  if (!worst) return;
  const at = { file: ctx.project.templates[0]!.file, start: 0, end: 0 };
  const path = `budget.maxHourlyUsdPerProject${conditionSuffix(worst.conditions)}`;
  const v = ctx.vocabulary(null);
  if (worst.unbounded.length > 0) {
    const one = worst.unbounded.length === 1;
    // Long names (Terraform addresses with module prefixes and keys) list fewer to stay one short sentence.
    const message = fitting(...[3, 2, 1].map((max) =>
      `The project's worst-case spend is unbounded${when(worst.conditions)}${worst.note} (budget ${formatUsd(budget)}/h): ${one ? 'function' : 'functions'} ${shortList(worst.unbounded.map((f) => f.name), max)} ${one ? 'sets' : 'set'} no ${v.name(RESERVED)}`));
    ctx.report({
      resource: null, at, path, message,
      help: `Set ${v.name(RESERVED)} on every function`,
    });
    return;
  }
  if (worst.usd <= budget) return; // unknown parts were reported as unverifiable
  const parts = worst.parts.filter((p) => p.o.usd > 0).sort((a, b) => b.o.usd - a.o.usd);
  const sum = parts.length === 1
    ? `${formatUsd(worst.usd, budget)}/h (function ${parts[0]!.fn.name}: ${arithmetic(parts[0]!.o.terms)})`
    : `${formatUsd(worst.usd, budget)}/h (${sumOf(parts.map((p) => ({ name: p.fn.name, usd: p.o.usd })))})`;
  const atLeast = worst.unknown.length > 0 ? ` at least (without ${shortList(worst.unknown.map((f) => f.name), 2)}, whose cost is unknown)` : '';
  ctx.report({
    resource: null, at, path,
    message: `The project can spend${atLeast} ${sum}${when(worst.conditions)}${worst.note}, above the budget of ${formatUsd(budget)}/h`,
    help: lowerHelp(ctx, null),
  });
}

/** `A $3.00/h + B $2.00/h + C $1.00/h + 2 more $0.50/h`: the sum, cut short after the largest parts. */
function sumOf(parts: { name: string; usd: number }[], max = 3): string {
  const shown = parts.slice(0, max).map((p) => `${p.name} ${formatUsd(p.usd)}/h`);
  const rest = parts.slice(max);
  if (rest.length) shown.push(`${rest.length} more ${formatUsd(rest.reduce((a, p) => a + p.usd, 0))}/h`);
  return shown.join(' + ');
}

/**
 * The worst project total over the outcomes of the conditions involved: unbounded first, then the
 * highest sum. Conditions are enumerated together so that `IsProd` true for one function is true
 * for all; with too many of them each function's worst variant is taken.
 */
function worstTotal(all: { fn: LambdaFunction; outcomes: Outcome[] }[]): Total | undefined {
  const names = [...new Set(all.flatMap((a) => a.outcomes.flatMap((o) => o.conditions.map((c) => c.name))))].sort();
  const totals: Total[] = [];
  if (names.length <= MAX_ENUMERATED_CONDITIONS) {
    for (let mask = 0; mask < 1 << names.length; mask++) {
      const assignment = names.map((name, i) => ({ name, holds: (mask & (1 << i)) !== 0 }));
      const chosen = all.map(({ fn, outcomes }) => ({ fn, o: outcomes.find((o) => compatible(o.conditions, assignment)) }));
      totals.push(total(chosen));
    }
  } else {
    totals.push(total(all.map(({ fn, outcomes }) => ({ fn, o: worstOf(outcomes) })), ' (taking each function\'s worst variant)'));
  }
  let worst: Total | undefined;
  for (const t of totals) {
    if (!worst) worst = t;
    else if (t.unbounded.length !== worst.unbounded.length ? t.unbounded.length > worst.unbounded.length : t.usd > worst.usd) worst = t;
  }
  return worst;
}

function worstOf(outcomes: Outcome[]): Outcome | undefined {
  return outcomes.find((o) => o.kind === 'unbounded')
    ?? outcomes.filter((o): o is Outcome & { kind: 'cost' } => o.kind === 'cost').sort((a, b) => b.usd - a.usd)[0]
    ?? outcomes[0];
}

function total(chosen: { fn: LambdaFunction; o: Outcome | undefined }[], note = ''): Total {
  const t: Total = { conditions: [], note, unbounded: [], unknown: [], usd: 0, parts: [] };
  let conditions: Conditions | undefined = [];
  for (const { fn, o } of chosen) {
    if (!o) continue;
    // Contradictory only in the fallback (each function's worst variant), where the note says so.
    conditions = conditions && mergeConditions(conditions, o.conditions);
    if (o.kind === 'unbounded') t.unbounded.push(fn);
    else if (o.kind === 'unknown') t.unknown.push(fn);
    else {
      t.usd += o.usd;
      t.parts.push({ fn, o });
    }
  }
  t.conditions = note ? [] : conditions ?? [];
  return t;
}
