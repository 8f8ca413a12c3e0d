/**
 * Where a Terraform function's code is: its `filename` is the `output_path` of a
 * `data "archive_file"` (directly or through `data.archive_file.x.output_path`), whose
 * `source_dir` / `source_file` is the code. Relative paths are the root module's, as Terraform
 * resolves them (`path.module` already evaluated into them).
 */
import path from 'node:path';
import type { Template } from '../types.js';
import type { Evaluator } from './evaluate.js';
import type { TV } from './values.js';

export function attachCodeSources(ev: Evaluator, template: Template, rootDir: string): void {
  const text = (v: TV | undefined) => (v?.k === 'lit' && typeof v.v === 'string' ? v.v : undefined);
  const archives = ev.data.filter((d) => d.type === 'archive_file');
  if (archives.length === 0) return;
  const norm = (p: string) => path.resolve(rootDir, p);
  for (const fn of ev.resources) {
    if (fn.type !== 'aws_lambda_function') continue;
    const filename = text(fn.attr('filename'));
    if (filename === undefined) continue;
    const archive = archives.find((a) => text(a.attr('output_path')) !== undefined && norm(text(a.attr('output_path'))!) === norm(filename));
    if (!archive) continue;
    const dir = archive.attr('source_dir');
    const file = archive.attr('source_file');
    const r = template.resources.get(fn.address);
    if (!r) continue;
    if (text(dir) !== undefined) r.codeSource = { dir: norm(text(dir)!), loc: dir!.loc };
    else if (text(file) !== undefined) r.codeSource = { file: norm(text(file)!), loc: file!.loc };
  }
}
