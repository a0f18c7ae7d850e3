import { createRoute } from '@hono/zod-openapi';
import { errors, IsoDate, json, ok, other, pathParams, routes } from '../declare.ts';
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  artists,
  showDays,
  tours,
  contacts,
  EVENT_KINDS,
  EVENT_STATUSES,
  events,
  hotelStays,
  ledgerLines,
  roomingEntries,
  scheduleItems,
  settlements,
  TIME_DISPLAYS,
  TRAVEL_MODES,
  travelItems,
  venues,
} from '../../../db/touring/schema.ts';
import { outlets } from '../../../db/identity/schema.ts';
import { ApiError } from '../../errors.ts';
import { newId } from '../../auth/crypto.ts';
import { dayTuples, eventTuples, hotelTuples, travelTuples } from '../../../model/tuples.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { activityInsert } from '../../activity/log.ts';
import { checkPeopleOf } from '../../collaboration/people-names.ts';
import { checkGroups } from '../../collaboration/records.ts';
import { IMPORT_COLUMNS, readImport } from '../../touring/day-import.ts';
import type { RelationOf } from '../../../model/relations.ts';
import type { BatchItem } from 'drizzle-orm/batch';
import type { TupleKey } from '../../../functions/index.ts';
import {
  type DayHoldings,
  dayRemovalStatements,
  holdingsQuery,
  mayDeleteDay,
  refuseIfReferenced,
} from '../../touring/day-removal.ts';
import { tuplesOfObjects } from '../../../db/authz/workspace-reads.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time `HH:MM`');
const ScheduleItem = z.object({
  label: z.string().trim().min(1).max(120),
  startsAt: time.nullable().default(null),
  endsAt: time.nullable().default(null),
  nextDay: z.boolean().default(false),
  confirmed: z.boolean().default(true),
  display: z.enum(TIME_DISPLAYS).default('exact'),
});
const SchedulePatch = z
  .object({
    label: z.string().trim().min(1).max(120),
    startsAt: time.nullable(),
    endsAt: time.nullable(),
    nextDay: z.boolean(),
    confirmed: z.boolean(),
    display: z.enum(TIME_DISPLAYS),
    /** Orders items that share a time (and untimed ones); times decide the rest. */
    position: z.number().int().min(0).max(10_000),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'send at least one field to change');
const DayPatch = z
  .object({
    date: IsoDate,
    city: z.string().trim().min(1).max(120),
    venueId: z
      .string()
      .regex(/^ven_[\w-]{1,60}$/, 'a venue id')
      .nullable(),
    /** The day's contact (the promoter rep), one the writer may see (R21). */
    promoterContactId: z
      .string()
      .regex(/^con_[\w-]{1,60}$/, 'a contact id')
      .nullable(),
    notes: z.string().trim().max(4000).nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'send at least one field to change');
const GuestListPatch = z
  .object({
    allotment: z.number().int().min(0).max(10_000).nullable(),
    /** When requests close (epoch milliseconds), or null for no closing time. */
    cutoffAt: z.number().int().min(0).max(8_640_000_000_000_000).nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'send `allotment` or `cutoffAt`');
const TravelItem = z.object({
  mode: z.enum(TRAVEL_MODES),
  carrier: z.string().trim().max(80).nullable().default(null),
  number: z.string().trim().max(40).nullable().default(null),
  fromPlace: z.string().trim().min(1).max(120),
  toPlace: z.string().trim().min(1).max(120),
  departsAt: time,
  arrivesAt: time.nullable().default(null),
  private: z.boolean().default(false),
  passengers: z
    .array(z.string().regex(/^per_[\w-]{1,60}$/, 'a person id'))
    .max(200)
    .default([]),
});
const TravelPatch = z
  .object({
    mode: z.enum(TRAVEL_MODES),
    carrier: z.string().trim().max(80).nullable(),
    number: z.string().trim().max(40).nullable(),
    fromPlace: z.string().trim().min(1).max(120),
    toPlace: z.string().trim().min(1).max(120),
    departsAt: time,
    arrivesAt: time.nullable(),
    private: z.boolean(),
    /** Replaces the passengers: people of the workspace. */
    passengers: z.array(z.string().regex(/^per_[\w-]{1,60}$/, 'a person id')).max(200),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'send at least one field to change');
const HotelStay = z.object({
  hotelName: z.string().trim().min(1).max(120),
  address: z.string().trim().min(1).max(300),
  checkIn: time.nullable().default(null),
  checkOut: time.nullable().default(null),
  confirmation: z.string().trim().max(60).nullable().default(null),
  limitedToGroups: z
    .array(z.string().regex(/^grp_[\w-]{1,60}$/, 'a group id'))
    .max(50)
    .default([]),
  rooming: z
    .array(z.object({ personId: z.string().regex(/^per_[\w-]{1,60}$/), roomType: z.string().trim().min(1).max(40) }))
    .max(200)
    .default([]),
});
const HotelPatch = z
  .object({
    hotelName: z.string().trim().min(1).max(120),
    address: z.string().trim().min(1).max(300),
    checkIn: time.nullable(),
    checkOut: time.nullable(),
    confirmation: z.string().trim().max(60).nullable(),
    /** Replaces the groups the stay is limited to ([] = everyone with travel, R26). */
    limitedToGroups: z.array(z.string().regex(/^grp_[\w-]{1,60}$/, 'a group id')).max(50),
    /** Replaces the rooming list: people of the workspace. */
    rooming: z
      .array(z.object({ personId: z.string().regex(/^per_[\w-]{1,60}$/), roomType: z.string().trim().min(1).max(40) }))
      .max(200),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'send at least one field to change');
const NewEvent = z.object({
  kind: z.enum(EVENT_KINDS),
  status: z.enum(EVENT_STATUSES),
  title: z.string().trim().min(1).max(200),
});
const NewDay = z.object({
  artistId: z.string().regex(/^art_[\w-]{1,60}$/, 'an artist id'),
  date: IsoDate,
  city: z.string().trim().min(1).max(120),
  event: NewEvent,
});

const DayImport = z.object({
  artistId: z.string().regex(/^art_[\w-]{1,60}$/, 'an artist id'),
  csv: z.string().min(1).max(500_000),
  /** false (the default): a preview; true: write every day in one batch, or nothing. */
  commit: z.boolean().default(false),
});
const DayImport200 = z.object({
  rows: z.array(
    z.object({
      line: z.number(),
      date: z.string(),
      city: z.string(),
      venue: z.string().nullable(),
      kind: z.enum(EVENT_KINDS),
      status: z.enum(EVENT_STATUSES),
      schedule: z.array(z.object({ startsAt: z.string(), nextDay: z.boolean(), label: z.string() })),
    }),
  ),
  errors: z.array(z.object({ line: z.number(), column: z.enum([...IMPORT_COLUMNS, 'row']), message: z.string() })),
  /** Show days written: 0 on a preview or when any line is bad. */
  written: z.number(),
});

const LedgerLine = z.object({
  label: z.string().trim().min(1).max(120),
  direction: z.enum(['income', 'expense']),
  amountCents: z.number().int().min(0).max(1_000_000_000),
});

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const TourGet200 = z.object({ tours: z.array(z.object({ id: z.string(), name: z.string(), artistId: z.string() })) });
const DayLogisticsPostByIdLedger201 = z.object({
  label: z.string(),
  direction: z.enum(['income', 'expense']),
  amountCents: z.number(),
  id: z.string(),
  dayId: z.string(),
});
const DayLogisticsPostByIdHotels201 = z.object({
  limitedToGroups: z.array(z.string()),
  rooming: z.array(z.object({ personId: z.string(), roomType: z.string() })),
  hotelName: z.string(),
  address: z.string(),
  checkIn: z.string().nullable(),
  checkOut: z.string().nullable(),
  confirmation: z.string().nullable(),
  id: z.string(),
  dayId: z.string(),
});
const DayLogisticsPostByIdTravel201 = z.object({
  passengers: z.array(z.string()),
  mode: z.enum(['flight', 'train', 'bus', 'car', 'ferry']),
  carrier: z.string().nullable(),
  number: z.string().nullable(),
  fromPlace: z.string(),
  toPlace: z.string(),
  departsAt: z.string(),
  arrivesAt: z.string().nullable(),
  private: z.boolean(),
  id: z.string(),
  dayId: z.string(),
});
const DayLogisticsPostByIdSchedule201 = z.object({
  position: z.number(),
  label: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  nextDay: z.boolean(),
  confirmed: z.boolean(),
  display: z.enum(['exact', 'approx', 'tbd', 'hidden']),
  id: z.string(),
  dayId: z.string(),
});
const DayLogisticsPostByIdEvents201 = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
  status: z.enum(['tentative', 'confirmed']),
});
const DayPatch200 = z.object({
  id: z.string(),
  date: z.string(),
  city: z.string(),
  venueId: z.string().nullable(),
  promoterContactId: z.string().nullable(),
  notes: z.string().nullable(),
});
const DayLogisticsPost201 = z.object({
  id: z.string(),
  date: z.string(),
  city: z.string(),
  events: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
      status: z.enum(['tentative', 'confirmed']),
    }),
  ),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Logistics'],
  responses: { 200: ok(z.object({ outlets: z.array(z.object({ id: z.string(), name: z.string() })) })), ...errors },
});

