/**
 * Terraform plan JSON (`terraform show -json tfplan`): `planned_values` are the final values (all
 * modules expanded, variables applied), but they are filled in with provider defaults (timeout 3,
 * memory 128, reserved -1) for arguments never written, so whether an argument is *set* comes from
 * `configuration` (its `expressions`), and references between resources (to attributes known
 * after apply) from `expressions.*.references`. With the configuration directory (beside the plan,
 * or `--tf-dir`) the configuration is evaluated for positions in the `.tf` files, the plan's
 * variables bound and its values filling in what the configuration alone cannot know; without it,
 * findings point at the resource in the plan file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { get, parseText, type SMap, type SNode } from '../../parse/index.js';
import { buildTemplate } from '../template.js';
import { loadTerraformRoot, moduleFiles, type TerraformLoad, type TerraformOptions } from './index.js';
import { lowerResources, type LowerInput } from './lower.js';
import { markSensitive, type TEntry, type TMap, type TV } from './values.js';

/** Whether a JSON text is a plan (cheap test on the text; the parse decides). */
export function looksLikePlan(text: string): boolean {
  return text.includes('"format_version"') && text.includes('"planned_values"');
}

interface Planned {
  address: string;
  type: string;
  node: SMap;
  values: SNode | undefined;
  sensitive: SNode | undefined;
}

export function loadPlan(shown: string, abs: string, text: string, options: TerraformOptions & { tfDir?: string }): TerraformLoad | { notPlan: true } {
  const parsed = parseText(shown, text);
  if (!parsed.root) return { error: parsed.error!, files: [] };
  const root = parsed.root;
  if (root.kind !== 'map' || !get(root, 'format_version') || !get(root, 'planned_values')) return { notPlan: true };
  const planned = new Map<string, Planned>();
  collectPlanned(get(get(root, 'planned_values'), 'root_module'), planned);
  const expressions = new Map<string, SNode>();
  collectConfig(get(get(root, 'configuration'), 'root_module'), '', expressions);
  const dir = options.tfDir ?? path.dirname(abs);
  if (moduleFiles(dir).length > 0 && existsSync(dir)) {
    const vars = planVariables(get(root, 'variables'));
    const load = loadTerraformRoot(dir, { ...options, vars: [...vars, ...(options.vars ?? [])], planned: (inputs) => inputs.map((i) => withPlanned(i, planned.get(i.address))) });
    return load;
  }
  const inputs: LowerInput[] = [];
  for (const p of planned.values()) {
    const cfg = expressions.get(configAddress(p.address));
    const body = planBody(p, cfg);
    inputs.push({ address: p.address, type: p.type, body, keyLoc: get(p.node, 'address')?.loc ?? p.node.loc, loc: p.node.loc });
  }
  const file = root.loc.file;
  const template = buildTemplate(file, lowerResources(inputs), 'terraform', new Map(), [...parsed.warnings]);
  return { template, files: [file] };
}

function collectPlanned(module: SNode | undefined, out: Map<string, Planned>): void {
  for (const r of seq(get(module, 'resources'))) {
    if (r.kind !== 'map') continue;
    const mode = str(get(r, 'mode'));
    const address = str(get(r, 'address'));
    const type = str(get(r, 'type'));
    if (mode !== 'managed' || !address || !type) continue;
    out.set(address, { address, type, node: r, values: get(r, 'values'), sensitive: get(r, 'sensitive_values') });
  }
  for (const c of seq(get(module, 'child_modules'))) collectPlanned(c, out);
}

function collectConfig(module: SNode | undefined, prefix: string, out: Map<string, SNode>): void {
  for (const r of seq(get(module, 'resources'))) {
    const address = str(get(r, 'address'));
    const e = get(r, 'expressions');
    if (address && str(get(r, 'mode')) === 'managed' && e) out.set(prefix + address, e);
  }
  const calls = get(module, 'module_calls');
  if (calls?.kind === 'map') for (const c of calls.entries) collectConfig(get(c.value, 'module'), `${prefix}module.${c.key}.`, out);
}

/** `module.a["x"].aws_lambda_function.f[0]` -> `module.a.aws_lambda_function.f` (configuration addresses have no keys). */
function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

