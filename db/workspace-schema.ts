/**
 * The touring workspace's own tables (R2, R10–R26). Access is not stored here: who may see or
 * change a row is decided by the workspace's authorization store, and a write puts the row
 * and its tuples in one batch.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { artists, people, showDays, workspaces } from './schema.ts';

/** R2: a sub-organisation of a workspace. */
export const outlets = sqliteTable('outlets', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  name: text('name').notNull(),
});

/** R20: user groups. Membership lives in the authorization store (both directions). */
export const groups = sqliteTable(
  'groups',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    /** Every new person lands in the Default group. */
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('groups_workspace_name_unique').on(t.workspaceId, t.name)],
);

/** R10: a named permission set; its permissions are tuples `role:R#perm@user:*`. */
export const roles = sqliteTable(
  'roles',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    /** The predefined role it was seeded from (model/roles.ts), or null for a custom role. */
    predefined: text('predefined'),
    /** Optimistic concurrency: bumped by every change (If-Match). */
    revision: integer('revision').notNull().default(1),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('roles_workspace_name_unique').on(t.workspaceId, t.name)],
);

export const SCOPE_TYPES = ['workspace', 'outlet', 'artist', 'event'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

/** R10, R12: one person holding one role at one scope. */
export const roleAssignments = sqliteTable(
  'role_assignments',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    scopeType: text('scope_type', { enum: SCOPE_TYPES }).notNull(),
    scopeId: text('scope_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('role_assignments_role_idx').on(t.roleId), index('role_assignments_person_idx').on(t.personId)],
);

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
