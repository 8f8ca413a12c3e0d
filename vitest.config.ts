import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    // The default reporter counts skipped tests; skip-reasons says why (a missing system program).
    reporters: ['default', './test/support/skip-reasons.ts'],
  },
});
