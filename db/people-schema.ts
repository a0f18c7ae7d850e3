/**
 * People management (issue 7): invitations (R7), the local outbox, the activity log (R28),
 * one-time passwords after a reinstatement (R5) and API keys that act as a person (R25).
 * Access itself is not stored here: it lives in the workspace's authorization store.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { people, workspaces } from './schema.ts';

/**
 * What an invitation grants on acceptance (validated against the inviter's own access when it
 * is sent and re-sent, R9). Stored as JSON: it is applied once, as one batch, on acceptance.
 */
export type InvitationGrants = {
  level: 'master' | 'outlet_admin' | 'normal';
  outletId?: string | null;
  role?: { roleId: string; scopeType: 'workspace' | 'outlet' | 'artist' | 'event'; scopeId: string } | null;
  /** Issue 15: more roles, each with its scope (applied with `role` on acceptance). */
  roles?: { roleId: string; scopeType: 'workspace' | 'outlet' | 'artist' | 'event'; scopeId: string }[];
  groups?: string[];
  settings?: string[];
  artists?: Record<
    string,
    { level?: 'none' | 'read_only' | 'full' | null; financial?: boolean; socialSync?: boolean; travel?: boolean }
  >;
};

/** R7: a pending invitation. Only the SHA-256 of its token is stored; a re-send replaces it. */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    title: text('title'),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => people.id),
    tokenHash: text('token_hash').notNull(),
    grants: text('grants', { mode: 'json' }).$type<InvitationGrants>().notNull(),
    createdAt: integer('created_at').notNull(),
    /** The token dies at this instant (15 days after the last send by default). */
    expiresAt: integer('expires_at').notNull(),
    lastSentAt: integer('last_sent_at').notNull(),
    sendCount: integer('send_count').notNull().default(1),
    acceptedAt: integer('accepted_at'),
    /** The person the acceptance created. */
    personId: text('person_id').references(() => people.id),
    revokedAt: integer('revoked_at'),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    index('invitations_workspace_idx').on(t.workspaceId, t.email),
  ],
);

/**
 * Mail as it left (or, without RESEND_API_KEY, instead of leaving): admins read it at
 * GET /api/outbox. A body with a live link is kept only for local delivery.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    /** Null when Resend delivered it: the link must not outlive the email in our database. */
    text: text('text'),
    transport: text('transport', { enum: ['local', 'resend'] }).notNull(),
    providerId: text('provider_id'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outbox_workspace_idx').on(t.workspaceId, t.createdAt)],
);

/**
 * R28: append-only. Triggers in the migration refuse every UPDATE and DELETE, whoever runs
 * them; the API has no path that would try.
 */
export const activityLog = sqliteTable(
  'activity_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** Who did it; null when nobody was signed in (a failed sign-in, an acceptance). */
    actorId: text('actor_id'),
    action: text('action').notNull(),
    /** Whom or what it was done to: `person:per_x`, `role:role_y`, `invitation:inv_z`. */
    subject: text('subject'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('activity_log_workspace_idx').on(t.workspaceId, t.createdAt),
    index('activity_log_subject_idx').on(t.workspaceId, t.subject),
  ],
);

/** R5: a reinstated person signs in once with a one-time password and must choose a new one. */
export const passwordResets = sqliteTable('password_resets', {
  personId: text('person_id')
    .primaryKey()
    .references(() => people.id),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * R25: API keys that act as one person on the workspace API, read-only and never more than the
 * person holds. Separate from the edge API's store keys, which would read every tuple.
 */
export const personApiKeys = sqliteTable(
  'person_api_keys',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [
    uniqueIndex('person_api_keys_secret_hash_unique').on(t.secretHash),
    index('person_api_keys_person_idx').on(t.workspaceId, t.personId),
  ],
);

/**
 * A sign-up waiting for its email to be confirmed (worker/routes/sign-up.ts). The workspace row
 * is reserved with no authorization store (nobody can use it) so the confirmation mail has a
 * workspace in the outbox; confirming creates the store, the model and the owner in one batch.
 * Only the SHA-256 of the token is stored; the password only as its hash.
 */
export const signUps = sqliteTable(
  'sign_ups',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    confirmedAt: integer('confirmed_at'),
  },
  (t) => [uniqueIndex('sign_ups_token_unique').on(t.tokenHash), index('sign_ups_email_idx').on(t.email)],
);

/**
 * Issue 15: a change of a person's email waiting for the new address to confirm it. The link is
 * mailed to the NEW address (the invitations' mail path); the email changes only when it is
 * followed. Only the SHA-256 of the token is stored; it works once and expires.
 */
export const emailChanges = sqliteTable(
  'email_changes',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    requestedBy: text('requested_by').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    confirmedAt: integer('confirmed_at'),
  },
  (t) => [uniqueIndex('email_changes_token_unique').on(t.tokenHash), index('email_changes_person_idx').on(t.personId)],
);
