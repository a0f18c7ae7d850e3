/**
 * Removing a show day or one of its events (issue 16): everything on the day goes in ONE batch
 * with every tuple that names it, and the activity entry; nothing is left half-written.
 *
 * Who may: deleting a day removes what is on it, so the deleter must be able to remove each part
 * on its own — manage its logistics (R26), edit every one of its events (R13: standard people only
 * the events they created; R15 Read Only never), and manage travel / the money (R17) / the guest
 * list when the day has any. What belongs to someone else's process is never swept away: a show
 * that sells tickets, a mailing list of the show, an event-level role assignment (R12) or a tuple
 * of another record that points at the day make the delete a 409 that says what to remove first.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  showDays,
  events,
  guestRequests,
  hotelStays,
  ledgerLines,
  roomingEntries,
  scheduleItems,
  settlements,
  travelItems,
  ticketedShows,
  ticketOrders,
} from '../../db/touring/schema.ts';
import { tuplesPointingAt } from '../../db/authz/workspace-reads.ts';
import { roleAssignments } from '../../db/identity/schema.ts';
import { mailingLists } from '../../db/collaboration/schema.ts';
import { fromRow, type TupleRow } from '../../db/authz/codec.ts';
import { inIdList } from '../../db/id-list.ts';
import type { Db, Store } from '../../db/store.ts';
import { ApiError } from '../errors.ts';

/** How much of each part a day holds (counted whether or not the reader may see it). */
export type DayHoldings = { events: number; travel: number; hotels: number; guests: number; money: number };

/**
 * One statement: the counts of a day's parts (read in the day sheet's batch and before a delete).
 * `dayId`: an id, or a sub-select naming one (the day sheet's rows keyed on the session).
 */
export function holdingsQuery(db: Db, dayId: string | SQL) {
  const n = (table: string) => sql.raw(`(SELECT count(*) FROM ${table} WHERE day_id = `);
  return db
    .select({
      events: sql<number>`${n('events')}${dayId})`,
      travel: sql<number>`${n('travel_items')}${dayId})`,
      hotels: sql<number>`${n('hotel_stays')}${dayId})`,
      guests: sql<number>`${n('guest_requests')}${dayId})`,
      money: sql<number>`${n('settlements')}${dayId}) + ${n('ledger_lines')}${dayId})`,
    })
    .from(showDays)
    .where(eq(showDays.id, dayId));
}

/** The day-level answers the rule needs, and `can_edit` of every event of the day. */
export type DayDeleteAccess = {
  can_manage_logistics: boolean;
  can_manage_travel: boolean;
  can_manage_financial: boolean;
  can_manage_guest_list: boolean;
};

/** May the reader delete the day? The same rule decides the `can.delete` flag and the API. */
export function mayDeleteDay(access: DayDeleteAccess, eventsEditable: readonly boolean[], has: DayHoldings): boolean {
  return (
    access.can_manage_logistics &&
    eventsEditable.length === has.events &&
    eventsEditable.every(Boolean) &&
    (access.can_manage_travel || has.travel + has.hotels === 0) &&
    (access.can_manage_financial || has.money === 0) &&
    (access.can_manage_guest_list || has.guests === 0)
  );
}

/** An event may be deleted by whoever may edit it, unless it is the day's only event (delete the day). */
export const mayDeleteEvent = (canEdit: boolean, eventsOnDay: number): boolean => canEdit && eventsOnDay > 1;

/** 409 when something outside the day's own records still needs these events. */
export async function refuseIfReferenced(
  store: Store,
  storeId: string,
  eventIds: string[],
  objects: string[],
  /** Records that may point at `objects` (removed or changed in the same batch). */
  alsoOwn: string[] = [],
) {
  const { db } = store;
  if (eventIds.length === 0) return;
  const [tickets, orders, lists, assignments, pointing] = (await store.batch([
    db.select({ id: ticketedShows.eventId }).from(ticketedShows).where(inIdList(ticketedShows.eventId, eventIds)),
    db.select({ id: ticketOrders.id }).from(ticketOrders).where(inIdList(ticketOrders.eventId, eventIds)).limit(1),
    db.select({ id: mailingLists.id }).from(mailingLists).where(inIdList(mailingLists.eventId, eventIds)),
    db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.scopeType, 'event'), inIdList(roleAssignments.scopeId, eventIds))),
    tuplesPointingAt(db, storeId, objects),
  ])) as [{ id: string }[], { id: string }[], { id: string }[], { id: string }[], TupleRow[]];
  const own = new Set([...objects, ...alsoOwn]);
  const outside = pointing.map(fromRow).filter((t) => !own.has(t.object));
  if (tickets.length || orders.length)
    throw new ApiError('conflict', 'this show sells tickets: its ticketing must be closed before it can be deleted');
  if (lists.length)
    throw new ApiError('conflict', `the mailing list \`${lists[0]!.id}\` belongs to this show: delete it first`);
  if (assignments.length)
    throw new ApiError('conflict', 'people hold an event-level role on this show: remove their roles first');
  if (outside.length)
    throw new ApiError('conflict', `\`${outside[0]!.object}\` still refers to this show: change it first`);
}

/** The statements that remove a day and everything on it, children first. */
export function dayRemovalStatements(db: Db, dayId: string, stayIds: string[]): BatchItem<'sqlite'>[] {
  return [
    ...(stayIds.length ? [db.delete(roomingEntries).where(inArray(roomingEntries.stayId, stayIds))] : []),
    db.delete(hotelStays).where(eq(hotelStays.dayId, dayId)),
    db.delete(travelItems).where(eq(travelItems.dayId, dayId)),
    db.delete(scheduleItems).where(eq(scheduleItems.dayId, dayId)),
    db.delete(guestRequests).where(eq(guestRequests.dayId, dayId)),
    db.delete(ledgerLines).where(eq(ledgerLines.dayId, dayId)),
    db.delete(settlements).where(eq(settlements.dayId, dayId)),
    db.delete(events).where(eq(events.dayId, dayId)),
    db.delete(showDays).where(eq(showDays.id, dayId)),
  ];
}