/** Outlets of the workspace (R2). */
export const outletRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(list, async (c) => {
  const rows = await c
    .get('store')
    .db.select({ id: outlets.id, name: outlets.name })
    .from(outlets)
    .where(eq(outlets.workspaceId, c.get('workspace').id))
    .orderBy(asc(outlets.name));
  return c.json({ outlets: rows }, 200);
});

const tourList = createRoute({
  method: 'get',
  path: '/',
  tags: ['Logistics'],
  responses: { 200: ok(TourGet200), ...errors },
});

/** Tours of the artists the reader may see (R15). */
export const tourRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(tourList, async (c) => {
  const visible = new Set(await c.get('authz').list('artist', 'can_view'));
  const rows = await c
    .get('store')
    .db.select({ id: tours.id, name: tours.name, artistId: tours.artistId })
    .from(tours)
    .where(eq(tours.workspaceId, c.get('workspace').id))
    .orderBy(asc(tours.name));
  return c.json({ tours: rows.filter((t) => visible.has(t.artistId)) }, 200);
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Logistics'],
  request: { body: json(NewDay) },
  responses: { 201: ok(DayLogisticsPost201), ...errors },
});
const importDays = createRoute({
  method: 'post',
  path: '/import',
  tags: ['Logistics'],
  request: { body: json(DayImport) },
  responses: { 200: ok(DayImport200), ...errors },
});
const postByIdEvents = createRoute({
  method: 'post',
  path: '/{id}/events',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(NewEvent) },
  responses: { 201: ok(DayLogisticsPostByIdEvents201), ...errors },
});
const postByIdSchedule = createRoute({
  method: 'post',
  path: '/{id}/schedule',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(ScheduleItem) },
  responses: { 201: ok(DayLogisticsPostByIdSchedule201), ...errors },
});
const patchByIdScheduleByItemId = createRoute({
  method: 'patch',
  path: '/{id}/schedule/{itemId}',
  tags: ['Logistics'],
  request: { params: pathParams('id', 'itemId'), body: json(SchedulePatch) },
  responses: { 200: ok(DayLogisticsPostByIdSchedule201), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(DayPatch) },
  responses: { 200: ok(DayPatch200), ...errors },
});
const patchByIdGuestList = createRoute({
  method: 'patch',
  path: '/{id}/guest-list',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(GuestListPatch) },
  responses: {
    200: ok(z.object({ allotment: z.number().nullable(), cutoffAt: z.number().nullable() })),
    ...errors,
  },
});
const removeByIdScheduleByItemId = createRoute({
  method: 'delete',
  path: '/{id}/schedule/{itemId}',
  tags: ['Logistics'],
  request: { params: pathParams('id', 'itemId') },
  responses: { 204: other('done'), ...errors },
});
const postByIdTravel = createRoute({
  method: 'post',
  path: '/{id}/travel',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(TravelItem) },
  responses: { 201: ok(DayLogisticsPostByIdTravel201), ...errors },
});
const postByIdHotels = createRoute({
  method: 'post',
  path: '/{id}/hotels',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(HotelStay) },
  responses: { 201: ok(DayLogisticsPostByIdHotels201), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Logistics'],
  request: { params: pathParams('id') },
  responses: { 204: other('deleted with everything on it'), ...errors },
});
const patchByIdTravelByItemId = createRoute({
  method: 'patch',
  path: '/{id}/travel/{itemId}',
  tags: ['Logistics'],
  request: { params: pathParams('id', 'itemId'), body: json(TravelPatch) },
  responses: { 200: ok(DayLogisticsPostByIdTravel201), ...errors },
});
const removeByIdTravelByItemId = createRoute({
  method: 'delete',
  path: '/{id}/travel/{itemId}',
  tags: ['Logistics'],
  request: { params: pathParams('id', 'itemId') },
  responses: { 204: other('done'), ...errors },
});
const patchByIdHotelsByStayId = createRoute({
  method: 'patch',
  path: '/{id}/hotels/{stayId}',
  tags: ['Logistics'],
  request: { params: pathParams('id', 'stayId'), body: json(HotelPatch) },
  responses: { 200: ok(DayLogisticsPostByIdHotels201), ...errors },
});
const removeByIdHotelsByStayId = createRoute({
  method: 'delete',
  path: '/{id}/hotels/{stayId}',
  tags: ['Logistics'],
  request: { params: pathParams('id', 'stayId') },
  responses: { 204: other('done'), ...errors },
});
const postByIdLedger = createRoute({
  method: 'post',
  path: '/{id}/ledger',
  tags: ['Logistics'],
  request: { params: pathParams('id'), body: json(LedgerLine) },
  responses: { 201: ok(DayLogisticsPostByIdLedger201), ...errors },
});

