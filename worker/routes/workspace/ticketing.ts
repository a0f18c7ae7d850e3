import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  attendees,
  type ORDER_CHANNELS,
  PAYMENTS,
  ticketedShows,
  ticketOrders,
  showDays,
} from '../../../db/touring/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { readTogether } from '../../../db/store.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import {
  abilitiesOn,
  type AttendeeRow,
  attendeesQuery,
  attendeesView,
  attendeeView,
  ticketedShow,
  ticketedShowsQuery,
} from '../../collaboration/ticketing.ts';

const Order = z.strictObject({
  quantity: z.number().int().min(1).max(100),
  payment: z.enum(PAYMENTS),
  buyerName: z.string().trim().min(1).max(200),
  buyerEmail: z.email().max(320).optional(),
  buyerPhone: z.string().trim().min(1).max(40).optional(),
  ticketType: z.string().trim().min(1).max(100).default('General admission'),
});
const CheckIn = z.strictObject({ attendeeId: z.string().min(1).max(100) });

async function showFor(c: Context<WorkspaceEnv>, more?: Parameters<typeof ticketedShow>[4]) {
  return ticketedShow(c.get('store'), c.get('authz'), c.get('workspace').id, c.req.param('eventId')!, more);
}

function need(allowed: boolean, message: string): void {
  if (!allowed) throw new ApiError('forbidden', message);
}

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const TicketingGetShowsByEventIdCheckInReport200 = z.object({
  basic: z.object({
    tickets: z.number(),
    checkedIn: z.number(),
    byTicketType: z.array(z.object({ ticketType: z.string(), tickets: z.number(), checkedIn: z.number() })),
  }),
});
const TicketingPostShowsByEventIdOrders201 = z.object({
  order: z.object({
    buyerPhone: z.string().optional(),
    buyerEmail: z.string().optional(),
    buyerName: z.string().optional(),
    id: z.string(),
    quantity: z.number(),
    totalCents: z.number(),
    payment: z.enum(['card', 'cash']),
  }),
  attendees: z.array(
    z.object({
      phone: z.string().optional(),
      email: z.string().optional(),
      name: z.string().optional(),
      checkedInAt: z.number().optional(),
      id: z.string(),
      orderId: z.string(),
      ticketType: z.string(),
      checkedIn: z.boolean(),
    }),
  ),
});
const TicketingPostShowsByEventIdCheckIns200 = z.object({
  attendee: z.object({
    phone: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    checkedInAt: z.number().optional(),
    id: z.string(),
    orderId: z.string(),
    ticketType: z.string(),
    checkedIn: z.boolean(),
  }),
});
const TicketingGetShowsByEventIdAttendees200 = z.object({
  attendees: z.array(
    z.object({
      phone: z.string().optional(),
      email: z.string().optional(),
      name: z.string().optional(),
      checkedInAt: z.number().optional(),
      id: z.string(),
      orderId: z.string(),
      ticketType: z.string(),
      checkedIn: z.boolean(),
    }),
  ),
});
const TicketingGetShows200 = z.object({
  shows: z.array(
    z.object({
      checkIn: z.object({ tickets: z.number(), checkedIn: z.number() }).optional(),
      can: z.object({
        checkIn: z.boolean(),
        boxOffice: z.boolean(),
        exceedOrderLimits: z.boolean(),
        cashDrawer: z.boolean(),
        basicCheckInData: z.boolean(),
        advancedCheckInData: z.boolean(),
        personalData: z.boolean(),
        downloadReports: z.boolean(),
      }),
      eventId: z.string(),
      capacity: z.number(),
      orderLimit: z.number(),
      priceCents: z.number(),
      title: z.string(),
      date: z.string(),
    }),
  ),
});

const getShows = createRoute({
  method: 'get',
  path: '/shows',
  tags: ['Ticketing'],
  responses: { 200: ok(TicketingGetShows200), ...errors },
});
const getShowsByEventIdAttendees = createRoute({
  method: 'get',
  path: '/shows/{eventId}/attendees',
  tags: ['Ticketing'],
  request: { params: pathParams('eventId'), query: z.object({ q: z.string().trim().max(200).optional() }) },
  responses: { 200: ok(TicketingGetShowsByEventIdAttendees200), ...errors },
});
const postShowsByEventIdCheckIns = createRoute({
  method: 'post',
  path: '/shows/{eventId}/check-ins',
  tags: ['Ticketing'],
  request: { params: pathParams('eventId'), body: json(CheckIn) },
  responses: { 200: ok(TicketingPostShowsByEventIdCheckIns200), ...errors },
});
const postShowsByEventIdOrders = createRoute({
  method: 'post',
  path: '/shows/{eventId}/orders',
  tags: ['Ticketing'],
  request: { params: pathParams('eventId'), body: json(Order) },
  responses: { 201: ok(TicketingPostShowsByEventIdOrders201), ...errors },
});
const postShowsByEventIdCashDrawer = createRoute({
  method: 'post',
  path: '/shows/{eventId}/cash-drawer',
  tags: ['Ticketing'],
  request: { params: pathParams('eventId') },
  responses: { 200: ok(z.object({ opened: z.boolean() })), ...errors },
});
const getShowsByEventIdCheckInReport = createRoute({
  method: 'get',
  path: '/shows/{eventId}/check-in-report',
  tags: ['Ticketing'],
  request: { params: pathParams('eventId') },
  responses: { 200: ok(TicketingGetShowsByEventIdCheckInReport200), ...errors },
});

