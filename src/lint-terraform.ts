import { projectInventory } from './engine/inventory.js';
import { SourceFile, type ParseIssue } from './parse/index.js';
import { initTreeSitter } from './parse/tree-sitter.js';
import { buildProject, type LocalReader } from './model/project.js';
import { runRules, toFinding, type RunConfig } from './engine/run.js';
import type { Rule } from './engine/types.js';
import { applyInlineSuppressions, type InlineOptions } from './engine/suppress.js';
import { dedupe, issueFinding, type FileOutcome } from './lint.js';
import type { TerraformOptions } from './model/terraform/index.js';
import { followProjectImports, locateProjectCode, type CodeOptions } from './model/code/index.js';
import { codeNotes } from './engine/code-notes.js';
import { releaseSyntax } from './parse/code.js';

/** What a Terraform root module's lint gives: the outcome and every file it read. */
export interface TerraformOutcome {
  outcome: FileOutcome;
  files: string[];
}

/**
 * Lints one Terraform / OpenTofu root module (a directory): tree-sitter starts here, on the first
 * Terraform module of a run, so a run without one never loads it. Never throws on bad input.
 */
export async function lintTerraformModule(dir: string, shown: string, rules: readonly Rule<any>[], config: RunConfig, options: TerraformOptions, readLocal: LocalReader, suppress: InlineOptions = {}, code?: CodeOptions): Promise<TerraformOutcome> {
  await initTreeSitter();
  const { loadTerraformRoot } = await import('./model/terraform/index.js');
  return lintLoaded(() => loadTerraformRoot(dir, options), shown, rules, config, readLocal, suppress, code);
}

/**
 * Lints a Terraform plan JSON file (`terraform show -json`); undefined when the JSON is not a plan.
 * With its configuration directory (beside it, or `tfDir`), findings point into the `.tf` files.
 */
export async function lintTerraformPlan(abs: string, shown: string, text: string, rules: readonly Rule<any>[], config: RunConfig, options: TerraformOptions & { tfDir?: string }, readLocal: LocalReader, suppress: InlineOptions = {}, code?: CodeOptions): Promise<TerraformOutcome | undefined> {
  await initTreeSitter();
  const { loadPlan } = await import('./model/terraform/plan.js');
  let notPlan = false;
  const out = await lintLoaded(() => {
    const r = loadPlan(shown, abs, text, options);
    if ('notPlan' in r) { notPlan = true; return { error: { kind: 'syntax', message: 'not a plan', loc: { file: new SourceFile(shown, text), start: 0, end: 0 } }, files: [] }; }
    return r;
  }, shown, rules, config, readLocal, suppress, code);
  return notPlan ? undefined : out;
}

async function lintLoaded(load: () => import('./model/terraform/index.js').TerraformLoad, shown: string, rules: readonly Rule<any>[], config: RunConfig, readLocal: LocalReader, suppress: InlineOptions, code?: CodeOptions): Promise<TerraformOutcome> {
  let loaded: import('./model/terraform/index.js').TerraformLoad;
  try {
    loaded = load();
  } catch (e) {
    const at = { file: new SourceFile(shown, ''), start: 0, end: 0 };
    const message = `ldlint could not model this Terraform module: ${(e as Error)?.message ?? String(e)}. Please report this with the configuration.`;
    return { outcome: { path: shown, flavour: null, findings: [toFinding('ldlint/internal-error', 'ldlint', 'error', { resource: null, at, message, path: 'model' })] }, files: [] };
  }
  const files = loaded.files.map((f) => f.path);
  if ('error' in loaded) return { outcome: { path: shown, flavour: null, findings: [issueFinding(loaded.error, 'error', config.strict)] }, files };
  const template = loaded.template;
  const issues = template.issues.map((i: ParseIssue) => issueFinding(i, i.kind === 'syntax' ? 'error' : 'warning', config.strict));
  const project = buildProject([template], readLocal);
  try {
    // The functions' code (`data "archive_file"` sources): tree-sitter is already started here.
    if (code) {
      locateProjectCode(project, code);
      followProjectImports(project, code);
    }
    const findings = dedupe([...issues, ...codeNotes(project, config), ...runRules(project, rules, config)]);
    const suppressed = applyInlineSuppressions(project, findings, config.today, rules, suppress);
    const inventory = projectInventory(project, config.settings, config.today);
    inventory.risks.push(...suppressed.risks);
    return { outcome: { path: shown, flavour: 'terraform', findings: suppressed.findings, inventory, project }, files };
  } finally {
    releaseSyntax();
  }
}
