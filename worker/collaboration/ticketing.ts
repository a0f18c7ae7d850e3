/**
 * Ticketing reads (R24, R16): a ticketed show as its reader may use it, and its attendees with
 * names, emails and phones only for readers with View Personal Data. The attendee list, the
 * attendee export and the box-office answer all go through `attendeeView`.
 */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { attendees, ticketedShows, events, showDays } from '../../db/touring/schema.ts';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db, Store } from '../../db/store.ts';
import { ApiError } from '../errors.ts';
import type { Authorizer } from '../authz/authorizer.ts';

/** The app permissions of 001 a show answers, in one batch (R24). */
export const SHOW_ABILITIES = {
  checkIn: 'check_in_attendees',
  boxOffice: 'create_box_office_orders',
  exceedOrderLimits: 'exceed_order_limits',
  cashDrawer: 'cash_drawer',
  basicCheckInData: 'view_basic_check_in_data',
  advancedCheckInData: 'view_advanced_check_in_data',
  personalData: 'can_view_personal_data',
  downloadReports: 'download_attendee_reports',
} as const;
export type ShowAbilities = Record<keyof typeof SHOW_ABILITIES, boolean>;

export async function abilitiesOn(authz: Authorizer, eventId: string): Promise<ShowAbilities & { visible: boolean }> {
  const keys = Object.keys(SHOW_ABILITIES) as (keyof typeof SHOW_ABILITIES)[];
  const answers = await authz.canAll([
    ['can_view', `event:${eventId}`],
    ...keys.map((k) => [SHOW_ABILITIES[k], `event:${eventId}`] as const),
  ]);
  return { visible: answers[0]!, ...(Object.fromEntries(keys.map((k, i) => [k, answers[i + 1]!])) as ShowAbilities) };
}

/** Ticketed shows with their event's title and day's date, filtered by `where`. */
export function ticketedShowsQuery(db: Db, where: SQL | undefined) {
  return db
    .select({
      eventId: ticketedShows.eventId,
      capacity: ticketedShows.capacity,
      orderLimit: ticketedShows.orderLimit,
      priceCents: ticketedShows.priceCents,
      title: events.title,
      date: showDays.date,
    })
    .from(ticketedShows)
    .innerJoin(events, eq(events.id, ticketedShows.eventId))
    .innerJoin(showDays, eq(showDays.id, events.dayId))
    .where(where);
}

/** A ticketed show of the workspace the reader may see (404 otherwise), with what they may do on it. */
export function ticketedShowQuery(db: Db, workspaceId: string, eventId: string) {
  return ticketedShowsQuery(db, and(eq(ticketedShows.eventId, eventId), eq(ticketedShows.workspaceId, workspaceId)));
}

type Abilities = Awaited<ReturnType<typeof abilitiesOn>>;

/**
 * A ticketed show of the workspace the reader may see (404 otherwise), with what they may do on
 * it. The engine answers first (memory); the show and whatever `more` asks for, given those
 * answers, are read in ONE round trip (`rest`, in order).
 */
export async function ticketedShow(
  store: Store,
  authz: Authorizer,
  workspaceId: string,
  eventId: string,
  more: (can: Abilities) => BatchItem<'sqlite'>[] = () => [],
) {
  const can = await abilitiesOn(authz, eventId);
  if (!can.visible) throw new ApiError('not_found', `show \`${eventId}\` not found`);
  const [shows, ...rest] = (await store.batch([ticketedShowQuery(store.db, workspaceId, eventId), ...more(can)])) as [
    Awaited<ReturnType<typeof ticketedShowQuery>>,
    ...unknown[],
  ];
  const show = shows[0];
  if (!show) throw new ApiError('not_found', `show \`${eventId}\` not found`);
  return { show, can, rest };
}

export type AttendeeRow = typeof attendees.$inferSelect;

/** R16: personal fields present only with View Personal Data — absent, never null. */
export function attendeeView(a: AttendeeRow, personal: boolean) {
  return {
    id: a.id,
    orderId: a.orderId,
    ticketType: a.ticketType,
    checkedIn: a.checkedInAt !== null,
    ...(a.checkedInAt !== null ? { checkedInAt: a.checkedInAt } : {}),
    ...(personal
      ? { name: a.name, ...(a.email ? { email: a.email } : {}), ...(a.phone ? { phone: a.phone } : {}) }
      : {}),
  };
}

/** The attendees of a show, in ticket order (to read in a batch). */
export function attendeesQuery(db: Db, eventId: string) {
  return db.select().from(attendees).where(eq(attendees.eventId, eventId)).orderBy(asc(attendees.id));
}

/** The attendees as the reader sees them; `q` searches ticket ids, and names only for readers who may see them. */
export function attendeesView(rows: AttendeeRow[], personal: boolean, q?: string) {
  const needle = q?.toLowerCase();
  return rows
    .filter(
      (a) => !needle || a.id.toLowerCase().includes(needle) || (personal && a.name.toLowerCase().includes(needle)),
    )
    .map((a) => attendeeView(a, personal));
}
