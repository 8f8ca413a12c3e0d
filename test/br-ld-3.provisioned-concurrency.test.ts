import { expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { testRule } from './support/rule-tester.js';

const ID = 'BR-LD-3/provisioned-concurrency';
const opts = (options: Record<string, unknown>) => ({ rules: { [ID]: { severity: 'warning' as const, options } } });

testRule('BR-LD-3/provisioned-concurrency', {
  valid: { 'cfn-within-max.json': opts({ maxProvisionedConcurrency: 10 }) },
  invalid: {
    'cfn-alias.yaml': [
      {
        resource: 'Checkout', line: 25, column: 42, severity: 'warning',
        message: /^function Checkout \(FunctionName "checkout"\) has provisioned concurrency 5 on AWS::Lambda::Alias CheckoutLive, above the maximum of 0: a standing cost of \$27\.38\/month$/,
        help: /^Remove `ProvisionedConcurrencyConfig\.ProvisionedConcurrentExecutions`, or record the latency requirement it serves in a suppression$/,
      },
      { resource: 'Pricing', line: 41, column: 42, message: /^function Pricing has provisioned concurrency 2 on AWS::Lambda::Version PricingVersion, .* 2 x 1 GB x 3600 s x 730 h x \$0\.0000033334 = \$17\.52\/month/ },
    ],
    'cfn-alias.json': [{ resource: 'Search', line: 23, column: 78, message: /concurrency 20 on AWS::Lambda::Alias SearchProd, .* 20 x 0\.125 GB x 3600 s x 730 h x \$0\.0000041667 = \$27\.38\/month/ }],
    'sam-globals.yaml': {
      options: opts({ maxProvisionedConcurrency: 5 }),
      findings: [{ resource: 'Api', line: 9, column: 40, message: /^function Api has provisioned concurrency 10 on the alias "live" of `AutoPublishAlias` \(ApiAliaslive\), above the maximum of 5: a standing cost of \$219\.00\/month$/, help: /^Lower it to `ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 5}` or less/ }],
    },
  },
});

const template = (memory: string, pc: string, head = '') => `${head}Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: ${memory}
  Live:
    Type: AWS::Lambda::Alias
    Properties:
      Name: live
      FunctionName: !Ref F
      FunctionVersion: '1'
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: ${pc}
`;

it('reports on the function with a fingerprint path per alias, and uses configured prices over the defaults', () => {
  const out = lintText('t.yaml', template('1024', '4'), opts({ prices: { provisionedX86_64: 0.00001 } }));
  const [f] = findingsOf(out, ID);
  expect([f!.resource, f!.resourceType, f!.line, f!.column, f!.path]).toEqual(['F', 'AWS::Lambda::Function', 13, 42, 'Live.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions']);
  expect(f!.message).toContain('a standing cost of 4 x 1 GB x 3600 s x 730 h x $0.00001 = $105.12/month');
});

it('gives one figure per memory variant and names the unknown ones', () => {
  const head = 'Parameters:\n  Env:\n    Type: String\n  Mem:\n    Type: Number\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';
  const out = lintText('t.yaml', template('!If [IsProd, 2048, 512]', '1', head));
  expect(findingsOf(out, ID).map((f) => f.message)).toEqual([expect.stringContaining(
    // Two variants with their arithmetic would pass 200 characters: the figures only.
    'a standing cost of $21.90/month when condition IsProd is true; or $5.48/month when condition IsProd is false',
  )]);
  const unknown = lintText('t.yaml', template('!Ref Mem', '1', head));
  expect(findingsOf(unknown, ID).map((f) => f.message)).toEqual([expect.stringContaining('a standing cost of unknown (MemorySize <unknown: parameter Mem has no default>)')]);
});

it('reports unknown provisioned concurrency as unverifiable and a conditional one per variant', () => {
  const head = 'Parameters:\n  Env:\n    Type: String\n  Pc:\n    Type: Number\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';
  const out = lintText('t.yaml', template('512', '!Ref Pc', head));
  expect(findingsOf(out, ID)).toEqual([]);
  expect(out.findings.filter((f) => f.ruleId === 'ldlint/unverifiable' && f.message.startsWith(ID)).map((f) => [f.resource, f.line, f.column, f.message])).toEqual([
    ['F', 20, 42, `${ID}: ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions of Live cannot be verified: parameter Pc has no default.`],
  ]);
  const cond = lintText('t.yaml', template('512', '!If [IsProd, 3, 0]', head));
  expect(findingsOf(cond, ID).map((f) => [f.path, f.message])).toEqual([
    ['Live.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions[IsProd=true]', expect.stringMatching(/^function F has provisioned concurrency 3 on AWS::Lambda::Alias Live when condition IsProd is true, above the maximum of 0: a standing cost of 3 x 0\.5 GB/)],
  ]);
});

it('gives only the cost figures whose conditions agree with the provisioned value', () => {
  const head = 'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';
  const out = lintText('t.yaml', template('!If [IsProd, 2048, 512]', '!If [IsProd, 3, 0]', head));
  expect(findingsOf(out, ID).map((f) => f.message)).toEqual([expect.stringContaining(
    'when condition IsProd is true, above the maximum of 0: a standing cost of 3 x 2 GB x 3600 s x 730 h x $0.0000041667 = $65.70/month',
  )]);
});

it('reports a value that is not a whole number', () => {
  const out = lintText('t.yaml', template('512', 'many'));
  expect(findingsOf(out, ID).map((f) => f.message)).toEqual(['function F has provisioned concurrency "many" on AWS::Lambda::Alias Live, not a whole number of environments']);
});
