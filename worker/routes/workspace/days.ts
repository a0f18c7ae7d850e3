import { createRoute } from '@hono/zod-openapi';
import { errors, IsoDate, json, ok, pathParams, routes } from '../declare.ts';
import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import {
  artists,
  showDays,
  events,
  guestRequests,
  GUEST_REQUEST_STATUSES,
  settlements,
} from '../../../db/touring/schema.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { inIdList } from '../../../db/id-list.ts';
import { readTogether } from '../../../db/store.ts';
import { ApiError } from '../../errors.ts';
import { newId } from '../../auth/crypto.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { daySheetQueries, readDaySheet } from '../../touring/day-sheet.ts';
import { readWithSession } from '../../middleware/session.ts';
import { brandingFor, localDateTime } from '../../settings/workspace-settings.ts';
import { dayLogisticsRoutes } from './logistics.ts';
import { activityInsert } from '../../activity/log.ts';

const ListQuery = z.object({
  from: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const GuestRequest = z.object({
  guestName: z.string().trim().min(1).max(200),
  guestEmail: z.email().max(320).optional(),
  guestPhone: z.string().trim().max(40).optional(),
  plusOnes: z.number().int().min(0).max(10).default(0),
});

const GuestDecision = z.object({
  status: z.enum(GUEST_REQUEST_STATUSES.filter((s) => s !== 'pending') as ['approved', 'denied']),
});

const SettlementPatch = z
  .object({
    dealTerms: z.string().trim().min(1).max(2000).optional(),
    guaranteeCents: z.number().int().min(0).max(1_000_000_000).optional(),
  })
  .refine((p) => p.dealTerms !== undefined || p.guaranteeCents !== undefined, 'send `dealTerms` or `guaranteeCents`');

/** What the reader may do with a record, decided in the batch that decided they see it. */
const RecordCan = z.object({ edit: z.boolean(), delete: z.boolean() });

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const DaysPatchByIdSettlement200 = z.object({
  deal: z.object({
    guaranteeCents: z.number(),
    dealTerms: z.string(),
    currency: z.string(),
    status: z.enum(['open', 'settled']),
    lockedAt: z.number().nullable(),
  }),
});
const DaysGetByIdSheet200 = z.object({
  /** The workspace's time zone (a setting, R6): instants on the sheet are shown in it. */
  timezone: z.string(),
  /** The guest-list cut-off in the workspace's time zone (`YYYY-MM-DD HH:MM`), with the guest list. */
  guestCutoffLocal: z.string().optional(),
  /** The branding set the day's artist uses (R6), when one is chosen. */
  branding: z
    .object({ name: z.string(), primaryColor: z.string(), accentColor: z.string(), logoUrl: z.string().optional() })
    .optional(),
  notes: z.string().optional(),
  settlement: z
    .object({
      ledger: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          direction: z.enum(['income', 'expense']),
          amountCents: z.number(),
        }),
      ),
      can: z.object({ edit: z.boolean() }),
      deal: z
        .union([
          z.object({}),
          z.object({
            dealTerms: z.string(),
            currency: z.string(),
            guaranteeCents: z.number(),
            status: z.enum(['open', 'settled']),
            lockedAt: z.number().nullable(),
          }),
        ])
        .optional(),
    })
    .optional(),
  guestList: z
    .object({
      approved: z.number(),
      requests: z.array(
        z.union([
          z.object({
            id: z.string(),
            status: z.enum(['pending', 'approved', 'denied']),
            plusOnes: z.number(),
            mine: z.boolean(),
            can: z.object({ edit: z.boolean() }),
          }),
          z.object({
            guestPhone: z.string().optional(),
            guestEmail: z.string().optional(),
            guestName: z.string(),
            id: z.string(),
            status: z.enum(['pending', 'approved', 'denied']),
            plusOnes: z.number(),
            mine: z.boolean(),
            can: z.object({ edit: z.boolean() }),
          }),
        ]),
      ),
      allotment: z.number().nullable(),
      cutoffAt: z.number().nullable(),
    })
    .optional(),
  hotels: z
    .array(
      z.object({
        rooming: z.array(z.object({ name: z.string(), roomType: z.string(), personId: z.string().optional() })),
        /** For travel managers: the groups the stay is limited to (R26). */
        limitedToGroups: z.array(z.string()).optional(),
        id: z.string(),
        hotelName: z.string(),
        address: z.string(),
        checkIn: z.string().nullable(),
        checkOut: z.string().nullable(),
        confirmation: z.string().nullable(),
        can: RecordCan,
      }),
    )
    .optional(),
  travel: z
    .array(
      z.object({
        id: z.string(),
        mode: z.enum(['flight', 'train', 'bus', 'car', 'ferry']),
        carrier: z.string().nullable(),
        number: z.string().nullable(),
        fromPlace: z.string(),
        toPlace: z.string(),
        departsAt: z.string(),
        arrivesAt: z.string().nullable(),
        private: z.boolean(),
        /** For travel managers: who travels (people of the workspace). */
        passengers: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
        can: RecordCan,
      }),
    )
    .optional(),
  contacts: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        company: z.string().nullable(),
        role: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        can: z.object({ edit: z.boolean() }),
      }),
    )
    .optional(),
  venue: z
    .object({
      id: z.string(),
      name: z.string(),
      city: z.string(),
      address: z.string(),
      capacity: z.number().nullable(),
      dock: z.string().nullable(),
      stage: z.string().nullable(),
      power: z.string().nullable(),
      wifi: z.string().nullable(),
      curfew: z.string().nullable(),
      can: z.object({ edit: z.boolean() }),
    })
    .optional(),
  schedule: z
    .array(
      z.object({
        endsAt: z.string().optional(),
        startsAt: z.string().optional(),
        id: z.string(),
        label: z.string(),
        display: z.enum(['exact', 'approx', 'tbd', 'hidden']),
        confirmed: z.boolean(),
        nextDay: z.boolean(),
        can: RecordCan,
      }),
    )
    .optional(),
  day: z.object({
    id: z.string(),
    date: z.string(),
    city: z.string(),
    artist: z.object({ id: z.string(), name: z.string() }),
  }),
  events: z.array(
    z.union([
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
        status: z.enum(['tentative', 'confirmed']),
        can: RecordCan,
      }),
      z.object({
        holdRank: z.number(),
        id: z.string(),
        title: z.string(),
        kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
        status: z.enum(['tentative', 'confirmed']),
        can: RecordCan,
      }),
    ]),
  ),
  can: z.object({
    requestGuestList: z.boolean(),
    manageLogistics: z.boolean(),
    manageTravel: z.boolean(),
    manageFinancial: z.boolean(),
    manageGuestList: z.boolean(),
    edit: z.boolean(),
    delete: z.boolean(),
  }),
});
const DaysGet200 = z.object({
  nextCursor: z.string().optional(),
  days: z.array(
    z.object({
      id: z.string(),
      date: z.string(),
      city: z.string(),
      artist: z.object({ id: z.string(), name: z.string() }),
      can: z.object({ edit: z.boolean() }),
      events: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
          status: z.enum(['tentative', 'confirmed']),
          can: z.object({ edit: z.boolean() }),
        }),
      ),
    }),
  ),
});

