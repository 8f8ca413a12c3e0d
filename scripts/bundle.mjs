#!/usr/bin/env node
// Bundles the CLI and the pool worker into dist/bundle/ (run after tsc by `npm run build`): one
// file loads several times faster than the ~150 modules it is made of, which is most of the
// start-up time of a pre-commit run. Heavy optional modules stay external and load lazily.
import { build } from 'esbuild';

await build({
  entryPoints: { ldlint: 'dist/src/cli/main.js', worker: 'dist/src/pool/worker.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '@aws-cdk/cloudformation-diff', 'tinypool'],
  // Bundled CommonJS dependencies call require(); give them one.
  banner: { js: "import { createRequire as __ldlintRequire } from 'node:module'; const require = __ldlintRequire(import.meta.url);" },
  logLevel: 'warning',
});
