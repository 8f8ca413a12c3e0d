import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintSource, type FileOutcome } from '../../src/lint.js';
import { localReader } from '../../src/io/read.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import { rules } from '../../rules/index.js';
import { loadServerless } from '../../src/model/serverless/index.js';
import { ROOT } from './lint.js';

/** The shared corpus of real projects (absent on a fresh clone: tests on it skip). */
export const CORPUS = path.resolve(ROOT, '../shared/corpus');

/**
 * Lints a corpus file (path relative to the corpus) with every check at its default, includes read
 * inside the corpus; undefined when the corpus is not present.
 */
export function lintCorpusFile(rel: string): FileOutcome | undefined {
  const file = path.join(CORPUS, rel);
  if (!existsSync(file)) return undefined;
  return lintSource(
    { path: rel, text: readFileSync(file, 'utf8') },
    rules,
    { rules: new Map(), settings: DEFAULT_SETTINGS, strict: false, today: '2026-06-01' },
    {
      overrides: new Map(),
      readLocal: localReader(CORPUS, CORPUS),
      serverless: loadServerless,
      serverlessOptions: { projectRoot: path.dirname(file), cwd: CORPUS },
    },
  );
}
