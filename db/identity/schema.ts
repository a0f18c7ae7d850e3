/**
 * Who is in a workspace and how they got in: workspaces, people, sessions, invitations, sign-ups,
 * email changes, password resets, personal API keys, the outbox of mail, the activity log, and the organisation of
 * people into outlets, groups, roles and role assignments (R1–R12, R20, R25, R28).
 *
 * Part of the one drizzle schema for D1 and libSQL (both SQLite), split by domain; db/all-schema.ts
 * gathers it for drizzle-kit, which generates the SQL in db/migrations. Times are epoch
 * milliseconds; ids are opaque text (prefix + random).
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
  /** R23 feature toggles of the workspace (worker/settings/workspace-settings.ts): `{ exports?: boolean }`. */
  features: text('features', { mode: 'json' }).$type<WorkspaceFeatures>().notNull().default({}),
  /** R6 branding sets and which artist uses which (worker/settings/workspace-settings.ts). */
  branding: text('branding', { mode: 'json' }).$type<WorkspaceBranding>().notNull().default({ sets: [], artists: {} }),
  /** Optimistic concurrency of the settings (ETag `"r<revision>"`, worker/records/revision.ts). */
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
