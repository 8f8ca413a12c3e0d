/**
 * Where a function's code is, from its configuration, for each input (code.md "Finding the code"):
 * SAM `CodeUri` (Globals applied) and `InlineCode`, CloudFormation `Code.ZipFile` and local `Code`
 * paths, Serverless service directories, CDK assets (`Metadata["aws:asset:path"]` in cdk.out),
 * Terraform archives (through `terraformCode`). The runtime decides the language; a function
 * without one (a container image, a custom runtime) has no code to read. Whatever cannot be found
 * is one problem for the function, never a guess.
 */
import path from 'node:path';
import { get, type Loc, type SNode } from '../../parse/index.js';
import type { LambdaFunction } from '../types.js';
import { asString, field, type Value } from '../value.js';
import type { CodeFs } from './files.js';
import { findEntry, runtimeFamily, splitHandler, type Runtime } from './handler.js';
import { inlineOrigin } from './inline.js';
import type { CodeFile, CodeProblem, FunctionCode } from './types.js';

export interface LocateContext {
  fs: CodeFs;
  /** Absolute path of a file the model names by its display path (templates). */
  abs(displayPath: string): string;
  /** Display path of an absolute path (as findings show it). */
  display(abs: string): string;
}

/** What locating found: the entry file (imports are followed later), a problem, or no code to read. */
export type Located = { code: FunctionCode } | { problem: CodeProblem } | undefined;

/** Where the code of a function lives before its handler is resolved. */
type Source =
  | { kind: 'dir'; root: string; at: Loc }
  | { kind: 'inline'; text: Value; at: Loc }
  | { kind: 'problem'; reason: string; at: Loc }
  | { kind: 'none' };

const ARCHIVE = /\.(zip|jar|war)$/i;

export function locateCode(fn: LambdaFunction, ctx: LocateContext): Located {
  const r = fn.resource;
  if (asString(fn.get('PackageType')) === 'Image') return undefined;
  const runtimeValue = fn.get('Runtime');
  const runtimeText = asString(runtimeValue) ?? (runtimeValue.kind === 'absent' && fn.flavour === 'serverless' ? 'nodejs' : undefined);
  if (runtimeText === undefined) {
    // No runtime: an image (SAM ImageUri), or nothing CloudFormation would deploy.
    if (runtimeValue.kind === 'absent') return undefined;
    return { problem: { reason: 'its runtime is not known, so the language of its code is not either', at: runtimeValue.loc } };
  }
  const runtime = runtimeFamily(runtimeText);
  if (!runtime) return undefined;
  const source = sourceOf(fn, ctx);
  if (source.kind === 'none') return undefined;
  if (source.kind === 'problem') return { problem: { reason: source.reason, at: source.at } };
  const handlerValue = fn.get('Handler');
  const handler = asString(handlerValue);
  if (source.kind === 'inline') return inline(fn, runtime, source, handler, ctx);
  if (handler === undefined) {
    return { problem: { reason: handlerValue.kind === 'absent' ? 'it has no handler' : 'its handler is not known', at: handlerValue.kind === 'absent' ? r.keyLoc : handlerValue.loc } };
  }
  // A Java function deploys the archive its Maven or Gradle project builds: its code is that project's.
  if (runtime === 'java' && ARCHIVE.test(source.root)) source.root = javaBuildProject(ctx.fs, source.root) ?? source.root;
  const shownRoot = ctx.display(source.root);
  if (!ctx.fs.within(source.root)) return { problem: { reason: `its code directory ${shownRoot} is outside the project`, at: source.at } };
  if (!ctx.fs.inside(source.root)) {
    return { problem: { reason: ctx.fs.exists(source.root) ? `its code directory ${shownRoot} leads outside the project` : `its code path ${shownRoot} does not exist`, at: source.at } };
  }
  if (!ctx.fs.isDir(source.root)) {
    return { problem: { reason: ARCHIVE.test(source.root) ? `its code is the archive ${shownRoot}, which ldlint does not open` : `its code path ${shownRoot} is not a directory`, at: source.at } };
  }
  const parts = splitHandler(runtime, handler);
  const entry = parts && findEntry(ctx.fs, source.root, runtime, parts, entryPointsOf(fn));
  if (!parts || !entry) {
    const expected = parts ? expectedFile(runtime, parts.module) : handler;
    return { problem: { reason: `its handler ${handler} names ${expected}, which is not in ${shownRoot}`, at: handlerValue.loc } };
  }
  const read = ctx.fs.read(entry.file);
  if (!read.ok) return { problem: { reason: `its entry file ${ctx.display(entry.file)} cannot be read: ${read.reason}`, at: handlerValue.loc } };
  const file: CodeFile = { path: entry.file, displayPath: ctx.display(entry.file), text: read.text, language: entry.language, grammar: entry.grammar };
  return { code: { language: entry.language, entry: file, handlerName: entry.handlerName, files: [file], root: source.root } };
}

