/**
 * Loads one Terraform / OpenTofu root module into a template of flavour `terraform`: its files
 * (and its child modules') parsed, variables bound (terraform.md's precedence), everything
 * evaluated and lowered into the model's CloudFormation shape. Callers await `initTreeSitter()`.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parseHcl, parseHclJson, type HExpr } from '../../parse/hcl.js';
import { SourceFile, type Loc, type ParseIssue } from '../../parse/index.js';
import { readText } from '../../io/read.js';
import { buildTemplate } from '../template.js';
import type { Template } from '../types.js';
import { Evaluator, ModuleInstance, exprPath, type ResourceInstance, type TerraformEnv } from './evaluate.js';
import { configInputs, lowerResources, type LowerInput } from './lower.js';
import { attachCodeSources } from './code-source.js';
import { loadModule, moduleFiles, type ModuleDef } from './module.js';
import { lit, type TMap, type TV } from './values.js';

export { isConfigFile, moduleFiles } from './module.js';

export interface TerraformOptions {
  cwd: string;
  /** Files may only be read inside this directory (absolute). */
  projectRoot: string;
  maxFileSize: number;
  /** `--var name=value` and `--var-file FILE`, in command-line order. */
  vars?: ({ name: string; value: string } | { file: string })[];
  /** `--allow-env`: `TF_VAR_name` from this environment. */
  env?: NodeJS.ProcessEnv;
  /** A plan's final values over the configuration's (plan JSON read with its configuration directory). */
  planned?: (inputs: LowerInput[]) => LowerInput[];
}

export type TerraformLoad = { template: Template; files: SourceFile[] } | { error: ParseIssue; files: SourceFile[] };

const display = (cwd: string, abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);

export function loadTerraformRoot(rootDir: string, options: TerraformOptions): TerraformLoad {
  const issues: ParseIssue[] = [];
  const sources: SourceFile[] = [];
  const realRoot = safeRealpath(options.projectRoot) ?? options.projectRoot;
  const inside = (abs: string) => {
    const real = safeRealpath(abs);
    return real !== undefined && (real === realRoot || real.startsWith(realRoot + path.sep));
  };
  const modules = new Map<string, ReturnType<TerraformEnv['loadModule']>>();
  const env: TerraformEnv = {
    rootDir,
    issues,
    installedModules: readModulesJson(rootDir),
    readFile(abs) {
      if (!existsSync(abs)) return undefined;
      if (!inside(abs)) return { refused: `${display(options.cwd, abs)} is outside the project root: ldlint does not read it` };
      const r = readText(abs, options.maxFileSize);
      return r.ok ? { text: r.text, shown: display(options.cwd, abs) } : undefined;
    },
    loadModule(dir) {
      const key = safeRealpath(dir) ?? dir;
      if (modules.has(key)) return modules.get(key);
      if (!inside(dir)) {
        modules.set(key, undefined);
        return undefined;
      }
      const files = moduleFiles(dir).flatMap((f) => {
        const r = readText(f, options.maxFileSize);
        return r.ok ? [{ path: f, shown: display(options.cwd, f), text: r.text }] : [];
      });
      const out = files.length ? loadModule(dir, files) : undefined;
      if (out && 'def' in out) sources.push(...out.def.files.map((f) => f.file));
      modules.set(key, out);
      return out;
    },
  };
  const root = env.loadModule(rootDir);
  if (!root) return { error: { kind: 'syntax', message: 'no Terraform configuration files', loc: { file: new SourceFile(display(options.cwd, rootDir), ''), start: 0, end: 0 } }, files: sources };
  if ('error' in root) return { error: root.error, files: sources };
  const def = root.def;
  const ev = new Evaluator(env);
  const inputs = rootInputs(def, rootDir, options, ev, issues);
  const providers = new Map<string, { block: import('../../parse/hcl.js').HBlock; module: ModuleInstance }>();
  const top = new ModuleInstance(ev, def, '', '', inputs, 0, providers);
  for (const p of def.providers) {
    const alias = p.body.attributes.find((a) => a.name === 'alias');
    const name = `${p.labels[0]?.value ?? ''}${alias ? `.${aliasName(alias.expr) ?? ''}` : ''}`;
    providers.set(name, { block: p, module: top });
  }
  top.instantiate();
  const tagCache = new Map<string, TMap | undefined>();
  const defaultTags = (inst: ResourceInstance): TMap | undefined => {
    const pa = inst.block.body.attributes.find((a) => a.name === 'provider');
    const name = (pa && exprPath(pa.expr)) ?? 'aws';
    const p = inst.module.providers.get(name);
    if (!p) return undefined;
    const key = `${name}@${p.block.loc.file.path}:${p.block.loc.start}`;
    if (!tagCache.has(key)) {
      const dt = p.block.body.blocks.find((b) => b.type === 'default_tags');
      const tags = dt?.body.attributes.find((a) => a.name === 'tags');
      const v = tags ? ev.eval(tags.expr, p.module, {}) : undefined;
      tagCache.set(key, v?.k === 'map' ? v : undefined);
    }
    return tagCache.get(key);
  };
  const lowerInputs = configInputs(ev, defaultTags);
  const root0 = lowerResources(options.planned ? options.planned(lowerInputs) : lowerInputs);
  const first = def.files[0]!.file;
  const template = buildTemplate(first, root0, 'terraform', new Map(), issues);
  template.files = [...new Set(sources)];
  attachCodeSources(ev, template, rootDir);
  return { template, files: template.files };
}