/**
 * The logistics of a show day (R26), mounted inside the days router (which authenticates):
 * schedule items (manage logistics), travel items with their passengers and hotels with their
 * rooming lists and group limits (manage travel), ledger lines (manage financial; refused once
 * the settlement is locked). Every write is its row and its tuples in one batch; a day the
 * writer cannot see is a 404.
 */
export const dayLogisticsRoutes = routes<WorkspaceEnv>()
  /** A new show day with its first event (R13, R15: `can_create_events` on the artist). */
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const store = c.get('store');
    const workspace = c.get('workspace');
    const [artist] = await store.db
      .select({ id: artists.id })
      .from(artists)
      .where(and(eq(artists.id, body.artistId), eq(artists.workspaceId, workspace.id)));
    if (!artist) throw new ApiError('not_found', `artist \`${body.artistId}\` not found`, { field: 'artistId' });
    await requireOn(
      c.get('authz'),
      `artist:${artist.id}`,
      'can_create_events',
      `artist \`${artist.id}\``,
      'you may not add events for this artist',
    );
    const day = {
      id: newId('day'),
      workspaceId: workspace.id,
      artistId: artist.id,
      date: body.date,
      city: body.city,
    };
    const event = {
      id: newId('ev'),
      workspaceId: workspace.id,
      dayId: day.id,
      artistId: artist.id,
      ...body.event,
      createdBy: c.get('person').id,
    };
    await writeWithTuples(
      store,
      workspace.storeId,
      [
        store.db.insert(showDays).values(day),
        store.db.insert(events).values(event),
        activityInsert(
          store.db,
          {
            workspaceId: workspace.id,
            actorId: c.get('person').id,
            action: 'event_changed',
            subject: `event:${event.id}`,
            before: null,
            after: { ...body.event, dayId: day.id },
          },
          Date.now(),
        ),
      ],
      { writes: [...dayTuples(day), ...eventTuples(event)], deletes: [] },
    );
    return c.json(
      {
        id: day.id,
        date: day.date,
        city: day.city,
        events: [{ id: event.id, title: event.title, kind: event.kind, status: event.status }],
      },
      201,
    );
  })
  /**
   * Show days from CSV: a preview with every bad line and column; with `commit`, all the days,
   * their events, schedules, tuples and log entries in ONE batch, and only when no line is bad.
   */
  .openapi(importDays, async (c) => {
    const body = c.req.valid('json');
    const store = c.get('store');
    const workspace = c.get('workspace');
    const [artist] = await store.db
      .select({ id: artists.id })
      .from(artists)
      .where(and(eq(artists.id, body.artistId), eq(artists.workspaceId, workspace.id)));
    if (!artist) throw new ApiError('not_found', `artist \`${body.artistId}\` not found`, { field: 'artistId' });
    await requireOn(
      c.get('authz'),
      `artist:${artist.id}`,
      'can_create_events',
      `artist \`${artist.id}\``,
      'you may not add events for this artist',
    );
    // Venues by name, only those the importer may see (R21).
    const venueRows = await store.db
      .select({ id: venues.id, name: venues.name })
      .from(venues)
      .where(eq(venues.workspaceId, workspace.id));
    const venueVisible = await c.get('authz').canAll(venueRows.map((v) => ['can_view', `venue:${v.id}`] as const));
    const venueIds = new Map(venueRows.filter((_, i) => venueVisible[i]).map((v) => [v.name.toLowerCase(), v.id]));
    const { rows, errors: bad } = readImport(body.csv, venueIds);
    const preview = rows.map(({ venueId: _, ...r }) => r);
    if (!body.commit || bad.length > 0) return c.json({ rows: preview, errors: bad, written: 0 }, 200);
    const now = Date.now();
    const statements = [];
    const tuples = [];
    for (const r of rows) {
      const day = {
        id: newId('day'),
        workspaceId: workspace.id,
        artistId: artist.id,
        date: r.date,
        city: r.city,
        venueId: r.venueId,
      };
      const event = {
        id: newId('ev'),
        workspaceId: workspace.id,
        dayId: day.id,
        artistId: artist.id,
        kind: r.kind,
        status: r.status,
        title: r.venue ? `${r.city}: ${r.venue}` : r.city,
        createdBy: c.get('person').id,
      };
      statements.push(
        store.db.insert(showDays).values(day),
        store.db.insert(events).values(event),
        ...r.schedule.map((item, position) =>
          store.db.insert(scheduleItems).values({ id: newId('sch'), dayId: day.id, ...item, position }),
        ),
        activityInsert(
          store.db,
          {
            workspaceId: workspace.id,
            actorId: c.get('person').id,
            action: 'event_changed',
            subject: `event:${event.id}`,
            before: null,
            after: { kind: r.kind, status: r.status, title: event.title, dayId: day.id, imported: true },
          },
          now,
        ),
      );
      tuples.push(...dayTuples(day), ...eventTuples(event));
    }
    await writeWithTuples(store, workspace.storeId, statements, { writes: tuples, deletes: [] }, now);
    return c.json({ rows: preview, errors: [], written: rows.length }, 200);
  })
  /** Another event on an existing day (a band dinner, a rehearsal). */
  .openapi(postByIdEvents, async (c) => {
    const body = c.req.valid('json');
    const store = c.get('store');
    const workspace = c.get('workspace');
    const [day] = await store.db
      .select({ id: showDays.id, artistId: showDays.artistId })
      .from(showDays)
      .where(and(eq(showDays.id, c.req.param('id')), eq(showDays.workspaceId, workspace.id)));
    const authz = c.get('authz');
    const [dayVisible, allowed] = day
      ? await authz.canAll([
          ['can_view', `show_day:${day.id}`],
          ['can_create_events', `artist:${day.artistId}`],
        ])
      : [false, false];
    if (!day || !dayVisible) throw new ApiError('not_found', `show day \`${c.req.param('id')}\` not found`);
    if (!allowed) throw new ApiError('forbidden', 'you may not add events for this artist');
    const event = {
      id: newId('ev'),
      workspaceId: workspace.id,
      dayId: day.id,
      artistId: day.artistId,
      ...body,
      createdBy: c.get('person').id,
    };
    await writeWithTuples(
      store,
      workspace.storeId,
      [
        store.db.insert(events).values(event),
        activityInsert(
          store.db,
          {
            workspaceId: workspace.id,
            actorId: c.get('person').id,
            action: 'event_changed',
            subject: `event:${event.id}`,
            before: null,
            after: body,
          },
          Date.now(),
        ),
      ],
      { writes: eventTuples(event), deletes: [] },
    );
    return c.json({ id: event.id, title: event.title, kind: event.kind, status: event.status }, 201);
  })
  .openapi(postByIdSchedule, async (c) => {
    const body = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_logistics',
      'you may not change the schedule of this day',
    );
    const db = c.get('store').db;
    // After the HIGHEST position (the sheet orders by time; position only breaks ties).
    const [last] = await db
      .select({ position: scheduleItems.position })
      .from(scheduleItems)
      .where(eq(scheduleItems.dayId, dayId))
      .orderBy(desc(scheduleItems.position))
      .limit(1);
    const row = { id: newId('sch'), dayId, ...body, position: (last?.position ?? -1) + 1 };
    await c
      .get('store')
      .batch([db.insert(scheduleItems).values(row), logged(c, 'schedule_changed', `show_day:${dayId}`, null, row)]);
    return c.json(row, 201);
  })
  /** Edit or move a schedule item (manage logistics). */
  .openapi(patchByIdScheduleByItemId, async (c) => {
    const patch = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_logistics',
      'you may not change the schedule of this day',
    );
    const db = c.get('store').db;
    const itemId = c.req.param('itemId');
    const [row] = await db
      .select()
      .from(scheduleItems)
      .where(and(eq(scheduleItems.id, itemId), eq(scheduleItems.dayId, dayId)));
    if (!row) throw new ApiError('not_found', `schedule item \`${itemId}\` not found`);
    const next = { ...row, ...patch };
    await c
      .get('store')
      .batch([
        db.update(scheduleItems).set(patch).where(eq(scheduleItems.id, itemId)),
        logged(c, 'schedule_changed', `show_day:${dayId}`, row, next),
      ]);
    return c.json(next, 200);
  })
  /** A day's city, date, venue (R21: one the writer may see) and notes (manage logistics). */
  .openapi(patchById, async (c) => {
    const patch = c.req.valid('json');
    const dayId = await requireDay(c, c.req.param('id'), 'can_manage_logistics', 'you may not change this day');
    const db = c.get('store').db;
    if (patch.venueId) {
      const [venue] = await db
        .select({ id: venues.id })
        .from(venues)
        .where(and(eq(venues.id, patch.venueId), eq(venues.workspaceId, c.get('workspace').id)));
      if (!venue || !(await c.get('authz').can('can_view', `venue:${venue.id}`)))
        throw new ApiError('validation_error', `field \`venueId\`: venue \`${patch.venueId}\` not found`, {
          field: 'venueId',
        });
    }
    if (patch.promoterContactId) {
      const [contact] = await db
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.id, patch.promoterContactId), eq(contacts.workspaceId, c.get('workspace').id)));
      if (!contact || !(await c.get('authz').can('can_view', `contact:${contact.id}`)))
        throw new ApiError(
          'validation_error',
          `field \`promoterContactId\`: contact \`${patch.promoterContactId}\` not found`,
          { field: 'promoterContactId' },
        );
    }
    const [row] = await db
      .select({
        id: showDays.id,
        date: showDays.date,
        city: showDays.city,
        venueId: showDays.venueId,
        promoterContactId: showDays.promoterContactId,
        notes: showDays.notes,
      })
      .from(showDays)
      .where(eq(showDays.id, dayId));
    const next = { ...row!, ...patch };
    await c
      .get('store')
      .batch([
        db.update(showDays).set(patch).where(eq(showDays.id, dayId)),
        logged(c, 'day_changed', `show_day:${dayId}`, row, next),
      ]);
    return c.json(next, 200);
  })
  /** The guest list's allotment and closing time (manage guest list). */
  .openapi(patchByIdGuestList, async (c) => {
    const patch = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_guest_list',
      'you may not manage the guest list of this show',
    );
    const db = c.get('store').db;
    const [row] = await db
      .select({ allotment: showDays.guestAllotment, cutoffAt: showDays.guestCutoffAt })
      .from(showDays)
      .where(eq(showDays.id, dayId));
    const next = { ...row!, ...patch };
    await c
      .get('store')
      .batch([
        db
          .update(showDays)
          .set({ guestAllotment: next.allotment, guestCutoffAt: next.cutoffAt })
          .where(eq(showDays.id, dayId)),
        logged(c, 'guest_list_changed', `show_day:${dayId}`, row, next),
      ]);
    return c.json(next, 200);
  })
  .openapi(removeByIdScheduleByItemId, async (c) => {
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_logistics',
      'you may not change the schedule of this day',
    );
    const db = c.get('store').db;
    const where = and(eq(scheduleItems.id, c.req.param('itemId')), eq(scheduleItems.dayId, dayId));
    const [row] = await db.select().from(scheduleItems).where(where);
    if (!row) throw new ApiError('not_found', `schedule item \`${c.req.param('itemId')}\` not found`);
    await c
      .get('store')
      .batch([db.delete(scheduleItems).where(where), logged(c, 'schedule_changed', `show_day:${dayId}`, row, null)]);
    return c.body(null, 204);
  })
  .openapi(postByIdTravel, async (c) => {
    const { passengers, ...body } = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_travel',
      'you may not change the travel of this day',
    );
    const store = c.get('store');
    await checkPeopleOf(store.db, c.get('workspace').id, passengers, (i) => `passengers.${i}`);
    const row = { id: newId('trv'), dayId, ...body };
    await writeWithTuples(
      store,
      c.get('workspace').storeId,
      [
        store.db.insert(travelItems).values(row),
        logged(c, 'travel_changed', `travel_item:${row.id}`, null, { ...row, passengers }),
      ],
      { writes: travelTuples({ ...row, passengers }), deletes: [] },
    );
    return c.json({ ...row, passengers }, 201);
  })
  .openapi(postByIdHotels, async (c) => {
    const { limitedToGroups, rooming, ...body } = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_travel',
      'you may not change the hotels of this day',
    );
    const store = c.get('store');
    await checkGroups(store.db, c.get('workspace').id, limitedToGroups);
    await checkPeopleOf(
      store.db,
      c.get('workspace').id,
      rooming.map((r) => r.personId),
      (i) => `rooming.${i}.personId`,
    );
    const row = { id: newId('hot'), dayId, ...body };
    const statements = [
      store.db.insert(hotelStays).values(row),
      ...rooming.map((r) =>
        store.db
          .insert(roomingEntries)
          .values({ id: newId('room'), stayId: row.id, personId: r.personId, roomType: r.roomType }),
      ),
      logged(c, 'hotel_changed', `hotel_stay:${row.id}`, null, { ...row, limitedToGroups, rooming }),
    ];
    await writeWithTuples(store, c.get('workspace').storeId, statements, {
      writes: hotelTuples({ id: row.id, dayId, limitedToGroups }),
      deletes: [],
    });
    return c.json({ ...row, limitedToGroups, rooming }, 201);
  })
  /**
   * Delete a show day with everything on it (its events, schedule, travel, hotels and rooming,
   * guest list, settlement and ledger) and every tuple naming them, in one batch with its log
   * entry. Gated by the rule of day-removal.ts, the same one that decides `can.delete`.
   */
  .openapi(removeById, async (c) => {
    const dayId = c.req.param('id');
    const store = c.get('store');
    const workspace = c.get('workspace');
    const [day] = await store.db
      .select({ id: showDays.id, date: showDays.date, city: showDays.city })
      .from(showDays)
      .where(and(eq(showDays.id, dayId), eq(showDays.workspaceId, workspace.id)));
    if (!day) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
    const [[has], dayEvents, travel, stays] = (await store.batch([
      holdingsQuery(store.db, dayId),
      store.db.select({ id: events.id, title: events.title }).from(events).where(eq(events.dayId, dayId)),
      store.db.select({ id: travelItems.id }).from(travelItems).where(eq(travelItems.dayId, dayId)),
      store.db.select({ id: hotelStays.id }).from(hotelStays).where(eq(hotelStays.dayId, dayId)),
    ])) as [DayHoldings[], { id: string; title: string }[], { id: string }[], { id: string }[]];
    const object = `show_day:${dayId}`;
    const [visible, logistics, travelRight, financial, guestList, ...editable] = await c
      .get('authz')
      .canAll([
        ['can_view', object],
        ['can_manage_logistics', object],
        ['can_manage_travel', object],
        ['can_manage_financial', object],
        ['can_manage_guest_list', object],
        ...dayEvents.map((e) => ['can_edit', `event:${e.id}`] as const),
      ]);
    if (!visible) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
    const access = {
      can_manage_logistics: logistics!,
      can_manage_travel: travelRight!,
      can_manage_financial: financial!,
      can_manage_guest_list: guestList!,
    };
    if (!has || !mayDeleteDay(access, editable, has))
      throw new ApiError(
        'forbidden',
        'you may not delete this day: it needs the right to change everything on it (its events, logistics, travel, guest list and money)',
      );
    const objects = [
      object,
      ...dayEvents.map((e) => `event:${e.id}`),
      ...travel.map((t) => `travel_item:${t.id}`),
      ...stays.map((s) => `hotel_stay:${s.id}`),
    ];
    await refuseIfReferenced(
      store,
      workspace.storeId,
      dayEvents.map((e) => e.id),
      objects,
    );
    const tuples = await tuplesOfObjects(store.db, workspace.storeId, objects);
    await writeWithTuples(
      store,
      workspace.storeId,
      [
        ...dayRemovalStatements(
          store.db,
          dayId,
          stays.map((s) => s.id),
        ),
        activityInsert(
          store.db,
          {
            workspaceId: workspace.id,
            actorId: c.get('person').id,
            action: 'day_deleted',
            subject: object,
            before: { date: day.date, city: day.city, titles: dayEvents.map((e) => e.title), holds: has },
            after: null,
          },
          Date.now(),
        ),
      ],
      { writes: [], deletes: tuples },
    );
    return c.body(null, 204);
  })
  /** Edit a journey: its fields and its passengers (people of the workspace), tuples diffed. */
  .openapi(patchByIdTravelByItemId, async (c) => {
    const { passengers, ...patch } = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_travel',
      'you may not change the travel of this day',
    );
    const store = c.get('store');
    const workspace = c.get('workspace');
    const row = await travelOf(c, dayId, c.req.param('itemId'));
    if (passengers) await checkPeopleOf(store.db, workspace.id, passengers, (i) => `passengers.${i}`);
    const current = await tuplesOfObjects(store.db, workspace.storeId, [`travel_item:${row.id}`]);
    const was = current.filter((t) => t.relation === 'passenger').map((t) => t.user.slice('user:'.length));
    const next = { ...row, ...patch, passengers: [...new Set(passengers ?? was)] };
    await writeWithTuples(
      store,
      workspace.storeId,
      [
        store.db.update(travelItems).set(patch).where(eq(travelItems.id, row.id)),
        logged(c, 'travel_changed', `travel_item:${row.id}`, { ...row, passengers: was }, next),
      ],
      diffTuples(current, travelTuples(next)),
    );
    return c.json(next, 200);
  })
  .openapi(removeByIdTravelByItemId, async (c) => {
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_travel',
      'you may not change the travel of this day',
    );
    const store = c.get('store');
    const row = await travelOf(c, dayId, c.req.param('itemId'));
    const tuples = await tuplesOfObjects(store.db, c.get('workspace').storeId, [`travel_item:${row.id}`]);
    await writeWithTuples(
      store,
      c.get('workspace').storeId,
      [
        store.db.delete(travelItems).where(eq(travelItems.id, row.id)),
        logged(c, 'travel_changed', `travel_item:${row.id}`, row, null),
      ],
      { writes: [], deletes: tuples },
    );
    return c.body(null, 204);
  })
  /** Edit a hotel stay: its fields, the groups it is limited to (R26) and its rooming list. */
  .openapi(patchByIdHotelsByStayId, async (c) => {
    const { limitedToGroups, rooming, ...patch } = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_travel',
      'you may not change the hotels of this day',
    );
    const store = c.get('store');
    const workspace = c.get('workspace');
    const row = await stayOf(c, dayId, c.req.param('stayId'));
    if (limitedToGroups) await checkGroups(store.db, workspace.id, limitedToGroups);
    if (rooming)
      await checkPeopleOf(
        store.db,
        workspace.id,
        rooming.map((r) => r.personId),
        (i) => `rooming.${i}.personId`,
      );
    const [current, roomingWas] = await Promise.all([
      tuplesOfObjects(store.db, workspace.storeId, [`hotel_stay:${row.id}`]),
      store.db
        .select({ personId: roomingEntries.personId, roomType: roomingEntries.roomType })
        .from(roomingEntries)
        .where(eq(roomingEntries.stayId, row.id)),
    ]);
    const groupsWas = current
      .filter((t) => t.relation === 'limited_to')
      .map((t) => t.user.slice('group:'.length, -'#member'.length));
    const wasRooming = roomingWas.flatMap((r) => (r.personId ? [{ personId: r.personId, roomType: r.roomType }] : []));
    const next = {
      ...row,
      ...patch,
      limitedToGroups: [...new Set(limitedToGroups ?? groupsWas)],
      rooming: rooming ?? wasRooming,
    };
    const statements: BatchItem<'sqlite'>[] = [];
    if (Object.keys(patch).length)
      statements.push(store.db.update(hotelStays).set(patch).where(eq(hotelStays.id, row.id)));
    if (rooming)
      statements.push(
        store.db.delete(roomingEntries).where(eq(roomingEntries.stayId, row.id)),
        ...rooming.map((r) =>
          store.db
            .insert(roomingEntries)
            .values({ id: newId('room'), stayId: row.id, personId: r.personId, roomType: r.roomType }),
        ),
      );
    statements.push(
      logged(
        c,
        'hotel_changed',
        `hotel_stay:${row.id}`,
        { ...row, limitedToGroups: groupsWas, rooming: wasRooming },
        next,
      ),
    );
    await writeWithTuples(
      store,
      workspace.storeId,
      statements,
      diffTuples(current, hotelTuples({ id: row.id, dayId, limitedToGroups: next.limitedToGroups })),
    );
    return c.json(next, 200);
  })
  .openapi(removeByIdHotelsByStayId, async (c) => {
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_travel',
      'you may not change the hotels of this day',
    );
    const store = c.get('store');
    const row = await stayOf(c, dayId, c.req.param('stayId'));
    const tuples = await tuplesOfObjects(store.db, c.get('workspace').storeId, [`hotel_stay:${row.id}`]);
    await writeWithTuples(
      store,
      c.get('workspace').storeId,
      [
        store.db.delete(roomingEntries).where(eq(roomingEntries.stayId, row.id)),
        store.db.delete(hotelStays).where(eq(hotelStays.id, row.id)),
        logged(c, 'hotel_changed', `hotel_stay:${row.id}`, row, null),
      ],
      { writes: [], deletes: tuples },
    );
    return c.body(null, 204);
  })
  .openapi(postByIdLedger, async (c) => {
    const body = c.req.valid('json');
    const dayId = await requireDay(
      c,
      c.req.param('id'),
      'can_manage_financial',
      'you may not change the ledger of this day',
    );
    const db = c.get('store').db;
    const [deal] = await db
      .select({ lockedAt: settlements.lockedAt })
      .from(settlements)
      .where(eq(settlements.dayId, dayId));
    if (deal?.lockedAt != null) throw new ApiError('conflict', 'this settlement is settled and locked');
    const row = { id: newId('led'), dayId, ...body };
    await c.get('store').batch([
      db.insert(ledgerLines).values(row),
      activityInsert(
        db,
        {
          workspaceId: c.get('workspace').id,
          actorId: c.get('person').id,
          action: 'ledger_line_added',
          subject: `show_day:${dayId}`,
          after: row,
        },
        Date.now(),
      ),
    ]);
    return c.json(row, 201);
  });