/** The cursor is the last row's (date, id): stable under inserts, opaque to callers. */
const encodeCursor = (date: string, id: string) => btoa(JSON.stringify([date, id]));
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(atob(cursor));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    // fall through
  }
  throw new ApiError('validation_error', 'field `cursor`: not a cursor this API gave out', { field: 'cursor' });
}

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Days'],
  request: { query: ListQuery },
  responses: { 200: ok(DaysGet200), ...errors },
});
const getByIdSheet = createRoute({
  method: 'get',
  path: '/{id}/sheet',
  tags: ['Days'],
  request: { params: pathParams('id') },
  responses: { 200: ok(DaysGetByIdSheet200), ...errors },
});
const postByIdGuestRequests = createRoute({
  method: 'post',
  path: '/{id}/guest-requests',
  tags: ['Days'],
  request: { params: pathParams('id'), body: json(GuestRequest) },
  responses: {
    201: ok(z.object({ id: z.string(), status: z.literal('pending'), plusOnes: z.number() })),
    ...errors,
  },
});
const patchByIdGuestRequestsByRequestId = createRoute({
  method: 'patch',
  path: '/{id}/guest-requests/{requestId}',
  tags: ['Days'],
  request: { params: pathParams('id', 'requestId'), body: json(GuestDecision) },
  responses: { 200: ok(z.object({ id: z.string(), status: z.enum(['approved', 'denied']) })), ...errors },
});
const patchByIdSettlement = createRoute({
  method: 'patch',
  path: '/{id}/settlement',
  tags: ['Days'],
  request: { params: pathParams('id'), body: json(SettlementPatch) },
  responses: { 200: ok(DaysPatchByIdSettlement200), ...errors },
});

/**
 * Show days: the list is the engine's list-objects answer feeding the query (R12, R14, R15,
 * R17, R19), so rows the reader may not see are never read; one day; its day sheet (R26);
 * guest-list requests (R11: view-only people may make them).
 */
const daysApp = routes<WorkspaceEnv>();
// The day sheet — the page crews open on the road — reads its rows in the session's round trip
// (issue 17): ONE round trip in all when the isolate's snapshot of the store is current.
daysApp.use(
  '/:id/sheet',
  readWithSession<WorkspaceEnv>((c) => {
    // read here: a later middleware's `c.req.param` is that middleware's path's (`*`: none)
    const dayId = c.req.param('id') ?? '';
    return (db, keys) => daySheetQueries(db, dayId, keys);
  }),
);
daysApp.use('*', ...workspaceSession());

