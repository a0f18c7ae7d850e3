import { Hono } from 'hono';
import { asc, eq } from 'drizzle-orm';
import { artists, showDays } from '../../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { requireSession, type SessionVariables } from '../middleware/session.ts';

/**
 * `GET /api/days`: the signed-in person's show days, by date. Tenant-scoped (R1); per-person
 * filtering by the engine (R12, R14, R15, R17) replaces the workspace-wide list in issue 5.
 */
export const days = new Hono<AppEnv & { Variables: SessionVariables }>().get('/', requireSession(), async (c) => {
  const person = c.get('person');
  const rows = await c
    .get('store')
    .db.select({
      id: showDays.id,
      date: showDays.date,
      kind: showDays.kind,
      status: showDays.status,
      city: showDays.city,
      venueName: showDays.venueName,
      artist: artists.name,
    })
    .from(showDays)
    .innerJoin(artists, eq(artists.id, showDays.artistId))
    .where(eq(showDays.workspaceId, person.workspaceId))
    .orderBy(asc(showDays.date), asc(showDays.id));
  return c.json({ days: rows });
});
