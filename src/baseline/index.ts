/**
 * Baseline: the findings a project accepts as known debt, recorded by fingerprint (check, file,
 * resource and property path; never line numbers) so that only new findings are reported.
 *
 * File paths in a baseline are relative to the baseline file's directory, so the same baseline works
 * whatever directory ldlint runs from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fingerprint } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { UsageError } from '../parameters.js';
import { NOT_BASELINED } from '../engine/engine-findings.js';

export const BASELINE_FILE = '.ldlint-baseline.json';
export const BASELINE_VERSION = 1;

export { NOT_BASELINED };

export interface BaselineEntry {
  /** Fingerprint of the finding, its file taken relative to the baseline's directory. */
  fingerprint: string;
  /** For reviewers: what the entry accepts. */
  ruleId: string;
  file: string;
  resource: string | null;
  path?: string;
  message: string;
  /** How many findings share the fingerprint (absent: 1). */
  count?: number;
}

export interface BaselineDoc {
  $comment?: string;
  version: number;
  entries: BaselineEntry[];
}

/** A baseline file that cannot be used (exit 2, like other usage errors). */
export class BaselineError extends UsageError {}

/** `finding.file` (relative to cwd) as a path relative to the baseline's directory, with `/`. */
export function baselineFile(f: Finding, cwd: string, baseDir: string): string {
  return toPosix(path.relative(baseDir, path.resolve(cwd, f.file))) || path.basename(f.file);
}

/** The finding's fingerprint with its file relative to the baseline's directory. */
export function baselineKey(f: Finding, cwd: string, baseDir: string): string {
  return fingerprint(f.ruleId, baselineFile(f, cwd, baseDir), f.resource, f.path ?? f.message);
}

/** A baseline of the findings that are not suppressed (engine problems excluded), sorted. */
export function createBaseline(findings: readonly Finding[], opts: { cwd: string; file: string }): BaselineDoc {
  const baseDir = path.dirname(path.resolve(opts.cwd, opts.file));
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.suppression || NOT_BASELINED.has(f.ruleId)) continue;
    const key = baselineKey(f, opts.cwd, baseDir);
    const seen = byKey.get(key);
    if (seen) {
      seen.count = (seen.count ?? 1) + 1;
      continue;
    }
    byKey.set(key, {
      fingerprint: key,
      ruleId: f.ruleId,
      file: baselineFile(f, opts.cwd, baseDir),
      resource: f.resource,
      ...(f.path ? { path: f.path } : {}),
      message: f.message,
    });
  }
  const entries = [...byKey.values()].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.resource ?? '', b.resource ?? '') || cmp(a.ruleId, b.ruleId) || cmp(a.path ?? '', b.path ?? '') || cmp(a.fingerprint, b.fingerprint),
  );
  return {
    $comment: 'ldlint baseline: accepted findings, matched by fingerprint (check, file, resource, property path). Regenerate with `ldlint baseline`; review removals and additions like code.',
    version: BASELINE_VERSION,
    entries,
  };
}

/** Pretty JSON, one key per line, trailing newline: reviewable in a pull request. */
export function baselineText(doc: BaselineDoc): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Reads and checks a baseline file; throws BaselineError with a readable message. */
export function readBaseline(file: string): BaselineDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BaselineError(`--baseline: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}: ${file} (create it with: ldlint baseline)`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`--baseline: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as Partial<BaselineDoc>;
  if (!d || typeof d !== 'object' || !Array.isArray(d.entries)) throw new BaselineError(`--baseline: ${file} is not an ldlint baseline (no "entries" list)`);
  if (d.version !== BASELINE_VERSION) throw new BaselineError(`--baseline: ${file} has version ${String(d.version)}; this ldlint reads version ${BASELINE_VERSION}`);
  d.entries.forEach((e, i) => {
    if (!e || typeof e.fingerprint !== 'string' || typeof e.ruleId !== 'string' || typeof e.file !== 'string') {
      throw new BaselineError(`--baseline: ${file}: entry ${i} needs string "fingerprint", "ruleId" and "file"`);
    }
  });
  return d as BaselineDoc;
}

/**
 * Matches findings against a baseline: a finding whose fingerprint has a remaining entry becomes
 * suppressed (kind `baseline`); entries that match nothing in the files linted are stale.
 */
export class BaselineMatcher {
  private readonly remaining = new Map<string, number>();
  private readonly matched = new Set<string>();
  private readonly linted = new Set<string>();
  private accepted = 0;
  private readonly baseDir: string;
  private readonly shown: string;

  constructor(
    private readonly doc: BaselineDoc,
    private readonly opts: { cwd: string; file: string },
  ) {
    const abs = path.resolve(opts.cwd, opts.file);
    this.baseDir = path.dirname(abs);
    this.shown = toPosix(path.relative(opts.cwd, abs)) || path.basename(abs);
    for (const e of doc.entries) this.remaining.set(e.fingerprint, (this.remaining.get(e.fingerprint) ?? 0) + (e.count ?? 1));
  }

  /** Records that a file was linted (display path relative to cwd): its entries can be stale. */
  noteFile(displayPath: string): void {
    this.linted.add(toPosix(path.relative(this.baseDir, path.resolve(this.opts.cwd, displayPath))));
  }

  /** Suppresses the findings the baseline accepts (never those of `nonSuppressible` checks). */
  apply(findings: readonly Finding[], nonSuppressible: ReadonlySet<string> = new Set()): Finding[] {
    return findings.map((f) => {
      if (NOT_BASELINED.has(f.ruleId)) return f;
      const key = baselineKey(f, this.opts.cwd, this.baseDir);
      const left = this.remaining.get(key) ?? 0;
      if (left <= 0) return f;
      this.remaining.set(key, left - 1);
      this.matched.add(key);
      if (f.suppression || nonSuppressible.has(f.ruleId)) return f;
      this.accepted++;
      return { ...f, suppression: { kind: 'baseline' as const, reason: 'accepted in the baseline', file: this.shown } };
    });
  }

  /** Findings the baseline accepted so far. */
  matchedCount(): number {
    return this.accepted;
  }

  /** Entries of linted files that matched no finding, described for people. */
  stale(): string[] {
    return this.doc.entries
      .filter((e) => !this.matched.has(e.fingerprint) && this.linted.has(e.file))
      .map((e) => `${e.ruleId} ${e.file}${e.resource ? ` ${e.resource}` : ''}${e.path ? ` ${e.path}` : ''} (${e.fingerprint.slice(0, 12)})`);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
