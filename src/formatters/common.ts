import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../engine/types.js';
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
