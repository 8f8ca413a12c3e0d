import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';
import { DEFAULT_PRICES, formatGb, formatPrice, formatUsd, termText, termUsd } from '../src/engine/cost.js';
import { combine } from '../src/engine/scenarios.js';
import { compileConfigSchema } from '../src/config/validate.js';
import { rules } from '../rules/index.js';

const ID = 'BR-LD-3/cost-ceiling';
const budget = (b: { maxHourlyUsdPerFunction?: number; maxHourlyUsdPerProject?: number }, extra: Record<string, unknown> = {}) =>
  ({ rules: { [ID]: { severity: 'error' as const, options: { budget: b, ...extra } } } });

testRule('BR-LD-3/cost-ceiling', {
  valid: {
    'cfn-within-budget.yaml': budget({ maxHourlyUsdPerFunction: 2, maxHourlyUsdPerProject: 4 }),
    'sam-globals.yaml': budget({ maxHourlyUsdPerFunction: 1 }),
  },
  invalid: {
    'cfn-over-budget.yaml': {
      options: budget({ maxHourlyUsdPerFunction: 2 }),
      findings: [
        {
          resource: 'Intake', line: 11, column: 37, severity: 'error',
          message: /^function Intake \(FunctionName "claims-intake"\) can spend 100 x 0\.5 GB x 3600 s x \$0\.0000166667 = \$3\.00\/h, above the budget of \$2\.00\/h per function$/,
          help: /^Lower `ReservedConcurrentExecutions`, `MemorySize` or `ProvisionedConcurrencyConfig\.ProvisionedConcurrentExecutions`, or use `Architectures: \[arm64\]`/,
        },
        {
          resource: 'Unbounded', line: 24, column: 3,
          message: /^function Unbounded does not set `ReservedConcurrentExecutions`, so its worst-case spend is unbounded \(budget \$2\.00\/h per function\)$/,
          help: /^Set `ReservedConcurrentExecutions: 33` or less \(33 x 1 GB x 3600 s x \$0\.0000166667 = \$1\.98\/h\)$/,
        },
      ],
    },
    'cfn-project.json': {
      options: budget({ maxHourlyUsdPerProject: 5 }),
      findings: [{
        resource: null, line: 1, column: 1,
        message: /^The project can spend \$6\.00\/h \(Ingest \$3\.00\/h \+ Transform \$3\.00\/h\), above the budget of \$5\.00\/h$/,
      }],
    },
    'sam-globals.yaml': {
      options: budget({ maxHourlyUsdPerFunction: 1, maxHourlyUsdPerProject: 10 }),
      findings: [
        { resource: null, line: 1, column: 1, message: /^The project's worst-case spend is unbounded \(budget \$10\.00\/h\): function Stream sets no `ReservedConcurrentExecutions`$/ },
        { resource: 'Api', line: 7, column: 35, message: /^function Api can spend 20 x 1 GB x 3600 s x \$0\.0000166667 = \$1\.20\/h, above the budget of \$1\.00\/h/ },
        { resource: 'Stream', line: 23, column: 3, message: /^function Stream does not set `ReservedConcurrentExecutions`, so its worst-case spend is unbounded/ },
      ],
    },
  },
});

const fn = (id: string, props: string) => `  ${id}:\n    Type: AWS::Lambda::Function\n    Properties:\n${props}`;
const head = 'Parameters:\n  Env:\n    Type: String\n  Mem:\n    Type: Number\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n';

it('is inactive without a budget', () => {
  const out = lintText('t.yaml', `Resources:\n${fn('F', '      MemorySize: 10240\n')}`);
  expect(findingsOf(out, ID)).toEqual([]);
});

it('adds provisioned concurrency of aliases at the provisioned price', () => {
  const text = `Resources:\n${fn('F', '      MemorySize: 2048\n      ReservedConcurrentExecutions: 10\n')}  Live:\n    Type: AWS::Lambda::Alias\n    Properties:\n      Name: live\n      FunctionName: !Ref F\n      FunctionVersion: '1'\n      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 4\n`;
  const out = lintText('t.yaml', text, budget({ maxHourlyUsdPerFunction: 1 }));
  expect(findingsOf(out, ID).map((f) => [f.resource, f.line, f.column, f.message])).toEqual([[
    'F', 6, 37,
    'function F can spend 10 x 2 GB x 3600 s x $0.0000166667 + 4 x 2 GB x 3600 s x $0.0000041667 (provisioned, AWS::Lambda::Alias Live) = $1.32/h, above the budget of $1.00/h per function',
  ]]);
});

it('uses configured prices over the defaults', () => {
  const text = `Resources:\n${fn('F', '      MemorySize: 1024\n      ReservedConcurrentExecutions: 10\n      Architectures: [arm64]\n')}`;
  expect(findingsOf(lintText('t.yaml', text, budget({ maxHourlyUsdPerFunction: 0.5 })), ID)).toEqual([]);
  const out = lintText('t.yaml', text, budget({ maxHourlyUsdPerFunction: 0.5 }, { prices: { arm64: 0.00002 } }));
  expect(findingsOf(out, ID).map((f) => f.message)).toEqual([expect.stringContaining('10 x 1 GB x 3600 s x $0.00002 = $0.72/h, above the budget of $0.50/h')]);
});

it('evaluates conditions together across functions for the project total', () => {
  const text = head + fn('A', '      MemorySize: 1024\n      ReservedConcurrentExecutions: !If [IsProd, 10, 100]\n') + fn('B', '      MemorySize: 1024\n      ReservedConcurrentExecutions: !If [IsProd, 50, 5]\n');
  // IsProd true: 60 executions, false: 105; never 150.
  const out = lintText('t.yaml', text, budget({ maxHourlyUsdPerProject: 5 }));
  expect(findingsOf(out, ID).map((f) => [f.resource, f.path, f.message])).toEqual([[
    null, 'budget.maxHourlyUsdPerProject[IsProd=false]',
    expect.stringMatching(/^The project can spend \$6\.30\/h \(A \$6\.00\/h \+ B \$0\.30\/h\) when condition IsProd is false, above the budget of \$5\.00\/h$/),
  ]]);
  expect(findingsOf(lintText('t.yaml', text, budget({ maxHourlyUsdPerProject: 6.5 })), ID)).toEqual([]);
});

it('reports each conditional scenario of a function with its own path', () => {
  const text = head + fn('A', '      MemorySize: !If [IsProd, 2048, 128]\n      ReservedConcurrentExecutions: !If [IsProd, 100, !Ref "AWS::NoValue"]\n');
  const out = lintText('t.yaml', text, budget({ maxHourlyUsdPerFunction: 1 }));
  expect(findingsOf(out, ID).map((f) => [f.path, f.message])).toEqual([
    ['ReservedConcurrentExecutions[IsProd=true]', 'function A can spend 100 x 2 GB x 3600 s x $0.0000166667 = $12.00/h when condition IsProd is true, above the budget of $1.00/h per function'],
    ['ReservedConcurrentExecutions[IsProd=false]', 'function A does not set `ReservedConcurrentExecutions` when condition IsProd is false, so its worst-case spend is unbounded (budget $1.00/h per function)'],
  ]);
});

it('reports unknown inputs as unverifiable and a known part over budget as a lower bound', () => {
  const text = head + fn('A', '      MemorySize: !Ref Mem\n      ReservedConcurrentExecutions: 10\n') + fn('B', '      MemorySize: 1024\n      ReservedConcurrentExecutions: 100\n');
  const out = lintText('t.yaml', text, budget({ maxHourlyUsdPerFunction: 10, maxHourlyUsdPerProject: 5 }));
  expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => [f.resource, f.line, f.column, f.message])).toEqual([
    ['A', 12, 19, `${ID}: \`MemorySize\` cannot be verified: parameter Mem has no default.`],
  ]);
  expect(findingsOf(out, ID).map((f) => f.message)).toEqual([
    expect.stringMatching(/^The project can spend at least \(without A, whose cost is unknown\) \$6\.00\/h \(function B: 100 x 1 GB x 3600 s x \$0\.0000166667\), above the budget of \$5\.00\/h$/),
  ]);
  // Within budget on the known part: only the unverifiable.
  expect(findingsOf(lintText('t.yaml', text, budget({ maxHourlyUsdPerProject: 50 })), ID)).toEqual([]);
});

