/**
 * The one drizzle schema for D1 and libSQL (both SQLite). Migrations in db/migrations are
 * generated from it by drizzle-kit and applied by `wrangler d1 migrations apply` (D1) or the
 * libSQL migrator (LIBSQL_URL): the same SQL files for both.
 *
 * Times are epoch milliseconds (integers); ids are opaque text (prefix + random).
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A tenant: a management company, venue or promoter (R1). */
export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  /** The authorization store that guards this workspace's data (one per workspace, R1). */
  storeId: text('store_id'),
  /** R5: consecutive failed sign-ins that lock an account. */
  lockoutThreshold: integer('lockout_threshold').notNull().default(5),
  /** R7: days an invitation stays valid unless the inviter says otherwise. */
  invitationExpiryDays: integer('invitation_expiry_days').notNull().default(15),
  /** Sign-in attempts a minute per account on Node (worker/auth/sign-in-limit.ts); workerd's binding is fixed in wrangler.toml. */
  signInRateLimit: integer('sign_in_rate_limit').notNull().default(10),
  /** R23 feature toggles of the workspace (worker/workspace/settings.ts): `{ exports?: boolean }`. */
  features: text('features', { mode: 'json' }).$type<WorkspaceFeatures>().notNull().default({}),
  /** R6 branding sets and which artist uses which (worker/workspace/settings.ts). */
  branding: text('branding', { mode: 'json' }).$type<WorkspaceBranding>().notNull().default({ sets: [], artists: {} }),
  /** Optimistic concurrency of the settings (ETag `"r<revision>"`, worker/workspace/revision.ts). */
  revision: integer('revision').notNull().default(1),
  createdAt: integer('created_at').notNull(),
});

/** R23: a feature switched off here is off for everyone in the workspace, whatever their privileges. */
export type WorkspaceFeatures = { exports?: boolean };
/** A branding set (R6): a name, an optional logo in the file store, two colours (`#rrggbb`). */
export type BrandingSet = {
  id: string;
  name: string;
  primaryColor: string;
  accentColor: string;
  logo?: { key: string; contentType: string };
};
export type WorkspaceBranding = { sets: BrandingSet[]; artists: Record<string, string> };

/** User levels of R3. */
export const PERSON_LEVELS = ['master', 'outlet_admin', 'normal', 'no_access', 'api_only'] as const;
export type PersonLevel = (typeof PERSON_LEVELS)[number];

/** A person in a workspace (R3–R5). The record outlives their access: nothing is deleted. */
export const people = sqliteTable(
  'people',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    /** Lower-cased; sign-in is by email or access id. */
    email: text('email').notNull(),
    accessId: text('access_id'),
    title: text('title'),
    phone: text('phone'),
    /** R2: the outlet an outlet administrator (or a person) belongs to. */
    outletId: text('outlet_id'),
    level: text('level', { enum: PERSON_LEVELS }).notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`; null = cannot sign in with a password. */
    passwordHash: text('password_hash'),
    /** Access starts at this instant (R4); null = always. */
    hiredAt: integer('hired_at'),
    /** Access ends at this instant (R4, R5); null = never. */
    resignedAt: integer('resigned_at'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    /**
     * Optimistic concurrency (ETag `"r<revision>"`): bumped, compare-and-set, by every change to
     * the person's record or own access (level, dates, outlet, settings, artist access,
     * reinstatement, lockout); not by sign-ins, passwords, groups or role assignments.
     */
    revision: integer('revision').notNull().default(1),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('people_email_unique').on(t.email),
    uniqueIndex('people_access_id_unique').on(t.accessId),
    index('people_workspace_idx').on(t.workspaceId),
  ],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** Double-submit CSRF secret bound to this session. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

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

/** An authorization store. Each workspace owns one; external systems may own others. */
export const authzStores = sqliteTable('authz_stores', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The workspace whose data this store guards; null for a store made through the OpenFGA API. */
  workspaceId: text('workspace_id').references(() => workspaces.id),
  /** Monotonic: bumped by every write; the change log carries it (consistency tokens, R8). */
  revision: integer('revision').notNull().default(0),
  /** Live tuples, kept by every write in the same batch: picks snapshot vs fetching loads. */
  tupleCount: integer('tuple_count').notNull().default(0),
  /** Which relations AuthZEN action search answers, by type: JSON `{ "<type>": ["<relation>", …] }`; null = every relation. */
  authzenActions: text('authzen_actions'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  deletedAt: integer('deleted_at'),
});

/** Authorization models are immutable: a new version is a new row (ULID ids sort by time). */
export const authzModels = sqliteTable(
  'authz_models',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => authzStores.id),
    schemaVersion: text('schema_version').notNull(),
    /** OpenFGA's JSON form of the model. */
    model: text('model', { mode: 'json' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('authz_models_store_idx').on(t.storeId, t.id)],
);

/**
 * Relationship tuples. `userRelation` is '' for a plain subject (`user:ana`) and the relation
 * for a userset (`group:crew#member`), so the primary key stays simple.
 */
export const authzTuples = sqliteTable(
  'authz_tuples',
  {
    storeId: text('store_id')
      .notNull()
      .references(() => authzStores.id),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    relation: text('relation').notNull(),
    userType: text('user_type').notNull(),
    userId: text('user_id').notNull(),
    userRelation: text('user_relation').notNull().default(''),
    conditionName: text('condition_name'),
    conditionContext: text('condition_context', { mode: 'json' }),
    /** Epoch ms after which the tuple grants nothing (R4, R8); null = never expires. */
    expiresAt: integer('expires_at'),
    /** Store revision of the write that created it. */
    revision: integer('revision').notNull(),
    /** When it was written (OpenFGA's Read answers it as `timestamp`). */
    createdAt: integer('created_at').notNull().default(0),
  },
  (t) => [
    uniqueIndex('authz_tuples_pk').on(
      t.storeId,
      t.objectType,
      t.objectId,
      t.relation,
      t.userType,
      t.userId,
      t.userRelation,
    ),
    index('authz_tuples_by_user').on(t.storeId, t.userType, t.userId, t.userRelation, t.relation, t.objectType),
    index('authz_tuples_by_type_relation').on(t.storeId, t.objectType, t.relation, t.userType),
  ],
);

/** The append-only change log: one row per tuple written or deleted, gap-free per store. */
export const authzChanges = sqliteTable(
  'authz_changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    storeId: text('store_id')
      .notNull()
      .references(() => authzStores.id),
    revision: integer('revision').notNull(),
    operation: text('operation', { enum: ['write', 'delete'] }).notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    relation: text('relation').notNull(),
    user: text('user').notNull(),
    conditionName: text('condition_name'),
    conditionContext: text('condition_context', { mode: 'json' }),
    expiresAt: integer('expires_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('authz_changes_store_idx').on(t.storeId, t.seq)],
);

export const API_KEY_ACCESS = ['read', 'write'] as const;
export type ApiKeyAccess = (typeof API_KEY_ACCESS)[number];

/**
 * API keys for systems (R25): scoped to one store, read-only or read-write, revocable. Only the
 * SHA-256 of the 32-byte secret is stored; the key itself is shown once, at creation.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => authzStores.id),
    name: text('name').notNull(),
    /** Hex SHA-256 of the whole key text. */
    secretHash: text('secret_hash').notNull(),
    access: text('access', { enum: API_KEY_ACCESS }).notNull(),
    createdAt: integer('created_at').notNull(),
    /** Kept at most once a minute per key, so a busy key does not write on every request. */
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_secret_hash_unique').on(t.secretHash), index('api_keys_store_idx').on(t.storeId)],
);
