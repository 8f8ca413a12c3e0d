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
/**
 * Keys whose values, and everything nested under them, are masked: names of secrets, and the
 * environment of a function, where secrets and PII are written as plain values.
 */
const MASKED_KEY = /pass(word|wd|phrase)?|secret|token|api_?key|private_?key|credentials?|^variables$|^environment$/i;
/** A mapping key at the start of a line (YAML or pretty-printed JSON): indentation, key. */
const KEY = /^(\s*)(?:-\s+)?["']?([^"'\s:#{}[\],][^"':#{}[\]]*?)["']?\s*:(?:\s|$)/;
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
  private readonly files = new Map<string, { lines: string[]; masked: Uint8Array } | null>();

  constructor(private readonly ctx: FormatContext) {}

  private fileOf(file: string): { lines: string[]; masked: Uint8Array } | null {
    let read = this.files.get(file);
    if (read !== undefined) return read;
    try {
      const abs = absoluteFile(this.ctx, file);
      if (statSync(abs).size > MAX_SHOWN_FILE) read = null;
      else {
        const lines = readFileSync(abs, 'utf8').split(/\r?\n/);
        read = { lines, masked: maskedLines(lines) };
      }
    } catch {
      read = null;
    }
    this.files.set(file, read);
    return read;
  }

  /** The finding's first line with `context` lines around it, masked; undefined when the file cannot be read. */
  snippet(f: Finding, context = 2): Snippet | undefined {
    const read = this.fileOf(f.file);
    if (!read || f.line < 1 || f.line > read.lines.length) return undefined;
    const first = Math.max(1, f.line - context);
    const last = Math.min(read.lines.length, f.line + context);
    const sensitive = SENSITIVE_VALUES.has(f.ruleId);
    const shown = read.lines.slice(first - 1, last).map((l, i) => {
      const n = first + i;
      return read.masked[n - 1] || (sensitive && n >= f.line && n <= Math.max(f.line, f.endLine)) ? mask(l) : l;
    });
    return { first, lines: shown.map((l) => l.replace(/\t/g, '  ')) };
  }
}

/**
 * Which lines show a value to mask: a line whose key, or the key of a mapping it is nested in (by
 * indentation), names a secret or a function's environment. One pass with a stack of open keys.
 */
export function maskedLines(lines: readonly string[]): Uint8Array {
  const masked = new Uint8Array(lines.length);
  const open: { indent: number; masks: boolean }[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '' || /^\s*#/.test(line)) return;
    const indent = line.length - line.trimStart().length;
    while (open.length && open[open.length - 1]!.indent >= indent) open.pop();
    const inside = open.some((o) => o.masks);
    const key = KEY.exec(line)?.[2];
    const masks = key !== undefined && MASKED_KEY.test(key.trim());
    if (inside || masks) masked[i] = 1;
    if (key !== undefined) open.push({ indent, masks: inside || masks });
  });
  return masked;
}

/** The line with its value masked (`key: ••••••••`); a key that opens a block is kept; a line without a key is masked whole. */
export function mask(line: string): string {
  const m = VALUE.exec(line);
  if (m) return /^([{[]|[|>][-+]?)\s*$/.test(m[2]!) ? line : `${m[1]}${'•'.repeat(Math.min(8, m[2]!.length))}`;
  return KEY.test(line) ? line : line.replace(/^(\s*-\s+)?(.*)$/, (_, dash: string | undefined, rest: string) => `${dash ?? ''}${rest.replace(/[^\s{}[\],]/g, '•')}`);
}
