/**
 * The tour: artists, tours, show days, events, schedules, venues, contacts, travel, hotels and
 * rooming, guest lists, settlements and ledgers, and ticketing (R13–R19, R21, R24, R26, R27).
 *
 * Part of the one drizzle schema for D1 and libSQL (both SQLite), split by domain; db/all-schema.ts
 * gathers it for drizzle-kit, which generates the SQL in db/migrations. Times are epoch
 * milliseconds; ids are opaque text (prefix + random).
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { people, workspaces } from '../identity/schema.ts';

export const artists = sqliteTable(
  'artists',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    /** R2: an artist managed by an outlet is inside that outlet's administration. */
    outletId: text('outlet_id'),
  },
  (t) => [index('artists_workspace_idx').on(t.workspaceId)],
);

export const tours = sqliteTable(
  'tours',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    name: text('name').notNull(),
  },
  (t) => [index('tours_workspace_idx').on(t.workspaceId)],
);

/** One calendar day of an artist's life on the road; its day sheet gathers its events (R26). */
export const showDays = sqliteTable(
  'show_days',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    tourId: text('tour_id').references(() => tours.id),
    /** Local calendar date, `YYYY-MM-DD`, in the workspace's time zone. */
    date: text('date').notNull(),
    city: text('city').notNull(),
    venueId: text('venue_id'),
    promoterContactId: text('promoter_contact_id'),
    notes: text('notes'),
    /** Guest list: places the band may fill, and when requests close (R26). */
    guestAllotment: integer('guest_allotment'),
    guestCutoffAt: integer('guest_cutoff_at'),
  },
  (t) => [index('show_days_workspace_date_idx').on(t.workspaceId, t.date)],
);

// ---------------------------------------------------------------------------------------------
// The authorization store (OpenFGA-compatible): stores, immutable models, tuples, change log.
// ---------------------------------------------------------------------------------------------

export const EVENT_KINDS = ['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal'] as const;

export const EVENT_STATUSES = ['tentative', 'confirmed'] as const;

/** Something that happens on a show day (R17, R26). */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    dayId: text('day_id')
      .notNull()
      .references(() => showDays.id),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    status: text('status', { enum: EVENT_STATUSES }).notNull(),
    title: text('title').notNull(),
    /** Holds on the same date are ranked (1 = first hold). */
    holdRank: integer('hold_rank'),
    createdBy: text('created_by').references(() => people.id),
  },
  (t) => [index('events_day_idx').on(t.dayId), index('events_workspace_idx').on(t.workspaceId)],
);

export const TIME_DISPLAYS = ['exact', 'approx', 'tbd', 'hidden'] as const;

/** A line of the day's schedule: bus call, load-in, soundcheck, doors, sets, curfew (R26). */
export const scheduleItems = sqliteTable(
  'schedule_items',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .references(() => showDays.id),
    label: text('label').notNull(),
    /** Local wall-clock time `HH:MM`; null with display `tbd`. */
    startsAt: text('starts_at'),
    endsAt: text('ends_at'),
    /** The time falls on the next calendar day (after midnight). */
    nextDay: integer('next_day', { mode: 'boolean' }).notNull().default(false),
    confirmed: integer('confirmed', { mode: 'boolean' }).notNull().default(true),
    display: text('display', { enum: TIME_DISPLAYS }).notNull().default('exact'),
    position: integer('position').notNull(),
  },
  (t) => [index('schedule_items_day_idx').on(t.dayId)],
);

/** A venue record (R21: may be limited to groups, issue 6). */
export const venues = sqliteTable('venues', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  name: text('name').notNull(),
  address: text('address').notNull(),
  city: text('city').notNull(),
  capacity: integer('capacity'),
  dock: text('dock'),
  stage: text('stage'),
  power: text('power'),
  wifi: text('wifi'),
  curfew: text('curfew'),
});

/** A contact record (R21: may be limited to groups, issue 6). */
export const contacts = sqliteTable('contacts', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  name: text('name').notNull(),
  company: text('company'),
  role: text('role'),
  email: text('email'),
  phone: text('phone'),
});

export const TRAVEL_MODES = ['flight', 'train', 'bus', 'car', 'ferry'] as const;

