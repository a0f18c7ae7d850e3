import { describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { libsqlStore } from '../../db/store.ts';
import { authzModels } from '../../db/authz/schema.ts';
import { seedNorthline, upgradeWorkspaceModel } from '../../db/seed/apply.ts';
import { hashPassword } from '../../worker/auth/password.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { tempDir } from '../temp-dir.ts';

describe('the demo seed across restarts', () => {
  it("is idempotent, and a changed model becomes the store's newest version (old versions stay)", async () => {
    const client = createClient({ url: `file:${join(tempDir('laminate-seed-'), 'seed.db')}` });
    await migrateLibsql(client);
    const store = libsqlStore(client);
    const first = await seedNorthline(store, Date.now(), hashPassword);
    expect(first.created).toBe(true);
    const again = await seedNorthline(store, Date.now(), hashPassword);
    expect(again).toEqual({ storeId: first.storeId, created: false });
    const versions = () =>
      store.db.select({ id: authzModels.id }).from(authzModels).where(eq(authzModels.storeId, first.storeId));
    expect(await versions()).toHaveLength(1);
    // A store seeded by an older release: its newest model differs from the current file.
    const [only] = await versions();
    await client.execute({
      sql: 'UPDATE authz_models SET model = ? WHERE id = ?',
      args: [
        JSON.stringify({ ...WORKSPACE_MODEL, type_definitions: WORKSPACE_MODEL.type_definitions.slice(0, 3) }),
        only!.id,
      ],
    });
    expect(await upgradeWorkspaceModel(store, first.storeId, Date.now() + 1)).toBe(true);
    expect(await versions()).toHaveLength(2);
    expect(await upgradeWorkspaceModel(store, first.storeId, Date.now() + 2)).toBe(false);
    client.close();
  });
});
