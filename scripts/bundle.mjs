#!/usr/bin/env node
// Bundles the CLI and the pool worker into dist/bundle/ (run after tsc by `npm run build`): one
// file loads several times faster than the ~150 modules it is made of, which is most of the
// start-up time of a pre-commit run. Heavy optional modules stay external and load lazily.
//
// The CLI is a CommonJS bundle so that bin/load-cli.js can compile it with a V8 code cache, which
// this script writes after one run of the CLI on the bundled example (see scripts/code-cache.mjs).
// The worker stays an ES module: tinypool loads it by URL.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '@aws-cdk/cloudformation-diff', 'tinypool'],
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { ldlint: 'dist/src/cli/main.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // The sources are ES modules; in the CommonJS bundle import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__ldlintUrl' },
  banner: { js: "const __ldlintUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  entryPoints: { worker: 'dist/src/pool/worker.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  format: 'esm',
  // Bundled CommonJS dependencies call require(); give them one.
  banner: { js: "import { createRequire as __ldlintRequire } from 'node:module'; const require = __ldlintRequire(import.meta.url);" },
});

await import('./code-cache.mjs');
