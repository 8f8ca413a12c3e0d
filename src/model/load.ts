import { get, parseText, SourceFile, type ParseIssue, type SMap } from '../parse/index.js';
import { detectFlavour } from './detect.js';
import { locateProjectCode, type CodeOptions } from './code/index.js';
import type { ParameterOverrides } from './evaluate.js';
import { buildProject, type LocalReader } from './project.js';
import { buildTemplate } from './template.js';
import { nestedStackCycle, templateProblems, type NestingStep } from './template-problems.js';
import type { Flavour, Project, Template } from './types.js';

export interface SourceInput {
  /** Path as shown in reports (relative to the working directory). */
  path: string;
  text: string;
}

export type LoadOutcome =
  | { kind: 'template'; flavour: Flavour; project: Project; issues: ParseIssue[] }
  | { kind: 'not-template'; issues: ParseIssue[] }
  | { kind: 'unsupported'; reason: string; issues: ParseIssue[] }
  | { kind: 'parse-error'; error: ParseIssue; issues: ParseIssue[] };

export interface ServerlessOptions {
  /** `--stage`; `${opt:stage, 'dev'}` and `${sls:stage}` resolve to it (default: the file's own default, else `dev`). */
  stage?: string;
  /** `--region` (default: provider.region, else us-east-1). */
  region?: string;
  /** `--allow-env`: resolve `${env:...}` from this environment (off by default: reports must not leak CI secrets). */
  env?: NodeJS.ProcessEnv;
  /** `${file()}` may only read inside this directory (absolute). */
  projectRoot: string;
  /** Working directory, to resolve the file's display path. */
  cwd: string;
}

export interface LoadOptions {
  overrides: ParameterOverrides;
  readLocal: LocalReader;
  serverlessOptions?: ServerlessOptions;
  /**
   * Serverless loader; absent until it is wired in. It returns a template (its `issues` are reported
   * beside the findings), a reason the file gets no checks, or a fatal located problem (a circular
   * variable reference) that makes the file a parse error.
   */
  serverless?: (file: SourceFile, root: SMap, options: LoadOptions) => Template | { unsupported: string } | { error: ParseIssue };
  /** Read the functions' code (absent: `--no-code`, config `code: false`, or a caller that does not). */
  code?: CodeOptions;
}

/** Parses one file and builds its project (the template and the nested stacks it names). */
export function loadSource(input: SourceInput, options: LoadOptions): LoadOutcome {
  const parsed = parseText(input.path, input.text);
  if (!parsed.root) return { kind: 'parse-error', error: parsed.error!, issues: parsed.warnings };
  const flavour = detectFlavour(parsed.root, input.path);
  if (flavour === null) return { kind: 'not-template', issues: parsed.warnings };
  const root = parsed.root as SMap;
  const file = root.loc.file;
  if (flavour === 'serverless') {
    if (!options.serverless) return { kind: 'unsupported', reason: 'Serverless Framework files are not yet supported', issues: parsed.warnings };
    const t = options.serverless(file, root, options);
    if ('unsupported' in t) return { kind: 'unsupported', reason: t.unsupported, issues: parsed.warnings };
    if ('error' in t) return { kind: 'parse-error', error: t.error, issues: parsed.warnings };
    return { kind: 'template', flavour, project: withCode(buildProject([t], options.readLocal), options), issues: [...parsed.warnings, ...t.issues] };
  }
  const top = buildTemplate(file, root, flavour as Flavour, options.overrides, [...parsed.warnings, ...templateProblems(root)]);
  const templates = [top, ...nestedTemplates(top, options, [{ path: input.path }])];
  // A nested template's problems are reported through its parent too (dedupe keeps one of each).
  return { kind: 'template', flavour: flavour as Flavour, project: withCode(buildProject(templates, options.readLocal), options), issues: templates.flatMap((t) => t.issues) };
}

/** Finds each function's code on disk when code is read (nothing is parsed yet: src/model/code). */
function withCode(project: Project, options: LoadOptions): Project {
  if (options.code) locateProjectCode(project, options.code);
  return project;
}

/** Nested stack templates read for one file at most: nested stacks that name each other (through links, or as a wide tree) fan out. */
export const MAX_NESTED_TEMPLATES = 100;

/**
 * Follows `AWS::CloudFormation::Stack` resources with a local TemplateURL (and SAM applications).
 * `chain` holds the templates from the linted file down to `parent`, each with the TemplateURL that
 * leads to the next one: a TemplateURL back into the chain closes a cycle.
 */
function nestedTemplates(parent: Template, options: LoadOptions, chain: NestingStep[], depth = 0, budget = { left: MAX_NESTED_TEMPLATES, top: parent }): Template[] {
  if (depth > 10) return [];
  const out: Template[] = [];
  for (const r of parent.resources.values()) {
    if (r.type !== 'AWS::CloudFormation::Stack') continue;
    const url = r.get('TemplateURL');
    if (url.kind !== 'lit' || typeof url.value !== 'string' || /^(https?|s3):\/\//.test(url.value)) continue;
    const file = options.readLocal(parent.file.path, url.value);
    if (!file) continue;
    const urlKey = r.properties?.index.get('TemplateURL')?.keyLoc ?? url.loc;
    const steps = [...chain.slice(0, -1), { path: chain.at(-1)!.path, url: urlKey }];
    const back = chain.findIndex((s) => s.path === file.path);
    if (back >= 0) {
      parent.issues.push(nestedStackCycle(steps.slice(back) as Required<NestingStep>[]));
      continue;
    }
    if (budget.left-- <= 0) {
      if (budget.left === -1) budget.top.issues.push({ kind: 'unresolved', message: `all checks: nested stack ${url.value} (TemplateURL) cannot be verified: it is not read, as the project has more than ${MAX_NESTED_TEMPLATES} nested stack templates.`, loc: url.loc });
      continue;
    }
    const parsed = parseText(file.path, file.text);
    if (parsed.root?.kind !== 'map') continue;
    const flavour = detectFlavour(parsed.root, file.path);
    if (flavour !== 'cloudformation' && flavour !== 'sam') continue;
    const overrides = new Map<string, string>();
    const params = r.get('Parameters');
    if (params.kind === 'map') for (const e of params.entries) if (e.value.kind === 'lit' && e.value.value !== null) overrides.set(e.key, String(e.value.value));
    const child = buildTemplate(parsed.root.loc.file, parsed.root, flavour, overrides, [...parsed.warnings, ...templateProblems(parsed.root)]);
    out.push(child, ...nestedTemplates(child, options, [...steps, { path: file.path }], depth + 1, budget));
  }
  return out;
}

export { get, SourceFile };
