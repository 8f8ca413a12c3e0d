import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';
import { treeSitterReady } from '../src/parse/tree-sitter.js';

const ROOT = path.resolve(import.meta.dirname, '..');

// A test file of its own: tree-sitter starts once per worker, and nothing else here starts it.
describe('code is read lazily', () => {
  it('tree-sitter starts with the first function that has code to read, not before', async () => {
    // Every function here has code, but code reading is off; then functions whose code is not found.
    await lintPaths(['fixtures/code/sam-python/template.yaml'], { cwd: ROOT, code: false });
    await lintPaths(['fixtures/br-ld-3/timeout/valid/sam-globals.yaml'], { cwd: ROOT });
    expect(treeSitterReady()).toBe(false);
    await lintPaths(['fixtures/code/sam-java/template.yaml'], { cwd: ROOT });
    expect(treeSitterReady()).toBe(true);
  });
});
