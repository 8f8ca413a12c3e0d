/**
 * Where inline code (`ZipFile`, `InlineCode`) starts in its template, so that findings in it point
 * at template lines: a YAML block scalar (`|`, `>-`...) starts on the line after its indicator, at
 * the block's indentation, and keeps one template line per code line; a quoted or plain scalar
 * starts where its text does, and its lines are not template lines (JSON's `\n` escapes, folded
 * YAML), so every finding in it points at that start.
 */
import type { Loc } from '../../parse/index.js';
import type { CodeFile } from './types.js';

export function inlineOrigin(loc: Loc): NonNullable<CodeFile['origin']> {
  const text = loc.file.text;
  let i = loc.start;
  // A tag (`!Sub |`) before the scalar.
  if (text[i] === '!') while (i < loc.end && !/\s/.test(text[i]!)) i++;
  while (i < loc.end && (text[i] === ' ' || text[i] === '\t')) i++;
  const at = (offset: number) => {
    const p = loc.file.position(offset);
    return { template: loc.file, line: p.line, column: p.column, layout: 'scalar' as const };
  };
  const c = text[i];
  if (c === '"' || c === "'") return at(i + 1);
  if (c !== '|' && c !== '>') return at(i);
  const header = loc.file.position(i).line;
  // The block's indentation is that of its first non-empty line.
  for (let line = header + 1; line <= loc.file.lineCount; line++) {
    const start = loc.file.lineOffset(line);
    const end = text.indexOf('\n', start);
    const content = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
    if (content.trim() === '') continue;
    const indent = content.length - content.trimStart().length;
    return { template: loc.file, line: header + 1, column: indent + 1, layout: 'block' };
  }
  return at(i);
}
