#!/usr/bin/env node
// Compares ldlint's model of serverless.yml files with the CloudFormation the Serverless Framework
// itself compiles (`serverless package`), offline. Default input: every AWS-provider serverless.yml
// under fixtures/ and in the shared corpus (MANIFEST.tsv kind `serverless`) that has no `${file(`
// include and no plugins besides those ldlint models; or the files given. Needs the framework:
// env SLS_BIN (default /tmp/slsparity/node_modules/.bin/serverless, e.g. `npm install
// serverless@3.40.0 serverless-step-functions serverless-iam-roles-per-function
// serverless-plugin-log-subscription` in /tmp/slsparity). Build ldlint first (`npx tsc -p .`).
//
// 1. Per function (`<Name>LambdaFunction`): the PROPS below of `ldlint inspect` vs the compiled
//    template (Environment: variable names only; Tags: key -> value; values typed as the framework
//    writes them, so `'30'` and `30` differ).
// 2. (check, function) findings of linting the serverless.yml vs linting the compiled template
//    (its resources named back through the serverless.yml model: `<Name>LambdaFunction` and the
//    resources generated for it are the function key); differences the spec expects are listed in
//    EXPECTED (each with its reason) and reported apart.
//
// Offline: each service is copied to a temporary directory with dummy handler files (and layer
// directories, artifacts); CloudFormation calls (the framework asks for the deployed stack of a
// service with `layers:`) answer "stack does not exist"; services that read AWS while packaging
// (`${ssm:}`, `${cf:}`, ...) are not compared. Services the framework refuses are counted apart.
// Where serverless@3.40.0 and osls@4.3.1 differ, ldlint follows serverless@3.40.0: osls keeps an
// unquoted YAML date (`2024-01-01`) as text where v3 writes an ISO timestamp, writes
// `VpcConfig.Ipv6AllowedForDualStack`, and has no EventBridge custom resource.
//
// Usage: node scripts/sls-parity.mjs [files...] [-v] [--min N] [--jobs N] [--no-cache] [--keep] [--write-compiled]
//   -v          values of mismatches and every finding difference
//   --min N     exit 1 when function agreement is below N% or a finding differs unexpectedly
//   --jobs N    parallel `serverless package` runs (default 2)
//   --no-cache  re-package (compiled templates are cached by file content and framework version in
//               $TMPDIR/ldlint-sls-parity)
//   --keep      keep the temporary service copies (their path is printed)
//   --copy-dir  copy the service's whole directory, not only its serverless.yml (for files given
//               that include others with `${file()}`)
//   --write-compiled  write compiled.json next to each file given: the PROPS of each generated
//               function as the framework compiled them, with the framework version (the
//               regression fixtures of test/serverless.parity.test.ts, fixtures/serverless/parity/)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintPaths } from '../dist/src/run.js';
import { inspectProject } from '../dist/src/inspect.js';
import { parseText, toPlain } from '../dist/src/parse/index.js';
import { findConfigFile } from '../dist/src/config/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const SLS_BIN = process.env.SLS_BIN ?? '/tmp/slsparity/node_modules/.bin/serverless';
const STAGE = 'dev';
const REGION = 'us-east-1';
const TODAY = '2026-01-15';
const PROPS = ['Timeout', 'MemorySize', 'ReservedConcurrentExecutions', 'Environment', 'VpcConfig', 'Tags', 'EphemeralStorage', 'Layers', 'Architectures'];
/** Plugins ldlint models (src/model/serverless/plugins.ts); a service listing any other is skipped. */
const MODELLED_PLUGINS = new Set(['serverless-step-functions', 'serverless-plugin-log-subscription', 'serverless-iam-roles-per-function']);
/** Variable sources that need AWS (or the Serverless Dashboard) while packaging: not offline. */
const ONLINE_SOURCES = /\$\{(ssm|cf|s3|aws:accountId|secretsmanager|sls:instanceId)[:(]/;

/**
 * (check, function) differences the spec expects between linting serverless.yml and linting the
 * compiled template. `side`: where the finding is (`sls` only in serverless.yml, `cfn` only in the
 * compiled template); `rule` is a check id or a pattern of them; `when(fn, f)` gets the function of
 * the serverless.yml model (undefined for a finding on no function) and says whether this
 * difference is the expected one.
 */
const EXPECTED = [
  { rule: 'BR-LD-3/timeout', side: 'sls', when: (fn) => fn && !fn.set.has('Timeout'),
    reason: 'serverless.yml sets no timeout (the check asks for an explicit one); the framework writes its default Timeout: 6 into the template' },
  { rule: 'BR-LD-3/memory', side: 'sls', when: (fn) => fn && !fn.set.has('MemorySize'),
    reason: 'serverless.yml sets no memorySize; the framework writes its default MemorySize: 1024 into the template' },
  { rule: 'BR-LD-1/sensitive-data-classification', side: 'cfn', when: (fn) => fn && fn.stackTags,
    reason: 'provider.stackTags become stack tags at deploy (inherited by the function) and are not in the compiled template' },
  { rule: 'BR-LD-1/sensitive-data-classification', side: 'sls', when: (fn) => fn && fn.stackTags,
    reason: 'provider.stackTags become stack tags at deploy (inherited by the function) and are not in the compiled template' },
  { rule: /^BR-LD-1\//, side: 'cfn', when: (fn) => fn && fn.exception,
    reason: 'custom.ldlint.exceptions.<function> (the ISSO exception BR-LD-1 reads) is ldlint\'s own setting: the framework does not write it into the template' },
  { rule: /^BR-LD-1\//, side: 'sls', when: (fn) => fn && fn.exception,
    reason: 'custom.ldlint.exceptions.<function> (the ISSO exception BR-LD-1 reads) is ldlint\'s own setting: the framework does not write it into the template' },
  { rule: /./, side: 'cfn', when: (_fn, f) => f.inlineSuppressed,
    reason: 'an inline suppression of serverless.yml (`# ldlint-disable` comment, custom.ldlint.suppress) does not reach the compiled template' },
  { rule: 'ldlint/suppression-unused', side: 'sls', when: () => true,
    reason: 'custom.ldlint.suppress is ldlint\'s own setting: the compiled template has no suppression that could go unused' },
  { rule: 'ldlint/unknown-property', side: 'sls', when: () => true,
    reason: 'serverless.yml is checked against the framework\'s function keys, the compiled template against CloudFormation\'s properties' },
];

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args.splice(i, 1), true) : false;
};
const option = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const verbose = flag('-v');
const noCache = flag('--no-cache');
const keep = flag('--keep');
const writeCompiled = flag('--write-compiled');
const copyDir = flag('--copy-dir');
const min = Number(option('--min', '0'));
const jobs = Math.max(1, Number(option('--jobs', '2')));
const given = args.map((a) => path.resolve(a));

