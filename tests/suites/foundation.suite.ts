import { describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';

type ErrorBody = { code: string; message: string; requestId: string; field?: string };

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorBody;
  expect(body.code).toBe(code);
  expect(body.message).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  return body;
}

/** The foundation: health, the error shape, sign-in and sessions, the show-day list. */
export function foundationSuite(harness: Harness): void {
  describe(`foundation on ${harness.store}`, () => {
    it('GET /api/health answers version, store and revision', async () => {
      const response = await harness.request('/api/health');
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        store: harness.store,
        revision: expect.any(Number),
      });
    });

    it('echoes a caller X-Request-ID and makes one otherwise', async () => {
      const echoed = await harness.request('/api/health', { headers: { 'x-request-id': 'trace-42' } });
      expect(echoed.headers.get('x-request-id')).toBe('trace-42');
      const made = await harness.request('/api/health');
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('malformed JSON is a 400 with { code, message, requestId }', async () => {
      const response = await harness.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"login":',
      });
      await expectError(response, 400, 'invalid_json');
    });

    it('a schema violation is a 400 that names the field', async () => {
      const response = await harness.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 42, password: 'x' }),
      });
      const body = await expectError(response, 400, 'validation_error');
      expect(body.field).toBe('login');
      expect(body.message).toContain('`login`');
    });

    it('an empty body, a non-JSON content type and invalid UTF-8 are refused clearly', async () => {
      await expectError(
        await harness.request('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '',
        }),
        400,
        'invalid_json',
      );
      await expectError(
        await harness.request('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{}',
        }),
        415,
        'unsupported_media_type',
      );
      const bad = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      await expectError(
        await harness.request('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bad,
        }),
        400,
        'invalid_json',
      );
    });

    it('an unknown route is a 404 in the same shape', async () => {
      await expectError(await harness.request('/api/no-such-thing'), 404, 'not_found');
    });

    it('a wrong password is refused without saying which half was wrong', async () => {
      const client = new Client(harness);
      const body = await expectError(await client.signIn('ben@northline.test', 'wrong'), 401, 'unauthenticated');
      const unknown = await expectError(await client.signIn('nobody@northline.test', 'wrong'), 401, 'unauthenticated');
      expect(unknown.message).toBe(body.message);
    });

    it('R3: a demo person signs in by email and gets an HttpOnly, Secure, SameSite session cookie', async () => {
      const response = await harness.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'cara@northline.test', password: 'laminate-demo' }),
      });
      expect(response.status).toBe(201);
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^laminate_session=[\w-]{43};/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/Secure/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const body = (await response.json()) as { person: Record<string, unknown> };
      expect(body.person).toMatchObject({ id: 'per_cara', name: 'Cara Jensen' });
      expect(body.person).not.toHaveProperty('passwordHash');
    });

    it('R3: no-access and API-only people cannot sign in interactively', async () => {
      const client = new Client(harness);
      // sync has no password at all: API keys only.
      await expectError(await client.signIn('sync@northline.test'), 401, 'unauthenticated');
    });

    it('R4: a future hired date and a past resigned date are refused with clear messages', async () => {
      const ian = await expectError(await new Client(harness).signIn('ian@northline.test'), 403, 'forbidden');
      expect(ian.message).toMatch(/hired date/);
      const rex = await expectError(await new Client(harness).signIn('rex@northline.test'), 403, 'forbidden');
      expect(rex.message).toMatch(/resigned date/);
    });

    it('R5: a locked-out person is refused even with the right password', async () => {
      const lou = await expectError(await new Client(harness).signIn('lou@northline.test'), 403, 'forbidden');
      expect(lou.message).toMatch(/no longer active/);
    });

    it('a session reads the person back, and sign-out ends it on the next request', async () => {
      const client = new Client(harness);
      expect((await client.signIn('dev@northline.test')).status).toBe(201);
      const me = await client.get('/api/session');
      expect(me.status).toBe(200);
      expect(((await me.json()) as { person: { id: string } }).person.id).toBe('per_dev');
      const cookieBefore = (client as unknown as { cookie: string }).cookie;
      expect((await client.json('DELETE', '/api/session')).status).toBe(204);
      // Replaying the old cookie after sign-out is refused.
      const replay = await harness.request('/api/session', { headers: { cookie: cookieBefore } });
      await expectError(replay, 401, 'unauthenticated');
    });

    it('sign out everywhere ends every session of the person', async () => {
      const phone = new Client(harness);
      const laptop = new Client(harness);
      await phone.signIn('eli@northline.test');
      await laptop.signIn('eli@northline.test');
      expect((await laptop.json('DELETE', '/api/session?everywhere=true')).status).toBe(204);
      await expectError(await phone.get('/api/session'), 401, 'unauthenticated');
    });

    it('a cookie-authenticated write without the CSRF token is refused', async () => {
      const client = new Client(harness);
      await client.signIn('fay@northline.test');
      await expectError(
        await client.json('DELETE', '/api/session', undefined, { 'x-csrf-token': 'forged' }),
        403,
        'forbidden',
      );
      await expectError(
        await client.json('DELETE', '/api/session', undefined, { origin: 'https://evil.example' }),
        403,
        'forbidden',
      );
      expect((await client.get('/api/session')).status).toBe(200);
    });

    it('GET /api/days needs a session', async () => {
      await expectError(await harness.request('/api/days'), 401, 'unauthenticated');
      await expectError(
        await harness.request('/api/days', { headers: { cookie: 'laminate_session=forged-token-value' } }),
        401,
        'unauthenticated',
      );
    });

    it("R1: GET /api/days lists the show days of the person's own workspace, by date", async () => {
      const client = new Client(harness);
      await client.signIn('ana@northline.test');
      const response = await client.get('/api/days');
      expect(response.status).toBe(200);
      const { days } = (await response.json()) as { days: { id: string; date: string; city: string }[] };
      expect(days.map((d) => d.id)).toContain('day_berlin_1');
      expect(days.length).toBe(15);
      const dates = days.map((d) => d.date);
      expect([...dates].sort()).toEqual(dates);
    });
  });
}
