import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cookieHeader, screenshot, session, useChromium } from './browser.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A demo person's API session from Node (to read and put back the settings). */
async function apiAs(login: string) {
  const shared = await session(login);
  const cookie = cookieHeader(shared);
  const { csrfToken } = shared;
  return async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        origin: baseUrl,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

/** The guest-list line of the Berlin day sheet ("… · closes YYYY-MM-DD HH:MM (Zone)"). */
async function cutoffLine(page: Page): Promise<string> {
  await page.goto(`${baseUrl}/days/day_berlin_1`);
  const line = page.getByText(/ · closes /);
  await line.waitFor();
  return line.innerText();
}

describe('Settings › Workspace in the browser', () => {
  it("R6: as Ana at 375 px, changing the time zone moves the day sheet's times on the next request; Cara sees the settings disabled with the reason", async () => {
    const ana = await apiAs('ana@northline.test');
    const { settings } = await ana<{ settings: { timezone: string } }>('/api/settings');
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    try {
      await page.waitForURL(`${baseUrl}/days`);
      const before = await cutoffLine(page);
      expect(before).toContain(`(${settings.timezone})`);
      await screenshot(page, 'settings-day-sheet-before-375');

      await page.goto(`${baseUrl}/settings/workspace`);
      await page.getByRole('heading', { name: 'Workspace', level: 1 }).waitFor();
      const zone = page.getByLabel('Time zone');
      await zone.fill('Asia/Tokyo');
      await screenshot(page, 'settings-workspace-375');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      // Nothing scrolls sideways at 375 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

      const after = await cutoffLine(page);
      expect(after).toContain('(Asia/Tokyo)');
      const time = (line: string) => /closes (\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(line)?.[1];
      // Tokyo is 7 or 8 hours ahead of Berlin (winter / summer time): the same instant, a later clock.
      const shift =
        (Date.parse(`${time(after)!.replace(' ', 'T')}Z`) - Date.parse(`${time(before)!.replace(' ', 'T')}Z`)) /
        3_600_000;
      expect(settings.timezone === 'Europe/Berlin' ? [7, 8] : [shift]).toContain(shift);
      expect(after).not.toBe(before);
      await screenshot(page, 'settings-day-sheet-after-375');

      const cara = await chromium.signedInAs('cara@northline.test', PHONE);
      await cara.waitForURL(`${baseUrl}/days`);
      await cara.goto(`${baseUrl}/settings/workspace`);
      await cara.getByRole('note').filter({ hasText: 'Edit System Settings' }).waitFor();
      expect(await cara.getByLabel('Time zone').isDisabled()).toBe(true);
      expect(await cara.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
      await screenshot(cara, 'settings-workspace-cara-disabled-375');
      await cara.context().close();
    } finally {
      await ana('/api/settings', 'PATCH', { timezone: settings.timezone });
      await page.context().close();
    }
  });
});

/** The last mail to `to` in the dev server's local outbox (local D1; no Resend key in e2e). */
function outboxText(to: string): string {
  const result = spawnSync(
    'wrangler',
    [
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      inject('persist'),
      '--json',
      '--command',
      `SELECT text FROM outbox WHERE "to" = '${to.replaceAll("'", "''")}' ORDER BY created_at DESC LIMIT 1`,
    ],
    { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
  );
  if (result.status !== 0) throw new Error(`d1 execute: ${result.stderr}`);
  const [{ results }] = JSON.parse(result.stdout) as [{ results: { text: string }[] }];
  return results[0]?.text ?? '';
}

describe('Sign-up in the browser', () => {
  it('a new workspace: sign up at 375 px, follow the mailed link, land in its own Settings › Workspace as its owner, add its first artist, with nothing of Northline', async () => {
    const email = `owner-${Date.now().toString(36)}@e2e-signup.test`;
    const page = await chromium.page(PHONE);
    try {
      await page.goto(`${baseUrl}/sign-up`);
      await page.getByLabel('Workspace name').fill('Harbourside Touring');
      await page.getByLabel('Your name').fill('Hana Owner');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('harbourside-password');
      await page.getByLabel('Time zone').fill('Europe/Lisbon');
      await screenshot(page, 'sign-up-form-375');
      await page.getByRole('button', { name: 'Send me the confirmation link' }).click();
      await page.getByRole('status').filter({ hasText: 'check your mail' }).waitFor();
      await screenshot(page, 'sign-up-sent-375');

      const link = /(http\S+\/sign-up\/confirm#token=[\w-]+)/.exec(outboxText(email))?.[1];
      expect(link, 'the confirmation mail holds the link').toBeTruthy();
      await page.goto(link!);
      await page.waitForURL(`${baseUrl}/settings/workspace`);
      await page.getByRole('heading', { name: 'Workspace', level: 1 }).waitFor();
      expect(await page.getByLabel('Workspace name').inputValue()).toBe('Harbourside Touring');
      expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Lisbon');
      // The owner may change the settings (master user of the new workspace).
      expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(false);
      await screenshot(page, 'sign-up-owner-settings-375');
      // Issue 15: it starts with no artist; its owner adds one (R6)
      await page.getByLabel("New artist's name").fill('Harbourside Quartet');
      await page.getByRole('button', { name: 'Add the artist' }).click();
      await page.getByText('Harbourside Quartet added.').waitFor();
      expect(await page.getByRole('group', { name: 'Artists' }).getByRole('listitem').allInnerTexts()).toEqual([
        'Harbourside Quartet',
      ]);
      await screenshot(page, 'sign-up-owner-artist-375');
      await page.goto(`${baseUrl}/days`);
      await page.getByRole('main').waitFor();
      const text = await page.locator('body').innerText();
      for (const word of ['Vellums', 'Berlin', 'Northline']) expect(text).not.toContain(word);
      await screenshot(page, 'sign-up-owner-days-375');
    } finally {
      await page.context().close();
    }
  });
});
