/**
 * AWS CDK cloud assemblies (`cdk.out`): reading `manifest.json`, its stack templates (stages and
 * nested stacks included) and the construct path of every resource, and building ONE project from
 * all the stack templates of an assembly ("in the project" = the stack set).
 *
 * Construct paths come from the templates' `Metadata['aws:cdk:path']` (written when path metadata is
 * on, as with the CDK CLI) and from the manifest's `aws:cdk:logicalId` metadata entries (inline in
 * `manifest.json` or in the stack's `additionalMetadataFile`). They are stored without the leading
 * slash, as `construct.node.path` spells them (`Main/Handler/Resource`).
 *
 * Functions that CDK generates itself (log retention, bucket notifications, AwsCustomResource,
 * CustomResourceProvider handlers, the Provider framework, bucket deployments) are flagged
 * `generated`; config `settings.includeGeneratedFunctions` (default false, the same setting as for
 * the Serverless Framework's generated functions) decides whether they are linted.
 *
 * Nothing here imports aws-cdk-lib: the CLI reads assemblies without it.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathGlobs } from '../engine/globs.js';
import { readText, DEFAULT_MAX_FILE_SIZE } from '../io/read.js';
import { get, parseText, type ParseIssue, type SMap } from '../parse/index.js';
import { detectFlavour } from './detect.js';
import type { ParameterOverrides } from './evaluate.js';
import { buildProject, type LocalReader } from './project.js';
import { buildTemplate } from './template.js';
import type { Flavour, LambdaFunction, Project, Template } from './types.js';

/** Config `cdk` (see the config schema). */
export interface CdkOptions {
  /** Lint the functions CDK generates itself (config `settings.includeGeneratedFunctions`; default false: they are left out of the project's functions and their findings dropped). */
  includeGenerated?: boolean;
  /** Globs of construct paths (`Main/Legacy/**`) whose resources are not linted. */
  skipConstructPaths?: string[];
}

/** One stack template, read from an assembly or synthesized in memory. */
export interface StackSource {
  /** Path as shown in reports (relative to the working directory). */
  path: string;
  text: string;
  /** Absolute path of the template file, when it is on disk (or will be). */
  absPath?: string;
  /** Construct path of the stack (`Main`, `Prod/Svc`, `Main/Inner` for a nested stack). */
  stackPath?: string;
  /** Construct path per logical id known from outside the template (manifest metadata, the construct tree). */
  constructPaths: Map<string, string>;
  /** Construct paths that CDK marks as its own custom-resource handlers (`aws:cdk:is-custom-resource-handler-*` metadata). */
  handlerPaths: Set<string>;
  /** A nested stack's template (parameter overrides do not apply to it). */
  nested?: boolean;
}

export interface AssemblyIssue {
  /** Display path of the file the problem is about. */
  file: string;
  message: string;
}

export interface CloudAssembly {
  /** Absolute directory of the (root) assembly. */
  dir: string;
  stacks: StackSource[];
  issues: AssemblyIssue[];
}

export const MANIFEST_FILE = 'manifest.json';

/** A directory that holds a cloud assembly (`manifest.json`), or the manifest itself. */
export function cloudAssemblyDirOf(p: string): string | undefined {
  try {
    const st = statSync(p);
    if (st.isDirectory()) return existsSync(path.join(p, MANIFEST_FILE)) && isManifest(path.join(p, MANIFEST_FILE)) ? p : undefined;
    if (st.isFile() && path.basename(p) === MANIFEST_FILE && isManifest(p)) return path.dirname(p);
  } catch {
    // not there: discovery reports it
  }
  return undefined;
}

/** A cloud assembly manifest: `{"version": "...", "artifacts": {...}}` (a web app's manifest.json is not one). */
function isManifest(file: string): boolean {
  const r = readText(file, DEFAULT_MAX_FILE_SIZE);
  if (!r.ok) return false;
  try {
    const m = JSON.parse(r.text) as unknown;
    return isObject(m) && typeof m.version === 'string' && (m.artifacts === undefined || isObject(m.artifacts)) && ('artifacts' in m || 'missing' in m || 'runtime' in m);
  } catch {
    return false;
  }
}

