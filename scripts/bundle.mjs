#!/usr/bin/env node
// Bundles the CLI and the pool worker into dist/bundle/ (run after tsc by `npm run build`): one
// file loads several times faster than the ~150 modules it is made of, which is most of the
// start-up time of a pre-commit run. Heavy optional modules stay external and load lazily.
//
// The bundles are CommonJS so that bin/load-bundle.js can compile them with a V8 code cache, which
// scripts/code-cache.mjs writes after one run of each on the bundled example.
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: { ldlint: 'dist/src/cli/main.js', worker: 'dist/src/pool/worker.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '@aws-cdk/cloudformation-diff', 'tinypool', 'web-tree-sitter'],
  // The sources are ES modules; in the CommonJS bundles import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__ldlintUrl' },
  banner: { js: "const __ldlintUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// tinypool loads the worker by URL, as an ES module: a stub that loads the CommonJS bundle.
writeFileSync('dist/bundle/worker.mjs', "import { loadBundle } from '../../bin/load-bundle.js';\n\nexport default loadBundle('worker').exports.default;\n");

await import('./code-cache.mjs');
