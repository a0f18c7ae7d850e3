import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoSidewaysScroll, signIn, useChromium } from './browser.ts';
import { violations } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const WIDTHS = {
  phone: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 } },
} as const;

/** Every page of the app that Ana (the owner) can open; the day and thread are found on their lists. */
const PAGES = [
  '/days',
  'first-day',
  '/days/new',
  '/days/import',
  '/days/day_warsaw/edit',
  '/days/day_warsaw/print',
  '/files',
  '/files?folder=fld_riders',
  '/tasks',
  '/messages',
  'first-thread',
  '/contacts',
  '/venues',
  '/mailing-lists',
  '/ticketing',
  '/settings',
  '/settings/people',
  '/settings/people/per_fay',
  '/settings/groups',
  '/settings/roles',
  '/settings/api-keys',
  '/settings/activity',
];

async function open(page: Page, path: string): Promise<string> {
  if (path === 'first-day' || path === 'first-thread') {
    const list = path === 'first-day' ? '/days' : '/messages';
    await page.goto(`${baseUrl}${list}`, { waitUntil: 'networkidle' });
    const href = await page.locator(`main a[href^="${list}/"]`).first().getAttribute('href');
    path = href!;
  }
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.locator('h1').first().waitFor({ timeout: 10_000 });
  return path;
}

describe('accessibility (issue 16, acceptance 6): axe-core, WCAG 2.1 AA, zero violations; nothing wider than the phone', () => {
  for (const [width, options] of Object.entries(WIDTHS)) {
    it(`every page, as Ana, at ${width} width`, async () => {
      const page = await chromium.page(options);
      const found: Record<string, string[]> = {};
      const note = async (where: string) => {
        // axe counts a missing `main` as best practice only; the issue asks for it on every page.
        const mains = await page.locator('main').count();
        const v = [...(await violations(page)), ...(mains === 1 ? [] : [`landmark: ${mains} \`main\` elements`])];
        // and at phone width nothing scrolls sideways
        if (width === 'phone')
          await expectNoSidewaysScroll(page, where).catch((e: Error) => v.push(e.message.split(': expected')[0]!));
        if (v.length) found[where] = v;
      };
      try {
        await page.goto(`${baseUrl}/`, { waitUntil: 'networkidle' });
        await note('/ (sign-in)');
        await signIn(page, baseUrl, 'ana@northline.test');
        await page.waitForURL('**/days');
        for (const path of PAGES) await note(await open(page, path));
        // Every page, and none with a violation.
        expect(found).toEqual({});
      } finally {
        await page.context().close();
      }
    });
  }
});
