/**
 * Seeds the Northline demo: its rows and, in the same atomic batch, its tuples in the
 * workspace's authorization store. Idempotent: a second run adds nothing and keeps whatever
 * changed since (rows are insert-if-absent; tuples are written only with a new store).
 */
import { desc, eq } from 'drizzle-orm';
import { authzModels, authzStores } from '../authz/schema.ts';
import { people, workspaces, groups, outlets, roleAssignments, roles, invitations } from '../identity/schema.ts';
import {
  artists,
  showDays,
  tours,
  contacts,
  events,
  hotelStays,
  ledgerLines,
  roomingEntries,
  scheduleItems,
  settlements,
  travelItems,
  venues,
  guestRequests,
} from '../touring/schema.ts';
import type { Store } from '../store.ts';
import { insertIgnoringExisting } from '../chunked-insert.ts';
import { ulid } from '../authz/ids.ts';
import { tupleWriteStatements } from '../authz/tuple-write-statements.ts';
import { PREDEFINED_ROLES } from '../../model/roles.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import * as tuples from '../../model/tuples.ts';
import {
  DAY_MS,
  DEMO_ARTISTS,
  DEMO_ASSIGNMENTS,
  DEMO_INVITATIONS,
  DEMO_CUSTOM_ROLES,
  DEMO_GROUPS,
  DEMO_OUTLET,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_TOUR,
  GUESTS,
  localDate,
  NORTHLINE_ID,
  NORTHLINE_TIMEZONE,
  OTHER_DAYS,
  predefinedRoleId,
  SHOW_SCHEDULE,
  VELLUMS_SHOWS,
} from './northline.ts';
import { COLLAB_TABLES, emptyCollabRows, northlineCollab } from './northline-collab.ts';

type Rows = { [K in keyof typeof TABLES]: (typeof TABLES)[K]['$inferInsert'][] };
const TABLES = {
  workspaces,
  outlets,
  groups,
  people,
  roles,
  artists,
  tours,
  venues,
  contacts,
  showDays,
  events,
  roleAssignments,
  scheduleItems,
  travelItems,
  hotelStays,
  roomingEntries,
  guestRequests,
  settlements,
  ledgerLines,
  ...COLLAB_TABLES,
  invitations,
};

