import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { invitations } from '../../db/identity/schema.ts';
import { Client, type Harness } from './harness.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';
import { expectError, expectSecured, json, signedIn } from './people-arrange.ts';

/** What the Resend API received: the SDK's request, as a stub saw it. */
export type SentEmail = {
  path: string;
  authorization: string | null;
  body: { from: string; to: string[]; subject: string; text: string; html: string };
};
export interface Mailbox {
  /** Where RESEND_BASE_URL points. */
  readonly baseUrl: string;
  received(): SentEmail[];
}

type Invitation = {
  id: string;
  email: string;
  status: string;
  expiresAt: string;
  createdAt: string;
  sendCount: number;
  email_delivery?: { transport: string; sent: boolean };
};
type Sheet = Record<string, unknown>;
const DAY = 24 * 60 * 60 * 1000;
let n = 0;
const address = (label: string) => `invitee-${Date.now().toString(36)}-${n++}-${label}@example.test`;
const tokenOf = (mail: SentEmail) => /\/invite#token=([A-Za-z0-9_-]{43})/.exec(mail.body.text)?.[1] ?? '';

/**
 * R7 invitations end to end over HTTP: `harness` sends mail with the real Resend SDK pointed at
 * `mailbox` (a stub); `local` is the same app without RESEND_API_KEY (the outbox).
 */
