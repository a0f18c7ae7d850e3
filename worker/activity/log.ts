/**
 * R28: the activity log. Entries are appended in the same batch as the change they record, so
 * a change without its entry (or an entry without its change) cannot happen. There is no
 * update or delete path here, and the database refuses both (triggers of migration 0004).
 */
import type { SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { activityLog } from '../../db/identity/schema.ts';
import type { Db } from '../../db/store.ts';

/** The closed vocabulary of what the log records. */
export const ACTIVITY_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'lockout',
  'reinstatement',
  'password_changed',
  'invitation_sent',
  'invitation_resent',
  'invitation_revoked',
  'invitation_accepted',
  'person_changed',
  'settings_changed',
  'artist_access_changed',
  'show_toggled',
  'group_created',
  'artist_created',
  'email_change_requested',
  'email_changed',
  'group_renamed',
  'group_deleted',
  'group_member_added',
  'group_member_removed',
  'role_created',
  'role_changed',
  'role_deleted',
  'role_assigned',
  'role_unassigned',
  'api_key_created',
  'api_key_revoked',
  'event_changed',
  'settlement_changed',
  'ledger_line_added',
  'day_changed',
  'schedule_changed',
  'guest_list_changed',
  'access_changed',
  'workspace_settings_changed',
  'workspace_created',
  'drive_item_renamed',
  'drive_item_moved',
  'drive_item_deleted',
  'day_deleted',
  'event_deleted',
  'travel_changed',
  'hotel_changed',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export type ActivityEntry = {
  /** SQL when the entry doubles as a guard: a NULL workspace aborts the whole batch (roles.ts). */
  workspaceId: string | SQL;
  /** Null when nobody is signed in (a failed sign-in, an invitation being accepted). */
  actorId: string | null;
  action: ActivityAction;
  /** `person:per_x`, `role:role_y`, `group:grp_z`, `invitation:inv_w`, `api_key:pk_v`, `folder:fld_u`, `file:fil_t`. */
  subject: string;
  before?: unknown;
  after?: unknown;
};

/** The INSERT to put in the change's own batch. */
export function activityInsert(db: Db, entry: ActivityEntry, now: number): BatchItem<'sqlite'> {
  return db.insert(activityLog).values({
    workspaceId: entry.workspaceId as string,
    actorId: entry.actorId,
    action: entry.action,
    subject: entry.subject,
    before: entry.before ?? null,
    after: entry.after ?? null,
    createdAt: now,
  });
}

/** Appends one entry on its own (sign-in events, which change nothing else atomically). */
export async function appendActivity(
  db: Db,
  entry: ActivityEntry & { workspaceId: string },
  now = Date.now(),
): Promise<void> {
  await activityInsert(db, entry, now);
}