/** The Maven (`target/app.jar`) or Gradle (`build/distributions/app.zip`) project that builds an archive. */
function javaBuildProject(fs: CodeFs, archive: string): string | undefined {
  const segs = archive.split(path.sep);
  for (let i = segs.length - 2; i > 0; i--) {
    if (segs[i] !== 'target' && segs[i] !== 'build') continue;
    const dir = segs.slice(0, i).join(path.sep);
    if (['pom.xml', 'build.gradle', 'build.gradle.kts'].some((f) => fs.isFile(path.join(dir, f)))) return dir;
  }
  return undefined;
}

function expectedFile(runtime: Runtime, module: string): string {
  if (runtime === 'python') return `${module}.py`;
  if (runtime === 'java') return `**/${module}`;
  return `${module}.{js,mjs,cjs,ts,mts}`;
}

function inline(fn: LambdaFunction, runtime: Runtime, source: Extract<Source, { kind: 'inline' }>, handler: string | undefined, ctx: LocateContext): Located {
  const text = asString(source.text);
  if (text === undefined) return { problem: { reason: 'its inline code is not a literal text', at: source.text.loc } };
  if (runtime === 'java') return { problem: { reason: 'it has inline code, which Lambda runs only for Node.js and Python', at: source.at } };
  const language = runtime === 'python' ? 'python' : 'javascript';
  const template = fn.resource.template.file;
  const file: CodeFile = {
    path: ctx.abs(template.path),
    displayPath: template.path,
    text,
    language,
    grammar: language,
    origin: inlineOrigin(source.text.loc),
  };
  const parts = handler ? splitHandler(runtime, handler) : undefined;
  return { code: { language, entry: file, handlerName: parts?.handlerName ?? 'handler', files: [file], root: path.dirname(file.path) } };
}