export const days = daysApp
  .route('/', dayLogisticsRoutes)
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    const authz = c.get('authz');
    const ids = await authz.list('show_day', 'can_view');
    if (ids.length === 0) return c.json({ days: [] }, 200);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const store = c.get('store');
    const where = and(
      eq(showDays.workspaceId, c.get('workspace').id),
      inIdList(showDays.id, ids),
      query.from ? gt(showDays.date, addDays(query.from, -1)) : undefined,
      after ? or(gt(showDays.date, after[0]), and(eq(showDays.date, after[0]), gt(showDays.id, after[1]))) : undefined,
    );
    // one round trip: the page and its events (the page's ids as a sub-select)
    const pageIds = store.db
      .select({ id: showDays.id })
      .from(showDays)
      .where(where)
      .orderBy(asc(showDays.date), asc(showDays.id))
      .limit(query.limit);
    const [rows, dayEvents] = await readTogether(store, [
      store.db
        .select({
          id: showDays.id,
          date: showDays.date,
          city: showDays.city,
          artistId: artists.id,
          artistName: artists.name,
        })
        .from(showDays)
        .innerJoin(artists, eq(artists.id, showDays.artistId))
        .where(where)
        .orderBy(asc(showDays.date), asc(showDays.id))
        .limit(query.limit + 1),
      store.db
        .select({ id: events.id, dayId: events.dayId, title: events.title, kind: events.kind, status: events.status })
        .from(events)
        .where(inArray(events.dayId, pageIds)),
    ]);
    const page = rows.slice(0, query.limit);
    // One batch: which events the reader sees, and what they may do with each event and day.
    const answers = await authz.canAll([
      ...page.map((d) => ['can_manage_logistics', `show_day:${d.id}`] as const),
      ...dayEvents.flatMap((e) => [['can_view', `event:${e.id}`] as const, ['can_edit', `event:${e.id}`] as const]),
    ]);
    const dayEditable = new Map(page.map((d, i) => [d.id, answers[i]!]));
    const shown = dayEvents.flatMap((e, i) =>
      answers[page.length + 2 * i] ? [{ ...e, can: { edit: answers[page.length + 2 * i + 1]! } }] : [],
    );
    const last = page.at(-1);
    return c.json(
      {
        days: page.map((d) => ({
          id: d.id,
          date: d.date,
          city: d.city,
          artist: { id: d.artistId, name: d.artistName },
          can: { edit: dayEditable.get(d.id)! },
          events: shown.filter((e) => e.dayId === d.id).map(({ dayId: _, ...e }) => e),
        })),
        ...(rows.length > query.limit && last ? { nextCursor: encodeCursor(last.date, last.id) } : {}),
      },
      200,
    );
  })
  .openapi(getByIdSheet, async (c) => {
    const workspaceRow = c.get('workspace');
    const sheet = await readDaySheet(
      c.get('store'),
      c.get('authz'),
      workspaceRow.id,
      c.req.param('id'),
      workspaceRow.storeId,
      // read with the session (`readWithSession` above), handed on only once it proved valid
      c.get('sessionRead').reads,
    );
    if (!sheet) throw new ApiError('not_found', `show day \`${c.req.param('id')}\` not found`);
    // Read with the request: a changed time zone or branding shows on the next sheet (R6).
    const workspace = c.get('workspace');
    const cutoff = sheet.guestList?.cutoffAt;
    const branding = brandingFor(workspace, sheet.day.artist.id);
    return c.json(
      {
        ...sheet,
        timezone: workspace.timezone,
        ...(cutoff == null ? {} : { guestCutoffLocal: localDateTime(cutoff, workspace.timezone) }),
        ...(branding ? { branding } : {}),
      },
      200,
    );
  })
  .openapi(postByIdGuestRequests, async (c) => {
    const body = c.req.valid('json');
    const dayId = c.req.param('id');
    const db = c.get('store').db;
    const [day] = await db
      .select({ id: showDays.id, cutoff: showDays.guestCutoffAt })
      .from(showDays)
      .where(and(eq(showDays.id, dayId), eq(showDays.workspaceId, c.get('workspace').id)));
    const authz = c.get('authz');
    const [canView, canRequest] = day
      ? await authz.canAll([
          ['can_view', `show_day:${dayId}`],
          ['can_request_guest_list', `show_day:${dayId}`],
        ])
      : [false, false];
    if (!day || !canView) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
    if (!canRequest) throw new ApiError('forbidden', 'your role does not include guest-list requests for this show');
    const now = Date.now();
    if (day.cutoff !== null && now > day.cutoff)
      throw new ApiError('conflict', 'the guest list for this show has closed: the cutoff has passed');
    const row = {
      id: newId('gr'),
      dayId,
      requestedBy: c.get('person').id,
      guestName: body.guestName,
      guestEmail: body.guestEmail ?? null,
      guestPhone: body.guestPhone ?? null,
      plusOnes: body.plusOnes,
      status: 'pending' as const,
      createdAt: now,
    };
    // Logged without the guest's personal data (R16): who asked, for how many.
    await c.get('store').batch([
      db.insert(guestRequests).values(row),
      activityInsert(
        db,
        {
          workspaceId: c.get('workspace').id,
          actorId: row.requestedBy,
          action: 'guest_list_changed',
          subject: `show_day:${dayId}`,
          before: null,
          after: { request: row.id, status: row.status, plusOnes: row.plusOnes },
        },
        now,
      ),
    ]);
    return c.json({ id: row.id, status: row.status, plusOnes: row.plusOnes }, 201);
  })
  /** Approve or deny a request; approvals never exceed the allotment. */
  .openapi(patchByIdGuestRequestsByRequestId, async (c) => {
    const { status } = c.req.valid('json');
    const { id: dayId, requestId } = c.req.param();
    const db = c.get('store').db;
    const [day] = await db
      .select({ allotment: showDays.guestAllotment })
      .from(showDays)
      .where(and(eq(showDays.id, dayId), eq(showDays.workspaceId, c.get('workspace').id)));
    if (!day) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
    await requireOn(
      c.get('authz'),
      `show_day:${dayId}`,
      'can_manage_guest_list',
      `show day \`${dayId}\``,
      'you may not manage the guest list of this show',
    );
    const rows = await db.select().from(guestRequests).where(eq(guestRequests.dayId, dayId));
    const request = rows.find((r) => r.id === requestId);
    if (!request) throw new ApiError('not_found', `guest request \`${requestId}\` not found`);
    const places = rows
      .filter((r) => r.status === 'approved' && r.id !== requestId)
      .reduce((n, r) => n + 1 + r.plusOnes, 0);
    if (status === 'approved' && day.allotment !== null && places + 1 + request.plusOnes > day.allotment) {
      throw new ApiError('conflict', `approving this request would exceed the allotment of ${day.allotment}`);
    }
    await c.get('store').batch([
      db.update(guestRequests).set({ status }).where(eq(guestRequests.id, requestId)),
      activityInsert(
        db,
        {
          workspaceId: c.get('workspace').id,
          actorId: c.get('person').id,
          action: 'guest_list_changed',
          subject: `show_day:${dayId}`,
          before: { request: requestId, status: request.status },
          after: { request: requestId, status },
        },
        Date.now(),
      ),
    ]);
    return c.json({ id: requestId, status }, 200);
  })
  /** Edit the deal (R17: financial managers only); a settled, locked settlement refuses. */
  .openapi(patchByIdSettlement, async (c) => {
    const patch = c.req.valid('json');
    const dayId = c.req.param('id');
    const db = c.get('store').db;
    const [day] = await db
      .select({ id: showDays.id })
      .from(showDays)
      .where(and(eq(showDays.id, dayId), eq(showDays.workspaceId, c.get('workspace').id)));
    if (!day) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
    await requireOn(
      c.get('authz'),
      `show_day:${dayId}`,
      'can_manage_financial',
      `show day \`${dayId}\``,
      'you may not change the settlement of this show',
    );
    const [current] = await db.select().from(settlements).where(eq(settlements.dayId, dayId));
    if (!current) throw new ApiError('not_found', `show day \`${dayId}\` has no settlement`);
    if (current.lockedAt !== null) throw new ApiError('conflict', 'this settlement is settled and locked');
    const next = {
      ...current,
      ...(patch.dealTerms ? { dealTerms: patch.dealTerms } : {}),
      ...(patch.guaranteeCents !== undefined ? { guaranteeCents: patch.guaranteeCents } : {}),
    };
    const { dayId: _, ...deal } = next;
    const { dayId: __, ...was } = current;
    // R28: a settlement edit and its activity entry land together.
    await c.get('store').batch([
      db
        .update(settlements)
        .set({ dealTerms: next.dealTerms, guaranteeCents: next.guaranteeCents })
        .where(eq(settlements.dayId, dayId)),
      activityInsert(
        db,
        {
          workspaceId: c.get('workspace').id,
          actorId: c.get('person').id,
          action: 'settlement_changed',
          subject: `show_day:${dayId}`,
          before: was,
          after: deal,
        },
        Date.now(),
      ),
    ]);
    return c.json({ deal }, 200);
  });

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