type Ctx = { get: WorkspaceEnv['Variables'] extends infer V ? <K extends keyof V>(key: K) => V[K] : never };

/** The activity-log entry of a logistics write, to run in the write's own batch (R28). */
function logged(
  c: Ctx,
  action: 'day_changed' | 'schedule_changed' | 'guest_list_changed' | 'travel_changed' | 'hotel_changed',
  subject: string,
  before: unknown,
  after: unknown,
) {
  return activityInsert(
    c.get('store').db,
    { workspaceId: c.get('workspace').id, actorId: c.get('person').id, action, subject, before, after },
    Date.now(),
  );
}

/** The day, in the person's workspace, that they may see and hold `relation` on; else 404/403. */
async function requireDay(
  c: { get: WorkspaceEnv['Variables'] extends infer V ? <K extends keyof V>(key: K) => V[K] : never },
  dayId: string,
  relation: RelationOf<'show_day'>,
  denied: string,
): Promise<string> {
  const [day] = await c
    .get('store')
    .db.select({ id: showDays.id })
    .from(showDays)
    .where(and(eq(showDays.id, dayId), eq(showDays.workspaceId, c.get('workspace').id)));
  if (!day) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
  await requireOn(c.get('authz'), `show_day:${dayId}`, relation, `show day \`${dayId}\``, denied);
  return day.id;
}