export function invitationsSuite(harness: Harness, mailbox: Mailbox, local: Harness): void {
  describe(`invitations on ${harness.store}`, () => {
    let ana: Client;
    beforeAll(async () => {
      await seedHarbor(harness.db);
      ana = await signedIn(harness, 'ana');
    });

    async function invite(
      label: string,
      access: Record<string, unknown> = {},
      by = ana,
    ): Promise<{ invitation: Invitation; mail: SentEmail; token: string }> {
      const before = mailbox.received().length;
      const invitation = await json<Invitation>(
        await by.json('POST', '/api/invitations', { email: address(label), name: `Invitee ${label}`, access }),
        201,
      );
      const sent = mailbox.received().slice(before);
      expect(sent).toHaveLength(1);
      return { invitation, mail: sent[0]!, token: tokenOf(sent[0]!) };
    }

    async function accept(token: string, password = 'invited-password-1'): Promise<Client> {
      const client = new Client(harness);
      const response = await client.json('POST', '/api/invitations/accept', { token, password });
      const body = await json<{ csrfToken: string }>(response, 201);
      client.csrfToken = body.csrfToken;
      return client;
    }

    it('R7, R8: invite → the email reaches Resend → accept → signed in with what was granted → the admin changes the role → the next request sees it', async () => {
      const access = {
        role: { roleId: 'role_team_member_limited', scopeType: 'workspace', scopeId: 'ws_northline' },
        groups: ['grp_crew'],
        settings: ['itinerary_access'],
        artists: { art_mara: { level: 'none' } },
      };
      const { invitation, mail, token } = await invite('e2e', access);
      expect(invitation).toMatchObject({
        status: 'pending',
        sendCount: 1,
        email_delivery: { transport: 'resend', sent: true },
      });
      // What Resend was asked to send: to the invitee only, the workspace, the link; nobody else's data.
      expect(mail.path).toBe('/emails');
      expect(mail.authorization).toBe('Bearer re_test_key');
      expect(mail.body.to).toEqual([invitation.email]);
      expect(mail.body.subject).toBe('You are invited to Northline Mgmt on Laminate');
      expect(mail.body.text).toContain(`/invite#token=${token}`);
      expect(mail.body.html).toContain(`/invite#token=${token}`);
      for (const other of ['Ana', 'ana@northline.test', 'Lindqvist', 'per_ana'])
        expect(`${mail.body.text}${mail.body.html}`).not.toContain(other);
      // Only the token's hash is stored.
      const [row] = await harness.db.db.select().from(invitations).where(eq(invitations.id, invitation.id));
      expect(row!.tokenHash).not.toContain(token);
      expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

      expect(await json(await new Client(harness).json('POST', '/api/invitations/preview', { token }))).toMatchObject({
        email: invitation.email,
        workspace: 'Northline Mgmt',
      });
      const invitee = await accept(token);
      const me = await json<{ person: { id: string; email: string; level: string } }>(
        await invitee.get('/api/session'),
      );
      expect(me.person).toMatchObject({ email: invitation.email, level: 'normal' });
      const own = await json<{
        groups: string[];
        settings: string[];
        artists: Record<string, unknown>;
        assignments: { id: string; roleId: string }[];
      }>(await invitee.get(`/api/people/${me.person.id}/access`));
      expect(own.groups.sort()).toEqual(['grp_crew', 'grp_default']);
      expect(own.settings).toEqual(['itinerary_access']);
      expect(own.artists).toEqual({ art_mara: { level: 'none', financial: false, socialSync: false, travel: true } });
      expect(own.assignments.map((a) => a.roleId)).toEqual(['role_team_member_limited']);
      // Team Member: Limited: no money on the day sheet.
      expect(await json<Sheet>(await invitee.get('/api/days/day_cologne/sheet'))).not.toHaveProperty('settlement');
      expect((await invitee.get('/api/days/day_mara_hold_1/sheet')).status).toBe(404);
      // The admin gives Team Member instead; the very next request is decided on it (R8).
      await json(
        await ana.json('POST', '/api/roles/role_team_member/assignments', {
          personId: me.person.id,
          scopeType: 'workspace',
          scopeId: 'ws_northline',
        }),
        201,
      );
      expect(
        (await ana.json('DELETE', `/api/roles/role_team_member_limited/assignments/${own.assignments[0]!.id}`)).status,
      ).toBe(204);
      expect(await json<Sheet>(await invitee.get('/api/days/day_cologne/sheet'))).toHaveProperty('settlement');
      const log = await json<{ entries: { action: string }[] }>(await ana.get(`/api/activity?person=${me.person.id}`));
      expect(log.entries.map((e) => e.action)).toEqual(
        expect.arrayContaining(['invitation_accepted', 'role_assigned', 'role_unassigned']),
      );
      // The invitation is now accepted and cannot be used again.
      const listed = await json<{ invitations: Invitation[] }>(await ana.get('/api/invitations'));
      expect(listed.invitations.find((i) => i.id === invitation.id)?.status).toBe('accepted');
    });

    it('R7: accepting twice, late, after a revocation or with a forged token fails, saying which', async () => {
      const twice = await invite('twice');
      await accept(twice.token);
      await expectError(
        await new Client(harness).json('POST', '/api/invitations/accept', {
          token: twice.token,
          password: 'another-password',
        }),
        409,
        'conflict',
        /already been accepted/,
      );
      await expectError(
        await new Client(harness).json('POST', '/api/invitations/accept', {
          token: 'A'.repeat(43),
          password: 'another-password',
        }),
        404,
        'not_found',
        /not valid/,
      );
      const late = await invite('late');
      await harness.db.db
        .update(invitations)
        .set({ expiresAt: Date.now() - 1000 })
        .where(eq(invitations.id, late.invitation.id));
      await expectError(
        await new Client(harness).json('POST', '/api/invitations/accept', {
          token: late.token,
          password: 'another-password',
        }),
        409,
        'conflict',
        /expired/,
      );
      const revoked = await invite('revoked');
      expect((await ana.json('DELETE', `/api/invitations/${revoked.invitation.id}`)).status).toBe(204);
      await expectError(
        await new Client(harness).json('POST', '/api/invitations/accept', {
          token: revoked.token,
          password: 'another-password',
        }),
        409,
        'conflict',
        /revoked/,
      );
      await expectError(
        await new Client(harness).json('POST', '/api/invitations/accept', { token: revoked.token, password: 'short' }),
        400,
        'validation_error',
        /password/,
      );
    });

    it('R7: invitations expire after 15 days by default; re-sending gives a new token and kills the old one', async () => {
      const first = await invite('resend');
      expect(Date.parse(first.invitation.expiresAt) - Date.parse(first.invitation.createdAt)).toBe(15 * DAY);
      await harness.db.db
        .update(invitations)
        .set({ expiresAt: Date.now() - 1000 })
        .where(eq(invitations.id, first.invitation.id));
      const before = mailbox.received().length;
      const resent = await json<Invitation>(await ana.json('POST', `/api/invitations/${first.invitation.id}/resend`));
      expect(resent).toMatchObject({ status: 'pending', sendCount: 2 });
      const second = mailbox.received().slice(before);
      expect(second).toHaveLength(1);
      const token = tokenOf(second[0]!);
      expect(token).not.toBe(first.token);
      await expectError(
        await new Client(harness).json('POST', '/api/invitations/accept', {
          token: first.token,
          password: 'another-password',
        }),
        404,
        'not_found',
        /not valid/,
      );
      await accept(token);
      await expectError(
        await ana.json('POST', `/api/invitations/${first.invitation.id}/resend`),
        409,
        'conflict',
        /accepted/,
      );
    });

    it('R7: without RESEND_API_KEY the email lands in the local outbox, which only admins read', async () => {
      const admin = await signedIn(local, 'ana');
      const email = address('outbox');
      await json(await admin.json('POST', '/api/invitations', { email, name: 'Outbox Invitee' }), 201);
      const outbox = await json<{ messages: { to: string; subject: string; text: string; transport: string }[] }>(
        await admin.get('/api/outbox'),
      );
      const message = outbox.messages.find((m) => m.to === email)!;
      expect(message).toMatchObject({ transport: 'local', subject: 'You are invited to Northline Mgmt on Laminate' });
      const token = /#token=([A-Za-z0-9_-]{43})/.exec(message.text)![1]!;
      expect(
        (await new Client(local).json('POST', '/api/invitations/accept', { token, password: 'outbox-password' }))
          .status,
      ).toBe(201);
      // Mail that went through Resend keeps no body (no live link at rest).
      const viaResend = (
        await json<{ messages: { transport: string; text: string | null }[] }>(await admin.get('/api/outbox'))
      ).messages.filter((m) => m.transport === 'resend');
      expect(viaResend.length).toBeGreaterThan(0);
      expect(viaResend.every((m) => m.text === null)).toBe(true);
    });

    it('R7: an email that already has an account or a pending invitation is refused', async () => {
      await expectError(
        await ana.json('POST', '/api/invitations', { email: 'cara@northline.test', name: 'Cara again' }),
        409,
        'conflict',
        /already has an account/,
      );
      const { invitation } = await invite('pending');
      await expectError(
        await ana.json('POST', '/api/invitations', { email: invitation.email, name: 'again' }),
        409,
        'conflict',
        /pending invitation/,
      );
      await expectError(
        await ana.json('POST', '/api/invitations', { email: 'not-an-email', name: 'x' }),
        400,
        'validation_error',
        /email/,
      );
    });

    it('R7 demo: a pending and an expired invitation are seeded; re-sending the pending one gives a working link', async () => {
      const { invitations: listed } = await json<{ invitations: Invitation[] }>(await ana.get('/api/invitations'));
      expect(listed.find((i) => i.id === 'inv_kim')).toMatchObject({ status: 'pending', email: 'kim@northline.test' });
      expect(listed.find((i) => i.id === 'inv_max')).toMatchObject({ status: 'expired' });
      const before = mailbox.received().length;
      await json(await ana.json('POST', '/api/invitations/inv_kim/resend'));
      const kim = await accept(tokenOf(mailbox.received()[before]!));
      const own = await json<{ groups: string[]; assignments: { roleId: string }[] }>(
        await kim.get(
          `/api/people/${(await json<{ person: { id: string } }>(await kim.get('/api/session'))).person.id}/access`,
        ),
      );
      expect(own.assignments.map((a) => a.roleId)).toEqual(['role_team_member_no_finances']);
      expect(own.groups).toContain('grp_crew');
    });

    it('every invitation endpoint: 401 without a session, 404 from another workspace, 403 without the permission', async () => {
      const { invitation } = await invite('secured');
      const dev = await signedIn(harness, 'dev');
      const harbor = await signedIn(harness, HARBOR.email);
      for (const e of [
        { method: 'POST', path: `/api/invitations/${invitation.id}/resend` },
        { method: 'DELETE', path: `/api/invitations/${invitation.id}` },
      ]) {
        await expectSecured(harness, e, { outsider: harbor, unprivileged: dev, denied: 403 });
      }
      for (const e of [
        { method: 'GET', path: '/api/invitations' },
        { method: 'POST', path: '/api/invitations', body: { email: address('x'), name: 'x' } },
        { method: 'GET', path: '/api/outbox' },
      ]) {
        await expectSecured(harness, e, { unprivileged: dev, denied: 403 });
      }
      // R1: Harbor's own lists hold nothing of Northline's.
      expect((await json<{ invitations: unknown[] }>(await harbor.get('/api/invitations'))).invitations).toEqual([]);
      expect((await json<{ messages: unknown[] }>(await harbor.get('/api/outbox'))).messages).toEqual([]);
    });
  });
}
