import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cookieHeader, expectNoSidewaysScroll, screenshot, session, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Ana's API session from Node, to put the seed back after the test. */
async function apiAs(login: string) {
  const shared = await session(login);
  const cookie = cookieHeader(shared);
  const { csrfToken } = shared;
  return async <T>(path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        origin: baseUrl,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (r.status === 204 ? undefined : await r.json()) as T;
  };
}

async function berlinSettlementShown(page: Page): Promise<boolean> {
  await page.goto(`${baseUrl}/days/day_berlin_1`);
  await page.getByRole('heading', { name: 'Schedule' }).waitFor();
  return (await page.getByRole('heading', { name: 'Settlement' }).count()) === 1;
}

describe('Settings › Roles in the browser', () => {
  it('R10, R11, R17: Ana unticks View financial data on the Promoter role; the label follows the boxes live; Gus loses the Berlin settlement at once', async () => {
    const ana = await apiAs('ana@northline.test');
    const before = await ana<{ permissions: string[] }>('/api/roles/role_promoter');
    expect(before.permissions).toContain('view_financial');

    const gus = await chromium.signedInAs('gus@northline.test', PHONE);
    await gus.waitForURL(`${baseUrl}/days`);
    expect(await berlinSettlementShown(gus)).toBe(true);

    const page = await chromium.signedInAs('ana@northline.test', { viewport: { width: 1100, height: 900 } });
    try {
      await page.waitForURL(`${baseUrl}/days`);
      await page.goto(`${baseUrl}/settings/roles`);
      await page.locator('select option', { hasText: /^Promoter/ }).waitFor({ state: 'attached' });
      await page.getByLabel('Role to edit').selectOption('role_promoter');
      await page.getByRole('heading', { name: 'Promoter', level: 2 }).waitFor();
      const label = page.locator('[data-collaboration]');
      expect(await label.innerText()).toBe('View-only');
      // The areas come from the catalogue, each a group of boxes.
      expect(await page.getByRole('group', { name: 'Financial', exact: true }).count()).toBe(1);
      expect(await page.getByRole('group', { name: 'Guest list', exact: true }).count()).toBe(1);

      // R11 live: a manage permission makes a Collaborator; unticking it, View-only again.
      await page.getByLabel('Manage the guest list').check();
      expect(await label.innerText()).toBe('Collaborator');
      await screenshot(page, 'roles-matrix-collaborator');
      await expectAccessible(page, 'roles-matrix-collaborator');
      await page.getByLabel('Manage the guest list').uncheck();
      expect(await label.innerText()).toBe('View-only');

      await page.getByLabel('View financial data').uncheck();
      await page.getByRole('button', { name: 'Save role' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Saved' }).innerText()).resolves.toContain(
        'Gus Hartmann',
      );
      expect(await page.getByLabel('View financial data').isChecked()).toBe(false);
      await screenshot(page, 'roles-promoter-saved');
      await expectAccessible(page, 'roles-promoter-saved');

      // R8: Gus's next request is decided on the new role: no settlement section at all.
      expect(await berlinSettlementShown(gus)).toBe(false);
      await screenshot(gus, 'roles-gus-berlin-no-settlement-375');
      await expectAccessible(gus, 'roles-gus-berlin-no-settlement-375');

      // On a phone the matrix stays readable.
      const small = await chromium.signedInAs('ana@northline.test', PHONE);
      await small.waitForURL(`${baseUrl}/days`);
      await small.goto(`${baseUrl}/settings/roles`);
      await small.locator('select option', { hasText: /^Promoter/ }).waitFor({ state: 'attached' });
      await small.getByLabel('Role to edit').selectOption('role_promoter');
      await small.getByRole('heading', { name: 'Promoter', level: 2 }).waitFor();
      await expectNoSidewaysScroll(small);
      await screenshot(small, 'roles-matrix-375');
      await expectAccessible(small, 'roles-matrix-375');
      await small.context().close();
    } finally {
      const current = await ana<{ revision: number }>('/api/roles/role_promoter');
      await ana(
        '/api/roles/role_promoter',
        'PATCH',
        { permissions: before.permissions },
        { 'if-match': `"r${current.revision}"` },
      );
      await page.context().close();
      await gus.context().close();
    }
  });

  it('R11: when the Promoter role gains "Manage the guest list", Settings › People shows Gus as a Collaborator on the two Berlin shows', async () => {
    const ana = await apiAs('ana@northline.test');
    const before = await ana<{ revision: number; permissions: string[] }>('/api/roles/role_promoter');
    const page = await chromium.signedInAs('ana@northline.test', { viewport: { width: 1100, height: 900 } });
    try {
      await ana(
        '/api/roles/role_promoter',
        'PATCH',
        { permissions: [...before.permissions, 'manage_guest_list'] },
        { 'if-match': `"r${before.revision}"` },
      );
      await page.waitForURL(`${baseUrl}/days`);
      await page.goto(`${baseUrl}/settings/people`);
      await page.getByRole('button', { name: 'Access of Gus Hartmann: Collaborator or View-only' }).click();
      const label = page.locator('[data-person="per_gus"] [data-collaborator]');
      await label.waitFor();
      expect(await label.innerText()).toMatch(
        /^Collaborator on Berlin \d{4}-\d{2}-\d{2} and Berlin \d{4}-\d{2}-\d{2}$/,
      );
      await page.getByRole('button', { name: 'Access of Cara Jensen: Collaborator or View-only' }).click();
      const cara = page.locator('[data-person="per_cara"] [data-collaborator]');
      await cara.waitFor();
      expect(await cara.innerText()).toBe('View-only');
      await screenshot(page, 'people-gus-collaborator-berlin');
      await expectAccessible(page, 'people-gus-collaborator-berlin');
    } finally {
      const current = await ana<{ revision: number }>('/api/roles/role_promoter');
      await ana(
        '/api/roles/role_promoter',
        'PATCH',
        { permissions: before.permissions },
        { 'if-match': `"r${current.revision}"` },
      );
      await page.context().close();
    }
  });
});
