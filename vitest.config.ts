import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Trials that take minutes (random kills, tens of thousands of records, many random schemas) run
    // with `npm run test:slow` (vitest.slow.config.ts); CI runs both.
    exclude: ['test/slow/**', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The embedded engine is CPU-bound; two cores run two test files at a time.
    maxWorkers: 2,
    // The type tests (*.test-d.ts) are checked by `npm run typecheck` (tsc over src and test), which
    // `npm test` runs first.
  },
});