it('never suggests a ceiling that does not fit, and reports an unknown architecture', () => {
  const tiny = lintText('t.yaml', `Resources:\n${fn('F', '      MemorySize: 10240\n')}`, budget({ maxHourlyUsdPerFunction: 0.1 }));
  expect(findingsOf(tiny, ID)[0]!.help).toMatch(/^Set `ReservedConcurrentExecutions: <n>` and lower `MemorySize`: at 10240 MB not even one execution fits the budget$/);
  const arch = lintText('t.yaml', `Resources:\n${fn('F', '      ReservedConcurrentExecutions: 1\n      Architectures: [sparc]\n')}`, budget({ maxHourlyUsdPerFunction: 0.1 }));
  expect(findingsOf(arch, ID)).toEqual([]);
  expect(arch.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => f.message)).toEqual([`${ID}: \`Architectures\` cannot be verified: "sparc".`]);
});

describe('pricing arithmetic', () => {
  it('formats the terms', () => {
    const t = { count: 100, memoryMb: 512, price: DEFAULT_PRICES.x86_64 };
    expect(termText(t)).toBe('100 x 0.5 GB x 3600 s x $0.0000166667');
    expect(formatUsd(termUsd(t))).toBe('$3.00');
    expect(termText({ ...t, hours: 730 })).toBe('100 x 0.5 GB x 3600 s x 730 h x $0.0000166667');
    expect(formatGb(1000)).toBe('0.9766 GB');
    expect(formatPrice(5e-7)).toBe('$0.0000005');
  });
  it('shows enough decimals to tell an amount from its threshold, and small amounts', () => {
    expect(formatUsd(2.001, 2)).toBe('$2.001');
    expect(formatUsd(0.0075)).toBe('$0.0075');
    expect(formatUsd(1234.5)).toBe('$1234.50');
  });
  it('drops contradictory combinations of conditions', () => {
    const loc = { file: undefined as never, start: 0, end: 0 };
    const lit = (value: number) => ({ kind: 'lit' as const, value, loc });
    const c = (a: number, b: number) => ({ kind: 'choice' as const, condition: 'P', then: lit(a), else: lit(b), loc });
    expect(combine([c(1, 2), c(3, 4)]).map((s) => s.values.map((v) => (v as { value: number }).value))).toEqual([[1, 3], [2, 4]]);
  });
});

it('has option schemas that compile under strict ajv (BR-LD-3 and BR-LD-4 checks)', () => {
  expect(() => compileConfigSchema(rules)).not.toThrow();
  for (const id of ['BR-LD-3/reserved-concurrency', 'BR-LD-3/memory', ID, 'BR-LD-3/provisioned-concurrency', 'BR-LD-3/vpc-capacity', 'BR-LD-4/ephemeral-storage', 'BR-LD-4/tmp-persistence']) {
    const r = rules.find((x) => x.meta.id === id)!;
    const props = (r.meta.schema as { properties: Record<string, { description?: string }> }).properties;
    expect(Object.keys(props).length).toBeGreaterThan(0);
    for (const p of Object.values(props)) expect(p.description).toBeTruthy();
    expect(Object.keys(r.meta.defaultOptions as object).sort()).toEqual(Object.keys(props).sort());
  }
});
