/**
 * Attacks on authentication (issue 9): session fixation, token reuse after sign-out, CSRF
 * (and login CSRF), invitation tokens that are expired, forged, tampered, revoked or replaced,
 * API keys after revocation, and brute force on sign-in — rate limited before the password is
 * hashed, in addition to the lockout (R5). Every refusal is `{ code, message, requestId }` and
 * changes no row (digests of every table), unless the refusal is itself recorded (a failed
 * sign-in counts towards the lockout, as R5 wants).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { apiKeys } from '../../db/authz/schema.ts';
import { people, workspaces, activityLog, invitations } from '../../db/identity/schema.ts';
import { insertApiKey, revokeApiKey } from '../../db/authz/api-keys.ts';
import { generateApiKey } from '../../worker/auth/api-keys.ts';
import { onError } from '../../worker/middleware/on-error.ts';
import { requestId } from '../../worker/middleware/request-id.ts';
import { SESSION_COOKIE } from '../../worker/auth/session.ts';
import { SIGN_IN_ATTEMPTS } from '../../worker/auth/sign-in-limit.ts';
import { Client, type Harness } from './harness.ts';
import { makePerson, PASSWORD } from './people-arrange.ts';
import { tableDigests } from './db-digest.ts';

type Raw = { status: number; body: Record<string, unknown>; setCookie: string | null; headers: Headers };

const ERROR_KEYS = ['code', 'field', 'message', 'requestId'];
const cookieValue = (setCookie: string | null) =>
  setCookie ? (/laminate_session=([^;]*)/.exec(setCookie)?.[1] ?? '') : '';

export function authAttacksSuite(harness: Harness): void {
  describe(`authentication attacks on ${harness.store}`, () => {
    /** Every line the app writes to the console while this suite runs (see the last test). */
    const logged: string[] = [];
    /** Every secret and personal detail the suite handles, none of which may be logged. */
    const secrets = new Set<string>([PASSWORD]);
    const spies: { mockRestore(): void }[] = [];
    let ana: Client;
    let storeId = '';

    async function raw(
      method: string,
      path: string,
      init: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
    ): Promise<Raw> {
      const headers: Record<string, string> = {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.cookie ? { cookie: `${SESSION_COOKIE}=${init.cookie}` } : {}),
        ...init.headers,
      };
      const response = await harness.request(path, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body:
          text && response.headers.get('content-type')?.includes('json')
            ? (JSON.parse(text) as Record<string, unknown>)
            : {},
        setCookie: response.headers.get('set-cookie'),
        headers: response.headers,
      };
    }

    /** A refusal: the status, the error shape (and `field`), no session handed out. */
    function refused(r: Raw, status: number, field?: string): void {
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(
        Object.keys(r.body).every((k) => ERROR_KEYS.includes(k)),
        JSON.stringify(r.body),
      ).toBe(true);
      expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
      if (field) expect(r.body.field).toBe(field);
      expect(cookieValue(r.setCookie)).toBe('');
    }

    async function signIn(
      login: string,
      password = PASSWORD,
      headers: Record<string, string> = {},
      cookie?: string,
    ): Promise<Raw & { token: string; csrf: string }> {
      secrets.add(password);
      const r = await raw('POST', '/api/session', {
        body: { login, password },
        headers,
        ...(cookie ? { cookie } : {}),
      });
      const token = cookieValue(r.setCookie);
      if (token) secrets.add(token);
      if (typeof r.body.csrfToken === 'string') secrets.add(r.body.csrfToken);
      return { ...r, token, csrf: (r.body.csrfToken as string) ?? '' };
    }

    async function fresh(label: string, p: Parameters<typeof makePerson>[2] = {}) {
      const person = await makePerson(harness, label, p);
      secrets.add(person.email);
      return person;
    }

    async function unchanged<T>(act: () => Promise<T>): Promise<T> {
      const before = await tableDigests(harness.db);
      const result = await act();
      expect(await tableDigests(harness.db)).toEqual(before);
      return result;
    }

    beforeAll(async () => {
      for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        spies.push(
          vi
            .spyOn(console, level)
            .mockImplementation(
              (...args: unknown[]) =>
                void logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
            ),
        );
      }
      ana = new Client(harness);
      expect((await ana.signIn('ana@northline.test')).status).toBe(201);
      secrets.add(ana.csrfToken);
      const [row] = await harness.db.db
        .select({ storeId: workspaces.storeId })
        .from(workspaces)
        .where(eq(workspaces.id, 'ws_northline'));
      storeId = row!.storeId!;
    });
    afterAll(() => spies.forEach((s) => s.mockRestore()));

    it('R9: session fixation — a cookie value set before sign-in is not adopted; sign-in issues a fresh token and ends the one the browser held', async () => {
      const p = await fresh('fixation');
      const planted = 'attacker-chosen-session-value';
      const victim = await signIn(p.email, PASSWORD, {}, planted);
      expect(victim.status).toBe(201);
      expect(victim.token).toMatch(/^[\w-]{43}$/);
      expect(victim.token).not.toBe(planted);
      refused(await raw('GET', '/api/session', { cookie: planted }), 401);
      // The attacker plants their own live session; the victim signing in does not inherit it.
      const attacker = await signIn('dev@northline.test');
      const again = await signIn(p.email, PASSWORD, {}, attacker.token);
      expect(again.token).not.toBe(attacker.token);
      refused(await raw('GET', '/api/session', { cookie: attacker.token }), 401);
      expect((await raw('GET', '/api/session', { cookie: again.token })).body).toMatchObject({ person: { id: p.id } });
      expect(again.setCookie).toMatch(/HttpOnly/i);
      expect(again.setCookie).toMatch(/Secure/i);
      expect(again.setCookie).toMatch(/SameSite=Lax/i);
    });

    it('R8: token reuse — a session is refused (401) on the very next request after sign-out, and all of them after sign-out everywhere', async () => {
      const p = await fresh('reuse');
      const [a, b, c] = [await signIn(p.email), await signIn(p.email), await signIn(p.email)];
      expect(
        (await raw('DELETE', '/api/session', { cookie: a.token, headers: { 'x-csrf-token': a.csrf } })).status,
      ).toBe(204);
      refused(await raw('GET', '/api/session', { cookie: a.token }), 401);
      refused(await raw('GET', '/api/days', { cookie: a.token }), 401);
      await unchanged(async () =>
        refused(
          await raw('POST', '/api/tasks', {
            cookie: a.token,
            headers: { 'x-csrf-token': a.csrf },
            body: { title: 'after sign-out' },
          }),
          401,
        ),
      );
      expect((await raw('GET', '/api/session', { cookie: b.token })).status).toBe(200);
      expect(
        (await raw('DELETE', '/api/session?everywhere=true', { cookie: b.token, headers: { 'x-csrf-token': b.csrf } }))
          .status,
      ).toBe(204);
      for (const s of [b, c]) {
        refused(await raw('GET', '/api/session', { cookie: s.token }), 401);
        await unchanged(async () =>
          refused(
            await raw('POST', '/api/tasks', {
              cookie: s.token,
              headers: { 'x-csrf-token': s.csrf },
              body: { title: 'after sign-out everywhere' },
            }),
            401,
          ),
        );
      }
    });

    it("R9: CSRF — a write with no X-CSRF-Token, a wrong one, another session's, or from a cross-site Origin is refused 403 and changes nothing", async () => {
      const p = await fresh('csrf');
      const mine = await signIn(p.email);
      const other = await signIn('eli@northline.test');
      const attempts: Record<string, string>[] = [
        {},
        { 'x-csrf-token': 'wrong' },
        { 'x-csrf-token': other.csrf },
        { 'x-csrf-token': mine.csrf.slice(0, -1) },
        { 'x-csrf-token': mine.csrf, origin: 'https://evil.example' },
        { 'x-csrf-token': mine.csrf, origin: 'null' },
      ];
      await unchanged(async () => {
        for (const headers of attempts) {
          refused(await raw('POST', '/api/tasks', { cookie: mine.token, headers, body: { title: 'forged' } }), 403);
          refused(
            await raw('PUT', `/api/people/${p.id}/settings`, { cookie: mine.token, headers, body: { settings: [] } }),
            403,
          );
          refused(await raw('DELETE', '/api/session', { cookie: mine.token, headers }), 403);
        }
      });
      // Sign-out was refused above: the session still works; with the right token the write goes through.
      expect(
        (
          await raw('POST', '/api/tasks', {
            cookie: mine.token,
            headers: { 'x-csrf-token': mine.csrf, origin: 'http://localhost' },
            body: { title: 'mine' },
          })
        ).status,
      ).toBe(201);
    });

    it('R9: login CSRF — another site cannot sign a browser in (cross-site Origin: 403), nor post a form (415); nothing recorded', async () => {
      await unchanged(async () => {
        refused(await signIn('ana@northline.test', PASSWORD, { origin: 'https://evil.example' }), 403);
        const form = await harness.request('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
          body: 'login=ana%40northline.test&password=laminate-demo',
        });
        expect([403, 415]).toContain(form.status);
        expect(cookieValue(form.headers.get('set-cookie'))).toBe('');
      });
    });

    it('R7: expired, forged, tampered, revoked, replaced and used invitation tokens get a clear 4xx naming `token`, and change nothing', async () => {
      const stamp = Date.now().toString(36);
      const invite = async (label: string) => {
        const email = `attack-${label}-${stamp}@invite.test`;
        secrets.add(email);
        const response = await ana.json('POST', '/api/invitations', { email, name: 'Attack test' });
        expect(response.status).toBe(201);
        const { id } = (await response.json()) as { id: string };
        return { id, token: await latestToken(email) };
      };
      const latestToken = async (email: string) => {
        const { messages } = (await (await ana.get('/api/outbox')).json()) as {
          messages: { to: string; text: string }[];
        };
        const token = /#token=([\w-]{43})/.exec(messages.find((m) => m.to === email)!.text)![1]!;
        secrets.add(token);
        return token;
      };
      const expired = await invite('expired');
      await harness.db.db
        .update(invitations)
        .set({ expiresAt: Date.now() - 1000 })
        .where(eq(invitations.id, expired.id));
      const revoked = await invite('revoked');
      expect((await ana.json('DELETE', `/api/invitations/${revoked.id}`)).status).toBe(204);
      const replaced = await invite('replaced');
      expect((await ana.json('POST', `/api/invitations/${replaced.id}/resend`)).status).toBe(200);
      const used = await invite('used');
      expect(
        (await raw('POST', '/api/invitations/accept', { body: { token: used.token, password: 'a-strong-password-1' } }))
          .status,
      ).toBe(201);
      const live = await invite('live');
      const flip = (t: string) => t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
      const cases: [string, string, number, RegExp][] = [
        ['expired', expired.token, 409, /expired on \d{4}-\d\d-\d\d/],
        ['forged', 'F'.repeat(43), 404, /not valid/],
        ['tampered (one character)', flip(live.token), 404, /not valid/],
        ['truncated', live.token.slice(0, 42), 404, /not valid/],
        ['revoked', revoked.token, 409, /revoked/],
        ['replaced by a re-send', replaced.token, 404, /not valid/],
        ['already used', used.token, 409, /already been accepted/],
      ];
      await unchanged(async () => {
        for (const [name, token, status, message] of cases) {
          for (const path of ['/api/invitations/preview', '/api/invitations/accept']) {
            const r = await raw('POST', path, { body: { token, password: 'a-strong-password-2' } });
            refused(r, status, 'token');
            expect(r.body.message, `${name} at ${path}`).toMatch(message);
          }
        }
      });
      // The live one still works: the refusals above were about those tokens, not the route.
      expect((await raw('POST', '/api/invitations/preview', { body: { token: live.token } })).status).toBe(200);
    });

    it("R8, R25: API keys are refused (401) on the very next request after their revocation — a person's key and a store's key", async () => {
      const p = await fresh('keyholder', { settings: ['api_access'] });
      const holder = new Client(harness);
      expect((await holder.signIn(p.email)).status).toBe(201);
      const created = (await (await holder.json('POST', '/api/api-keys', { name: 'to revoke' })).json()) as {
        id: string;
        key: string;
      };
      secrets.add(created.key);
      const withKey = (path: string, key: string) => raw('GET', path, { headers: { authorization: `Bearer ${key}` } });
      expect((await withKey('/api/workspace', created.key)).status).toBe(200);
      expect((await holder.json('DELETE', `/api/api-keys/${created.id}`)).status).toBe(204);
      const personKey = await withKey('/api/workspace', created.key);
      refused(personKey, 401);
      expect(personKey.headers.get('www-authenticate')).toMatch(/^Bearer/);

      const { key, hash } = await generateApiKey();
      secrets.add(key);
      const id = `key_attack_${Date.now().toString(36)}`;
      await insertApiKey(harness.db.db, {
        id,
        storeId,
        name: 'to revoke',
        secretHash: hash,
        access: 'read',
        createdAt: Date.now(),
        lastUsedAt: null,
        revokedAt: null,
      });
      expect((await withKey(`/stores/${storeId}`, key)).status).toBe(200);
      expect(await revokeApiKey(harness.db.db, storeId, id, Date.now())).toBe(true);
      const storeKey = await withKey(`/stores/${storeId}`, key);
      refused(storeKey, 401);
      expect(storeKey.body.message).toMatch(/revoked/);
      const [row] = await harness.db.db
        .select({ revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(eq(apiKeys.id, id));
      expect(row!.revokedAt).not.toBeNull();
    });

    it(`R5: brute force — ${SIGN_IN_ATTEMPTS} attempts a minute on one login, then 429 with Retry-After before the password is checked (even the right one); the lockout still locks at 5`, async () => {
      const p = await fresh('brute');
      const counter = async () =>
        (await harness.db.db.select({ n: people.failedSignIns }).from(people).where(eq(people.id, p.id)))[0]!.n;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signIn(p.email, `guess-${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const locked = await signIn(p.email);
      refused(locked, 403);
      expect(locked.body.message).toMatch(/locked after too many failed sign-ins/);
      for (let i = 6; i < SIGN_IN_ATTEMPTS; i++) refused(await signIn(p.email, `guess-${i}`), 401);
      const failures = await counter();
      const limited = await unchanged(() => signIn(p.email));
      refused(limited, 429);
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await counter(), 'refused before the password was checked: the counter did not move').toBe(failures);
      // Another login from the same client is not limited by this one.
      const other = await fresh('bystander');
      expect((await signIn(other.email)).status).toBe(201);
    });

    it("R5, R3, R25: six anonymous failed sign-ins with sync's login (API only, no password) count nothing and leave its API key working; the sign-in rate limit still holds", async () => {
      const created = (await (
        await ana.json('POST', '/api/api-keys', { name: 'ticketing', personId: 'per_sync' })
      ).json()) as {
        key: string;
      };
      secrets.add(created.key);
      const withKey = () => raw('GET', '/api/session', { headers: { authorization: `Bearer ${created.key}` } });
      expect((await withKey()).status).toBe(200);
      const sync = async () =>
        (
          await harness.db.db
            .select({ failed: people.failedSignIns, resignedAt: people.resignedAt })
            .from(people)
            .where(eq(people.id, 'per_sync'))
        )[0];
      for (let i = 0; i < 6; i++) refused(await signIn('sync@northline.test', `guess-${i}`), 401);
      expect(await sync()).toEqual({ failed: 0, resignedAt: null });
      const after = await withKey();
      expect(after.status, JSON.stringify(after.body)).toBe(200);
      expect(after.body).toMatchObject({ person: { id: 'per_sync' } });
      // Still logged, so the admin sees the attempts (and Node's sign-in limit counts them).
      const entries = await harness.db.db
        .select({ after: activityLog.after })
        .from(activityLog)
        .where(and(eq(activityLog.subject, 'person:per_sync'), eq(activityLog.action, 'sign_in_failed')));
      expect(entries.length).toBeGreaterThanOrEqual(6);
      // The sign-in rate limit still holds for this login: the attempt after the tenth in a minute is 429.
      for (let i = 6; i < SIGN_IN_ATTEMPTS; i++) refused(await signIn('sync@northline.test', `guess-${i}`), 401);
      refused(await signIn('sync@northline.test', 'guess-last'), 429);
      expect(await sync()).toEqual({ failed: 0, resignedAt: null });
      expect((await withKey()).status).toBe(200);
    });

    it("R5: the limit's key — on workerd per client address and login (the binding); on Node per account, from any client (the activity log)", async () => {
      const p = await fresh('keyed');
      for (let i = 0; i < SIGN_IN_ATTEMPTS; i++)
        await signIn(p.email, `guess-${i}`, { 'cf-connecting-ip': '203.0.113.7' });
      refused(await signIn(p.email, PASSWORD, { 'cf-connecting-ip': '203.0.113.7' }), 429);
      const elsewhere = await signIn(p.email, PASSWORD, { 'cf-connecting-ip': '198.51.100.9' });
      // The account is locked by now either way (R5); the question is whether the limiter answered first.
      if (harness.store === 'd1') refused(elsewhere, 403);
      else refused(elsewhere, 429);
      const unknown = `nobody-${Date.now().toString(36)}@northline.test`;
      for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) refused(await signIn(unknown, `guess-${i}`), 401);
      refused(await signIn(unknown, 'guess-last'), harness.store === 'd1' ? 429 : 401);
    });

    it('R16: every API answer is nosniff, cannot be framed, runs nothing if opened as a page, and is never cached when it may hold personal data', async () => {
      const cookie = { cookie: (await signIn('ana@northline.test')).token };
      const answers: [string, Raw][] = [
        ['people', await raw('GET', '/api/people', cookie)],
        ['day sheet', await raw('GET', '/api/days/day_warsaw/sheet', cookie)],
        ['session', await raw('GET', '/api/session', cookie)],
        ['activity CSV', await raw('GET', '/api/activity?format=csv', cookie)],
        ['contacts CSV', await raw('GET', '/api/exports/contacts.csv', cookie)],
        ['401', await raw('GET', '/api/people')],
        ['404', await raw('GET', '/api/no-such-route', cookie)],
        ['edge 401', await raw('GET', `/stores/${storeId}`)],
      ].map(([name, r]) => [name as string, r as Raw]);
      for (const [name, r] of answers) {
        expect(r.headers.get('x-content-type-options'), name).toBe('nosniff');
        expect(r.headers.get('x-frame-options'), name).toBe('DENY');
        expect(r.headers.get('content-security-policy'), name).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
        expect(r.headers.get('cache-control'), name).toMatch(/no-store/);
      }
      expect((await raw('GET', '/api/people', cookie)).headers.get('referrer-policy')).toBe('no-referrer');
      const docs = await harness.request('/docs');
      expect(docs.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'unsafe-inline'/);
    });

    it('R16, R25: no secret or personal data in the logs — passwords, session and CSRF tokens, API keys, invitation tokens, emails', async () => {
      // An unexpected failure is logged (its request id and class), with a message full of secrets.
      const failing = new Hono();
      failing.use('*', requestId());
      failing.onError(onError as never);
      failing.get('/', () => {
        throw new TypeError(`boom for ana@northline.test with password ${PASSWORD} and token ${[...secrets].at(-1)}`);
      });
      const response = await failing.request('/');
      expect(response.status).toBe(500);
      expect(
        logged.some((line) => /request [\w-]+ failed: TypeError/.test(line)),
        `the spies see the app's log: ${JSON.stringify(logged)}`,
      ).toBe(true);
      expect(secrets.size).toBeGreaterThan(20);
      for (const line of logged) {
        for (const secret of secrets) expect(line, 'a secret in the log').not.toContain(secret);
        expect(line, 'an email address in the log').not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
      }
    });
  });
}
