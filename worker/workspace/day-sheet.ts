/**
 * The day sheet (R26): one call gathers a show day's schedule, venue, contacts, travel, hotels,
 * guest list, settlement and notes, each section decided by the engine for the reader and
 * redacted for them (R14–R22). A section the reader may not see is absent — not empty — and
 * its rows are never read.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { artists, people, showDays } from '../../db/schema.ts';
import {
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
} from '../../db/workspace-schema.ts';
import type { Db } from '../../db/store.ts';
import type { Authorizer } from './authorizer.ts';

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

export async function dayAccess(authz: Authorizer, dayId: string): Promise<DayAccess> {
  const answers = await authz.canAll(DAY_RELATIONS.map((r) => [r, `show_day:${dayId}`] as const));
  return Object.fromEntries(DAY_RELATIONS.map((r, i) => [r, answers[i]!])) as DayAccess;
}

/** Puts `key: value` in an object only when `show` holds: absent, never null (R16, R17). */
function onlyIf<K extends string, V>(show: boolean, key: K, value: () => V): Partial<Record<K, V>> {
  return show ? ({ [key]: value() } as Record<K, V>) : {};
}

/**
 * Reads and assembles the sheet of `dayId` for the reader, or returns null when the day does
 * not exist in the workspace or the reader may not see it (both answer 404: no probing, R1).
 */
