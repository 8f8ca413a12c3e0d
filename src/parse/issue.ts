import type { Loc } from './source.js';

/** A problem found while reading a file: fatal ones stop the file, others are reported beside its findings. */
export interface ParseIssue {
  kind: 'syntax' | 'duplicate-key' | 'limit';
  message: string;
  loc: Loc;
}

export interface ParseResult {
  /** Absent when the file could not be parsed at all. */
  root?: import('./node.js').SNode;
  /** The first fatal problem, when root is absent. */
  error?: ParseIssue;
  warnings: ParseIssue[];
}
