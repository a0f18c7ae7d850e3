import { applyD1Migrations, env } from 'cloudflare:test';
import { d1Store } from '../../db/store.ts';
import { seedNorthline } from '../../db/seed/apply.ts';
import { hashPassword } from '../../worker/auth/password.ts';

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}

// Runs before each test file: the real migrations, then the demo (idempotent).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await seedNorthline(d1Store(env.DB), Date.now(), hashPassword);
