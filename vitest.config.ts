import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/**
 * One vitest run, one project per runtime (README "Tests"):
 * - unit:   pure code in Node (the engine in functions/, conformance, property, differential)
 * - worker: the Worker inside workerd with local D1, migrations applied
 * - libsql: the same app and suites in Node over a libSQL `file:` database
 * - e2e:    Chromium (playwright-core) against `wrangler dev`
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // Pure code: files share a worker process (no global state between them to isolate).
          isolate: false,
          include: ['functions/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('db/migrations'),
                LAMINATE_ADMIN_KEY: 'test-admin-key',
                // Every answer checked against its route's declaration (worker/middleware/check-response.ts).
                LAMINATE_VALIDATE_RESPONSES: '1',
              },
              // The suites sign the same demo people in dozens of times a minute, from no address;
              // wrangler.toml's 10 a minute is proven under wrangler dev (tests/e2e/security.test.ts).
              ratelimits: { SIGN_IN_RATE_LIMIT: { namespace_id: '1002', simple: { limit: 1_000_000, period: 60 } } },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          setupFiles: ['tests/worker/setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'libsql',
          environment: 'node',
          // Every answer checked against its route's declaration (worker/middleware/check-response.ts).
          env: { LAMINATE_VALIDATE_RESPONSES: '1' },
          // Each file builds its own libSQL database; caches are keyed by store id, so files can
          // share a worker process (saves a process start per file).
          isolate: false,
          include: ['tests/libsql/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
