/** Code checks on code written on the fly, through the project's own locator. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/engine/types.js';
import type { CodeLanguage } from '../../src/model/code/types.js';
import { lintText, ROOT, type LintOptions } from './lint.js';

const EXT: Record<string, CodeLanguage> = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript', '.mts': 'typescript', '.java': 'java' };

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
    const out = lintText(path.join(dir, 'template.yaml'), template, { code: { root: dir }, rules });
    return out.findings.filter((f) => f.ruleId === id).map((f) => ({ ...f, file: path.relative(dir, path.resolve(ROOT, f.file)) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function lintCode(files: Record<string, string>, env: Record<string, string>, id: string, rules?: LintOptions['rules'], extra = ''): string[] {
  return lintCodeFindings(files, env, id, rules, extra).map((f) => `${f.file}:${f.line}:${f.column} ${/"([^"]*)"/.exec(f.message)?.[1] ?? ''}`.trimEnd());
}
