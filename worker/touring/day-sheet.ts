/**
 * The day sheet (R26): one call gathers a show day's schedule, venue, contacts, travel, hotels,
 * guest list, settlement and notes, each section decided by the engine for the reader and
 * redacted for them (R14–R22). A section the reader may not see is absent — not empty: its rows
 * are read with the others (in the session's round trip, issue 17) and dropped before the answer.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { people } from '../../db/identity/schema.ts';
import {
  artists,
  showDays,
  contacts,
  events,
  guestRequests,
  hotelStays,
  ledgerLines,
  roomingEntries,
  scheduleItems,
  settlements,
  travelItems,
  venues,
} from '../../db/touring/schema.ts';
import { dayPassengersAndHotelGroupsQuery } from '../../db/authz/workspace-reads.ts';
import { type DayHoldings, holdingsQuery, mayDeleteDay, mayDeleteEvent } from './day-removal.ts';
import type { Db, Store } from '../../db/store.ts';
import type { Authorizer } from '../authz/authorizer.ts';

/** The day-level questions asked once per sheet, in one batch. */
const DAY_RELATIONS = [
  'can_view',
  'can_view_logistics',
  'can_view_travel',
  'can_view_financial',
  'can_view_personal_data',
  'can_request_guest_list',
  'can_manage_logistics',
  'can_manage_travel',
  'can_manage_financial',
  'can_manage_guest_list',
] as const;
type DayRelation = (typeof DAY_RELATIONS)[number];
export type DayAccess = Record<DayRelation, boolean>;

/** Puts `key: value` in an object only when `show` holds: absent, never null (R16, R17). */
function onlyIf<K extends string, V>(show: boolean, key: K, value: () => V): Partial<Record<K, V>> {
  return show ? ({ [key]: value() } as Record<K, V>) : {};
}

/**
 * The workspace and store the sheet's rows are read in, as SQL: literal values, or the session's
 * sub-selects when the rows go into the session's batch (`SessionKeys`, worker/auth/session.ts).
 */
export type SheetKeys = { workspaceId: SQL; storeId?: SQL | undefined };

/** Keys from known values (a request that has read its session already). */
export const sheetKeys = (workspaceId: string, storeId?: string): SheetKeys => ({
  workspaceId: sql`${workspaceId}`,
  storeId: storeId === undefined ? undefined : sql`${storeId}`,
});

/**
 * Every row a sheet may show, whatever the reader may see: ONE batch, read before the engine
 * is asked (issue 17: it goes into the session's round trip) and filtered by its answers in
 * `readDaySheet`. Every statement is keyed on the day of the keys' workspace, so a day of
 * another workspace — or any day, when the keys are a session's and the session is not valid —
 * reads no rows at all.
 */
export function daySheetQueries(
  db: Db,
  dayId: string,
  keys: SheetKeys,
): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const inWorkspace = and(eq(showDays.id, dayId), eq(showDays.workspaceId, keys.workspaceId));
  /** The day's id when it is in the keys' workspace, else NULL (which equals nothing). */
  const day = sql`(${db.select({ id: showDays.id }).from(showDays).where(inWorkspace)})`;
  const ofDay = (column: typeof showDays.venueId | typeof showDays.promoterContactId) =>
    sql`(${db.select({ id: column }).from(showDays).where(inWorkspace)})`;
  const none = db.select({ id: showDays.id }).from(showDays).where(sql`0`);
  return [
    db
      .select({
        id: showDays.id,
        date: showDays.date,
        city: showDays.city,
        notes: showDays.notes,
        venueId: showDays.venueId,
        promoterContactId: showDays.promoterContactId,
        guestAllotment: showDays.guestAllotment,
        guestCutoffAt: showDays.guestCutoffAt,
        artistId: showDays.artistId,
        artist: artists.name,
      })
      .from(showDays)
      .innerJoin(artists, eq(artists.id, showDays.artistId))
      .where(inWorkspace),
    db
      .select({
        id: events.id,
        title: events.title,
        kind: events.kind,
        status: events.status,
        holdRank: events.holdRank,
      })
      .from(events)
      .where(eq(events.dayId, day))
      .orderBy(asc(events.id)),
    db
      .select()
      .from(travelItems)
      .where(eq(travelItems.dayId, day))
      .orderBy(asc(travelItems.departsAt), asc(travelItems.id)),
    db.select().from(scheduleItems).where(eq(scheduleItems.dayId, day)).orderBy(asc(scheduleItems.position)),
    db
      .select()
      .from(venues)
      .where(eq(venues.id, ofDay(showDays.venueId))),
    db
      .select({
        id: contacts.id,
        name: contacts.name,
        company: contacts.company,
        role: contacts.role,
        email: contacts.email,
        phone: contacts.phone,
      })
      .from(contacts)
      .where(eq(contacts.id, ofDay(showDays.promoterContactId))),
    db.select().from(hotelStays).where(eq(hotelStays.dayId, day)).orderBy(asc(hotelStays.id)),
    db
      .select({
        stayId: roomingEntries.stayId,
        personId: roomingEntries.personId,
        roomType: roomingEntries.roomType,
        name: people.name,
        guestName: roomingEntries.guestName,
      })
      .from(roomingEntries)
      .innerJoin(hotelStays, eq(hotelStays.id, roomingEntries.stayId))
      // names only of this workspace's people (R1)
      .leftJoin(people, and(eq(people.id, roomingEntries.personId), eq(people.workspaceId, keys.workspaceId)))
      .where(eq(hotelStays.dayId, day)),
    db
      .select()
      .from(guestRequests)
      .where(eq(guestRequests.dayId, day))
      .orderBy(asc(guestRequests.createdAt), asc(guestRequests.id)),
    db.select().from(settlements).where(eq(settlements.dayId, day)),
    db
      .select({
        id: ledgerLines.id,
        label: ledgerLines.label,
        direction: ledgerLines.direction,
        amountCents: ledgerLines.amountCents,
      })
      .from(ledgerLines)
      .where(eq(ledgerLines.dayId, day))
      .orderBy(asc(ledgerLines.id)),
    holdingsQuery(db, day),
    // Passengers and hotel groups are tuples: shown to travel managers (the edit forms).
    keys.storeId ? dayPassengersAndHotelGroupsQuery(db, keys.storeId, keys.workspaceId, day) : none,
  ];
}

