import type { SourceFile } from './source.js';

/**
 * Comments of files whose parser finds them (HCL), for the suppression directives: registered by
 * the parser, read by the suppression engine, so that neither imports the other's syntax.
 */
export interface FileComments {
  comments: readonly { start: number; text: string }[];
  /** 1-based first line of a block or argument -> its last line (a directive above it covers it all). */
  extents: ReadonlyMap<number, number>;
}

const registry = new WeakMap<SourceFile, FileComments>();

export function registerComments(file: SourceFile, comments: FileComments): void {
  registry.set(file, comments);
}

export function commentsOf(file: SourceFile): FileComments | undefined {
  return registry.get(file);
}
