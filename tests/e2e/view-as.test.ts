import { describe, expect, inject, it } from 'vitest';
import { expectNoSidewaysScroll, screenshot, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('"View as" in the browser', () => {
  it('R12, R14: Ana views the workspace as Gus from Settings › People: only the two Berlin show days, read-only, a clear banner and a way out', async () => {
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    await page.waitForURL(`${baseUrl}/days`);
    const list = page.getByRole('list', { name: 'Show days' });
    await list.waitFor();
    const own = await list.locator('li').count();
    expect(own).toBeGreaterThan(2);

    await page.goto(`${baseUrl}/settings/people`);
    await page.getByRole('button', { name: 'View as Gus Hartmann' }).click();
    await page.waitForURL(`${baseUrl}/days`);
    const banner = page.getByRole('region', { name: 'Viewing as' });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Viewing as Gus Hartmann/);
    await page.getByRole('heading', { name: 'Show days for Gus Hartmann' }).waitFor();
    await list.waitFor();
    const days = await list.locator('li[data-day]').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')));
    expect(days.sort()).toEqual(['day_berlin_1', 'day_berlin_2']);
    // Settings are not offered while viewing as someone else.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).count()).toBe(
      0,
    );
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'view-as-gus-days-375');
    await expectAccessible(page, 'view-as-gus-days-375');

    // His day sheet, as he reads it; writes are refused before they leave the browser.
    await list.locator('[data-day="day_berlin_1"] a').click();
    await page.waitForURL(`${baseUrl}/days/day_berlin_1`);
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    expect(await banner.count()).toBe(1);
    if (await page.getByLabel('Guest name').count()) {
      await page.getByLabel('Guest name').fill('Not really');
      await page.getByRole('button', { name: 'Request a place' }).click();
      await expect(page.getByRole('status').innerText()).resolves.toMatch(
        /viewing as Gus Hartmann: nothing can be changed/,
      );
    }
    await screenshot(page, 'view-as-gus-berlin-sheet-375');
    await expectAccessible(page, 'view-as-gus-berlin-sheet-375');

    // Files as Gus: only what is shared with him, reached through the app's own navigation
    // (the page's load, not a fresh page, sends View-As).
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Files' }).click();
    await page.waitForURL(`${baseUrl}/files`);
    await page.getByRole('list', { name: 'Folders and files' }).waitFor();
    expect(await page.locator('[data-item="folder:fld_passports"]').count()).toBe(0);
    expect(await page.locator('[data-item="file:fil_settlement_berlin"]').count()).toBe(1);

    // The way out: back to Ana's own view, with all her days.
    await banner.getByRole('button', { name: 'Leave “View as”' }).click();
    await page.waitForURL(/\/settings\/people/);
    expect(await banner.count()).toBe(0);
    // The same page's load, read again without View-As: Ana's own files.
    await nav.getByRole('link', { name: 'Files' }).click();
    await page.waitForURL(`${baseUrl}/files`);
    await page.locator('[data-item="folder:fld_passports"]').waitFor();
    await page.goto(`${baseUrl}/days`);
    await list.waitFor();
    expect(await list.locator('li').count()).toBe(own);
    await screenshot(page, 'view-as-left-375');
    await expectAccessible(page, 'view-as-left-375');
    await page.context().close();
  });
});
