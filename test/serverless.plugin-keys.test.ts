import { describe, expect, it } from 'vitest';
import { findingsOf, lintText } from './support/lint.js';
import { CORPUS, lintCorpusFile } from './support/corpus-lint.js';

const service = (plugins: string[], functions: string) => `service: claims
${plugins.length ? `plugins:\n${plugins.map((p) => `  - ${p}\n`).join('')}` : ''}custom:
  off: 'false'
provider:
  name: aws
  runtime: nodejs20.x
functions:
${functions}`;

const modelled = (text: string) => lintText('serverless.yml', text).project!.functions.map((f) => f.name);

describe('plugins that remove functions', () => {
  const fns = `  a:
    handler: h.a
    enabled: false
  b:
    handler: h.b
    enabled: \${self:custom.off}
  c:
    handler: h.c
    enabled: true
  d:
    handler: h.d
    enabled: \${ssm:/claims/d-enabled}
  e:
    handler: h.e
`;

  it('serverless-disable-functions removes a function whose enabled is false (also after coercion of "false")', () => {
    expect(modelled(service(['serverless-disable-functions'], fns))).toEqual(['c', 'd', 'e']);
  });

  it('serverless-plugin-conditional-functions evaluates truthy values; a false boolean is skipped by the plugin', () => {
    const text = service(['serverless-plugin-conditional-functions'], `${fns}  prodOnly:
    handler: h.p
    enabled: '"\${sls:stage}" == "prod"'
  notProd:
    handler: h.n
    enabled: '"\${sls:stage}" !== "prod"'
  opaque:
    handler: h.o
    enabled: 'process.env.FLAG === "1"'
`);
    expect(modelled(text)).toEqual(['a', 'c', 'd', 'e', 'notProd', 'opaque']);
    expect(findingsOf(lintText('serverless.yml', text), 'ldlint/unknown-property')).toEqual([]);
  });

  it('keeps every function when no such plugin is listed, and says that enabled has no effect', () => {
    const out = lintText('serverless.yml', service([], fns));
    expect(out.project!.functions.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const f = findingsOf(out, 'ldlint/unknown-property');
    expect(f.map((x) => [x.resource, x.line, x.severity])).toEqual([['a', 10, 'warning'], ['b', 13, 'warning'], ['c', 16, 'warning'], ['d', 19, 'warning']]);
    expect(f[0]!.message).toBe('Serverless function a: "enabled" is a key of plugins serverless-disable-functions and serverless-plugin-conditional-functions, which is not under plugins, so it has no effect.');
    expect(f[0]!.help).toBe('Add one of serverless-disable-functions and serverless-plugin-conditional-functions to plugins, or remove the key.');
  });
});

describe('keys that unknown plugins may define', () => {
  it('are info naming the plugins, with the nearest known key in help', () => {
    const out = lintText('serverless.yml', service(['serverless-offline', 'serverless-company-conventions'], `  a:
    handler: h.a
    timout: 10
`));
    const f = findingsOf(out, 'ldlint/unknown-property');
    expect(f.map((x) => [x.severity, x.message, x.help])).toEqual([[
      'info',
      'Serverless function a: "timout" is not a function key ldlint knows; it may be defined by plugin serverless-company-conventions.',
      'If no plugin defines it, fix or remove the name (did you mean "timeout"?): a misspelt setting does not apply, and the checks that read it cannot see it.',
    ]]);
  });

  it('a known plugin that defines no function keys is no excuse', () => {
    const f = findingsOf(lintText('serverless.yml', service(['serverless-offline', 'serverless-prune-plugin'], '  a:\n    handler: h.a\n    warmup: true\n')), 'ldlint/unknown-property');
    expect(f.map((x) => [x.severity, x.message])).toEqual([['warning', 'Serverless function a: "warmup" is a key of plugin serverless-plugin-warmup, which is not under plugins, so it has no effect.']]);
  });
});

describe('the corpus', () => {
  it('aws-node-dynamic-image-resizer: iamRoleStatements without serverless-iam-roles-per-function has no effect', (ctx) => {
    const out = lintCorpusFile('serverless__examples/aws-node-dynamic-image-resizer/serverless.yml');
    if (!out) ctx.skip(`the corpus is not present at ${CORPUS}`);
    // It lists serverless-offline and serverless-webpack: both known, neither defines the key.
    expect(findingsOf(out!, 'ldlint/unknown-property').map((f) => [f.resource, f.line, f.column, f.severity, f.message])).toEqual([
      ['resize', 52, 5, 'warning', 'Serverless function resize: "iamRoleStatements" is a key of plugin serverless-iam-roles-per-function, which is not under plugins, so it has no effect.'],
    ]);
  });
});