/** The answers of `daySheetQueries`, in its order. */
type SheetRows = [
  {
    id: string;
    date: string;
    city: string;
    notes: string | null;
    venueId: string | null;
    promoterContactId: string | null;
    guestAllotment: number;
    guestCutoffAt: number | null;
    artistId: string;
    artist: string;
  }[],
  Pick<typeof events.$inferSelect, 'id' | 'title' | 'kind' | 'status' | 'holdRank'>[],
  (typeof travelItems.$inferSelect)[],
  (typeof scheduleItems.$inferSelect)[],
  (typeof venues.$inferSelect)[],
  {
    id: string;
    name: string;
    company: string | null;
    role: string | null;
    email: string | null;
    phone: string | null;
  }[],
  (typeof hotelStays.$inferSelect)[],
  { stayId: string; personId: string | null; roomType: string; name: string | null; guestName: string | null }[],
  (typeof guestRequests.$inferSelect)[],
  (typeof settlements.$inferSelect)[],
  Pick<typeof ledgerLines.$inferSelect, 'id' | 'label' | 'direction' | 'amountCents'>[],
  DayHoldings[],
  { objectId: string; relation: string; userId: string; name: string | null }[],
];

/**
 * Assembles the sheet of `dayId` for the reader, or returns null when the day does not exist in
 * the workspace or the reader may not see it (both answer 404: no probing, R1).
 *
 * Round trips (issue 17): the rows come from `daySheetQueries` — read by the caller in the
 * session's batch (`rows`: the day sheet costs ONE round trip), or here in one batch. Then the
 * engine answers, in one batch check from memory, the day-level questions and every record's
 * own (events, journeys, hotel stays, the venue and the promoter contact, R21/R26); whatever it
 * does not allow is dropped before the answer — a section the reader may not see is read, never
 * shown.
 */