function modulePrefix(address: string): string {
  const m = /^((?:module\.[^.[]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\.)*)/.exec(address);
  return m ? m[1]! : '';
}

/**
 * A planned resource's arguments: only those written in the configuration (provider defaults are
 * not "set"); an argument known only after apply is the reference it was written with.
 */
function planBody(p: Planned, cfg: SNode | undefined): TMap {
  const values = p.values?.kind === 'map' ? p.values : undefined;
  const entries: TEntry[] = [];
  const written = cfg?.kind === 'map' ? cfg : undefined;
  const keys = new Set<string>([...(written?.entries.map((e) => e.key) ?? [])]);
  for (const key of keys) {
    const ve = values?.index.get(key === 'tags' && values.index.has('tags_all') ? 'tags_all' : key);
    const expr = written!.index.get(key)!.value;
    let v: TV | undefined;
    if (ve && !(ve.value.kind === 'scalar' && ve.value.value === null)) v = fromNode(ve.value);
    else v = referenceOf(expr, modulePrefix(p.address), key);
    if (!v) continue;
    const sens = get(p.sensitive, key);
    if (sens && !(sens.kind === 'scalar' && sens.value === false)) v = markSensitive(v, `${p.address}.${key}`);
    entries.push({ key, keyLoc: ve?.keyLoc ?? written!.index.get(key)!.keyLoc, value: v });
  }
  return { k: 'map', entries, loc: values?.loc ?? p.node.loc };
}

/** The resource attribute an expression refers to (`aws_iam_role.r.arn`), as a reference. */
function referenceOf(expr: SNode, prefix: string, key: string): TV | undefined {
  const refs = seq(get(expr, 'references')).map(str).filter((r): r is string => !!r);
  for (const r of refs) {
    if (/^(var|local|each|count|path|terraform|data|module)\./.test(r)) continue;
    const m = /^([a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)\.([A-Za-z0-9_]+)/.exec(r);
    if (m) return { k: 'ref', target: prefix + m[1]!, attr: m[2]!, loc: expr.loc };
  }
  if (refs.length) return { k: 'unknown', reason: `${key} is known only after apply (${refs[0]})`, loc: expr.loc };
  return undefined;
}

/** A JSON node of the plan as a value, at its position in the plan. */
function fromNode(n: SNode): TV {
  switch (n.kind) {
    case 'scalar':
      return { k: 'lit', v: n.value, loc: n.loc };
    case 'seq':
      return { k: 'list', items: n.items.map(fromNode), loc: n.loc };
    case 'map':
      return { k: 'map', entries: n.entries.map((e) => ({ key: e.key, keyLoc: e.keyLoc, value: fromNode(e.value) })), loc: n.loc };
  }
}

/** The plan's variables as `--var` values (JSON text for structured values, read as HCL). */
function planVariables(vars: SNode | undefined): { name: string; value: string }[] {
  if (vars?.kind !== 'map') return [];
  return vars.entries.flatMap((e) => {
    const v = get(e.value, 'value');
    if (!v) return [];
    const plain = toPlainJson(v);
    return [{ name: e.key, value: typeof plain === 'string' ? plain : JSON.stringify(plain) }];
  });
}

function toPlainJson(n: SNode): unknown {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(toPlainJson);
  return Object.fromEntries(n.entries.map((e) => [e.key, toPlainJson(e.value)]));
}

/** A configuration's value with what the plan knows in place of what the configuration cannot. */
function withPlanned(input: LowerInput, p: Planned | undefined): LowerInput {
  if (!p?.values) return input;
  return { ...input, body: fill(input.body, fromNode(p.values)) as TMap };
}

function fill(v: TV, planned: TV | undefined): TV {
  if (!planned || (planned.k === 'lit' && planned.v === null)) return v;
  if (v.k === 'unknown' || (v.k === 'str' && v.parts.some((x) => typeof x !== 'string' && x.k === 'unknown'))) return relocate(planned, v.loc);
  if (v.k === 'map' && planned.k === 'map') return { ...v, entries: v.entries.map((e) => ({ ...e, value: fill(e.value, planned.entries.find((x) => x.key === e.key)?.value) })) };
  if (v.k === 'list' && planned.k === 'list') return { ...v, items: v.items.map((x, i) => fill(x, planned.items[i])) };
  return v;
}

function relocate(v: TV, loc: TV['loc']): TV {
  if (v.k === 'list') return { ...v, loc, items: v.items.map((i) => relocate(i, loc)) };
  if (v.k === 'map') return { ...v, loc, entries: v.entries.map((e) => ({ ...e, keyLoc: loc, value: relocate(e.value, loc) })) };
  return { ...v, loc } as TV;
}

function seq(n: SNode | undefined): SNode[] {
  return n?.kind === 'seq' ? n.items : [];
}

function str(n: SNode | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}
