/**
 * A second tenant for R1 tests: Harbor Hall, a venue with one master user, one artist and one
 * show day, in its own authorization store. Idempotent.
 */
import { eq } from 'drizzle-orm';
import { authzModels, authzStores } from '../../db/authz/schema.ts';
import { people, workspaces } from '../../db/identity/schema.ts';
import { artists, showDays, events } from '../../db/touring/schema.ts';
import { insertIgnoringExisting } from '../../db/chunked-insert.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import { ulid } from '../../db/authz/ids.ts';
import type { Store } from '../../db/store.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { artistTuples, dayTuples, eventTuples, personTuples } from '../../model/tuples.ts';
import { hashPassword } from '../../worker/auth/password.ts';

export const HARBOR = {
  workspaceId: 'ws_harbor',
  personId: 'per_harbor',
  email: 'harbor@harbor.test',
  dayId: 'day_harbor_1',
  eventId: 'ev_harbor_1',
  artistId: 'art_harbor',
} as const;

export async function seedHarbor(store: Store): Promise<void> {
  const { db } = store;
  const [existing] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, HARBOR.workspaceId));
  if (existing) return;
  const now = Date.now();
  const storeId = ulid(now);
  const person = {
    id: HARBOR.personId,
    workspaceId: HARBOR.workspaceId,
    name: 'Hal Harbor',
    email: HARBOR.email,
    title: 'Owner',
    level: 'master' as const,
    passwordHash: await hashPassword('laminate-demo'),
    createdAt: now,
  };
  const tuples = [
    ...personTuples(HARBOR.workspaceId, { id: person.id, level: person.level, hiredAt: null, resignedAt: null }),
    ...artistTuples(HARBOR.workspaceId, { id: HARBOR.artistId, outletId: null }),
    ...dayTuples({ id: HARBOR.dayId, artistId: HARBOR.artistId }),
    ...eventTuples({
      id: HARBOR.eventId,
      dayId: HARBOR.dayId,
      artistId: HARBOR.artistId,
      kind: 'performance',
      status: 'confirmed',
      createdBy: person.id,
    }),
  ];
  const statements = [
    ...insertIgnoringExisting(db, workspaces, [
      { id: HARBOR.workspaceId, name: 'Harbor Hall', timezone: 'Europe/London', storeId, createdAt: now },
    ]),
    db.insert(authzStores).values({
      id: storeId,
      name: 'Harbor Hall workspace',
      workspaceId: HARBOR.workspaceId,
      revision: 0,
      tupleCount: 0,
      createdAt: now,
      updatedAt: now,
    }),
    db
      .insert(authzModels)
      .values({ id: ulid(now), storeId, schemaVersion: '1.1', model: WORKSPACE_MODEL, createdAt: now }),
    ...insertIgnoringExisting(db, people, [person]),
    ...insertIgnoringExisting(db, artists, [
      { id: HARBOR.artistId, workspaceId: HARBOR.workspaceId, name: 'The Harbor House Band' },
    ]),
    ...insertIgnoringExisting(db, showDays, [
      {
        id: HARBOR.dayId,
        workspaceId: HARBOR.workspaceId,
        artistId: HARBOR.artistId,
        date: '2026-12-31',
        city: 'Bristol',
      },
    ]),
    ...insertIgnoringExisting(db, events, [
      {
        id: HARBOR.eventId,
        workspaceId: HARBOR.workspaceId,
        dayId: HARBOR.dayId,
        artistId: HARBOR.artistId,
        kind: 'performance',
        status: 'confirmed',
        title: 'New Year at the Harbor',
        createdBy: person.id,
      },
    ]),
    ...tupleWriteStatements(db, storeId, { writes: tuples, deletes: [] }, now),
  ];
  await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
}
