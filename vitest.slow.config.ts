import { defineConfig } from 'vitest/config';

/** The slow trials, with fixed seeds: `npm run test:slow` (CI runs it after `npm test`). */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts', 'test/property/round-trip.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
  },
});
