#!/usr/bin/env node
// Compares `ldlint inspect` with Terraform's own plan on Terraform configurations: the Terraform
// fixtures and ../shared/corpus-terraform by default, or the directories given. Terraform plans
// offline: the AWS provider from a local plugin directory (`terraform init -plugin-dir`, nothing is
// downloaded), mock credentials with the provider's skip_* settings, `-refresh=false`, in scratch
// copies (nothing is written next to the configurations). Every function's planned values
// (`terraform show -json`) are compared with its effective configuration from ldlint; a value the
// plan leaves "known after apply" is not compared. A configuration Terraform cannot plan offline
// (a registry module or a provider that is not installed, a data source that reads the account, a
// variable without a value) is skipped, with the reason.
//
//   node scripts/tf-parity.mjs [DIR...] [--min PCT] [--json FILE] [--plan-cache DIR] [-v]
//
// --plan-cache keeps each root's planned functions (or why it was skipped) by the content of the
// tree it was planned from, so that a second run plans only what changed: planning is the slow
// part (the AWS provider takes seconds to a minute to start), ldlint's side is re-read every run.
//
// Needs terraform (TERRAFORM, else `terraform` on PATH) and the AWS provider in TF_PLUGIN_DIR
// (default /opt/tf-plugins). Prints the share of functions whose governed values agree; --min
// fails (exit 1) below PCT; exit 2 when terraform or the plugin directory is missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintPaths } from '../dist/src/run.js';
import { inspectProject } from '../dist/src/inspect.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus-terraform');
const TERRAFORM = process.env.TERRAFORM || 'terraform';
const PLUGIN_DIR = process.env.TF_PLUGIN_DIR || '/opt/tf-plugins';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const min = Number(option('--min') ?? 0);
const jsonOut = option('--json');
const planCache = option('--plan-cache');
const verbose = args.includes('-v') ? (args.splice(args.indexOf('-v'), 1), true) : false;

const probe = spawnSync(TERRAFORM, ['version'], { encoding: 'utf8', env: tfEnv() });
if (probe.error || probe.status !== 0) fail(`tf-parity: ${TERRAFORM} does not run (${probe.error?.message ?? probe.stderr.trim()}); install Terraform or set TERRAFORM`);
if (!existsSync(path.join(PLUGIN_DIR, 'registry.terraform.io/hashicorp/aws'))) fail(`tf-parity: no hashicorp/aws provider in ${PLUGIN_DIR} (set TF_PLUGIN_DIR)`);

const dirs = (args.length ? args.map((a) => path.resolve(a)) : defaultDirs()).filter(hasConfig);

/** The CLI config: nothing from the user's ~/.terraformrc, no downloads, no checkpoint calls. */
function tfEnv(extra = {}) {
  return {
    PATH: process.env.PATH, HOME: os.tmpdir(),
    TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0',
    AWS_ACCESS_KEY_ID: 'AKIAMOCKMOCKMOCKMOCK', AWS_SECRET_ACCESS_KEY: 'mock-secret-access-key', AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...extra,
  };
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

function hasConfig(dir) {
  try {
    return readdirSync(dir).some((f) => /\.(tf|tofu)(\.json)?$/.test(f));
  } catch {
    return false;
  }
}

function defaultDirs() {
  const out = [];
  const walk = (dir, keep) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const sub = path.join(dir, e.name);
      if (keep(sub)) out.push(sub);
      walk(sub, keep);
    }
  };
  walk(path.join(ROOT, 'fixtures'), (d) => path.basename(d).startsWith('tf-'));
  if (existsSync(path.join(ROOT, 'examples/terraform'))) out.push(path.join(ROOT, 'examples/terraform'));
  if (existsSync(CORPUS)) walk(CORPUS, hasConfig);
  return out;
}