/** The code of a function before its handler is resolved, by the input it comes from. */
function sourceOf(fn: LambdaFunction, ctx: LocateContext): Source {
  const r = fn.resource;
  const templateDir = path.dirname(ctx.abs(r.template.file.path));
  switch (fn.flavour) {
    case 'serverless':
      return serverlessSource(fn, templateDir);
    case 'terraform':
      return terraformSource(fn);
    default:
      break;
  }
  const code = r.get('Code');
  if (r.sourceType === 'AWS::Serverless::Function') return samSource(fn, code, templateDir);
  // CDK: the asset directory the Code was staged from, beside the template in cdk.out.
  const asset = get(r.metadata, 'aws:asset:path');
  const assetProperty = get(r.metadata, 'aws:asset:property');
  if (asset?.kind === 'scalar' && typeof asset.value === 'string' && (!assetProperty || scalarText(assetProperty) === 'Code')) {
    return { kind: 'dir', root: path.resolve(templateDir, asset.value), at: asset.loc };
  }
  const zip = field(code, 'ZipFile');
  if (zip.kind !== 'absent') return { kind: 'inline', text: zip, at: zip.loc };
  // `aws cloudformation package` uploads a local `Code: ./src` and rewrites it.
  const local = asString(code);
  if (local !== undefined && !/^s3:\/\//i.test(local)) return { kind: 'dir', root: path.resolve(templateDir, local), at: code.loc };
  if (code.kind === 'absent') return { kind: 'none' };
  return { kind: 'problem', reason: 'its code is in S3, not in the project', at: code.loc };
}

/**
 * SAM: `InlineCode`, else `CodeUri` (Globals.Function applied; the model carries either as `Code`).
 * A missing CodeUri is the template's directory, as `sam build` takes it.
 */
function samSource(fn: LambdaFunction, code: Value, templateDir: string): Source {
  const r = fn.resource;
  const own = r.sourceProperties;
  const globals = get(get(r.template.sourceRoot, 'Globals'), 'Function');
  const has = (key: string) => get(own, key) !== undefined || (get(own, 'CodeUri') === undefined && get(own, 'InlineCode') === undefined && get(own, 'ImageUri') === undefined && get(globals, key) !== undefined);
  if (has('ImageUri')) return { kind: 'none' };
  if (has('InlineCode')) return { kind: 'inline', text: code, at: code.loc };
  if (code.kind === 'absent') return { kind: 'dir', root: templateDir, at: r.keyLoc };
  const uri = asString(code);
  if (uri !== undefined && !/^s3:\/\//i.test(uri)) return { kind: 'dir', root: path.resolve(templateDir, uri), at: code.loc };
  return { kind: 'problem', reason: uri !== undefined || code.kind === 'map' ? 'its code is in S3, not in the project' : 'its CodeUri is not known', at: code.loc };
}

/**
 * Serverless: handlers are paths in the service directory. A prebuilt `package.artifact` (of the
 * function, or of the service when functions are not packaged individually) is not code to read.
 */
function serverlessSource(fn: LambdaFunction, serviceDir: string): Source {
  const own = get(fn.resource.sourceProperties, 'package');
  const service = get(fn.resource.template.sourceRoot, 'package');
  // Functions the framework adds itself (custom resources) run the framework's code.
  if (!fn.resource.sourceProperties) return { kind: 'none' };
  if (get(own, 'artifact') !== undefined) return { kind: 'none' };
  if (get(service, 'artifact') !== undefined && scalarText(get(service, 'individually')) !== 'true') return { kind: 'none' };
  return { kind: 'dir', root: serviceDir, at: fn.resource.keyLoc };
}

/**
 * Terraform: the `source_dir` / `source_file` of the `data "archive_file"` behind the function's
 * `filename` (src/model/terraform/code-source.ts); an archive built elsewhere is not read. A
 * `source_file` is zipped alone: its directory is the code root.
 */
function terraformSource(fn: LambdaFunction): Source {
  const src = fn.resource.codeSource;
  if (src?.dir) return { kind: 'dir', root: src.dir, at: src.loc };
  if (src?.file) return { kind: 'dir', root: path.dirname(src.file), at: src.loc };
  const code = fn.resource.get('Code');
  const filename = field(code, 'ZipFile');
  if (filename.kind !== 'absent') {
    const name = asString(filename);
    return { kind: 'problem', reason: name !== undefined ? `its code is the archive ${name}, which ldlint does not open (no data "archive_file" builds it)` : 'its filename is not known', at: filename.loc };
  }
  if (code.kind === 'absent') return { kind: 'none' };
  return field(code, 'ImageUri').kind !== 'absent' ? { kind: 'none' } : { kind: 'problem', reason: 'its code is in S3, not in the project', at: code.loc };
}

/** SAM esbuild builds: `Metadata.BuildProperties.EntryPoints`, relative to CodeUri. */
function entryPointsOf(fn: LambdaFunction): string[] {
  const eps = get(get(fn.resource.metadata, 'BuildProperties'), 'EntryPoints');
  if (eps?.kind !== 'seq') return [];
  return eps.items.map(scalarText).filter((s): s is string => s !== undefined);
}

function scalarText(n: SNode | undefined): string | undefined {
  return n?.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}
