import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import type { FormatContext } from './types.js';

export interface Counts {
  /** Findings that are not suppressed, per severity. */
  errors: number;
  warnings: number;
  infos: number;
  /** Findings reported although a suppression or baseline matched. */
  suppressed: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppression) c.suppressed++;
    else if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  return c;
}

/** Deterministic order: file, line, column, rule, message (no locale dependence). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.resource ?? '', b.resource ?? '') ||
    cmp(a.message, b.message)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `1 error, 2 warnings, 0 infos` */
export function severitySummary(c: Counts): string {
  return `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.infos, 'info')}`;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Absolute path of a finding's file (`Finding.file` is relative to `ctx.cwd`). */
export function absoluteFile(ctx: FormatContext, file: string): string {
  return path.resolve(ctx.cwd, file);
}

/**
 * The file relative to the repository root with forward slashes, or null when it lies outside
 * the repository (or on another drive).
 */
export function repoRelative(ctx: FormatContext, file: string): string | null {
  const rel = path.relative(path.resolve(ctx.repoRoot), absoluteFile(ctx, file));
  if (rel === '' || path.isAbsolute(rel) || rel === '..' || rel.startsWith(`..${path.sep}`)) return null;
  return rel.split(path.sep).join('/');
}

/** Repository-relative path for display, falling back to the path as given (with `/`). */
export function displayRepoPath(ctx: FormatContext, file: string): string {
  return repoRelative(ctx, file) ?? file.split(path.sep).join('/');
}

/** Percent-encodes what a relative URI reference may not contain, keeping `/` as separator. */
export function encodeUriPath(p: string): string {
  return p
    .split('/')
    .map((seg) =>
      encodeURIComponent(seg).replace(/%(40|2B|24|2C|3B|3D|26)/g, (m) => decodeURIComponent(m)),
    )
    .join('/');
}

/** file:// URL of a directory, ending in `/`. */
export function directoryUrl(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** The documentation page of a rule, or undefined when no docs base URL is configured. */
export function ruleDocsUrl(ctx: FormatContext, ruleId: string): string | undefined {
  const base = ctx.docsBaseUrl.replace(/\/+$/, '');
  if (!base) return undefined;
  return `${base}/${ruleId.toLowerCase()}.md`;
}

/** The pieces of a report as one string. */
export function joinReport(pieces: Iterable<string>): string {
  let out = '';
  for (const p of pieces) out += p;
  return out;
}

/** A string formatter from a report writer (for the named exports and programmatic use). */
export function joined<A extends unknown[]>(write: (...args: A) => Iterable<string>): (...args: A) => string {
  return (...args) => joinReport(write(...args));
}

/** An array of a JSON document written item by item (see prettyJson). */
export class LazyArray {
  constructor(readonly items: () => Iterable<unknown>) {}
}

/**
 * `JSON.stringify(value, null, 2)` in pieces: a LazyArray anywhere inside is written one item at a
 * time, so that the document is never held whole. The pieces joined equal JSON.stringify's text.
 */
export function* prettyJson(value: unknown, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  if (value instanceof LazyArray) {
    let first = true;
    for (const item of value.items()) {
      yield `${first ? '[\n' : ',\n'}${inner}${reindent(JSON.stringify(item ?? null, null, 2), inner)}`;
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  if (Array.isArray(value) ? !value.some(hasLazy) : !hasLazy(value)) {
    yield reindent(JSON.stringify(value, null, 2), indent);
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (const [i, item] of value.entries()) {
      yield `${i ? ',' : ''}\n${inner}`;
      yield* prettyJson(item ?? null, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  yield '{';
  for (const [i, [k, v]] of entries.entries()) {
    yield `${i ? ',' : ''}\n${inner}${JSON.stringify(k)}: `;
    yield* prettyJson(v, inner);
  }
  yield entries.length ? `\n${indent}}` : '}';
}

function hasLazy(v: unknown): boolean {
  if (v instanceof LazyArray) return true;
  if (v === null || typeof v !== 'object') return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(hasLazy);
}

function reindent(text: string, indent: string): string {
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

/**
 * Greedy word wrap to `width` columns. Words are never broken; a token wider than the line (a
 * long ARN or path) is split after `/ : , . = -` where it can be, else where it must.
 */
export function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).flatMap((t) => splitLong(t, w))) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= w) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

function splitLong(token: string, width: number): string[] {
  const out: string[] = [];
  let rest = token;
  while (rest.length > width) {
    const window = rest.slice(0, width);
    const at = Math.max(...['/', ':', ',', '.', '=', '-'].map((c) => window.lastIndexOf(c)));
    const cut = at > 0 ? at + 1 : width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/** `420 ms`, `3.1 s` */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The closing line of the terminal reports: the counts, what was checked and how long it took.
 * A clean run says so (`✔ 3 templates, 12 functions checked: no problems`), so that a pass that
 * checked 40 functions and one that checked none look different.
 */
export function summaryLine(result: LintResult, c: Counts): { text: string; severity: Severity | 'ok' } {
  const problems = c.errors + c.warnings + c.infos;
  const s = result.stats;
  const checked = s ? `${plural(s.templates, 'template')}, ${plural(s.functions, 'function')} checked` : `${plural(result.files.length, 'file')} checked`;
  const time = s?.durationMs !== undefined ? ` (${duration(s.durationMs)})` : '';
  const suppressed = c.suppressed > 0 ? `, ${c.suppressed} suppressed` : '';
  // A run that read no template passes nothing: it is not shown as a pass.
  if (problems === 0 && s?.templates === 0) return { text: `ℹ no templates checked${time}`, severity: 'info' };
  if (problems === 0) return { text: `✔ ${checked}: no problems${suppressed}${time}`, severity: 'ok' };
  const severity: Severity = c.errors > 0 ? 'error' : c.warnings > 0 ? 'warning' : 'info';
  return { text: `✖ ${plural(problems, 'problem')} (${severitySummary(c)})${suppressed} · ${checked}${time}`, severity };
}