/** The tree to copy so that relative module sources (`../../`) still resolve: a corpus repository, else the directory. */
function copyRootOf(dir) {
  const rel = path.relative(CORPUS, dir);
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? path.join(CORPUS, rel.split(path.sep)[0]) : dir;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ldlint-tf-parity-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const copies = new Map();
/** The directory's scratch copy, provider blocks made offline. */
function copyOf(dir) {
  const top = copyRootOf(dir);
  let copy = copies.get(top);
  if (!copy) {
    copy = path.join(scratch, `c${copies.size}`);
    cpSync(top, copy, { recursive: true, filter: (src) => path.basename(src) !== '.terraform' && !src.endsWith('.terraform.lock.hcl') });
    offlineProviders(copy);
    copies.set(top, copy);
  }
  return path.join(copy, path.relative(top, dir));
}

const OFFLINE = `  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true`;

/** Every `provider "aws"` block of the copy gets the offline settings through an override file. */
function offlineProviders(dir) {
  const blocks = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) {
      if (!f.startsWith('.')) offlineProviders(p);
      continue;
    }
    if (!/\.tf$/.test(f)) continue;
    const text = readFileSync(p, 'utf8');
    for (const m of text.matchAll(/^provider\s+"aws"\s*\{/gm)) {
      const body = blockAt(text, m.index + m[0].length);
      blocks.push(/^\s*alias\s*=\s*"([^"]+)"/m.exec(body)?.[1] ?? null);
    }
  }
  if (!blocks.length) return;
  const text = [...new Set(blocks)].map((alias) => `provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}${OFFLINE}\n}\n`).join('\n');
  writeFileSync(path.join(dir, 'zz_ldlint_parity_override.tf'), text);
}

