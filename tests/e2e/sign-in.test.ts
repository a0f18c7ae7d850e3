import { describe, expect, inject, it } from 'vitest';
import { existsSync } from 'node:fs';
import { screenshot, signIn, useChromium } from './browser.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

describe('sign in through the real page in Chromium', () => {
  it('R3: Ana signs in and sees the show days of her workspace', async () => {
    const page = await chromium.page({ viewport: { width: 1024, height: 900 } });
    await signIn(page, baseUrl, 'ana@northline.test');
    await page.waitForURL(`${baseUrl}/days`);
    const list = page.getByRole('list', { name: 'Show days' });
    await list.waitFor();
    // every day the API lists for her (the demo's 15, plus any an earlier e2e test built on this server)
    const listed = await page.evaluate(
      async () => ((await (await fetch('/api/days?limit=200')).json()) as { days: unknown[] }).days.length,
    );
    expect(listed).toBeGreaterThanOrEqual(15);
    expect(await list.locator('li').count()).toBe(listed);
    expect(await list.locator('[data-day="day_berlin_1"]').innerText()).toContain('Berlin');
    const shot = await screenshot(page, 'sign-in-show-days');
    expect(existsSync(shot)).toBe(true);
    await page.context().close();
  });

  it('a wrong password shows a clear error and stays on the sign-in page', async () => {
    const page = await chromium.page();
    await signIn(page, baseUrl, 'ana@northline.test', 'not-her-password');
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/wrong email, access id or password/);
    expect(new URL(page.url()).pathname).toBe('/');
    await screenshot(page, 'sign-in-wrong-password');
    await page.context().close();
  });

  it('R4: the intern whose hired date is next month is told so', async () => {
    const page = await chromium.page();
    await signIn(page, baseUrl, 'ian@northline.test');
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/hired date/);
    await page.context().close();
  });
});
