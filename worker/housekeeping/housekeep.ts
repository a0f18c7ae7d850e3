/**
 * Housekeeping of a running deployment: what expires is deleted once it can no longer be used
 * or shown. Run by the Worker's cron trigger (`scheduled` in worker/index.ts, hourly by
 * wrangler.toml) and by the Node server's timer (worker/node.ts): the same function, given the
 * store and the clock. Retention is documented in docs/people.md › Housekeeping.
 *
 * Never touched: the activity log (append-only, R28; its entries keep the email and access of
 * an invitation that is deleted here), accepted invitations, people and everything else.
 */
import { and, isNull, lte, or } from 'drizzle-orm';
import { sessions, invitations, outbox } from '../../db/identity/schema.ts';
import type { Store } from '../../db/store.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { sweepBlobDeletions } from '../files/blob-cleanup.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const RETENTION = {
  /**
   * An invitation that was never accepted stays in Settings › People (as expired or revoked)
   * this long after its link died, so a manager can still see it and re-send an expired one.
   */
  deadInvitationDays: 30,
  /**
   * Outbox rows (mail records; a local one holds the invitation link) are kept this long: no
   * link lives longer (invitations expire after at most 30 days, re-sends make new rows).
   */
  outboxDays: 30,
} as const;

/** How often the Node server runs the job; the Worker's cron in wrangler.toml says the same. */
export const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;

export type HousekeepingReport = {
  sessions: number;
  invitations: number;
  outbox: number;
  /** Stored objects whose deletion had failed after their row went, deleted now (and still failing). */
  blobs: number;
  blobsFailed: number;
};

/**
 * Deletes, in one batch: sessions past their expiry (they are refused already); invitations
 * never accepted whose expiry or revocation is more than `deadInvitationDays` old; outbox rows
 * older than `outboxDays`. Then, with the file store, the pending deletions of stored objects
 * (worker/files/blob-cleanup.ts). Returns how many rows went from each table (counts only: no
 * row's content is logged).
 */
export async function housekeep(store: Store, now: number, blobs?: BlobStore): Promise<HousekeepingReport> {
  const { db } = store;
  const deadBefore = now - RETENTION.deadInvitationDays * DAY_MS;
  const [gone, dead, sent] = await store.batch([
    db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.tokenHash }),
    db
      .delete(invitations)
      .where(
        and(
          isNull(invitations.acceptedAt),
          or(lte(invitations.expiresAt, deadBefore), lte(invitations.revokedAt, deadBefore)),
        ),
      )
      .returning({ id: invitations.id }),
    db
      .delete(outbox)
      .where(lte(outbox.createdAt, now - RETENTION.outboxDays * DAY_MS))
      .returning({ id: outbox.id }),
  ]);
  const count = (rows: unknown) => (rows as unknown[]).length;
  const swept = blobs ? await sweepBlobDeletions(store, blobs) : { deleted: 0, failed: 0 };
  return {
    sessions: count(gone),
    invitations: count(dead),
    outbox: count(sent),
    blobs: swept.deleted,
    blobsFailed: swept.failed,
  };
}

/** One log line: counts only. */
export const describeHousekeeping = (r: HousekeepingReport) =>
  `housekeeping: deleted ${r.sessions} expired sessions, ${r.invitations} dead invitations, ${r.outbox} outbox rows, ${r.blobs} stored objects of deleted files (${r.blobsFailed} still failing)`;
