import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'vitest';
import { lintPaths } from '../../src/run.js';
import type { Finding } from '../../src/engine/types.js';
import { ROOT } from './lint.js';

export const CORPUS = path.resolve(ROOT, '../shared/corpus');

/**
 * The findings of one file of ../shared/corpus (`rel` relative to it), linted as the CLI lints it
 * from the corpus root; the test is skipped, with its reason, when the corpus is not present.
 */
export async function lintCorpus(ctx: TestContext, rel: string, options: { config?: string } = {}): Promise<Finding[]> {
  if (!existsSync(path.join(CORPUS, rel))) ctx.skip(`the corpus is not present at ${CORPUS}`);
  const run = await lintPaths([path.join(CORPUS, rel)], { cwd: CORPUS, today: '2026-06-01', ...options });
  return run.result.findings;
}
