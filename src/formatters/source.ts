/**
 * Source lines around a finding, for the reports that show them (codeframe, HTML). Files are read
 * from disk once each; a value that may be a secret is masked, so that a report never prints what
 * the checks refuse to name (BR-LD-1 messages show a variable's name, never its value).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Finding } from '../engine/types.js';
import { absoluteFile } from './common.js';
import type { FormatContext } from './types.js';

/** Files larger than this are not shown (the report stays readable; the finding still has its position). */
const MAX_SHOWN_FILE = 8 * 1024 * 1024;
/** Key names whose values are masked wherever they appear. */
const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api_?key|private_?key|credentials?)["']?\s*:/i;
/** `key: value` / `"key": "value"`: the value part. */
const VALUE = /^(\s*(?:-\s+)?["']?[^"':#]+["']?\s*:\s*)(\S.*)$/;
/** Checks whose findings point at a value that may itself be sensitive (a secret, PII). */
const SENSITIVE_VALUES = new Set(['BR-LD-1/sensitive-env-vars']);

export interface Snippet {
  /** 1-based number of the first line. */
  first: number;
  lines: string[];
}

export class SourceLines {
  private readonly files = new Map<string, string[] | null>();

  constructor(private readonly ctx: FormatContext) {}

  private linesOf(file: string): string[] | null {
    let lines = this.files.get(file);
    if (lines !== undefined) return lines;
    try {
      const abs = absoluteFile(this.ctx, file);
      lines = statSync(abs).size > MAX_SHOWN_FILE ? null : readFileSync(abs, 'utf8').split(/\r?\n/);
    } catch {
      lines = null;
    }
    this.files.set(file, lines);
    return lines;
  }

  /** The finding's first line with `context` lines around it, masked; undefined when the file cannot be read. */
  snippet(f: Finding, context = 2): Snippet | undefined {
    const lines = this.linesOf(f.file);
    if (!lines || f.line < 1 || f.line > lines.length) return undefined;
    const first = Math.max(1, f.line - context);
    const last = Math.min(lines.length, f.line + context);
    const sensitive = SENSITIVE_VALUES.has(f.ruleId);
    const shown = lines.slice(first - 1, last).map((l, i) => mask(l, sensitive && first + i >= f.line && first + i <= Math.max(f.line, f.endLine)));
    return { first, lines: shown.map((l) => l.replace(/\t/g, '  ')) };
  }
}

/** Masks the value of a `key: value` line when the key names a secret (or always, when asked). */
export function mask(line: string, always = false): string {
  if (!always && !SECRET_KEY.test(line)) return line;
  const m = VALUE.exec(line);
  if (!m) return always ? line.replace(/\S/g, '•') : line;
  return `${m[1]}${'•'.repeat(Math.min(8, m[2]!.length))}`;
}
