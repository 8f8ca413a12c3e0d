import type { Loc } from './source.js';

/** A problem found while reading a file: fatal ones stop the file, others are reported beside its findings. */
export interface ParseIssue {
  /**
   * syntax / limit: the file cannot be read; duplicate-key: a key given twice; unresolved: an
   * included file cannot be read, its values are unknown; refused: an include that would read
   * outside the project; missing-transform: SAM resources without the SAM transform, and
   * invalid-template: no resources, nested-stack-cycle: a nested stack that nests its own chain
   * (found by the model).
   */
  kind: 'syntax' | 'duplicate-key' | 'limit' | 'unresolved' | 'refused' | 'missing-transform' | 'invalid-template' | 'nested-stack-cycle';
  message: string;
  loc: Loc;
}

export interface ParseResult {
  /** Absent when the file could not be parsed at all. */
  root?: import('./node.js').SNode;
  /** The first fatal problem, when root is absent. */
  error?: ParseIssue;
  warnings: ParseIssue[];
  /** `# ldlint-...` suppression directives in the file's comments (YAML; absent when there are none). */
  directives?: import('./directives.js').Directive[];
}
