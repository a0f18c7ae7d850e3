/**
 * The authorization stores: stores, models, tuples, their change log, and the edge API keys. Only
 * db/authz reads or writes these tables.
 *
 * Part of the one drizzle schema for D1 and libSQL (both SQLite), split by domain; db/all-schema.ts
 * gathers it for drizzle-kit, which generates the SQL in db/migrations. Times are epoch
 * milliseconds; ids are opaque text (prefix + random).
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { workspaces } from '../identity/schema.ts';

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