/** Every row and tuple of the demo, laid out around `now`. Pure. */
export function northlineData(
  now: number,
  passwordHash: string,
  storeId: string,
): { rows: Rows; tuples: tuples.TupleKey[] } {
  const ws = NORTHLINE_ID;
  const date = (offset: number) => localDate(now, offset, NORTHLINE_TIMEZONE);
  const rows: Rows = {
    workspaces: [{ id: ws, name: 'Northline Mgmt', timezone: NORTHLINE_TIMEZONE, storeId, createdAt: now }],
    outlets: [{ ...DEMO_OUTLET, workspaceId: ws }],
    groups: DEMO_GROUPS.map((g) => ({ ...g, workspaceId: ws })),
    people: DEMO_PEOPLE.map((p) => ({
      id: p.id,
      workspaceId: ws,
      name: p.name,
      email: p.email,
      title: p.title,
      level: p.level,
      phone: p.phone ?? null,
      outletId: p.outletId ?? null,
      passwordHash: p.level === 'api_only' ? null : passwordHash,
      hiredAt: p.hiredInDays === undefined ? null : now + p.hiredInDays * DAY_MS,
      resignedAt: p.resignedDaysAgo === undefined ? null : now - p.resignedDaysAgo * DAY_MS,
      failedSignIns: p.failedSignIns ?? 0,
      createdAt: now,
    })),
    roles: [
      ...PREDEFINED_ROLES.map((r) => ({
        id: predefinedRoleId(r.id),
        workspaceId: ws,
        name: r.name,
        predefined: r.id,
        createdAt: now,
      })),
      ...DEMO_CUSTOM_ROLES.map((r) => ({ id: r.id, workspaceId: ws, name: r.name, predefined: null, createdAt: now })),
    ],
    artists: DEMO_ARTISTS.map((a) => ({ ...a, workspaceId: ws })),
    tours: [{ ...DEMO_TOUR, workspaceId: ws }],
    venues: [],
    contacts: [],
    showDays: [],
    events: [],
    roleAssignments: [],
    scheduleItems: [],
    travelItems: [],
    hotelStays: [],
    roomingEntries: [],
    guestRequests: [],
    settlements: [],
    ledgerLines: [],
    ...emptyCollabRows(),
    invitations: DEMO_INVITATIONS.map(({ sentDaysAgo, expiresInDays, ...i }) => ({
      ...i,
      workspaceId: ws,
      tokenHash: `seeded:${i.id}`,
      createdAt: now - sentDaysAgo * DAY_MS,
      lastSentAt: now - sentDaysAgo * DAY_MS,
      expiresAt: now + expiresInDays * DAY_MS,
    })),
  };
  const out: tuples.TupleKey[] = [];
  out.push(
    ...tuples.outletTuples(
      ws,
      DEMO_OUTLET.id,
      DEMO_PEOPLE.filter((p) => p.level === 'outlet_admin').map((p) => p.id),
    ),
  );
  for (const g of DEMO_GROUPS) out.push(...tuples.groupTuples(ws, g.id));
  for (const p of rows.people) {
    out.push(
      ...tuples.personTuples(ws, {
        id: p.id,
        level: p.level,
        hiredAt: p.hiredAt ?? null,
        resignedAt: p.resignedAt ?? null,
      }),
    );
  }
  for (const p of DEMO_PEOPLE) {
    for (const g of ['grp_default', ...p.groups]) out.push(...tuples.membershipTuples(g, p.id));
    out.push(...tuples.settingTuples(ws, p.id, p.settings ?? []));
    for (const [artistId, access] of Object.entries(p.artists ?? {}))
      out.push(...tuples.artistAccessTuples(artistId, p.id, access));
  }
  for (const r of PREDEFINED_ROLES) out.push(...tuples.roleTuples(ws, predefinedRoleId(r.id), r.permissions));
  for (const r of DEMO_CUSTOM_ROLES) out.push(...tuples.roleTuples(ws, r.id, r.permissions));
  for (const a of DEMO_ARTISTS) out.push(...tuples.artistTuples(ws, a));

  for (const show of VELLUMS_SHOWS) {
    const dayId = `day_${show.key}`;
    const venueId = `ven_${show.key.replace(/_\d$/, '')}`;
    const contactId = `con_${show.key.replace(/_\d$/, '')}`;
    if (!rows.venues.some((v) => v.id === venueId)) {
      rows.venues.push({
        id: venueId,
        workspaceId: ws,
        name: show.venue,
        address: show.address,
        city: show.city,
        capacity: show.capacity,
        dock: 'Rear loading dock, 1 truck',
        stage: '10 m × 7 m',
        power: '125 A three-phase',
        wifi: 'Laminate-Crew / on the rider',
        curfew: '23:00',
      });
      rows.contacts.push({
        id: contactId,
        workspaceId: ws,
        name: show.promoter,
        company: show.promoterCompany,
        role: 'Promoter',
        email: `${show.promoter.split(' ')[0]!.toLowerCase()}@promoter.test`,
        phone: '+49 30 5555 0100',
      });
    }
    const cutoff = Date.parse(`${date(show.offset)}T15:00:00Z`);
    rows.showDays.push({
      id: dayId,
      workspaceId: ws,
      artistId: 'art_vellums',
      tourId: DEMO_TOUR.id,
      date: date(show.offset),
      city: show.city,
      venueId,
      promoterContactId: contactId,
      notes: `Merch in the foyer. Settle with ${show.promoter} after the show.`,
      guestAllotment: 10,
      guestCutoffAt: cutoff,
    });
    out.push(...tuples.dayTuples({ id: dayId, artistId: 'art_vellums' }));
    const event = {
      id: `ev_${show.key}`,
      workspaceId: ws,
      dayId,
      artistId: 'art_vellums',
      kind: 'performance' as const,
      status: show.tentative ? ('tentative' as const) : ('confirmed' as const),
      title: `The Vellums at ${show.venue}`,
      createdBy: 'per_cara',
    };
    rows.events.push(event);
    out.push(...tuples.eventTuples(event));
    SHOW_SCHEDULE.forEach((s, i) =>
      rows.scheduleItems.push({
        id: `sch_${show.key}_${i}`,
        dayId,
        label: s.label,
        startsAt: s.startsAt,
        endsAt: s.endsAt ?? null,
        nextDay: s.nextDay ?? false,
        confirmed: s.confirmed ?? true,
        display: s.display ?? 'exact',
        position: i,
      }),
    );
    const bus = {
      id: `trv_${show.key}_bus`,
      dayId,
      mode: 'bus' as const,
      carrier: 'Beat the Street',
      number: 'Nightliner 2',
      fromPlace: 'previous city',
      toPlace: show.city,
      departsAt: '01:30',
      arrivesAt: '08:30',
      private: false,
    };
    rows.travelItems.push(bus);
    out.push(...tuples.travelTuples({ ...bus, passengers: ['per_nico', 'per_jo', 'per_cara', 'per_dev', 'per_eli'] }));
    for (const [suffix, name, limited] of [
      ['band', 'Hotel Arte', []],
      ['crew', 'Motel One', ['grp_crew']],
    ] as const) {
      const stayId = `hot_${show.key}_${suffix}`;
      rows.hotelStays.push({
        id: stayId,
        dayId,
        hotelName: `${name} ${show.city}`,
        address: `${show.city} centre`,
        checkIn: '14:00',
        checkOut: '11:00',
        confirmation: `NL-${show.key.toUpperCase()}-${suffix.toUpperCase()}`,
      });
      out.push(...tuples.hotelTuples({ id: stayId, dayId, limitedToGroups: [...limited] }));
      const guests = suffix === 'band' ? ['per_nico', 'per_jo'] : ['per_cara', 'per_dev', 'per_eli'];
      guests.forEach((personId, i) =>
        rows.roomingEntries.push({ id: `room_${stayId}_${i}`, stayId, personId, guestName: null, roomType: 'single' }),
      );
    }
    GUESTS.forEach((guest, i) =>
      rows.guestRequests.push({
        id: `gr_${show.key}_${i}`,
        dayId,
        requestedBy: i % 2 ? 'per_nico' : 'per_jo',
        guestName: guest,
        guestEmail: `${guest.split(' ')[0]!.toLowerCase()}@guest.test`,
        guestPhone: `+31 6 0000 00${10 + i}`,
        plusOnes: 0,
        status: i < 8 ? 'approved' : 'pending',
        createdAt: now - (10 - i) * 3_600_000,
      }),
    );
    rows.settlements.push({
      dayId,
      dealTerms: '€8,000 guarantee vs 85% of net box office, whichever is greater',
      currency: 'EUR',
      guaranteeCents: 800_000,
      status: show.settled ? 'settled' : 'open',
      lockedAt: show.settled ? now - DAY_MS : null,
    });
    rows.ledgerLines.push(
      { id: `led_${show.key}_guarantee`, dayId, label: 'Guarantee', direction: 'income', amountCents: 800_000 },
      { id: `led_${show.key}_merch`, dayId, label: 'Merchandise (net)', direction: 'income', amountCents: 215_000 },
      { id: `led_${show.key}_catering`, dayId, label: 'Catering buy-out', direction: 'expense', amountCents: 45_000 },
    );
  }
  // Nico flies in to Berlin on his own: a flight only he (and travel managers) can see.
  const flight = {
    id: 'trv_berlin_1_nico_flight',
    dayId: 'day_berlin_1',
    mode: 'flight' as const,
    carrier: 'Lufthansa',
    number: 'LH 1957',
    fromPlace: 'CGN',
    toPlace: 'BER',
    departsAt: '10:05',
    arrivesAt: '11:10',
    private: true,
  };
  rows.travelItems.push(flight);
  out.push(...tuples.travelTuples({ ...flight, passengers: ['per_nico'] }));
  // A band-only dinner in Cologne: limited to the Band group.
  const dinner = {
    id: 'ev_cologne_band_dinner',
    workspaceId: ws,
    dayId: 'day_cologne',
    artistId: 'art_vellums',
    kind: 'special' as const,
    status: 'confirmed' as const,
    title: 'Band dinner',
    createdBy: 'per_cara',
  };
  rows.events.push(dinner);
  out.push(...tuples.eventTuples({ ...dinner, includedGroups: ['grp_band'], limitedToGroups: ['grp_band'] }));

  for (const d of OTHER_DAYS) {
    rows.showDays.push({
      id: d.id,
      workspaceId: ws,
      artistId: d.artistId,
      tourId: d.tourId ?? null,
      date: date(d.offset),
      city: d.city,
    });
    out.push(...tuples.dayTuples({ id: d.id, artistId: d.artistId }));
    const event = {
      ...d.event,
      workspaceId: ws,
      dayId: d.id,
      artistId: d.artistId,
      holdRank: d.event.holdRank ?? null,
      createdBy: 'per_ana',
    };
    rows.events.push(event);
    out.push(...tuples.eventTuples(event));
  }
  for (const a of DEMO_ASSIGNMENTS) {
    rows.roleAssignments.push({ ...a, workspaceId: ws, createdAt: now });
    out.push(...tuples.assignmentTuples(ws, a));
  }
  // Issue 6: files, tasks, threads, contact and venue limits, mailing lists, ticketing.
  const collab = northlineCollab(now, rows);
  Object.assign(rows, collab.rows);
  rows.contacts.push(...collab.contacts);
  rows.venues.push(...collab.venues);
  out.push(...collab.tuples);
  return { rows, tuples: out };
}

