import path from 'node:path';
import type { ParseIssue, SMap, SourceFile } from '../../parse/index.js';
import type { LoadOptions } from '../load.js';
import { buildTemplate } from '../template.js';
import type { Template } from '../types.js';
import { compileService } from './compile.js';
import { isMap, text, valueOf } from './nodes.js';
import { isUnknownNode, resolveVariables, VariableError, type VariableOptions } from './variables.js';

export { compileService, type CompiledService, type CompileOptions } from './compile.js';
export { naming, normalizedName } from './naming.js';
export { resolveVariables, VariableError, UNKNOWN_KEY, LIMITS, type VariableOptions } from './variables.js';
export { LOG_SUBSCRIPTION_PLUGIN, pluginsOf } from './plugins.js';
export { functionKeyOrigin, functionKeys, type FunctionKeyOrigin } from './plugin-keys.js';

/** What the Serverless loader hands back: a template, a reason it does not apply, or a fatal problem. */
export type ServerlessLoadResult = Template | { unsupported: string } | { error: ParseIssue };

/**
 * Loads a serverless.yml / serverless.yaml / serverless.json (already parsed) into a template of
 * flavour `serverless`: variables resolved, the service compiled into the CloudFormation resources
 * the framework generates, `resources` merged. Non-AWS providers are unsupported (no Lambda checks).
 */
export function loadServerless(file: SourceFile, root: SMap, options: LoadOptions): ServerlessLoadResult {
  const so = options.serverlessOptions;
  const cwd = so?.cwd ?? process.cwd();
  const vars: VariableOptions = {
    stage: so?.stage,
    region: so?.region,
    env: so?.env,
    // Without a configured root, a file may include files of its own directory tree only.
    projectRoot: so?.projectRoot ?? path.resolve(cwd, path.dirname(file.path)),
    cwd,
  };
  const issues: ParseIssue[] = [];
  let resolved: SMap;
  try {
    resolved = resolveVariables(root, vars, issues);
  } catch (e) {
    if (e instanceof VariableError) return { error: { kind: e.kind, message: e.message, loc: e.loc } };
    if (e instanceof RangeError) return { error: { kind: 'limit', message: 'variables nest too deeply to resolve', loc: root.loc } };
    throw e;
  }
  const provider = resolved.index.get('provider')?.value;
  const providerName = isMap(provider) ? valueOf(provider, 'name') : provider;
  const name = text(providerName);
  if (name !== undefined && name.toLowerCase() !== 'aws') {
    return { unsupported: `provider "${name}" is not aws: no Lambda checks apply` };
  }
  if (providerName && !isUnknownNode(providerName) && name === undefined) {
    return { unsupported: 'provider.name is not a plain value: no Lambda checks apply' };
  }
  const stage = so?.stage ?? text(valueOf(provider, 'stage')) ?? 'dev';
  const region = so?.region ?? text(valueOf(provider, 'region')) ?? 'us-east-1';
  const compiled = compileService(resolved, { stage, region });
  const template = buildTemplate(file, compiled.root, 'serverless', options.overrides, issues);
  template.sourceRoot = resolved;
  for (const f of compiled.functions) {
    const r = template.resources.get(f.logicalId);
    if (r && r.generatedFrom === f.key) r.sourceProperties = f.node;
  }
  return template;
}
