import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'e2e');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}. Install it: apt-get update && apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-page screenshot as a test artifact and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the real sign-in page. */
export async function signIn(page: Page, baseUrl: string, login: string, password = 'laminate-demo'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  for (let attempt = 0; ; attempt++) {
    await page.getByLabel('Email or access id').fill(login);
    await page.getByLabel('Password').fill(password);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const response = await answer;
    // wrangler dev runs the real sign-in limit (10 a minute per client and login, R5): the suite
    // signs the same demo people in often, so it waits as the 429 says and tries once more.
    if (response.status() !== 429 || attempt >= 1) return;
    const wait = Number(response.headers()['retry-after'] ?? '60');
    await page.waitForTimeout((wait + 1) * 1000);
  }
}

/** A demo person's session: the cookie value and the CSRF token that goes with it. */
export type Session = { cookie: string; csrfToken: string };

const DEMO_PASSWORD = 'laminate-demo';
const SESSION_COOKIE = 'laminate_session';

/**
 * The shared server's sessions, one per demo person, kept in a file next to its state folder:
 * vitest loads every test file afresh, so a module variable would not outlive one file.
 */
const sessionsFile = () => join(dirname(inject('persist')), 'e2e-sessions.json');

function readSessions(): Record<string, Session> {
  try {
    return JSON.parse(readFileSync(sessionsFile(), 'utf8')) as Record<string, Session>;
  } catch {
    return {};
  }
}

/**
 * A session for `login` on the shared e2e server, signed in through the real sign-in API once a
 * run and reused after: wrangler dev runs the real limit of 10 sign-ins a minute per login (R5),
 * which the suite met when every test signed in again. A kept session the server refuses (signed
 * out, revoked, expired) is dropped and replaced by a fresh sign-in. Tests ABOUT signing in use
 * `signIn` (the UI) instead.
 */
export async function session(login: string): Promise<Session> {
  const baseUrl = inject('baseUrl');
  const sessions = readSessions();
  const kept = sessions[login];
  if (kept) {
    const check = await fetch(`${baseUrl}/api/session`, { headers: { cookie: `${SESSION_COOKIE}=${kept.cookie}` } });
    if (check.ok) return { cookie: kept.cookie, csrfToken: ((await check.json()) as Session).csrfToken };
  }
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: DEMO_PASSWORD }),
    });
    if (response.status === 429 && attempt < 1) {
      const wait = Number(response.headers.get('retry-after') ?? '60');
      await new Promise((resolve) => setTimeout(resolve, (wait + 1) * 1000));
      continue;
    }
    if (response.status !== 201) throw new Error(`sign-in ${login}: ${response.status} ${await response.text()}`);
    const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error(`sign-in ${login}: no session cookie`);
    const fresh = { cookie, csrfToken: ((await response.json()) as Session).csrfToken };
    writeFileSync(sessionsFile(), JSON.stringify({ ...readSessions(), [login]: fresh }));
    return fresh;
  }
}

/** The Cookie header for a session, for API calls from Node. */
export const cookieHeader = (s: Session) => `${SESSION_COOKIE}=${s.cookie}`;

/**
 * The Chromium preamble of an e2e file: launches one browser before the file's tests and closes
 * it (with every context opened here) after them.
 * - `page(options)`: a page in a fresh context (no cookies), e.g. a viewport size.
 * - `signedInAs(login, options)`: the same, already signed in as `login` with the shared session
 *   (see `session`), opened at /days — where the sign-in page leads.
 */
export function useChromium() {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const started = (): Browser => {
    if (!browser) throw new Error('useChromium: the browser starts in beforeAll');
    return browser;
  };
  const page = async (options: BrowserContextOptions = {}): Promise<Page> =>
    (await started().newContext(options)).newPage();
  const signedInAs = async (login: string, options: BrowserContextOptions = {}): Promise<Page> => {
    const baseUrl = inject('baseUrl');
    const context = await started().newContext(options);
    const { cookie } = await session(login);
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const opened = await context.newPage();
    await opened.goto(`${baseUrl}/days`);
    return opened;
  };
  return { browser: started, page, signedInAs };
}