function aliasName(e: HExpr): string | undefined {
  return e.t === 'lit' && typeof e.value === 'string' ? e.value : e.t === 'template' && e.parts.length === 1 && typeof e.parts[0] === 'string' ? e.parts[0] : undefined;
}

/**
 * Root variable values, lowest precedence first: `TF_VAR_` (with --allow-env), terraform.tfvars,
 * terraform.tfvars.json, *.auto.tfvars[.json] (lexical), then --var-file / --var in order.
 */
function rootInputs(def: ModuleDef, rootDir: string, options: TerraformOptions, ev: Evaluator, issues: ParseIssue[]): Map<string, TV> {
  const out = new Map<string, TV>();
  const scratch = new ModuleInstance(ev, { ...def, locals: new Map(), resources: new Map(), data: new Map(), modules: new Map() }, '', '', new Map(), 0, new Map());
  const declared = (name: string) => def.variables.get(name);
  const fromText = (name: string, value: string): TV => {
    const block = declared(name);
    const loc: Loc = block?.labels[0]?.loc ?? block?.loc ?? { file: new SourceFile('--var', `${name}=${value}`), start: 0, end: 0 };
    const type = block?.body.attributes.find((a) => a.name === 'type')?.expr;
    const complex = type && !(type.t === 'var' && (type.name === 'string' || type.name === 'number' || type.name === 'bool'));
    if (complex && /^\s*[[{]/.test(value)) {
      const parsed = parseHcl('--var', `v = ${value}\n`);
      if (parsed.ok) {
        const v = ev.eval(parsed.hcl.body.attributes[0]!.expr, scratch, {});
        return relocate(v, loc);
      }
    }
    return lit(value, loc);
  };
  if (options.env) {
    for (const [k, v] of Object.entries(options.env)) {
      if (k.startsWith('TF_VAR_') && v !== undefined && declared(k.slice(7))) out.set(k.slice(7), fromText(k.slice(7), v));
    }
  }
  const readVarFile = (abs: string, explicit: boolean) => {
    const r = readText(abs, options.maxFileSize);
    const shown = display(options.cwd, abs);
    if (!r.ok) {
      if (explicit) issues.push({ kind: 'unresolved', message: `--var-file ${shown}: ${r.message}`, loc: { file: new SourceFile(shown, ''), start: 0, end: 0 } });
      return;
    }
    const parsed = /\.json$/i.test(abs) ? parseHclJson(shown, r.text, true) : parseHcl(shown, r.text);
    if (!parsed.ok) {
      issues.push({ kind: 'syntax', message: parsed.error.message, loc: parsed.error.loc });
      return;
    }
    for (const a of parsed.hcl.body.attributes) {
      if (!declared(a.name)) continue;
      out.set(a.name, ev.eval(a.expr, scratch, {}));
    }
  };
  for (const name of ['terraform.tfvars', 'terraform.tfvars.json']) {
    const f = path.join(rootDir, name);
    if (existsSync(f)) readVarFile(f, false);
  }
  let auto: string[] = [];
  try {
    auto = readdirSync(rootDir).filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  } catch {
    auto = [];
  }
  for (const n of auto) readVarFile(path.join(rootDir, n), false);
  for (const v of options.vars ?? []) {
    if ('file' in v) readVarFile(path.resolve(options.cwd, v.file), true);
    else if (declared(v.name)) out.set(v.name, fromText(v.name, v.value));
  }
  return out;
}

function relocate(v: TV, loc: Loc): TV {
  switch (v.k) {
    case 'list':
      return { ...v, loc, items: v.items.map((i) => relocate(i, loc)) };
    case 'map':
      return { ...v, loc, entries: v.entries.map((e) => ({ ...e, keyLoc: loc, value: relocate(e.value, loc) })) };
    default:
      return { ...v, loc } as TV;
  }
}

/** `.terraform/modules/modules.json` (written by `terraform init`): module key -> absolute directory. */
function readModulesJson(rootDir: string): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const json = JSON.parse(readFileSync(path.join(rootDir, '.terraform', 'modules', 'modules.json'), 'utf8')) as { Modules?: { Key?: string; Dir?: string }[] };
    for (const m of json.Modules ?? []) if (m.Key && m.Dir) out.set(m.Key, path.resolve(rootDir, m.Dir));
  } catch {
    // Not initialised: registry and git modules are reported as not read.
  }
  return out;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
