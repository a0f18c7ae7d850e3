import { artists, people, showDays, tours, workspaces } from '../schema.ts';
import type { Store } from '../store.ts';
import { insertIgnoringExisting } from '../chunked-insert.ts';
import { DAY_MS, DEMO_ARTISTS, DEMO_DAYS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TOUR, localDate, NORTHLINE_ID } from './northline.ts';

const TIMEZONE = 'Europe/Amsterdam';

/**
 * Seeds the Northline demo in one atomic batch. Idempotent: rows that exist are left as they
 * are (a second start keeps whatever changed since), missing ones are added.
 *
 * @param hashPassword the Worker's KDF, passed in so db/ does not import worker/.
 */
export async function seedNorthline(store: Store, now: number, hashPassword: (password: string) => Promise<string>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { db } = store;
  const [first, ...rest] = [
    ...insertIgnoringExisting(db, workspaces, [{ id: NORTHLINE_ID, name: 'Northline Mgmt', timezone: TIMEZONE, createdAt: now }]),
    ...insertIgnoringExisting(
      db,
      people,
      DEMO_PEOPLE.map((p) => ({
        id: p.id,
        workspaceId: NORTHLINE_ID,
        name: p.name,
        email: p.email,
        title: p.title,
        level: p.level,
        passwordHash: p.level === 'api_only' ? null : passwordHash,
        hiredAt: p.hiredInDays === undefined ? null : now + p.hiredInDays * DAY_MS,
        resignedAt: p.resignedDaysAgo === undefined ? null : now - p.resignedDaysAgo * DAY_MS,
        failedSignIns: p.failedSignIns ?? 0,
        createdAt: now,
      })),
    ),
    ...insertIgnoringExisting(db, artists, DEMO_ARTISTS.map((a) => ({ ...a, workspaceId: NORTHLINE_ID }))),
    ...insertIgnoringExisting(db, tours, [{ ...DEMO_TOUR, workspaceId: NORTHLINE_ID }]),
    ...insertIgnoringExisting(
      db,
      showDays,
      DEMO_DAYS.map((d) => ({
        id: d.id,
        workspaceId: NORTHLINE_ID,
        artistId: d.artistId,
        tourId: d.tourId ?? null,
        date: localDate(now, d.offset, TIMEZONE),
        kind: d.kind,
        status: d.status,
        city: d.city,
        venueName: d.venueName ?? null,
        holdRank: d.holdRank ?? null,
      })),
    ),
  ];
  await store.batch([first!, ...rest]);
}
