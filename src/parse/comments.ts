import type { SourceFile } from './source.js';

/**
 * Comments of files whose parser finds them (HCL), for the suppression directives: registered by
 * the parser, read by the suppression engine, so that neither imports the other's syntax.
 */
const registry = new WeakMap<SourceFile, readonly { start: number; text: string }[]>();

export function registerComments(file: SourceFile, comments: readonly { start: number; text: string }[]): void {
  registry.set(file, comments);
}

export function commentsOf(file: SourceFile): readonly { start: number; text: string }[] | undefined {
  return registry.get(file);
}
