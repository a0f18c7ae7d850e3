/**
 * Security under the real stack (`wrangler dev`, workers static assets, the rate-limiting
 * binding of wrangler.toml): the UI's headers from the build's `_headers`, Chromium walking the
 * workspace with no Content-Security-Policy violation (and the policy enforced), the sign-in
 * limit's 429, and no secret or email in wrangler's log. Its own server: a fresh limiter, and a
 * log file that only these requests wrote.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';
import { startDevServer, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
/** Secrets and personal data these tests handle; none may reach the server's log. */
const secrets = new Set<string>(['laminate-demo', 'ana@northline.test']);

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function signInApi(login: string, password: string): Promise<Response> {
  secrets.add(login);
  secrets.add(password);
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  const token = /laminate_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (token) secrets.add(token);
  return response;
}

describe('security under wrangler dev', () => {
  it('R16: every page of the UI, the SPA fallback included, has a strict CSP (its inline bootstrap by hash, no unsafe-inline), nosniff, no-referrer and no framing', async () => {
    for (const path of ['/', '/days', '/days/day_berlin_1', '/settings/people', '/invite']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
      expect(inline, path).toBeTruthy();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain(
        `script-src 'self' 'sha256-${createHash('sha256').update(inline!).digest('base64')}'`,
      );
      expect(csp, path).not.toContain("'unsafe-inline'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const script = /href="(\/_app\/immutable\/[^"]+\.js)"/.exec(await (await fetch(server.url)).text())![1]!;
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await fetch(`${server.url}/_headers`)).text(), 'the rules file itself is not served').not.toContain(
      'Content-Security-Policy:',
    );
    const api = await fetch(`${server.url}/api/session`);
    expect(api.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('R16: Chromium signs in and walks the workspace with no CSP violation, and the policy is enforced (an injected inline script does not run)', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const reported: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|violates/i.test(message.text())) reported.push(message.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.violations.push(
          `${e.violatedDirective} ${e.blockedURI} ${(e.target as Element | null)?.outerHTML?.slice(0, 160) ?? ''} ${e.sample}`,
        ),
      );
    });
    const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    await signIn(page, server.url, 'ana@northline.test');
    await page.waitForURL(`${server.url}/days`);
    await page.getByRole('list', { name: 'Show days' }).waitFor();
    for (const path of [
      '/days/day_berlin_1',
      '/files',
      '/tasks',
      '/messages',
      '/messages/thr_cologne_load_in',
      '/contacts',
      '/venues',
      '/settings/people',
      '/settings/roles',
      '/settings/groups',
      '/settings/activity',
      '/settings/api-keys',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await violations(), path).toEqual([]);
    }
    expect(reported).toEqual([]);
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran, 'an inline script the page did not ship must not run').toBe(false);
    expect(
      (await violations()).some((v) => v.startsWith('script-src')),
      'and the browser reports it',
    ).toBe(true);
    await page.close();
  });

  it("R5: wrangler.toml's sign-in limit holds: the 11th attempt within a minute from one client on one login is 429 with Retry-After; another login is unaffected", async () => {
    // The limiter counts in fixed one-minute windows: start early in one, so all 11 land in it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
    const login = `brute-${Date.now().toString(36)}@northline.test`;
    for (let i = 0; i < 10; i++) expect((await signInApi(login, `guess-${i}-x`)).status, `attempt ${i + 1}`).toBe(401);
    const limited = await signInApi(login, 'guess-final-x');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    const body = (await limited.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'rate_limited' });
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
    expect((await signInApi('dev@northline.test', 'laminate-demo')).status).toBe(201);
  });

  it("R16, R25: wrangler's log holds the requests but no password, session token or email address", async () => {
    await new Promise((r) => setTimeout(r, 500));
    const log = readFileSync(server.logFile, 'utf8');
    expect(log, 'the log records the requests (so the check below has something to read)').toMatch(
      /POST \/api\/session/,
    );
    for (const secret of secrets) expect(log.includes(secret), `"${secret.slice(0, 6)}…" in the log`).toBe(false);
  });
});
