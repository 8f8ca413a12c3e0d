/**
 * What the code checks share: the functions whose code was read, and findings at a call of a code
 * file (file:line:col of that file; `resource` is the function, as everywhere else).
 */
import { codeLoc } from '../parse/code.js';
import { treeSitterReady } from '../parse/tree-sitter.js';
import { programOf, type Program } from '../model/code/program.js';
import type { CodeFile } from '../model/code/types.js';
import type { SyntaxNode } from '../model/code/unit.js';
import type { LambdaFunction } from '../model/types.js';
import type { RuleContext, Severity } from './types.js';

/** Each function whose code was read, with its program. */
export function* programs(ctx: RuleContext): Generator<[LambdaFunction, Program]> {
  // Code is read only when the run started tree-sitter (the file linter does when some function has code).
  if (!treeSitterReady()) return;
  for (const fn of ctx.project.functions) {
    const p = programOf(fn);
    if (p) yield [fn, p];
  }
}

/** `app.py:12`, for messages. */
export function where(file: CodeFile, node: SyntaxNode): string {
  const origin = file.origin;
  const line = node.startPosition.row + (origin ? origin.line : 1);
  return `${origin ? origin.template.path : file.displayPath}:${line}`;
}

/** A source-text excerpt of a node for messages: one line, at most 80 characters. */
export function excerpt(node: SyntaxNode): string {
  const line = node.text.split('\n')[0]!;
  const t = line.length > 80 ? `${line.slice(0, 77)}...` : line;
  return t + (node.text.includes('\n') && !t.endsWith('...') ? ' ...' : '');
}

export function reportCode(
  ctx: RuleContext,
  fn: LambdaFunction,
  file: CodeFile,
  node: SyntaxNode,
  finding: { message: string; help: string },
  key: string,
  severity?: Severity,
): void {
  ctx.report({ resource: fn.resource, resourceName: fn.name, at: codeLoc(file, node), ...finding, path: `code:${key}`, ...(severity ? { severity } : {}) });
}
