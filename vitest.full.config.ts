import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/wt-m', include: ['test/**/*.test.ts'], testTimeout: 60_000, pool: 'threads', chaiConfig: { truncateThreshold: 0 } } });