export async function readDaySheet(db: Db, authz: Authorizer, workspaceId: string, dayId: string) {
  const [day] = await db
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
    .where(and(eq(showDays.id, dayId), eq(showDays.workspaceId, workspaceId)));
  if (!day) return null;
  const access = await dayAccess(authz, day.id);
  if (!access.can_view) return null;

  const dayEvents = await db
    .select({ id: events.id, title: events.title, kind: events.kind, status: events.status, holdRank: events.holdRank })
    .from(events)
    .where(eq(events.dayId, day.id))
    .orderBy(asc(events.id));
  // One batch decides what the reader sees of the events, the venue and the promoter contact
  // (R21: records of their own, limited to groups) and what they may do with each.
  const answers = await authz.canAll([
    ['can_view', `venue:${day.venueId ?? '-'}`],
    ['can_edit', `venue:${day.venueId ?? '-'}`],
    ['can_view', `contact:${day.promoterContactId ?? '-'}`],
    ['can_edit', `contact:${day.promoterContactId ?? '-'}`],
    ...dayEvents.flatMap((e) => [['can_view', `event:${e.id}`] as const, ['can_edit', `event:${e.id}`] as const]),
  ]);
  const [venueVisible, venueEditable, contactVisible, contactEditable] = answers as [
    boolean,
    boolean,
    boolean,
    boolean,
  ];
  const visibleEvents = dayEvents.flatMap(({ holdRank, ...e }, i) =>
    answers[4 + 2 * i]
      ? [{ ...e, ...(holdRank === null ? {} : { holdRank }), can: { edit: answers[5 + 2 * i]! } }]
      : [],
  );

  const logistics = access.can_view_logistics;
  const logisticsCan = { edit: access.can_manage_logistics, delete: access.can_manage_logistics };
  const travelCan = { edit: access.can_manage_travel, delete: access.can_manage_travel };
  const [schedule, venue, contactRows, travel, hotels, guestList, settlement] = await Promise.all([
    logistics ? readSchedule(db, day.id) : undefined,
    logistics && venueVisible && day.venueId
      ? db
          .select()
          .from(venues)
          .where(eq(venues.id, day.venueId))
          .then((r) => r[0])
      : undefined,
    logistics && contactVisible && day.promoterContactId
      ? db
          .select({
            id: contacts.id,
            name: contacts.name,
            company: contacts.company,
            role: contacts.role,
            email: contacts.email,
            phone: contacts.phone,
          })
          .from(contacts)
          .where(eq(contacts.id, day.promoterContactId))
      : undefined,
    readTravel(db, authz, day.id),
    access.can_view_travel ? readHotels(db, authz, workspaceId, day.id) : undefined,
    logistics || access.can_request_guest_list
      ? readGuestList(db, day.id, access.can_view_personal_data, authz.personId)
      : undefined,
    access.can_view_financial ? readSettlement(db, day.id) : undefined,
  ]);

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
    },
    ...onlyIf(schedule !== undefined, 'schedule', () => schedule!.map((r) => ({ ...r, can: logisticsCan }))),
    ...onlyIf(venue !== undefined, 'venue', () => ({ ...withoutWorkspace(venue!), can: { edit: venueEditable } })),
    ...onlyIf(contactRows !== undefined && contactRows.length > 0, 'contacts', () =>
      contactRows!.map((r) => ({ ...r, can: { edit: contactEditable } })),
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

async function readSchedule(db: Db, dayId: string) {
  const rows = await db
    .select()
    .from(scheduleItems)
    .where(eq(scheduleItems.dayId, dayId))
    .orderBy(asc(scheduleItems.position));
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

/** Each journey is decided on its own: a private flight is its passengers' (and managers'). */
async function readTravel(db: Db, authz: Authorizer, dayId: string) {
  const rows = await db
    .select()
    .from(travelItems)
    .where(eq(travelItems.dayId, dayId))
    .orderBy(asc(travelItems.departsAt), asc(travelItems.id));
  const visible = await authz.canAll(rows.map((r) => ['can_view', `travel_item:${r.id}`] as const));
  return rows.filter((_, i) => visible[i]).map(({ dayId: _, ...r }) => r);
}

/** Each stay is decided on its own: the crew hotel is the crew's (R26). Names only of this workspace's people (R1). */
async function readHotels(db: Db, authz: Authorizer, workspaceId: string, dayId: string) {
  const stays = await db.select().from(hotelStays).where(eq(hotelStays.dayId, dayId)).orderBy(asc(hotelStays.id));
  const visible = await authz.canAll(stays.map((s) => ['can_view', `hotel_stay:${s.id}`] as const));
  const shown = stays.filter((_, i) => visible[i]);
  if (shown.length === 0) return [];
  const rooming = await db
    .select({
      stayId: roomingEntries.stayId,
      roomType: roomingEntries.roomType,
      name: people.name,
      guestName: roomingEntries.guestName,
    })
    .from(roomingEntries)
    .leftJoin(people, and(eq(people.id, roomingEntries.personId), eq(people.workspaceId, workspaceId)))
    .where(
      inArray(
        roomingEntries.stayId,
        shown.map((s) => s.id),
      ),
    );
  return shown.map(({ dayId: _, ...s }) => ({
    ...s,
    rooming: rooming
      .filter((r) => r.stayId === s.id)
      .map((r) => ({ name: r.name ?? r.guestName ?? '', roomType: r.roomType })),
  }));
}

/**
 * The guest list: counts and statuses for everyone who may see it; guests' names, emails and
 * phones only with View Personal Data (R16), in every response — a person's own requests too.
 */
async function readGuestList(db: Db, dayId: string, personalData: boolean, readerId: string) {
  const rows = await db
    .select()
    .from(guestRequests)
    .where(eq(guestRequests.dayId, dayId))
    .orderBy(asc(guestRequests.createdAt), asc(guestRequests.id));
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

async function readSettlement(db: Db, dayId: string) {
  const [deal] = await db.select().from(settlements).where(eq(settlements.dayId, dayId));
  const ledger = await db
    .select({
      id: ledgerLines.id,
      label: ledgerLines.label,
      direction: ledgerLines.direction,
      amountCents: ledgerLines.amountCents,
    })
    .from(ledgerLines)
    .where(eq(ledgerLines.dayId, dayId))
    .orderBy(asc(ledgerLines.id));
  if (!deal && ledger.length === 0) return undefined;
  const { dayId: _, ...terms } = deal ?? { dayId };
  return { ...(deal ? { deal: terms } : {}), ledger };
}