export async function readDaySheet(
  store: Store,
  authz: Authorizer,
  workspaceId: string,
  dayId: string,
  /** With the workspace's store: travel managers also get passengers, rooming people and hotel groups. */
  storeId?: string,
  /** `daySheetQueries`'s answers for this workspace and day, when the caller read them already. */
  rows?: readonly unknown[],
) {
  const [
    [day],
    dayEvents,
    travelRows,
    scheduleRows,
    venueRows,
    contactRows,
    stays,
    rooming,
    guestRows,
    deals,
    ledger,
    [holdings],
    travelTuples,
  ] = (rows ?? (await store.batch(daySheetQueries(store.db, dayId, sheetKeys(workspaceId, storeId))))) as SheetRows;
  // every row is keyed on this day row: rows read for another id are never answered for `dayId`
  if (!day || day.id !== dayId) return null;

  // The day-level questions, the records decided one by one and what the reader may do with
  // each (the `can` flags): one batch check (from memory).
  const venueRow = venueRows[0];
  const contactRow = contactRows[0];
  const questions = [
    ...DAY_RELATIONS.map((r) => [r, `show_day:${dayId}`] as const),
    ...dayEvents.map((e) => ['can_view', `event:${e.id}`] as const),
    ...dayEvents.map((e) => ['can_edit', `event:${e.id}`] as const),
    ...travelRows.map((r) => ['can_view', `travel_item:${r.id}`] as const),
    ...stays.map((r) => ['can_view', `hotel_stay:${r.id}`] as const),
    ['can_view', `venue:${venueRow?.id ?? '-'}`] as const,
    ['can_edit', `venue:${venueRow?.id ?? '-'}`] as const,
    ['can_view', `contact:${contactRow?.id ?? '-'}`] as const,
    ['can_edit', `contact:${contactRow?.id ?? '-'}`] as const,
  ];
  const answers = await authz.canAll(questions);
  let at = 0;
  const take = (n: number) => answers.slice(at, (at += n));
  const dayAnswers = take(DAY_RELATIONS.length);
  const access = Object.fromEntries(DAY_RELATIONS.map((r, i) => [r, dayAnswers[i]!])) as DayAccess;
  if (!access.can_view) return null;
  const eventVisible = take(dayEvents.length);
  const eventEditable = take(dayEvents.length);
  const travelVisible = take(travelRows.length);
  const stayVisible = take(stays.length);
  const [venueVisible, venueEditable, contactVisible, contactEditable] = take(4) as [
    boolean,
    boolean,
    boolean,
    boolean,
  ];
  const logistics = access.can_view_logistics;
  const travelSection = access.can_view_travel;
  const guests = logistics || access.can_request_guest_list;
  const financial = access.can_view_financial;
  const manager = access.can_manage_travel && storeId !== undefined;

  const has = holdings ?? { events: 0, travel: 0, hotels: 0, guests: 0, money: 0 };
  const visibleEvents = dayEvents.flatMap(({ holdRank, ...e }, i) =>
    eventVisible[i]
      ? [
          {
            ...e,
            ...(holdRank === null ? {} : { holdRank }),
            can: { edit: eventEditable[i]!, delete: mayDeleteEvent(eventEditable[i]!, has.events) },
          },
        ]
      : [],
  );
  const passengerIds = (id: string) =>
    travelTuples.filter((t) => t.objectId === id && t.relation === 'passenger').map((t) => t.userId);
  const names = new Map(travelTuples.map((t) => [t.userId, t.name ?? t.userId]));
  const logisticsCan = { edit: access.can_manage_logistics, delete: access.can_manage_logistics };
  const travelCan = { edit: access.can_manage_travel, delete: access.can_manage_travel };
  const schedule = logistics ? scheduleView(scheduleRows) : undefined;
  const venue = logistics && venueVisible && venueRow ? venueRow : undefined;
  const contactsShown = logistics && contactVisible && contactRow ? [contactRow] : undefined;
  const travel = travelRows
    .filter((_, i) => travelVisible[i])
    .map(({ dayId: _, ...r }) => ({
      ...r,
      ...onlyIf(manager, 'passengers', () => passengerIds(r.id).map((id) => ({ id, name: names.get(id) ?? id }))),
    }));
  const hotels = travelSection
    ? hotelsView(
        stays.filter((_, i) => stayVisible[i]),
        rooming,
        manager
          ? (id: string) =>
              travelTuples.filter((t) => t.objectId === id && t.relation === 'limited_to').map((t) => t.userId)
          : undefined,
      )
    : undefined;
  const guestList = guests ? guestListView(guestRows, access.can_view_personal_data, authz.personId) : undefined;
  const settlement = financial ? settlementView(dayId, deals[0], ledger) : undefined;

  return {
    day: { id: day.id, date: day.date, city: day.city, artist: { id: day.artistId, name: day.artist } },
    events: visibleEvents,
    can: {
      requestGuestList: access.can_request_guest_list,
      manageLogistics: access.can_manage_logistics,
      manageTravel: access.can_manage_travel,
      manageFinancial: access.can_manage_financial,
      manageGuestList: access.can_manage_guest_list,
      /** The day's own fields (city, date, venue, notes): managing its logistics. */
      edit: access.can_manage_logistics,
      /** The day with everything on it (worker/touring/day-removal.ts). */
      delete: mayDeleteDay(access, eventEditable, has),
    },
    ...onlyIf(schedule !== undefined, 'schedule', () => schedule!.map((r) => ({ ...r, can: logisticsCan }))),
    ...onlyIf(venue !== undefined, 'venue', () => ({ ...withoutWorkspace(venue!), can: { edit: venueEditable } })),
    ...onlyIf(contactsShown !== undefined, 'contacts', () =>
      contactsShown!.map((r) => ({ ...r, can: { edit: contactEditable } })),
    ),
    ...onlyIf(travel.length > 0, 'travel', () => travel.map((r) => ({ ...r, can: travelCan }))),
    ...onlyIf(hotels !== undefined && hotels.length > 0, 'hotels', () =>
      hotels!.map((r) => ({ ...r, can: travelCan })),
    ),
    ...onlyIf(guestList !== undefined, 'guestList', () => ({
      allotment: day.guestAllotment,
      cutoffAt: day.guestCutoffAt,
      ...guestList!,
      requests: guestList!.requests.map((r) => ({ ...r, can: { edit: access.can_manage_guest_list } })),
    })),
    ...onlyIf(settlement !== undefined, 'settlement', () => ({
      ...settlement!,
      can: { edit: access.can_manage_financial },
    })),
    ...onlyIf(logistics && day.notes !== null, 'notes', () => day.notes!),
  };
}

