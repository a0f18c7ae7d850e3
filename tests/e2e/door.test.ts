import { describe, expect, inject, it } from 'vitest';
import { screenshot, signIn, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('mailing lists and check-in pages, phone-first (R14, R24, issue 16)', () => {
  it('R24: Ana at 375 px finds Omar Aziz at the Berlin door and checks him in', async () => {
    const page = await chromium.page(PHONE);
    try {
      await signIn(page, baseUrl, 'ana@northline.test');
      await page.waitForURL('**/days');
      await page.goto(`${baseUrl}/ticketing`);
      await page.getByLabel('Show').selectOption('ev_berlin_1');
      await page.getByLabel('Find an attendee').fill('Omar');
      await page.getByRole('button', { name: 'Search' }).click();
      const omar = page.locator('[data-attendee="att_berlin_1_2_0"]');
      await omar.getByRole('button', { name: 'Check in Omar Aziz' }).click();
      await omar.getByText('Checked in').waitFor();
      await page.getByRole('status').filter({ hasText: 'Checked in: Omar Aziz' }).waitFor();
      await screenshot(page, 'ticketing-check-in-375');
      await expectAccessible(page, '/ticketing after a check-in (375 px)');
    } finally {
      await page.context().close();
    }
  });

  it('R14: the Vellums newsletter is on for Ana, who may send; Gus has it switched off', async () => {
    const page = await chromium.page(PHONE);
    try {
      await signIn(page, baseUrl, 'ana@northline.test');
      await page.waitForURL('**/days');
      await page.goto(`${baseUrl}/mailing-lists`);
      await page.getByRole('button', { name: /Vellums newsletter/ }).click();
      await page.getByRole('heading', { name: 'Vellums newsletter' }).waitFor();
      await page.getByLabel('Subject').waitFor();
      await screenshot(page, 'mailing-lists-375');
      await expectAccessible(page, '/mailing-lists (375 px)');
      const gus = await chromium.page(PHONE);
      try {
        await signIn(gus, baseUrl, 'gus@northline.test');
        await gus.waitForURL('**/days');
        await gus.goto(`${baseUrl}/mailing-lists`);
        await gus.getByRole('heading', { name: 'Mailing lists' }).waitFor();
        await gus.locator('main').waitFor();
        expect(await gus.getByRole('button', { name: /Vellums newsletter/ }).count()).toBe(0);
      } finally {
        await gus.context().close();
      }
    } finally {
      await page.context().close();
    }
  });
});