/** The text of a block from just after its `{` to its matching `}` (strings and comments are rare enough in provider blocks to ignore). */
function blockAt(text, start) {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

function tf(cwd, argv, extraEnv) {
  const r = spawnSync(TERRAFORM, [...argv, '-no-color'], { cwd, encoding: 'utf8', env: tfEnv(extraEnv), maxBuffer: 1 << 30, timeout: 600_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

const firstError = (out) => (/Error: (.*)/.exec(out)?.[1] ?? out.trim().split('\n').pop() ?? 'failed').slice(0, 160);

/** A directory's own .tfvars files: Terraform reads them only where the directory is the root. */
const hasTfvars = (dir) => readdirSync(dir).some((f) => f === 'terraform.tfvars' || f === 'terraform.tfvars.json' || /\.auto\.tfvars(\.json)?$/.test(f));
const dataDir = () => ({ TF_DATA_DIR: path.join(scratch, `data-${Math.random().toString(36).slice(2)}`) });
const PROVIDER = `provider "aws" {\n  region = "us-east-1"\n${OFFLINE}\n}\n`;

/**
 * Whether Terraform can install what the root needs offline (`init` from the plugin directory, no
 * backend): the reason when it cannot. Cheap (no provider starts), so every root is tried alone.
 */
function initAlone(copy) {
  const provider = path.join(copy, 'zz_ldlint_parity_provider.tf');
  if (!readdirSync(copy).includes('zz_ldlint_parity_override.tf')) writeFileSync(provider, PROVIDER);
  try {
    const init = tf(copy, ['init', `-plugin-dir=${PLUGIN_DIR}`, '-backend=false', '-input=false'], dataDir());
    return init.ok ? undefined : `init: ${firstError(init.out)}`;
  } finally {
    rmSync(provider, { force: true });
  }
}

/**
 * Plans roots offline. The AWS provider starts once per plan (seconds to a minute on a busy
 * machine), so roots without tfvars of their own are planned together, as module calls of one
 * scratch root; a root whose call fails (a variable without a value, a data source that reads the
 * account) is dropped from the batch with Terraform's reason, and the rest planned again. Roots
 * with tfvars are planned alone (a module call would not read them).
 * Returns, per root, its planned functions or the reason it was skipped.
 */
function planAll(roots, done = () => {}) {
  const out = new Map();
  const settle = (dir, r) => {
    out.set(dir, r);
    done(dir, r);
  };
  const ready = [];
  for (const dir of roots) {
    const reads = accountReads(dir);
    if (reads) {
      settle(dir, { skip: `data source ${reads} reads the account` });
      continue;
    }
    const copy = copyOf(dir);
    const reason = initAlone(copy);
    if (reason) settle(dir, { skip: reason });
    else ready.push({ dir, copy });
  }
  for (const r of ready.filter((x) => hasTfvars(x.dir))) settle(r.dir, planAll.single(r));
  planBatch(ready.filter((x) => !hasTfvars(x.dir)), settle);
  return out;
}

/**
 * Plans roots as module calls of one scratch root. When the plan fails, the roots Terraform names
 * in its errors are skipped with its reason, and the others are planned again in two halves (a
 * failure can stop the plan before Terraform reaches the other roots' errors).
 */
let batches = 0;
function planBatch(batch, settle) {
  if (!batch.length) return;
  if (batch.length === 1) return settle(batch[0].dir, planAll.single(batch[0]));
  const wrapper = path.join(scratch, `batch-${batches++}`);
  mkdirSync(wrapper, { recursive: true });
  const rel = (r) => path.relative(wrapper, r.copy).split(path.sep).join('/');
  const calls = batch.map((r, i) => `module "m${i}" {\n  source = "${rel(r)}"\n}\n`);
  writeFileSync(path.join(wrapper, 'main.tf'), [PROVIDER, ...calls].join('\n'));
  const p = planDir(wrapper);
  if (p.plan) {
    batch.forEach((r, i) => settle(r.dir, { functions: plannedFunctions(p.plan, `module.m${i}.`) }));
    return;
  }
  // Terraform names the module call of each error (`module.m3.`, `in module "m3"`) or its file.
  const failed = new Map();
  for (const e of p.out.split(/\n(?=Error: )/).filter((e) => e.startsWith('Error: '))) {
    const byCall = /module\.m(\d+)\b|module "m(\d+)"/.exec(e);
    const i = byCall ? Number(byCall[1] ?? byCall[2]) : batch.findIndex((r) => e.includes(`${rel(r)}/`));
    if (i >= 0 && !failed.has(i)) failed.set(i, `plan: ${firstError(e)}`);
  }
  for (const [i, reason] of failed) settle(batch[i].dir, { skip: reason });
  const rest = batch.filter((_r, i) => !failed.has(i));
  const half = Math.ceil(rest.length / 2);
  planBatch(rest.slice(0, half), settle);
  planBatch(rest.slice(half), settle);
}

/**
 * A data source that reads the account (any `data "aws_..."` but the locally computed policy
 * documents and the region / partition), in the root or a local module it calls: with mock
 * credentials Terraform fails on it, so the root is skipped without planning.
 */
const LOCAL_DATA = new Set(['aws_iam_policy_document', 'aws_region', 'aws_partition']);
function accountReads(dir, seen = new Set()) {
  if (seen.has(dir)) return undefined;
  seen.add(dir);
  let names;
  try {
    names = readdirSync(dir).filter((f) => /\.(tf|tofu)$/.test(f));
  } catch {
    return undefined;
  }
  for (const f of names) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/^\s*data\s+"(aws_\w+)"/gm)) if (!LOCAL_DATA.has(m[1])) return m[1];
    for (const m of text.matchAll(/\bsource\s*=\s*"(\.{1,2}\/[^"]*)"/g)) {
      const found = accountReads(path.resolve(dir, m[1]), seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** Plans one root alone (a provider file while it is planned, when it has no provider block). */
planAll.single = (r) => {
  const provider = path.join(r.copy, 'zz_ldlint_parity_provider.tf');
  if (!readdirSync(r.copy).includes('zz_ldlint_parity_override.tf')) writeFileSync(provider, PROVIDER);
  try {
    const p = planDir(r.copy);
    return p.plan ? { functions: plannedFunctions(p.plan, '') } : { skip: p.skip };
  } finally {
    rmSync(provider, { force: true });
  }
};

/** init, plan, show -json in a directory (a root, or the scratch root of a batch). */
function planDir(dir) {
  const data = dataDir();
  const init = tf(dir, ['init', `-plugin-dir=${PLUGIN_DIR}`, '-backend=false', '-input=false'], data);
  if (!init.ok) return { skip: `init: ${firstError(init.out)}`, out: init.out };
  const planFile = `${data.TF_DATA_DIR}.tfplan`;
  const p = tf(dir, ['plan', '-refresh=false', '-input=false', '-lock=false', `-out=${planFile}`], data);
  if (!p.ok) return { skip: `plan: ${firstError(p.out)}`, out: p.out };
  const show = tf(dir, ['show', '-json', planFile], data);
  if (!show.ok) return { skip: `show: ${firstError(show.out)}`, out: show.out };
  return { plan: JSON.parse(show.stdout) };
}

/**
 * Planned aws_lambda_function instances under a module prefix (`module.m3.` in a batch, '' alone),
 * by their address in their own root, with the attributes the plan leaves unknown.
 */
function plannedFunctions(planJson, prefix) {
  const unknown = new Map((planJson.resource_changes ?? []).map((c) => [c.address, c.change?.after_unknown ?? {}]));
  const out = new Map();
  const visit = (mod) => {
    for (const r of mod?.resources ?? []) {
      if (r.type !== 'aws_lambda_function' || r.mode !== 'managed' || !r.address.startsWith(prefix)) continue;
      out.set(r.address.slice(prefix.length), { values: r.values, unknown: unknown.get(r.address) ?? {} });
    }
    for (const c of mod?.child_modules ?? []) visit(c);
  };
  visit(planJson.planned_values?.root_module);
  return out;
}

const DEFAULTS = { timeout: 3, memory_size: 128, reserved_concurrent_executions: -1 };
const block = (v) => (Array.isArray(v) ? v[0] : undefined);
const sortedIfList = (v) => (Array.isArray(v) ? [...v].map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).sort() : v);

/**
 * The governed values as Terraform plans them, by the CloudFormation property ldlint lowers them to.
 * An entry is `undefined` when the argument is not set (the provider default applies), `UNKNOWN`
 * when the plan does not know it yet.
 */
const UNKNOWN = Symbol('known after apply');
function fromPlan({ values: v, unknown: u }) {
  const pick = (attr, map = (x) => x) => (u[attr] === true ? UNKNOWN : v[attr] === null || v[attr] === undefined ? undefined : map(v[attr]));
  const sub = (attr, key, map = (x) => x) => {
    if (u[attr] === true || block(u[attr])?.[key] === true) return UNKNOWN;
    const b = block(v[attr]);
    return b?.[key] === null || b?.[key] === undefined ? undefined : map(b[key]);
  };
  const notDefault = (attr) => (x) => (x === DEFAULTS[attr] ? undefined : x);
  return {
    Timeout: pick('timeout', notDefault('timeout')),
    MemorySize: pick('memory_size', notDefault('memory_size')),
    ReservedConcurrentExecutions: pick('reserved_concurrent_executions', notDefault('reserved_concurrent_executions')),
    'EphemeralStorage.Size': sub('ephemeral_storage', 'size', (x) => (x === 512 ? undefined : x)),
    'Environment.Variables': sub('environment', 'variables', (x) => (Object.keys(x).length ? x : undefined)),
    'VpcConfig.SubnetIds': sub('vpc_config', 'subnet_ids', (x) => (x.length ? sortedIfList(x) : undefined)),
    'VpcConfig.SecurityGroupIds': sub('vpc_config', 'security_group_ids', (x) => (x.length ? sortedIfList(x) : undefined)),
    KmsKeyArn: pick('kms_key_arn'),
    Layers: pick('layers', (x) => (x.length ? x : undefined)),
    Architectures: pick('architectures', (x) => (x.length === 1 && x[0] === 'x86_64' ? undefined : x)),
    'TracingConfig.Mode': sub('tracing_config', 'mode', (x) => (x === 'PassThrough' ? undefined : x)),
    'DeadLetterConfig.TargetArn': sub('dead_letter_config', 'target_arn'),
    'LoggingConfig.LogGroup': sub('logging_config', 'log_group'),
    Tags: u.tags_all === true ? UNKNOWN : v.tags_all && Object.keys(v.tags_all).length ? v.tags_all : undefined,
    FunctionName: pick('function_name'),
    Handler: pick('handler'),
    Runtime: pick('runtime'),
    Role: pick('role'),
  };
}

/** The same values from ldlint's effective configuration (`inspect`'s CloudFormation properties). */
function fromLdlint(props) {
  const at = (p) => p.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : Array.isArray(o) ? o[0]?.[k] : o[k]), props);
  const tags = props.Tags;
  const tagMap = Array.isArray(tags) ? Object.fromEntries(tags.map((t) => [t.Key, t.Value])) : tags;
  const list = (p) => (Array.isArray(at(p)) ? (at(p).length ? sortedIfList(at(p)) : undefined) : at(p));
  const emptyMap = (x) => (x && typeof x === 'object' && !Array.isArray(x) && !Object.keys(x).length ? undefined : x);
  return {
    Timeout: num(at('Timeout')),
    MemorySize: num(at('MemorySize')),
    ReservedConcurrentExecutions: ((x) => (x === -1 ? undefined : x))(num(at('ReservedConcurrentExecutions'))),
    'EphemeralStorage.Size': ((x) => (x === 512 ? undefined : x))(num(at('EphemeralStorage.Size'))),
    'Environment.Variables': emptyMap(at('Environment.Variables')),
    'VpcConfig.SubnetIds': list('VpcConfig.SubnetIds'),
    'VpcConfig.SecurityGroupIds': list('VpcConfig.SecurityGroupIds'),
    KmsKeyArn: at('KmsKeyArn'),
    Layers: ((x) => (Array.isArray(x) && !x.length ? undefined : x))(at('Layers')),
    Architectures: ((x) => (Array.isArray(x) && x.length === 1 && x[0] === 'x86_64' ? undefined : x))(at('Architectures')),
    'TracingConfig.Mode': ((x) => (x === 'PassThrough' ? undefined : x))(at('TracingConfig.Mode')),
    'DeadLetterConfig.TargetArn': at('DeadLetterConfig.TargetArn'),
    'LoggingConfig.LogGroup': at('LoggingConfig.LogGroup'),
    Tags: emptyMap(tagMap),
    FunctionName: at('FunctionName'),
    Handler: at('Handler'),
    Runtime: at('Runtime'),
    Role: at('Role'),
  };
}

function num(x) {
  return typeof x === 'string' && /^-?\d+$/.test(x) ? Number(x) : x;
}

const canon = (v) => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
/** Terraform's JSON gives every number and bool as itself; environment and tag values are strings to both. */
const same = (a, b) => canon(a) === canon(b) || (a !== undefined && b !== undefined && String(a) === String(b));

async function ldlintFunctions(dir) {
  const run = await lintPaths(['.'], { cwd: dir, rules: [], keepProjects: true, today: '2026-06-01' });
  const fns = new Map();
  for (const o of run.outcomes) {
    if (o.flavour !== 'terraform' || !o.project) continue;
    for (const f of inspectProject(o.project).functions) fns.set(f.address ?? f.logicalId, f.properties);
  }
  return fns;
}

const results = [];
let total = 0;
let agree = 0;
const mismatches = {};
const skipped = [];
const planned = planCached(dirs);

/** What a root's plan depends on: Terraform's version and every file of the tree copied for it. */
function planKey(dir) {
  const hash = createHash('sha256').update(probe.stdout.split('\n')[0]).update(path.relative(copyRootOf(dir), dir));
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === '.terraform' || e.name === '.terraform.lock.hcl') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) hash.update(path.relative(copyRootOf(dir), p)).update(readFileSync(p));
    }
  };
  walk(copyRootOf(dir));
  return hash.digest('hex').slice(0, 24);
}

