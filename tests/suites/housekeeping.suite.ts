/**
 * Housekeeping (worker/housekeeping/housekeep.ts), run the way each deployment runs it: on
 * workerd through the Worker's `scheduled` handler (the cron trigger), on libSQL through the
 * Node server's job. Expired rows go; live ones, accepted invitations, the activity log (R28)
 * and every other table stay exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sessions, activityLog, invitations, outbox } from '../../db/identity/schema.ts';
import { NORTHLINE_ID } from '../../db/seed/northline.ts';
import { RETENTION } from '../../worker/housekeeping/housekeep.ts';
import { tableDigests } from './db-digest.ts';
import { signedIn, type Harness } from './harness.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Runs the deployment's housekeeping once, as if its timer or cron fired at `now`. */
export type RunHousekeeping = (now: number) => Promise<void>;

const ids = async (harness: Harness, table: 'sessions' | 'invitations' | 'outbox') =>
  (
    await harness.db.db.all<{ id: string }>(
      sql.raw(`SELECT ${table === 'sessions' ? 'token_hash' : 'id'} AS id FROM ${table} ORDER BY 1`),
    )
  ).map((r) => r.id);

export function housekeepingSuite(harness: Harness, runHousekeeping: RunHousekeeping): void {
  describe(`housekeeping on ${harness.store}`, () => {
    it('deletes expired sessions, invitations dead for 30 days and outbox rows older than 30 days; live rows, accepted invitations, the activity log (R28) and every other table stay', async () => {
      const now = Date.now();
      const { db } = harness.db;
      const invitation = (id: string, at: { expires: number; revoked?: number; accepted?: number }) => ({
        id,
        workspaceId: NORTHLINE_ID,
        email: `${id}@example.test`,
        name: id,
        title: null,
        invitedBy: 'per_ana',
        tokenHash: `hk:${id}`,
        grants: { level: 'normal' as const },
        createdAt: at.expires - 15 * DAY,
        expiresAt: at.expires,
        lastSentAt: at.expires - 15 * DAY,
        sendCount: 1,
        acceptedAt: at.accepted ?? null,
        personId: at.accepted ? 'per_cara' : null,
        revokedAt: at.revoked ?? null,
      });
      const session = (tokenHash: string, expiresAt: number) => ({
        tokenHash,
        personId: 'per_dev',
        workspaceId: NORTHLINE_ID,
        csrfToken: 'csrf',
        createdAt: expiresAt - 14 * DAY,
        expiresAt,
      });
      const mail = (id: string, createdAt: number) => ({
        id,
        workspaceId: NORTHLINE_ID,
        to: 'someone@example.test',
        subject: 'You are invited',
        text: 'a link',
        transport: 'local' as const,
        providerId: null,
        error: null,
        createdAt,
      });
      const dead = RETENTION.deadInvitationDays * DAY;
      await harness.db.batch([
        db
          .insert(sessions)
          .values([session('hk_expired', now - DAY), session('hk_expires_now', now), session('hk_live', now + 60_000)]),
        db
          .insert(invitations)
          .values([
            invitation('inv_hk_expired_long_ago', { expires: now - dead - DAY }),
            invitation('inv_hk_expired_lately', { expires: now - dead + DAY }),
            invitation('inv_hk_revoked_long_ago', { expires: now - 5 * DAY, revoked: now - dead - DAY }),
            invitation('inv_hk_revoked_lately', { expires: now + 10 * DAY, revoked: now - 2 * DAY }),
            invitation('inv_hk_accepted_long_ago', { expires: now - 90 * DAY, accepted: now - 100 * DAY }),
            invitation('inv_hk_pending', { expires: now + DAY }),
          ]),
        db
          .insert(outbox)
          .values([
            mail('out_hk_old', now - RETENTION.outboxDays * DAY - 1),
            mail('out_hk_recent', now - RETENTION.outboxDays * DAY + 60_000),
          ]),
        db.insert(activityLog).values({
          workspaceId: NORTHLINE_ID,
          actorId: 'per_ana',
          action: 'invitation_sent',
          subject: 'invitation:inv_hk_expired_long_ago',
          before: null,
          after: { email: 'inv_hk_expired_long_ago@example.test' },
          createdAt: now - dead - 16 * DAY,
        }),
      ]);
      // A session made by signing in, live: it must keep working.
      const dev = await signedIn(harness, 'dev');
      const before = {
        digests: await tableDigests(harness.db),
        sessions: await ids(harness, 'sessions'),
        invitations: await ids(harness, 'invitations'),
        outbox: await ids(harness, 'outbox'),
      };
      expect(before.invitations).toEqual(expect.arrayContaining(['inv_kim', 'inv_max']));

      await runHousekeeping(now);

      const without = (list: string[], gone: string[]) => list.filter((id) => !gone.includes(id));
      expect(await ids(harness, 'sessions')).toEqual(without(before.sessions, ['hk_expired', 'hk_expires_now']));
      expect(await ids(harness, 'invitations')).toEqual(
        without(before.invitations, ['inv_hk_expired_long_ago', 'inv_hk_revoked_long_ago']),
      );
      expect(await ids(harness, 'outbox')).toEqual(without(before.outbox, ['out_hk_old']));
      const after = await tableDigests(harness.db);
      for (const table of ['sessions', 'invitations', 'outbox']) {
        delete before.digests[table];
        delete after[table];
      }
      expect(after).toEqual(before.digests);
      expect(Object.keys(after)).toContain('activity_log');

      // What a manager sees in Settings › People: the lately expired and revoked invitations,
      // the demo's expired one (Max) and the pending ones; not the long-dead ones.
      expect((await dev.get('/api/session')).status).toBe(200);
      const ana = await signedIn(harness, 'ana');
      const listed = (await (await ana.get('/api/invitations')).json()) as {
        invitations: { id: string; status: string }[];
      };
      const status = Object.fromEntries(listed.invitations.map((i) => [i.id, i.status]));
      expect(status).toMatchObject({
        inv_hk_expired_lately: 'expired',
        inv_hk_revoked_lately: 'revoked',
        inv_hk_accepted_long_ago: 'accepted',
        inv_hk_pending: 'pending',
        inv_kim: 'pending',
        inv_max: 'expired',
      });
      expect(status).not.toHaveProperty('inv_hk_expired_long_ago');
      expect(status).not.toHaveProperty('inv_hk_revoked_long_ago');

      // A second run at the same time finds nothing more to delete.
      const settled = await tableDigests(harness.db);
      await runHousekeeping(now);
      expect(await tableDigests(harness.db)).toEqual(settled);
    });
  });
}