interface MetadataEntry {
  type?: string;
  data?: unknown;
}
type Metadata = Record<string, MetadataEntry[]>;

export interface ReadAssemblyOptions {
  /** Shows an absolute path as reports do (relative to the working directory). */
  display: (abs: string) => string;
  maxFileSize?: number;
}

/** Reads an assembly: every stack template of it and of its nested assemblies (stages), nested stacks included. */
export function readCloudAssembly(dir: string, options: ReadAssemblyOptions): CloudAssembly {
  const out: CloudAssembly = { dir, stacks: [], issues: [] };
  readInto(dir, options, out, new Set(), 0);
  return out;
}

function readJson(file: string, options: ReadAssemblyOptions, issues: AssemblyIssue[]): unknown {
  const r = readText(file, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (!r.ok) {
    issues.push({ file: options.display(file), message: r.message });
    return undefined;
  }
  try {
    return JSON.parse(r.text);
  } catch (e) {
    issues.push({ file: options.display(file), message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function readInto(dir: string, options: ReadAssemblyOptions, out: CloudAssembly, seen: Set<string>, depth: number): void {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (depth > 10 || seen.has(manifestFile)) return;
  seen.add(manifestFile);
  const manifest = readJson(manifestFile, options, out.issues);
  if (!isObject(manifest)) return;
  const artifacts = isObject(manifest.artifacts) ? manifest.artifacts : {};
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) continue;
    const props = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      const sub = path.resolve(dir, props.directoryName);
      if (!sub.startsWith(dir + path.sep)) continue;
      if (existsSync(path.join(sub, MANIFEST_FILE))) readInto(sub, options, out, seen, depth + 1);
      else out.issues.push({ file: options.display(manifestFile), message: `artifact ${id}: nested assembly ${props.directoryName} has no ${MANIFEST_FILE}` });
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof props.templateFile !== 'string') continue;
    const metadata: Metadata = {};
    const addMetadata = (m: unknown) => {
      if (!isObject(m)) return;
      for (const [k, v] of Object.entries(m)) if (Array.isArray(v)) (metadata[k] ??= []).push(...(v as MetadataEntry[]));
    };
    addMetadata(artifact.metadata);
    if (typeof artifact.additionalMetadataFile === 'string') {
      const f = path.resolve(dir, artifact.additionalMetadataFile);
      if (existsSync(f)) addMetadata(readJson(f, options, out.issues));
    }
    const stackPath = typeof artifact.displayName === 'string' ? artifact.displayName : id;
    out.stacks.push(...stackSources(dir, props.templateFile, stackPath, metadata, options, out.issues));
  }
}

const strip = (p: string) => p.replace(/^\/+/, '');

/** The stack's template and its nested stacks' templates, each with the construct paths the metadata gives. */
function stackSources(dir: string, templateFile: string, stackPath: string, metadata: Metadata, options: ReadAssemblyOptions, issues: AssemblyIssue[]): StackSource[] {
  // Stack roots: the stack itself and every nested stack (`aws:cdk:templateFile` entries).
  const roots = new Map<string, string>(); // construct path -> template file
  roots.set(strip(stackPath), templateFile);
  const handlerPaths = new Set<string>();
  for (const [p, entries] of Object.entries(metadata)) {
    for (const e of entries) {
      if (e?.type === 'aws:cdk:templateFile' && typeof e.data === 'string') roots.set(strip(p), e.data);
      if (typeof e?.type === 'string' && e.type.startsWith('aws:cdk:is-custom-resource-handler-')) handlerPaths.add(strip(p));
    }
  }
  // The stack's own root may be spelt differently from its display name: trust the entry naming the top template.
  const byFile = new Map<string, { stackPath: string; constructPaths: Map<string, string> }>();
  const rootList = [...roots].map(([p, f]) => ({ path: p, file: f })).sort((a, b) => b.path.length - a.path.length);
  for (const r of rootList) if (!byFile.has(r.file)) byFile.set(r.file, { stackPath: r.path, constructPaths: new Map() });
  for (const [p, entries] of Object.entries(metadata)) {
    for (const e of entries) {
      if (e?.type !== 'aws:cdk:logicalId' || typeof e.data !== 'string') continue;
      const cp = strip(p);
      const owner = rootList.find((r) => cp === r.path || cp.startsWith(r.path + '/')) ?? rootList.find((r) => r.file === templateFile)!;
      byFile.get(owner.file)!.constructPaths.set(e.data, cp);
    }
  }
  const out: StackSource[] = [];
  const seen = new Set<string>();
  const visit = (file: string, nested: boolean, depth: number) => {
    const abs = path.resolve(dir, file);
    if (seen.has(abs) || depth > 10 || !(abs === dir || abs.startsWith(dir + path.sep))) return;
    seen.add(abs);
    const r = readText(abs, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    if (!r.ok) {
      issues.push({ file: options.display(abs), message: r.message });
      return;
    }
    const info = byFile.get(file);
    out.push({
      path: options.display(abs),
      absPath: abs,
      text: r.text,
      stackPath: info?.stackPath,
      constructPaths: info?.constructPaths ?? new Map(),
      handlerPaths,
      ...(nested ? { nested: true } : {}),
    });
    // Nested stacks: the metadata's template files, and `aws:asset:path` on AWS::CloudFormation::Stack resources.
    for (const child of nestedTemplateFiles(r.text)) visit(child, true, depth + 1);
  };
  visit(templateFile, false, 0);
  for (const r of rootList) if (r.file !== templateFile) visit(r.file, true, 1);
  return out;
}

/** `aws:asset:path` of the nested stack resources of a template (text), cheaply. */
function nestedTemplateFiles(text: string): string[] {
  if (!text.includes('AWS::CloudFormation::Stack')) return [];
  try {
    const t = JSON.parse(text) as { Resources?: Record<string, { Type?: string; Metadata?: Record<string, unknown> }> };
    const out: string[] = [];
    for (const r of Object.values(t.Resources ?? {})) {
      const p = r?.Metadata?.['aws:asset:path'];
      if (r?.Type === 'AWS::CloudFormation::Stack' && typeof p === 'string' && p.endsWith('.json')) out.push(p);
    }
    return out;
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Generated functions

/** Construct ids of CDK's own singletons and framework constructs (a segment of the construct path). */
const GENERATED_SEGMENTS: readonly RegExp[] = [
  /^LogRetention[0-9a-f]{32}$/, // aws-logs LogRetention (logRetention on functions)
  /^BucketNotificationsHandler[0-9a-f]{32}$/, // aws-s3 bucket notifications
  /^AWS679f53fac002430cb0da5b7982bd2287$/, // custom-resources AwsCustomResource
  /^Custom::[A-Za-z0-9]+CustomResourceProvider$/, // core CustomResourceProvider (auto-delete objects, ...)
  /^Custom::CDKBucketDeployment[0-9A-Fa-f]{32}$/, // aws-s3-deployment BucketDeployment
  /^framework-(onEvent|isComplete|onTimeout)$/, // custom-resources Provider framework
  /^@aws-cdk[-/]/, // CDK's own nested stacks (e.g. the EKS kubectl provider)
];

/** The same singletons by logical id, for assemblies without construct paths. */
const GENERATED_IDS: readonly RegExp[] = [
  /^LogRetention[0-9a-f]{32}[0-9A-F]{8}$/,
  /^BucketNotificationsHandler[0-9a-f]{32}[0-9A-F]{8}$/,
  /^AWS679f53fac002430cb0da5b7982bd2287[0-9A-F]{8}$/,
  /^Custom[A-Za-z0-9]+CustomResourceProviderHandler[0-9A-F]{8}$/,
  /^CustomCDKBucketDeployment[0-9A-Fa-f]{32}[0-9A-F]{8}$/,
];

/** Whether a resource is one that CDK generates itself (by construct path, handler metadata or logical id). */
export function isGeneratedByCdk(logicalId: string, constructPath: string | undefined, handlerPaths: ReadonlySet<string> = new Set()): boolean {
  if (constructPath) {
    const segments = constructPath.split('/');
    if (segments.some((s) => GENERATED_SEGMENTS.some((re) => re.test(s)))) return true;
    for (let i = segments.length; i > 0; i--) if (handlerPaths.has(segments.slice(0, i).join('/'))) return true;
    return false;
  }
  return GENERATED_IDS.some((re) => re.test(logicalId));
}

// ---------------------------------------------------------------------------------------------
// The project

export interface CdkLoadOptions {
  overrides: ParameterOverrides;
  readLocal?: LocalReader;
  cdk?: CdkOptions;
}

export interface CdkProject {
  project: Project | undefined;
  /** Parse errors of templates that could not be read (they are left out of the project). */
  errors: ParseIssue[];
  /** Parse warnings (duplicate keys) of the templates in the project. */
  warnings: ParseIssue[];
  /** Is a finding about a resource that config says not to lint (generated, skipped construct path)? */
  skips(file: string, resource: string | null, constructPath: string | undefined): boolean;
}

/** Builds one project from all the stack templates of an assembly (or of an app synthesized in memory). */
export function buildCdkProject(stacks: readonly StackSource[], options: CdkLoadOptions): CdkProject {
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const templates: Template[] = [];
  const handlerPathsOf = new Map<Template, ReadonlySet<string>>();
  for (const s of stacks) {
    const parsed = parseText(s.path, s.text);
    if (!parsed.root) {
      errors.push(parsed.error!);
      continue;
    }
    warnings.push(...parsed.warnings);
    if (parsed.root.kind !== 'map') continue;
    const root = parsed.root as SMap;
    const flavour: Flavour = detectFlavour(root, s.path) === 'sam' ? 'sam' : 'cdk';
    const t = buildTemplate(root.loc.file, root, flavour, s.nested ? new Map() : options.overrides, parsed.warnings);
    t.constructPaths = constructPathsOf(root, s.constructPaths);
    templates.push(t);
    handlerPathsOf.set(t, s.handlerPaths);
  }
  // Linear-time globs (config comes with the pull request): a glob that is refused skips nothing.
  const skipGlobs = options.cdk?.skipConstructPaths?.length ? pathGlobs(options.cdk.skipConstructPaths.map(strip), { dot: true }) : undefined;
  const skipped = new Set<string>();
  const key = (file: string, id: string) => `${file}\0${id}`;
  if (templates.length === 0) return { project: undefined, errors, warnings, skips: () => false };
  const project = buildProject(templates, options.readLocal);
  const kept: LambdaFunction[] = [];
  for (const fn of project.functions) {
    const t = fn.resource.template;
    if (isGeneratedByCdk(fn.resource.logicalId, fn.constructPath, handlerPathsOf.get(t))) fn.generated = true;
    const skip = (fn.generated && !options.cdk?.includeGenerated) || (skipGlobs !== undefined && fn.constructPath !== undefined && skipGlobs(fn.constructPath));
    if (skip) skipped.add(key(t.file.path, fn.resource.logicalId));
    else kept.push(fn);
  }
  project.functions.splice(0, project.functions.length, ...kept);
  return {
    project,
    errors,
    warnings,
    skips: (file, resource, constructPath) =>
      (resource !== null && skipped.has(key(file, resource))) || (skipGlobs !== undefined && constructPath !== undefined && skipGlobs(constructPath)),
  };
}

/** Construct paths from `Metadata['aws:cdk:path']` of each resource, over those known from outside. */
function constructPathsOf(root: SMap, known: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(known);
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return out;
  for (const e of resources.entries) {
    const p = get(get(e.value, 'Metadata'), 'aws:cdk:path');
    if (p?.kind === 'scalar' && typeof p.value === 'string' && p.value) out.set(e.key, strip(p.value));
  }
  return out;
}