/** A journey on a day; passengers live in the store (`travel_item:T#passenger`). */
export const travelItems = sqliteTable(
  'travel_items',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .references(() => showDays.id),
    mode: text('mode', { enum: TRAVEL_MODES }).notNull(),
    carrier: text('carrier'),
    number: text('number'),
    fromPlace: text('from_place').notNull(),
    toPlace: text('to_place').notNull(),
    departsAt: text('departs_at').notNull(),
    arrivesAt: text('arrives_at'),
    /** Seen only by its passengers and by those who manage travel. */
    private: integer('private', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('travel_items_day_idx').on(t.dayId)],
);

/** A hotel for a night of the tour; may be limited to groups (the crew hotel). */
export const hotelStays = sqliteTable(
  'hotel_stays',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .references(() => showDays.id),
    hotelName: text('hotel_name').notNull(),
    address: text('address').notNull(),
    checkIn: text('check_in'),
    checkOut: text('check_out'),
    confirmation: text('confirmation'),
  },
  (t) => [index('hotel_stays_day_idx').on(t.dayId)],
);

/** The rooming list of a stay. */
export const roomingEntries = sqliteTable(
  'rooming_entries',
  {
    id: text('id').primaryKey(),
    stayId: text('stay_id')
      .notNull()
      .references(() => hotelStays.id),
    personId: text('person_id').references(() => people.id),
    guestName: text('guest_name'),
    roomType: text('room_type').notNull(),
  },
  (t) => [index('rooming_entries_stay_idx').on(t.stayId)],
);

export const GUEST_REQUEST_STATUSES = ['pending', 'approved', 'denied'] as const;

/** A guest-list request; view-only people may make them (R11). Guests' data is personal (R16). */
export const guestRequests = sqliteTable(
  'guest_requests',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .references(() => showDays.id),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => people.id),
    guestName: text('guest_name').notNull(),
    guestEmail: text('guest_email'),
    guestPhone: text('guest_phone'),
    plusOnes: integer('plus_ones').notNull().default(0),
    status: text('status', { enum: GUEST_REQUEST_STATUSES }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('guest_requests_day_idx').on(t.dayId)],
);

/** R17: the deal and its settlement for one show day. */
export const settlements = sqliteTable('settlements', {
  dayId: text('day_id')
    .primaryKey()
    .references(() => showDays.id),
  dealTerms: text('deal_terms').notNull(),
  currency: text('currency').notNull(),
  guaranteeCents: integer('guarantee_cents').notNull(),
  status: text('status', { enum: ['open', 'settled'] }).notNull(),
  /** A settled and locked settlement refuses edits. */
  lockedAt: integer('locked_at'),
});

/** R17: the ledger lines of a show day. */
export const ledgerLines = sqliteTable(
  'ledger_lines',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .references(() => showDays.id),
    label: text('label').notNull(),
    direction: text('direction', { enum: ['income', 'expense'] }).notNull(),
    amountCents: integer('amount_cents').notNull(),
  },
  (t) => [index('ledger_lines_day_idx').on(t.dayId)],
);

/** R24: a show that sells tickets; `orderLimit` = tickets per order without Exceed Order Limits. */
export const ticketedShows = sqliteTable('ticketed_shows', {
  eventId: text('event_id')
    .primaryKey()
    .references(() => events.id),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  capacity: integer('capacity').notNull(),
  orderLimit: integer('order_limit').notNull(),
  priceCents: integer('price_cents').notNull(),
});

export const ORDER_CHANNELS = ['online', 'box_office'] as const;

export const PAYMENTS = ['card', 'cash'] as const;

/** R24: an order; the buyer's name, email and phone are personal data (R16). */
export const ticketOrders = sqliteTable(
  'ticket_orders',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    channel: text('channel', { enum: ORDER_CHANNELS }).notNull(),
    payment: text('payment', { enum: PAYMENTS }).notNull(),
    buyerName: text('buyer_name').notNull(),
    buyerEmail: text('buyer_email'),
    buyerPhone: text('buyer_phone'),
    quantity: integer('quantity').notNull(),
    totalCents: integer('total_cents').notNull(),
    createdBy: text('created_by').references(() => people.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('ticket_orders_event_idx').on(t.eventId)],
);

/** R24: one ticket holder; checked in at most once. */
export const attendees = sqliteTable(
  'attendees',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    orderId: text('order_id')
      .notNull()
      .references(() => ticketOrders.id),
    ticketType: text('ticket_type').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    checkedInAt: integer('checked_in_at'),
    checkedInBy: text('checked_in_by').references(() => people.id),
  },
  (t) => [index('attendees_event_idx').on(t.eventId), index('attendees_order_idx').on(t.orderId)],
);
