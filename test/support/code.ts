/**
 * Code for tests: a stand-in locator that gives each function of a fixture its code by the SAM
 * convention (CodeUri relative to the template, Handler by runtime), every code file of the code
 * root counted as a local module. The project's own locator (src/model/code/locate*) replaces it
 * once it lands; the fixtures follow the same convention.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/engine/types.js';
import type { Project } from '../../src/model/types.js';
import type { CodeFile, CodeGrammar, CodeLanguage, FunctionCode } from '../../src/model/code/types.js';
import { lintText, ROOT, type LintOptions } from './lint.js';

const EXT: Record<string, CodeLanguage> = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript', '.mts': 'typescript', '.java': 'java' };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (n === 'node_modules' || n.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : EXT[path.extname(n)] ? [p] : [];
  });
}

export function codeFile(abs: string): CodeFile {
  const language = EXT[path.extname(abs)]!;
  const grammar: CodeGrammar = language;
  return { path: abs, displayPath: path.relative(ROOT, abs).split(path.sep).join('/'), text: readFileSync(abs, 'utf8'), language, grammar };
}

function text(v: ReturnType<Project['functions'][number]['get']>): string | undefined {
  return v.kind === 'lit' && typeof v.value === 'string' ? v.value : undefined;
}

/** Gives every function of the project its code, found from `dir` (the template's directory). */
export function locateForTest(project: Project, dir: string): void {
  for (const fn of project.functions) {
    const runtime = text(fn.get('Runtime')) ?? '';
    const handler = text(fn.get('Handler'));
    const uri = fn.resource.sourceProperties?.entries.find((e) => e.key === 'CodeUri')?.value;
    const root = path.resolve(dir, uri?.kind === 'scalar' && typeof uri.value === 'string' ? uri.value : '.');
    if (!handler || !existsSync(root)) continue;
    const language: CodeLanguage | undefined = runtime.startsWith('python') ? 'python' : runtime.startsWith('nodejs') ? undefined : runtime.startsWith('java') ? 'java' : undefined;
    let entry: string | undefined;
    let handlerName: string;
    if (runtime.startsWith('java')) {
      const [cls, method] = handler.split('::');
      handlerName = method ?? 'handleRequest';
      const tail = `${cls!.split('.').join(path.sep)}.java`;
      entry = walk(root).find((f) => f.endsWith(tail));
    } else {
      const dot = handler.lastIndexOf('.');
      handlerName = handler.slice(dot + 1);
      const base = path.join(root, handler.slice(0, dot));
      const exts = language === 'python' ? ['.py'] : ['.js', '.mjs', '.cjs', '.ts', '.mts'];
      entry = exts.map((e) => base + e).find(existsSync);
    }
    if (!entry) continue;
    const entryFile = codeFile(entry);
    const others = walk(root).filter((f) => f !== entry && EXT[path.extname(f)] === entryFile.language || (f !== entry && (entryFile.language === 'typescript' || entryFile.language === 'javascript') && ['javascript', 'typescript'].includes(EXT[path.extname(f)]!)));
    const code: FunctionCode = { language: entryFile.language, entry: entryFile, handlerName, files: [entryFile, ...others.map(codeFile)], root };
    fn.code = code;
  }
}

const RUNTIME: Record<CodeLanguage, [string, string]> = {
  python: ['python3.12', 'app.handler'],
  javascript: ['nodejs20.x', 'index.handler'],
  typescript: ['nodejs20.x', 'index.handler'],
  java: ['java21', 'com.acme.Handler::handleRequest'],
};

/**
 * Lints code written on the fly: `files` (the first is the entry: app.py, index.js, index.ts or
 * com/acme/Handler.java) under one SAM function `Fn` with `env` as its Environment. Returns the
 * findings of `id`, each as `file:line:col` and the first quoted text of its message.
 */
export function lintCodeFindings(files: Record<string, string>, env: Record<string, string>, id: string, rules?: LintOptions['rules'], extra = ''): Finding[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-code-'));
  try {
    const names = Object.keys(files);
    const [runtime, handler] = RUNTIME[EXT[path.extname(names[0]!)]!];
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const vars = Object.entries(env).map(([k, v]) => `          ${k}: ${JSON.stringify(v)}\n`).join('');
    const template = `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Runtime: ${runtime}\n      Handler: ${handler}\n${vars ? `      Environment:\n        Variables:\n${vars}` : ''}${extra}`;
    writeFileSync(path.join(dir, 'template.yaml'), template);
    const out = lintText(path.join(dir, 'template.yaml'), template, { code: true, rules });
    return out.findings.filter((f) => f.ruleId === id).map((f) => ({ ...f, file: path.relative(dir, path.resolve(ROOT, f.file)) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function lintCode(files: Record<string, string>, env: Record<string, string>, id: string, rules?: LintOptions['rules'], extra = ''): string[] {
  return lintCodeFindings(files, env, id, rules, extra).map((f) => `${f.file}:${f.line}:${f.column} ${/"([^"]*)"/.exec(f.message)?.[1] ?? ''}`.trimEnd());
}