function planCached(roots) {
  if (!planCache) return planAll(roots);
  mkdirSync(planCache, { recursive: true });
  const file = (dir) => path.join(planCache, `${planKey(dir)}.json`);
  const out = new Map();
  const todo = [];
  for (const dir of roots) {
    if (existsSync(file(dir))) {
      const c = JSON.parse(readFileSync(file(dir), 'utf8'));
      out.set(dir, c.skip ? { skip: c.skip } : { functions: new Map(c.functions) });
    } else todo.push(dir);
  }
  // Written as each root is settled: an interrupted run keeps what it planned.
  planAll(todo, (dir, r) => {
    writeFileSync(file(dir), JSON.stringify(r.skip ? { skip: r.skip } : { functions: [...r.functions] }));
    out.set(dir, r);
  });
  return out;
}
for (const dir of dirs) {
  const shown = path.relative(process.cwd(), dir) || '.';
  const { functions: want, skip } = planned.get(dir);
  if (skip) {
    skipped.push({ dir: shown, reason: skip });
    if (verbose) console.log(`skip ${shown}: ${skip}`);
    continue;
  }
  const got = await ldlintFunctions(dir);
  for (const [address, p] of want) {
    total++;
    const expected = fromPlan(p);
    const props = got.get(address);
    const actual = props ? fromLdlint(props) : undefined;
    // A reference ldlint keeps (`Ref` / `Fn::GetAtt` of a resource of the configuration) stands for a
    // value Terraform may know at plan time (a name written in the other resource): not compared.
    const isRef = (x) => x !== null && typeof x === 'object' && !Array.isArray(x) && ('Ref' in x || 'Fn::GetAtt' in x);
    const bad = actual ? Object.keys(expected).filter((k) => expected[k] !== UNKNOWN && !isRef(actual[k]) && !same(actual[k], expected[k])) : ['<function missing>'];
    results.push({ dir: shown, address, agree: bad.length === 0, differences: bad });
    if (!bad.length) agree++;
    for (const k of bad) (mismatches[k] ??= []).push(`${shown} ${address}${verbose && actual ? `\n      ldlint:    ${canon(actual[k])}\n      terraform: ${canon(expected[k])}` : ''}`);
  }
  // A function ldlint sees that Terraform does not plan (count = 0, an empty for_each) is a disagreement too.
  for (const address of got.keys()) {
    if (want.has(address)) continue;
    total++;
    results.push({ dir: shown, address, agree: false, differences: ['<not planned by terraform>'] });
    (mismatches['<not planned by terraform>'] ??= []).push(`${shown} ${address}`);
  }
}

const pct = total ? (100 * agree) / total : 100;
console.log(`tf-parity: ${agree}/${total} functions agree (${pct.toFixed(1)}%) in ${dirs.length - skipped.length} configurations planned; ${skipped.length} of ${dirs.length} skipped (Terraform cannot plan them offline)`);
for (const [k, list] of Object.entries(mismatches)) {
  console.log(`  ${k}: ${list.length}`);
  for (const l of list.slice(0, verbose ? 100 : 3)) console.log(`    ${l}`);
}
const reasons = {};
for (const s of skipped) {
  const r = s.reason.replace(/"[^"]*"/g, '"…"').replace(/\S+\.tf\b/g, '…').slice(0, 100);
  reasons[r] = (reasons[r] ?? 0) + 1;
}
if (skipped.length) console.log('  skipped:');
for (const [r, n] of Object.entries(reasons).sort((a, b) => b[1] - a[1]).slice(0, verbose ? 100 : 8)) console.log(`    ${n} x ${r}`);
if (jsonOut) {
  mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
  writeFileSync(jsonOut, `${JSON.stringify({ agree, total, percent: Number(pct.toFixed(1)), functions: results, skipped }, null, 2)}\n`);
}
if (pct < min) process.exit(1);
