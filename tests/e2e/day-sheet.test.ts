import { describe, expect, inject, it } from 'vitest';
import { expectNoSidewaysScroll, screenshot, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';
import { workspaceStoreId, writeTuples } from './operator.ts';

const baseUrl = inject('baseUrl');
const adminKey = inject('adminKey');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('the day sheet on a phone', () => {
  it('R26: Eli reads the Hamburg day sheet at 375 px: schedule, hotels, no settlement, nothing wider than the screen', async () => {
    const page = await chromium.signedInAs('eli@northline.test', PHONE);
    await page.waitForURL(`${baseUrl}/days`);
    await page.locator('[data-day="day_hamburg"] a').click();
    await page.waitForURL(`${baseUrl}/days/day_hamburg`);
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    const sections = await page
      .locator('[data-section]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(sections).toEqual(['schedule', 'venue', 'contacts', 'travel', 'hotels', 'guestList', 'notes']);
    expect(await page.getByRole('heading', { name: 'Settlement' }).count()).toBe(0);
    await expectNoSidewaysScroll(page);
    const back = await page.getByRole('link', { name: 'Back to show days' }).boundingBox();
    expect(back!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'day-sheet-375-eli-hamburg');
    await expectAccessible(page, 'day-sheet-375-eli-hamburg');
    await page.context().close();
  });

  it('R27: the sheet loads offline after one online visit, and is gone after a revocation sync', async () => {
    const page = await chromium.signedInAs('dev@northline.test', PHONE);
    const context = page.context();
    await page.waitForURL(`${baseUrl}/days`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The service worker controls the page from now on: this visit keeps the sheet.
    await page.goto(`${baseUrl}/days/day_oslo`);
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    await page.waitForFunction(async () =>
      (await (await caches.open('day-sheets-v1')).keys()).some((r) => r.url.endsWith('/api/days/day_oslo/sheet')),
    );

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Oslo', level: 1 }).count()).toBe(1);
    await screenshot(page, 'day-sheet-offline-dev-oslo');
    await expectAccessible(page, 'day-sheet-offline-dev-oslo');

    // The show is switched off for Dev while the phone is offline (R14, R8).
    const storeId = await workspaceStoreId(baseUrl, adminKey);
    const revoke = { object: 'event:ev_oslo', relation: 'hidden_from', user: 'user:per_dev' };
    await writeTuples(baseUrl, adminKey, storeId, { writes: [revoke] });
    try {
      // Back online: the day list syncs, and the kept copy of the revoked sheet is dropped.
      await context.setOffline(false);
      await page.goto(`${baseUrl}/days`);
      await page.getByRole('list', { name: 'Show days' }).waitFor();
      expect(await page.locator('[data-day="day_oslo"]').count()).toBe(0);
      await page.waitForFunction(
        async () =>
          !(await (await caches.open('day-sheets-v1')).keys()).some((r) => r.url.endsWith('/api/days/day_oslo/sheet')),
      );

      await context.setOffline(true);
      await page.goto(`${baseUrl}/days/day_oslo`).catch(() => undefined);
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').innerText()).toMatch(/not saved on this device|not available/);
      expect(await page.getByRole('heading', { name: 'Schedule' }).count()).toBe(0);
      await screenshot(page, 'day-sheet-offline-after-revocation');
      await expectAccessible(page, 'day-sheet-offline-after-revocation');
    } finally {
      await context.setOffline(false);
      await writeTuples(baseUrl, adminKey, storeId, { deletes: [revoke] });
      await context.close();
    }
  });
});