/** A journey of the day the reader may see (a private one is its passengers' and managers'); else 404. */
async function travelOf(c: Ctx, dayId: string, itemId: string) {
  const [row] = await c
    .get('store')
    .db.select()
    .from(travelItems)
    .where(and(eq(travelItems.id, itemId), eq(travelItems.dayId, dayId)));
  if (!row || !(await c.get('authz').can('can_view', `travel_item:${itemId}`)))
    throw new ApiError('not_found', `travel item \`${itemId}\` not found`);
  return row;
}

/** A hotel stay of the day the reader may see (R26: the crew hotel is the crew's); else 404. */
async function stayOf(c: Ctx, dayId: string, stayId: string) {
  const [row] = await c
    .get('store')
    .db.select()
    .from(hotelStays)
    .where(and(eq(hotelStays.id, stayId), eq(hotelStays.dayId, dayId)));
  if (!row || !(await c.get('authz').can('can_view', `hotel_stay:${stayId}`)))
    throw new ApiError('not_found', `hotel stay \`${stayId}\` not found`);
  return row;
}

/** The tuple write that turns `current` into `wanted`. */
function diffTuples(current: TupleKey[], wanted: TupleKey[]) {
  const key = (t: TupleKey) => `${t.object}#${t.relation}@${t.user}`;
  const has = new Set(current.map(key));
  const want = new Set(wanted.map(key));
  return { writes: wanted.filter((t) => !has.has(key(t))), deletes: current.filter((t) => !want.has(key(t))) };
}