/**
 * Ticketing (R24 with R12, R14, R16): shows the reader may see (their per-show toggles are the
 * events' `hidden_from`), and the gate and box-office actions, each gated by its app
 * permission on that show — at organisation or event level.
 */
export const ticketingRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(getShows, async (c) => {
    const authz = c.get('authz');
    const ids = await authz.list('event', 'can_view');
    const store = c.get('store');
    const db = store.db;
    const mine = and(eq(ticketedShows.workspaceId, c.get('workspace').id), inIdList(ticketedShows.eventId, ids));
    // the shows and their ticket counts in one round trip
    const [rows, counts] = ids.length
      ? await readTogether(store, [
          ticketedShowsQuery(db, mine).orderBy(asc(showDays.date)),
          db
            .select({
              eventId: attendees.eventId,
              tickets: sql<number>`count(*)`,
              checkedIn: sql<number>`count(${attendees.checkedInAt})`,
            })
            .from(attendees)
            .where(inArray(attendees.eventId, db.select({ id: ticketedShows.eventId }).from(ticketedShows).where(mine)))
            .groupBy(attendees.eventId),
        ])
      : [[], []];
    const abilities = await Promise.all(rows.map((r) => abilitiesOn(authz, r.eventId)));
    return c.json(
      {
        shows: rows.map((r, i) => {
          const { visible: _, ...can } = abilities[i]!;
          const n = counts.find((x) => x.eventId === r.eventId);
          return {
            ...r,
            can,
            ...(can.basicCheckInData ? { checkIn: { tickets: n?.tickets ?? 0, checkedIn: n?.checkedIn ?? 0 } } : {}),
          };
        }),
      },
      200,
    );
  })
  /** The Attendees tab: needs Check in Attendees. */
  .openapi(getShowsByEventIdAttendees, async (c) => {
    const { q } = c.req.valid('query');
    const eventId = c.req.param('eventId');
    // the show and its attendees in one round trip, when the engine allows the list
    const { can, rest } = await showFor(c, (can) => (can.checkIn ? [attendeesQuery(c.get('store').db, eventId)] : []));
    need(can.checkIn, 'the attendee list needs the Check in Attendees permission');
    return c.json({ attendees: attendeesView(rest[0] as AttendeeRow[], can.personalData, q) }, 200);
  })
  .openapi(postShowsByEventIdCheckIns, async (c) => {
    const { attendeeId } = c.req.valid('json');
    const { show, can } = await showFor(c);
    need(can.checkIn, 'checking in needs the Check in Attendees permission');
    const db = c.get('store').db;
    const [row] = await db
      .select()
      .from(attendees)
      .where(and(eq(attendees.id, attendeeId), eq(attendees.eventId, show.eventId)));
    if (!row) throw new ApiError('not_found', `ticket \`${attendeeId}\` not found for this show`);
    const now = Date.now();
    const done = await db
      .update(attendees)
      .set({ checkedInAt: now, checkedInBy: c.get('person').id })
      .where(and(eq(attendees.id, attendeeId), sql`${attendees.checkedInAt} IS NULL`))
      .returning({ id: attendees.id });
    if (done.length === 0) throw new ApiError('conflict', 'this ticket is already checked in');
    return c.json({ attendee: attendeeView({ ...row, checkedInAt: now }, can.personalData) }, 200);
  })
  /** A box-office sale: Create Box Office Orders; above the order limit also Exceed Order Limits. */
  .openapi(postShowsByEventIdOrders, async (c) => {
    const order = c.req.valid('json');
    const { show, can } = await showFor(c);
    need(can.boxOffice, 'box-office sales need the Create Box Office Orders permission');
    if (order.quantity > show.orderLimit)
      need(can.exceedOrderLimits, `orders above ${show.orderLimit} tickets need the Exceed Order Limits permission`);
    const db = c.get('store').db;
    const [{ sold } = { sold: 0 }] = await db
      .select({ sold: sql<number>`count(*)` })
      .from(attendees)
      .where(eq(attendees.eventId, show.eventId));
    if (sold + order.quantity > show.capacity)
      throw new ApiError('conflict', `only ${show.capacity - sold} tickets are left`);
    const now = Date.now();
    const workspaceId = c.get('workspace').id;
    const row = {
      id: newId('ord'),
      workspaceId,
      eventId: show.eventId,
      channel: 'box_office' as (typeof ORDER_CHANNELS)[number],
      payment: order.payment,
      buyerName: order.buyerName,
      buyerEmail: order.buyerEmail ?? null,
      buyerPhone: order.buyerPhone ?? null,
      quantity: order.quantity,
      totalCents: order.quantity * show.priceCents,
      createdBy: c.get('person').id,
      createdAt: now,
    };
    const tickets = Array.from({ length: order.quantity }, (_, n) => ({
      id: newId('att'),
      workspaceId,
      eventId: show.eventId,
      orderId: row.id,
      ticketType: order.ticketType,
      name: n === 0 ? order.buyerName : `${order.buyerName} +${n}`,
      email: n === 0 ? row.buyerEmail : null,
      phone: n === 0 ? row.buyerPhone : null,
      checkedInAt: null,
      checkedInBy: null,
    }));
    await c.get('store').batch([db.insert(ticketOrders).values(row), db.insert(attendees).values(tickets)]);
    return c.json(
      {
        order: {
          id: row.id,
          quantity: row.quantity,
          totalCents: row.totalCents,
          payment: row.payment,
          ...(can.personalData
            ? {
                buyerName: row.buyerName,
                ...(row.buyerEmail ? { buyerEmail: row.buyerEmail } : {}),
                ...(row.buyerPhone ? { buyerPhone: row.buyerPhone } : {}),
              }
            : {}),
        },
        attendees: tickets.map((t) => attendeeView(t, can.personalData)),
      },
      201,
    );
  })
  /** App only: open the cash drawer without a sale (Cash Drawer Management). */
  .openapi(postShowsByEventIdCashDrawer, async (c) => {
    const { can } = await showFor(c);
    need(
      can.cashDrawer,
      'opening the cash drawer without a sale needs Cash Drawer Management (or an authorizing user)',
    );
    return c.json({ opened: true }, 200);
  })
  /** Check-in data: basic totals, and with the advanced permission the breakdowns. */
  .openapi(getShowsByEventIdCheckInReport, async (c) => {
    const eventId = c.req.param('eventId');
    const db = c.get('store').db;
    const byTypeQuery = db
      .select({
        ticketType: attendees.ticketType,
        tickets: sql<number>`count(*)`,
        checkedIn: sql<number>`count(${attendees.checkedInAt})`,
      })
      .from(attendees)
      .where(eq(attendees.eventId, eventId))
      .groupBy(attendees.ticketType);
    const byHourQuery = db
      .select({
        hour: sql<number>`cast(${attendees.checkedInAt} / 3600000 as integer) * 3600000`,
        checkedIn: sql<number>`count(*)`,
      })
      .from(attendees)
      .where(and(eq(attendees.eventId, eventId), sql`${attendees.checkedInAt} IS NOT NULL`))
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    const byPaymentQuery = db
      .select({ payment: ticketOrders.payment, checkedIn: sql<number>`count(${attendees.checkedInAt})` })
      .from(attendees)
      .innerJoin(ticketOrders, eq(ticketOrders.id, attendees.orderId))
      .where(eq(attendees.eventId, eventId))
      .groupBy(ticketOrders.payment);
    // the engine first, then the show and the figures it allows in one round trip
    const { can, rest } = await showFor(c, (can) =>
      !can.basicCheckInData ? [] : can.advancedCheckInData ? [byTypeQuery, byHourQuery, byPaymentQuery] : [byTypeQuery],
    );
    need(can.basicCheckInData, 'check-in data needs the View Basic Check-In Data permission');
    const [byType, byHour, byPayment] = rest as [
      Awaited<typeof byTypeQuery>,
      Awaited<typeof byHourQuery>,
      Awaited<typeof byPaymentQuery>,
    ];
    const basic = {
      tickets: byType.reduce((n, r) => n + r.tickets, 0),
      checkedIn: byType.reduce((n, r) => n + r.checkedIn, 0),
      byTicketType: byType,
    };
    if (!can.advancedCheckInData) return c.json({ basic }, 200);
    return c.json({ basic, advanced: { byHour, byPayment } }, 200);
  });