Object.assign(process.env, { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;

if (!existsSync(SLS_BIN)) {
  console.log(`sls-parity: the Serverless Framework is not at ${SLS_BIN} (set SLS_BIN): nothing to compare`);
  process.exit(given.length ? 1 : 0);
}
const frameworkVersion = (() => {
  const pkg = path.join(path.dirname(realpathSync(SLS_BIN)), '..', 'package.json');
  try { const p = JSON.parse(readFileSync(pkg, 'utf8')); return `${p.name}@${p.version}`; } catch { return realpathSync(SLS_BIN); }
})();

// ---------------------------------------------------------------- selection
function defaultFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^serverless\.(ya?ml|json)$/.test(name)) out.push(p);
    }
  };
  walk(path.join(ROOT, 'fixtures'));
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (existsSync(manifest)) {
    for (const c of readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'))) {
      if (c[3] === 'serverless') out.push(path.join(CORPUS, c[0].replace('/', '__'), c[2]));
    }
  }
  return out;
}

/** Why a file is not compared (undefined: it is). */
function exclusion(file, text) {
  const parsed = parseText(file, text);
  if (!parsed.root) return 'does not parse';
  const sls = toPlain(parsed.root);
  const provider = sls?.provider;
  const name = typeof provider === 'string' ? provider : provider?.name;
  if (typeof name !== 'string' || name.toLowerCase() !== 'aws') return 'provider is not aws';
  if (text.includes('${file(')) return 'uses ${file()} includes';
  const plugins = Array.isArray(sls.plugins) ? sls.plugins : Array.isArray(sls.plugins?.modules) ? sls.plugins.modules : [];
  const other = plugins.filter((p) => !MODELLED_PLUGINS.has(p));
  if (other.length) return 'uses plugins ldlint does not model';
  if (ONLINE_SOURCES.test(text)) return 'reads AWS at package time (${ssm:}, ${cf:}, ...)';
  return undefined;
}

// ---------------------------------------------------------------- packaging
const cacheDir = path.join(os.tmpdir(), 'ldlint-sls-parity');
mkdirSync(cacheDir, { recursive: true });

/**
 * Preloaded into the framework (NODE_OPTIONS=--require): CloudFormation calls answer "stack does not
 * exist", as for a service never deployed, so that packaging stays offline (the framework asks for
 * the deployed stack when the service has `layers:`). Other AWS calls are left alone.
 */
