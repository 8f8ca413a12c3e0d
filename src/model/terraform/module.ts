/**
 * A Terraform / OpenTofu module: the configuration files of one directory, parsed and merged.
 * Which files: every `*.tf`, `*.tf.json`, `*.tofu`, `*.tofu.json` directly in the directory; a
 * `.tofu` file hides the `.tf` file of the same name (OpenTofu's rule); `override.tf` and
 * `*_override.tf` are merged last, argument by argument, a nested block type in an override
 * replacing the original's blocks of that type (Terraform's override rules).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseHcl, parseHclJson, type HAttribute, type HBlock, type HBody, type HclFile } from '../../parse/hcl.js';
import type { ParseIssue } from '../../parse/index.js';

export interface ModuleDef {
  dir: string;
  files: HclFile[];
  variables: Map<string, HBlock>;
  locals: Map<string, HAttribute>;
  /** `type.name` -> block */
  resources: Map<string, HBlock>;
  data: Map<string, HBlock>;
  modules: Map<string, HBlock>;
  outputs: Map<string, HBlock>;
  providers: HBlock[];
}

const CONFIG_FILE = /\.(tf|tofu)(\.json)?$/i;

export function isConfigFile(name: string): boolean {
  return CONFIG_FILE.test(name);
}

/** The configuration files of a directory, after the `.tofu` rule, overrides last (lexical order). */
export function moduleFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && isConfigFile(e.name)).map((e) => e.name).sort();
  } catch {
    return [];
  }
  const stem = (n: string) => n.replace(CONFIG_FILE, '');
  const tofu = new Set(names.filter((n) => /\.tofu(\.json)?$/i.test(n)).map((n) => n.replace(/\.tofu/i, '.tf')));
  const kept = names.filter((n) => !tofu.has(n));
  const isOverride = (n: string) => stem(n) === 'override' || stem(n).endsWith('_override');
  return [...kept.filter((n) => !isOverride(n)), ...kept.filter(isOverride)].map((n) => path.join(dir, n));
}

export function isOverrideFile(file: string): boolean {
  const stem = path.basename(file).replace(CONFIG_FILE, '');
  return stem === 'override' || stem.endsWith('_override');
}

export type FileText = { path: string; shown: string; text: string };

/** Parses a module's files (given with their text); the first syntax error is fatal for the module. */
export function loadModule(dir: string, files: FileText[]): { def: ModuleDef } | { error: ParseIssue } {
  const def: ModuleDef = { dir, files: [], variables: new Map(), locals: new Map(), resources: new Map(), data: new Map(), modules: new Map(), outputs: new Map(), providers: [] };
  for (const f of files) {
    const parsed = /\.json$/i.test(f.path) ? parseHclJson(f.shown, f.text) : parseHcl(f.shown, f.text);
    if (!parsed.ok) return { error: parsed.error };
    def.files.push(parsed.hcl);
    const override = isOverrideFile(f.path);
    for (const b of parsed.hcl.body.blocks) add(def, b, override);
  }
  return { def };
}

function add(def: ModuleDef, b: HBlock, override: boolean): void {
  const [a, c] = b.labels.map((l) => l.value);
  const put = (m: Map<string, HBlock>, key: string | undefined) => {
    if (key === undefined) return;
    const old = m.get(key);
    m.set(key, override && old ? merge(old, b) : b);
  };
  switch (b.type) {
    case 'variable':
      return put(def.variables, a);
    case 'output':
      return put(def.outputs, a);
    case 'module':
      return put(def.modules, a);
    case 'resource':
      return put(def.resources, a !== undefined && c !== undefined ? `${a}.${c}` : undefined);
    case 'data':
      return put(def.data, a !== undefined && c !== undefined ? `${a}.${c}` : undefined);
    case 'locals':
      for (const attr of b.body.attributes) def.locals.set(attr.name, attr);
      return;
    case 'provider':
      if (override) {
        const alias = (x: HBlock) => x.body.attributes.find((y) => y.name === 'alias')?.expr;
        const i = def.providers.findIndex((p) => p.labels[0]?.value === a && JSON.stringify(strip(alias(p))) === JSON.stringify(strip(alias(b))));
        if (i >= 0) { def.providers[i] = merge(def.providers[i]!, b); return; }
      }
      def.providers.push(b);
      return;
  }
}

function strip(x: unknown): unknown {
  return x === undefined ? undefined : JSON.parse(JSON.stringify(x, (k, v) => (k === 'loc' ? undefined : v)));
}

/** Terraform's override merge: arguments replaced one by one, nested block types replaced whole. */
function merge(base: HBlock, over: HBlock): HBlock {
  const attributes = base.body.attributes.filter((a) => !over.body.attributes.some((o) => o.name === a.name));
  attributes.push(...over.body.attributes);
  const overTypes = new Set(over.body.blocks.map((b) => (b.type === 'dynamic' ? b.labels[0]?.value : b.type)));
  const blocks = base.body.blocks.filter((b) => !overTypes.has(b.type === 'dynamic' ? b.labels[0]?.value : b.type));
  blocks.push(...over.body.blocks);
  const body: HBody = { attributes, blocks, loc: base.body.loc };
  return { ...base, body };
}
