import { defineConfig } from 'vitest/config';

/**
 * One vitest run, one project per runtime (see README "Tests"):
 * - unit: pure code in Node (the engine in functions/, conformance, property tests)
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['functions/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