const OFFLINE_AWS = `'use strict';
const Module = require('module');
const load = Module._load;
const missing = (name) => Object.assign(new Error('Stack with id ' + name + ' does not exist'), { code: 'ValidationError', name: 'ValidationError', statusCode: 400, $metadata: { httpStatusCode: 400 } });
Module._load = function (request) {
  const m = load.apply(this, arguments);
  if (request === 'aws-sdk' && m && m.Request && !m.Request.prototype.__offline) {
    const promise = m.Request.prototype.promise;
    m.Request.prototype.promise = function () {
      if (this.service && this.service.serviceIdentifier === 'cloudformation') return Promise.reject(missing(this.params && this.params.StackName));
      return promise.apply(this, arguments);
    };
    m.Request.prototype.__offline = true;
  }
  if (request === '@aws-sdk/client-cloudformation' && m && m.CloudFormationClient && !m.CloudFormationClient.prototype.__offline) {
    m.CloudFormationClient.prototype.send = function (command) { return Promise.reject(missing(command && command.input && command.input.StackName)); };
    m.CloudFormationClient.prototype.__offline = true;
  }
  return m;
};
`;
const offlinePreload = path.join(cacheDir, 'offline-aws.cjs');
writeFileSync(offlinePreload, OFFLINE_AWS);

