import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintPaths, type LintOptions, type LintRun } from '../../src/run.js';
import type { Finding } from '../../src/engine/types.js';

/** Writes a Terraform project (path -> text) into a fresh directory with a .git marker (the project root). */
export function tfProject(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'ldlint-tf-')));
  mkdirSync(path.join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Lints a Terraform project written with tfProject (paths relative to it). */
export async function lintTf(files: Record<string, string>, paths: string[] = ['.'], options: Partial<LintOptions> = {}): Promise<LintRun & { dir: string; findings: Finding[] }> {
  const dir = tfProject(files);
  const run = await lintPaths(paths, { cwd: dir, keepProjects: true, today: '2026-06-01', ...options });
  return { ...run, dir, findings: run.result.findings };
}

/** `ruleId file:line:col resource` of each finding (compact assertions). */
export function brief(findings: Finding[], ruleId?: string): string[] {
  return findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.resource ?? '-'}`);
}

/** A function resource with the arguments every test needs, plus `extra` lines. */
export const FN = (name: string, extra = '') => `resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::123456789012:role/x"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "fn.zip"
${extra}}
`;
