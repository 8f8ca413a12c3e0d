/**
 * aws-cdk-lib, constructs and cdk-nag are optional peer dependencies: importing ldlint's CLI (or its
 * main export) must never load them; only `ldlint/cdk` does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/lint.js';

const CDK_PACKAGES = /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/;

/** The modules `entry` loads at run time (type-only imports left out): repository files and bare specifiers. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [path.join(ROOT, entry)];
  const seen = new Set<string>();
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    files.push(path.relative(ROOT, file));
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
    ];
    for (const s of specs) {
      if (s.startsWith('.')) todo.push(path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
      else packages.add(s);
    }
  }
  return { files: files.sort(), packages };
}

describe('the CLI does not load aws-cdk-lib', () => {
  for (const entry of ['src/cli/main.ts', 'src/index.ts']) {
    it(`${entry} imports no CDK package, directly or indirectly`, () => {
      const g = importGraph(entry);
      expect(g.files).toContain('src/cdk/engine.ts');
      expect([...g.packages].filter((p) => CDK_PACKAGES.test(p))).toEqual([]);
      expect(g.files.filter((f) => /^src\/cdk\/(index|modules|synth|nag-pack|validator)\.ts$/.test(f))).toEqual([]);
    });
  }
  it('ldlint/cdk does load them (the check above sees CDK imports)', () => {
    const g = importGraph('src/cdk/index.ts');
    expect(g.files).toContain('src/cdk/modules.ts');
  });

  // At run time, on the compiled CLI (`npm test` compiles first; skipped when dist is older than src).
  const dist = path.join(ROOT, 'dist/src/cli/main.js');
  const fresh = existsSync(dist) && existsSync(path.join(ROOT, 'dist/src/cdk/index.js')) &&
    importGraph('src/cli/main.ts').files.every((f) => {
      const js = path.join(ROOT, 'dist', f.replace(/\.ts$/, '.js'));
      return existsSync(js) && statSync(js).mtimeMs >= statSync(path.join(ROOT, f)).mtimeMs;
    });
  it.skipIf(!fresh)('importing dist/src/cli/main.js leaves aws-cdk-lib, constructs and cdk-nag unloaded', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const cdkLoaded = () => Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](aws-cdk-lib|constructs|cdk-nag)[\\\\/]/.test(k)).length;
      await import(${JSON.stringify(new URL(`file://${dist}`).href)});
      const cli = cdkLoaded();
      await import(${JSON.stringify(new URL(`file://${path.join(ROOT, 'dist/src/cdk/index.js')}`).href)});
      console.log(JSON.stringify({ cli, cdk: cdkLoaded() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(out.cli).toBe(0);
    expect(out.cdk).toBeGreaterThan(0);
  });
});