/**
 * Models are immutable versions: when model/workspace.fga has changed since the store was
 * seeded, the current model is added as the store's newest version (checks use the newest),
 * so a database kept across upgrades is decided by the model the code was written for.
 */
export async function upgradeWorkspaceModel(store: Store, storeId: string, now: number): Promise<boolean> {
  const [latest] = await store.db
    .select({ model: authzModels.model })
    .from(authzModels)
    .where(eq(authzModels.storeId, storeId))
    .orderBy(desc(authzModels.id))
    .limit(1);
  if (latest && JSON.stringify(latest.model) === JSON.stringify(WORKSPACE_MODEL)) return false;
  await store.db.insert(authzModels).values({
    id: ulid(now),
    storeId,
    schemaVersion: WORKSPACE_MODEL.schema_version,
    model: WORKSPACE_MODEL,
    createdAt: now,
  });
  return true;
}

/**
 * Seeds the demo once; later runs change nothing but the model version (see above).
 *
 * @param hashPassword the Worker's KDF, passed in so db/ does not import worker/.
 */
export async function seedNorthline(
  store: Store,
  now: number,
  hashPassword: (password: string) => Promise<string>,
): Promise<{ storeId: string; created: boolean }> {
  const { db } = store;
  const [existing] = await db
    .select({ storeId: workspaces.storeId })
    .from(workspaces)
    .where(eq(workspaces.id, NORTHLINE_ID));
  if (existing?.storeId) {
    await upgradeWorkspaceModel(store, existing.storeId, now);
    return { storeId: existing.storeId, created: false };
  }
  const storeId = ulid(now);
  const model = WORKSPACE_MODEL;
  const data = northlineData(now, await hashPassword(DEMO_PASSWORD), storeId);
  const [workspaceRows, ...rest] = Object.entries(TABLES).map(([name, table]) =>
    insertIgnoringExisting(db, table, data.rows[name as keyof Rows] as never[]),
  );
  // One batch: the workspace, its store and model, every row and every tuple — or nothing.
  const statements = [
    ...workspaceRows!,
    db.insert(authzStores).values({
      id: storeId,
      name: 'Northline Mgmt workspace',
      workspaceId: NORTHLINE_ID,
      revision: 0,
      tupleCount: 0,
      createdAt: now,
      updatedAt: now,
    }),
    db
      .insert(authzModels)
      .values({ id: ulid(now), storeId, schemaVersion: model.schema_version, model, createdAt: now }),
    ...rest.flat(),
    ...tupleWriteStatements(db, storeId, { writes: data.tuples, deletes: [] }, now),
  ];
  await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
  return { storeId, created: true };
}