function run(cmd, argv, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${offlinePreload}`.trim() };
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, out }); });
  });
}

/** Writes a small file at a relative path inside dir (never outside it). */
function dummy(dir, rel, content = '// dummy\n') {
  if (typeof rel !== 'string' || rel === '' || path.isAbsolute(rel) || rel.includes('${')) return;
  const p = path.resolve(dir, rel);
  if (!p.startsWith(dir + path.sep) || existsSync(p)) return;
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
}

/**
 * Copies the service file into a temporary directory with dummy handler files (and layer
 * directories, artifacts), runs `serverless package`, and returns the compiled template.
 * `frameworkVersion` is dropped from the copy (services pinned to v1/v2 still compile with v3), and
 * `configValidationMode: warn` (v3's default) is added unless the file sets it.
 */
async function compile(file, text, model) {
  let copy = text.replace(/^frameworkVersion:.*$/m, '');
  // v3's default; osls defaults to `error` and would refuse what v3 compiles with a warning.
  if (!/\.json$/.test(file) && !/^configValidationMode:/m.test(copy)) copy = `${copy.replace(/\s*$/, '')}\nconfigValidationMode: warn\n`;
  const key = createHash('sha256').update(`${frameworkVersion}\0${OFFLINE_AWS}\0${copyDir ? path.resolve(file) : path.basename(file)}\0${copy}`).digest('hex').slice(0, 24);
  const cached = path.join(cacheDir, `${key}.json`);
  if (!noCache && existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sls-parity-')));
  if (copyDir) cpSync(path.dirname(file), dir, { recursive: true, filter: (src) => !/(^|[\\/])(node_modules|\.serverless|\.git)$/.test(src) });
  writeFileSync(path.join(dir, path.basename(file)), copy);
  dummy(dir, 'handler.js', 'exports.handler = async () => ({});\n');
  const sls = model.resolved ?? {};
  for (const fn of model.functions) {
    const h = fn.properties.Handler;
    if (typeof h !== 'string') continue;
    const dot = h.lastIndexOf('.');
    const slash = h.lastIndexOf('/');
    dummy(dir, dot > slash ? `${h.slice(0, dot)}.js` : h);
  }
  const fns = sls.functions && typeof sls.functions === 'object' ? Object.values(Array.isArray(sls.functions) ? Object.assign({}, ...sls.functions) : sls.functions) : [];
  for (const f of [sls, ...fns]) {
    const artifact = f?.package?.artifact;
    if (typeof artifact === 'string' && !/^s3:|^https?:/.test(artifact)) dummy(dir, artifact, '');
  }
  for (const l of Object.values(sls.layers ?? {})) if (typeof l?.path === 'string') dummy(dir, path.join(l.path, 'dummy.txt'));
  const r = await run(SLS_BIN, ['package', '--stage', STAGE, '--region', REGION], dir, 180_000);
  const out = path.join(dir, '.serverless', 'cloudformation-template-update-stack.json');
  let result;
  if (r.code === 0 && existsSync(out)) result = { template: JSON.parse(readFileSync(out, 'utf8')) };
  else result = { error: r.signal ? `timed out (${r.signal})` : lastError(r.out) };
  writeFileSync(cached, JSON.stringify(result));
  if (keep) console.log(`  kept ${dir} for ${path.relative(process.cwd(), file)}`);
  else rmSync(dir, { recursive: true, force: true });
  return result;
}

function lastError(out) {
  const lines = out.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const i = lines.findIndex((l) => /^(Error:|✖)/.test(l));
  return (i >= 0 ? lines.slice(i, i + 3).join(' ') : lines.slice(-3).join(' ')).slice(0, 300);
}

async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

// ---------------------------------------------------------------- comparison
const canon = (v) => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));

/** A property in the form compared: Environment as its variable names, Tags as key -> value. */
function shape(prop, v) {
  if (v === undefined || v === null) return null;
  if (prop === 'Environment') {
    const vars = v?.Variables;
    return vars && typeof vars === 'object' && !Array.isArray(vars) && !('unknown' in vars) && !Object.keys(vars).some((k) => k.startsWith('Fn::')) ? Object.keys(vars).sort() : v;
  }
  if (prop === 'Tags' && Array.isArray(v)) return Object.fromEntries(v.map((t) => [t?.Key, t?.Value]));
  return v;
}

/** The serverless.yml model: functions as `ldlint inspect` prints them, plus what the finding comparison needs. */
async function slsModel(file) {
  const run = await lintPaths([file], { cwd: process.cwd(), today: TODAY, serverless: { stage: STAGE, region: REGION, allowEnv: true }, keepProjects: true });
  const outcome = run.outcomes.find((o) => o.project);
  const project = outcome?.project;
  const functions = project ? inspectProject(project).functions.filter((f) => f.flavour === 'serverless') : [];
  const template = project?.templates[0];
  const labels = new Map();
  for (const r of template?.resources.values() ?? []) labels.set(r.logicalId, r.template.flavour === 'serverless' && r.generatedFrom ? r.generatedFrom : r.logicalId);
  const byName = new Map();
  for (const fn of project?.functions ?? []) {
    if (fn.flavour !== 'serverless') continue;
    byName.set(fn.name, {
      set: new Set((fn.resource.properties?.entries ?? []).map((e) => e.key)),
      // provider.stackTags (the framework's own STAGE stack tag classifies nothing)
      stackTags: fn.stackTags.some((t) => t.key !== 'STAGE'),
      exception: fn.ldlintMetadata !== undefined,
    });
  }
  const resolved = template?.sourceRoot ? toPlain(template.sourceRoot) : undefined;
  return { findings: run.result.findings, functions, labels, byName, resolved, error: outcome ? undefined : run.result.findings[0]?.message ?? 'no model' };
}

const pair = (f, label) => `${f.ruleId}\t${label ?? '-'}`;

// ---------------------------------------------------------------- main
const candidates = given.length ? given : defaultFiles();
const excluded = {};
const eligible = [];
for (const file of candidates) {
  const text = readFileSync(file, 'utf8');
  const why = given.length ? undefined : exclusion(file, text);
  if (why) (excluded[why] ??= []).push(file);
  else eligible.push({ file, text });
}

const rel = (f) => path.relative(process.cwd(), f);
let total = 0, agree = 0;
const mismatches = {};
const failed = [];
const findingDiffs = { unexpected: [], expected: {} };
let services = 0;
let findingServices = 0;
let done = 0;
await pool(eligible, jobs, async ({ file, text }) => {
  const model = await slsModel(file);
  const compiled = await compile(file, text, model);
  done++;
  if (process.stderr.isTTY) process.stderr.write(`\r  ${done}/${eligible.length} `);
  if (compiled.error) { failed.push(`${rel(file)}: ${compiled.error}`); return; }
  services++;
  const resources = compiled.template.Resources ?? {};
  const ours = new Map(model.functions.map((f) => [f.logicalId, f]));
  // Functions the framework generates (from `functions:`, and its own custom-resource functions);
  // those written in `resources.Resources` are CloudFormation as written, not compiled.
  const userResources = Object.assign({}, ...[model.resolved?.resources].flat().map((f) => (f && typeof f === 'object' ? f.Resources : undefined) ?? {}));
  const written = (id) => userResources[id] && typeof userResources[id] === 'object' && 'Type' in userResources[id];
  const generated = Object.entries(resources).filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !written(id));
  if (writeCompiled) {
    const functions = Object.fromEntries(generated.map(([id, r]) => [id, Object.fromEntries(PROPS.filter((p) => r.Properties?.[p] !== undefined).map((p) => [p, r.Properties[p]]))]));
    const out = {
      framework: frameworkVersion,
      command: `serverless package --stage ${STAGE} --region ${REGION}`,
      note: 'Generated by scripts/sls-parity.mjs --write-compiled: these properties of each function the framework compiled (.serverless/cloudformation-template-update-stack.json).',
      functions,
    };
    writeFileSync(path.join(path.dirname(file), 'compiled.json'), `${JSON.stringify(out, null, 2)}\n`);
  }
  for (const [id, r] of generated) {
    const got = ours.get(id);
    total++;
    const bad = got ? PROPS.filter((p) => canon(shape(p, got.properties[p])) !== canon(shape(p, r.Properties?.[p]))) : ['<missing function>'];
    if (bad.length === 0) agree++;
    for (const p of bad) (mismatches[p] ??= []).push(`${rel(file)} ${id}${verbose && got ? `\n      ldlint:    ${canon(shape(p, got.properties[p]))}\n      framework: ${canon(shape(p, r.Properties?.[p]))}` : ''}`);
  }
  for (const f of model.functions) {
    if (!written(f.logicalId) && !resources[f.logicalId]) (mismatches['<extra function>'] ??= []).push(`${rel(file)} ${f.logicalId}`);
  }

  // Findings: the compiled template is linted where the serverless.yml's config applies.
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sls-parity-lint-')));
  const cfnFile = path.join(dir, 'cloudformation-template-update-stack.json');
  writeFileSync(cfnFile, JSON.stringify(compiled.template, null, 2));
  const config = findConfigFile(file);
  const cfnRun = await lintPaths([cfnFile], { cwd: process.cwd(), today: TODAY, ...(config ? { config } : {}) });
  rmSync(dir, { recursive: true, force: true });
  findingServices++;
  const slsSuppressed = await lintPaths([file], { cwd: process.cwd(), today: TODAY, serverless: { stage: STAGE, region: REGION, allowEnv: true }, inlineSuppressions: false });
  const suppressedPairs = new Set(slsSuppressed.result.findings.map((f) => pair(f, f.resource)));
  const slsPairs = new Map(model.findings.map((f) => [pair(f, f.resource), f]));
  const cfnPairs = new Map(cfnRun.result.findings.map((f) => [pair(f, f.resource ? model.labels.get(f.resource) ?? f.resource : null), f]));
  for (const [side, mine, theirs] of [['sls', slsPairs, cfnPairs], ['cfn', cfnPairs, slsPairs]]) {
    for (const [k, f] of mine) {
      if (theirs.has(k)) continue;
      const [rule, label] = k.split('\t');
      const fn = model.byName.get(label);
      const ctx = { inlineSuppressed: side === 'cfn' && suppressedPairs.has(k) && !slsPairs.has(k) };
      const why = EXPECTED.find((e) => e.side === side && (typeof e.rule === 'string' ? e.rule === rule : e.rule.test(rule)) && e.when(fn, ctx));
      const line = `${side === 'sls' ? 'only serverless.yml' : 'only compiled'}: ${rule} ${label} (${rel(file)})${verbose ? `\n      ${f.message.slice(0, 240)}` : ''}`;
      if (why) (findingDiffs.expected[why.reason] ??= []).push(line);
      else findingDiffs.unexpected.push(line);
    }
  }
});
if (process.stderr.isTTY) process.stderr.write('\r');

const pct = total ? (100 * agree) / total : 100;
const skippedCount = Object.values(excluded).reduce((n, l) => n + l.length, 0);
console.log(`sls-parity (${frameworkVersion}): ${agree}/${total} functions agree (${pct.toFixed(1)}%) in ${services} services; ${failed.length} services failed to package, ${skippedCount} not compared`);
for (const [why, list] of Object.entries(excluded)) console.log(`  not compared, ${why}: ${list.length}`);
if (failed.length) {
  console.log(`  failed to package: ${failed.length}`);
  for (const l of failed.slice(0, verbose ? 1000 : 5)) console.log(`    ${l}`);
}
for (const [p, list] of Object.entries(mismatches)) {
  console.log(`  ${p}: ${list.length}`);
  for (const l of list.slice(0, verbose ? 1000 : 3)) console.log(`    ${l}`);
}
const expectedCount = Object.values(findingDiffs.expected).reduce((n, l) => n + l.length, 0);
console.log(`findings (${findingServices} services): ${findingDiffs.unexpected.length} unexpected differences, ${expectedCount} expected by spec`);
for (const l of findingDiffs.unexpected.slice(0, verbose ? 1000 : 10)) console.log(`    ${l}`);
for (const [reason, list] of Object.entries(findingDiffs.expected)) {
  console.log(`  expected (${list.length}): ${reason}`);
  for (const l of list.slice(0, verbose ? 1000 : 2)) console.log(`    ${l}`);
}
if (pct < min || (min > 0 && findingDiffs.unexpected.length > 0)) process.exit(1);
