import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

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

/**
 * Nothing on the page scrolls sideways: the document is no wider than the viewport the context was
 * created with, and the browser did not widen its layout viewport to fit it.
 *
 * The yardstick is `page.viewportSize()`, never `window.innerWidth`: in a mobile context
 * (`isMobile`, as every 375 px context here) Chromium widens the layout viewport to the content,
 * so a page 750 px wide reports innerWidth 750 and `scrollWidth - innerWidth` is 0 — a check that
 * cannot fail. On failure the message names what reaches past the right edge, widest first: the
 * elements holding text that does not wrap, else the innermost boxes too wide (some may sit inside
 * a box that scrolls on its own, as the main navigation does; the widest is usually the cause).
 */
export async function expectNoSidewaysScroll(page: Page, where = page.url()): Promise<void> {
  const width = page.viewportSize()?.width;
  if (!width) throw new Error('expectNoSidewaysScroll: the context has no fixed viewport size');
  const measured = await page.evaluate((width) => {
    const name = (e: Element) =>
      e.tagName.toLowerCase() +
      (e.id ? `#${e.id}` : '') +
      [...e.classList]
        .filter((c) => !c.startsWith('svelte-'))
        .map((c) => `.${c}`)
        .join('') +
      [...e.attributes]
        .filter((a) => a.name.startsWith('data-') || a.name === 'aria-labelledby')
        .map((a) => `[${a.name}="${a.value}"]`)
        .join('');
    // Text past the edge (a word, id, email or URL that does not wrap) names the element holding it;
    // else the innermost elements past the edge (a box too wide for the screen).
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const text: { e: Element; right: number }[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement || !node.textContent?.trim()) continue;
      range.selectNodeContents(node);
      const right = range.getBoundingClientRect().right + window.scrollX;
      if (right > width + 0.5) text.push({ e: node.parentElement, right });
    }
    const past = [...document.body.querySelectorAll('*')]
      .map((e) => ({ e, right: e.getBoundingClientRect().right + window.scrollX }))
      .filter(({ right }) => right > width + 0.5);
    const innermost = past.filter(({ e }) => !past.some((other) => other.e !== e && e.contains(other.e)));
    const wider = (text.length ? text : innermost)
      .sort((a, b) => b.right - a.right)
      .slice(0, 8)
      .map(
        ({ e, right }) => `${name(e)} ends at ${Math.round(right)} px: "${(e.textContent ?? '').trim().slice(0, 60)}"`,
      );
    return {
      content: document.documentElement.scrollWidth,
      layoutViewport: window.innerWidth,
      visualViewport: Math.round(window.visualViewport?.width ?? window.innerWidth),
      wider,
    };
  }, width);
  const { wider, content, ...viewports } = measured;
  // a document narrower than the viewport (a desktop scrollbar takes its width) is fine
  expect(
    { content: Math.max(content, width), ...viewports },
    `${where} is ${content} px wide (layout viewport ${viewports.layoutViewport} px) in a ${width} px viewport; past its right edge:\n  ${wider.join('\n  ')}`,
  ).toEqual({ content: width, layoutViewport: width, visualViewport: width });
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