function withoutWorkspace<T extends { workspaceId: string }>(row: T): Omit<T, 'workspaceId'> {
  const { workspaceId: _, ...rest } = row;
  return rest;
}

/**
 * Time order: the day's items by start time, then the items past midnight (`+1`) by theirs;
 * items without a time keep their place after the timed ones of their day; `position` breaks ties.
 */
function scheduleOrder(
  a: { nextDay: boolean; startsAt: string | null; position: number },
  b: { nextDay: boolean; startsAt: string | null; position: number },
): number {
  if (a.nextDay !== b.nextDay) return a.nextDay ? 1 : -1;
  const ta = a.startsAt ?? '99:99';
  const tb = b.startsAt ?? '99:99';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position - b.position;
}

function scheduleView(rows: (typeof scheduleItems.$inferSelect)[]) {
  return [...rows]
    .sort(scheduleOrder)
    .filter((r) => r.display !== 'hidden')
    .map((r) => ({
      id: r.id,
      label: r.label,
      display: r.display,
      confirmed: r.confirmed,
      nextDay: r.nextDay,
      // A TBD time is not shown even when one is stored.
      ...(r.display !== 'tbd' && r.startsAt ? { startsAt: r.startsAt } : {}),
      ...(r.display !== 'tbd' && r.endsAt ? { endsAt: r.endsAt } : {}),
    }));
}

/** Each stay is decided on its own: the crew hotel is the crew's (R26). */
function hotelsView(
  shown: (typeof hotelStays.$inferSelect)[],
  rooming: {
    stayId: string;
    personId: string | null;
    roomType: string;
    name: string | null;
    guestName: string | null;
  }[],
  /** For travel managers: the groups a stay is limited to, and who is in each room (ids). */
  groupsOf?: (stayId: string) => string[],
) {
  return shown.map(({ dayId: _, ...s }) => ({
    ...s,
    ...onlyIf(groupsOf !== undefined, 'limitedToGroups', () => groupsOf!(s.id)),
    rooming: rooming
      .filter((r) => r.stayId === s.id)
      .map((r) => ({
        name: r.name ?? r.guestName ?? '',
        roomType: r.roomType,
        ...(groupsOf && r.personId ? { personId: r.personId } : {}),
      })),
  }));
}

/**
 * The guest list: counts and statuses for everyone who may see it; guests' names, emails and
 * phones only with View Personal Data (R16), in every response — a person's own requests too.
 */
function guestListView(rows: (typeof guestRequests.$inferSelect)[], personalData: boolean, readerId: string) {
  const approved = rows.filter((r) => r.status === 'approved').reduce((n, r) => n + 1 + r.plusOnes, 0);
  return {
    approved,
    requests: rows.map((r) => {
      const mine = r.requestedBy === readerId;
      const base = { id: r.id, status: r.status, plusOnes: r.plusOnes, mine };
      if (!personalData) return base;
      return {
        ...base,
        guestName: r.guestName,
        ...(r.guestEmail ? { guestEmail: r.guestEmail } : {}),
        ...(r.guestPhone ? { guestPhone: r.guestPhone } : {}),
      };
    }),
  };
}

function settlementView(
  dayId: string,
  deal: typeof settlements.$inferSelect | undefined,
  ledger: Pick<typeof ledgerLines.$inferSelect, 'id' | 'label' | 'direction' | 'amountCents'>[],
) {
  if (!deal && ledger.length === 0) return undefined;
  const { dayId: _, ...terms } = deal ?? { dayId };
  return { ...(deal ? { deal: terms } : {}), ledger };
}
