/** The per-store setting of which relations AuthZEN action search answers (docs/edge-api.md). */
import { and, eq, isNull } from 'drizzle-orm';
import { authzStores } from './schema.ts';
import type { Db } from '../store.ts';

/** `{ type: [relation, …] }`; a type not listed answers every relation. */
export type AuthzenActions = Record<string, string[]>;

/** The setting of a live store: `{}` when none is set, undefined when the store does not exist. */
export async function readAuthzenActions(db: Db, storeId: string): Promise<AuthzenActions | undefined> {
  const [row] = await db
    .select({ actions: authzStores.authzenActions })
    .from(authzStores)
    .where(and(eq(authzStores.id, storeId), isNull(authzStores.deletedAt)));
  if (!row) return undefined;
  return row.actions ? (JSON.parse(row.actions) as AuthzenActions) : {};
}

/** Replaces the setting (`{}` clears it); false when the store does not exist. */
export async function writeAuthzenActions(
  db: Db,
  storeId: string,
  actions: AuthzenActions,
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(authzStores)
    .set({ authzenActions: Object.keys(actions).length ? JSON.stringify(actions) : null, updatedAt: now })
    .where(and(eq(authzStores.id, storeId), isNull(authzStores.deletedAt)))
    .returning({ id: authzStores.id });
  return rows.length > 0;
}
