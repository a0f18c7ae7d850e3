import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cookieHeader, screenshot, session, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** An API session from Node, to read and put back the seed around the test. */
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

type Entry = {
  person?: { id: string };
  group?: { id: string };
  artist?: { id: string };
  level: string;
  inheritedFrom?: unknown;
};
const grantOf = (e: Entry) =>
  e.person
    ? { person: e.person.id, level: e.level }
    : e.group
      ? { group: e.group.id, level: e.level }
      : { artist: e.artist!.id, level: e.level };

/** `page`, signed in as Ana, with "Manage access" of /Passports open (Cara listed). */
async function passportsAccessAsAna(page: Page) {
  await page.waitForURL(`${baseUrl}/days`);
  await page.goto(`${baseUrl}/files`);
  await page.getByRole('button', { name: 'Manage access to Passports' }).click();
  const dialog = page.getByRole('dialog', { name: 'Access to Passports' });
  await dialog.locator('[data-grant="person:per_cara"]').waitFor();
  return dialog;
}

describe('files and folders in the browser', () => {
  it('R22: Ana removes Cara from /Passports in "Manage access"; Cara no longer sees the passport three folders down, and "Why?" explains the denial', async () => {
    const ana = await apiAs('ana@northline.test');
    const before = await ana<{ entries: Entry[] }>('/api/folders/fld_passports/access');
    const original = before.entries.filter((e) => !e.inheritedFrom).map(grantOf);
    expect(original).toContainEqual({ person: 'per_cara', level: 'manage' });

    const cara = await chromium.signedInAs('cara@northline.test', PHONE);
    await cara.waitForURL(`${baseUrl}/days`);
    await cara.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
    await cara.locator('[data-item="folder:fld_passports"]').waitFor();
    await cara.goto(`${baseUrl}/files?folder=fld_passports_scans`);
    await cara.locator('[data-item="file:fil_passport_nico"]').waitFor();
    expect(await cara.getByRole('navigation', { name: 'Folder path' }).innerText()).toMatch(
      /Passports.*2026 tour.*Band.*Scans/s,
    );
    await screenshot(cara, 'files-cara-passport-375');
    await expectAccessible(cara, 'files-cara-passport-375');

    const page = await chromium.signedInAs('ana@northline.test', { viewport: { width: 1100, height: 900 } });
    try {
      const dialog = await passportsAccessAsAna(page);
      expect(await dialog.locator('[data-who-can-open]').innerText()).toContain('Cara Jensen');
      await screenshot(page, 'files-manage-access-before');
      await expectAccessible(page, 'files-manage-access-before');
      await dialog.getByRole('button', { name: 'Remove Cara Jensen' }).click();
      await dialog.getByRole('button', { name: 'Save access' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Access saved' }).waitFor();
      expect(await dialog.locator('[data-who-can-open]').innerText()).not.toContain('Cara Jensen');
      await screenshot(page, 'files-manage-access-cara-removed');
      await expectAccessible(page, 'files-manage-access-cara-removed');
      await dialog.getByRole('button', { name: 'Close' }).click();

      // Inherited access is shown with where it comes from, on a folder inside.
      await page.goto(`${baseUrl}/files?folder=fld_passports_scans`);
      await page.getByRole('button', { name: 'Manage access to Nico Hale passport.pdf' }).click();
      const inner = page.getByRole('dialog', { name: 'Access to Nico Hale passport.pdf' });
      await inner.getByRole('heading', { name: 'Who can open it now' }).waitFor();
      expect(await inner.locator('[data-who-can-open]').innerText()).not.toContain('Nico Hale');
      await inner.getByRole('button', { name: 'Close' }).click();

      // R8: Cara's next request: the file and every folder on the way are gone.
      await cara.reload();
      await cara.getByRole('alert').waitFor();
      expect(await cara.locator('[data-item="file:fil_passport_nico"]').count()).toBe(0);
      await cara.goto(`${baseUrl}/files`);
      await cara.getByRole('list', { name: 'Folders and files' }).waitFor();
      expect(await cara.locator('[data-item="folder:fld_passports"]').count()).toBe(0);
      await screenshot(cara, 'files-cara-no-passports-375');
      await expectAccessible(cara, 'files-cara-no-passports-375');

      // "Why?" in plain words.
      await page.getByLabel('Person').selectOption({ label: 'Cara Jensen' });
      await page.getByLabel('Item').selectOption({ label: 'Nico Hale passport.pdf' });
      await page.getByRole('button', { name: 'Explain' }).click();
      const answer = page.locator('[data-why]');
      await answer.waitFor();
      expect(await answer.getAttribute('data-why')).toBe('denied');
      const words = await answer.innerText();
      expect(words).toMatch(/^Denied\. What was missing:/);
      expect(words).toMatch(/inside the folder “Scans”/);
      expect(words).toMatch(/they may not view the folder “Passports”/);
      await screenshot(page, 'files-why-cara-denied');
      await expectAccessible(page, 'files-why-cara-denied');

      // And for someone who still has access, the chain that grants it.
      await page.getByLabel('Person').selectOption({ label: 'Ana Lindqvist' });
      await page.getByRole('button', { name: 'Explain' }).click();
      await page.locator('[data-why="allowed"]').waitFor();
      expect(await page.locator('[data-why]').innerText()).toMatch(/^Allowed, because:/);
    } finally {
      await ana('/api/folders/fld_passports/access', 'PUT', { access: original });
      await page.context().close();
      await cara.context().close();
    }
  });

  it("R22, concurrent edits: Cara saves /Passports' access while Ana's dialog is open; Ana's save is refused, the dialog reloads with Cara's change, and Ana's second save keeps both", async () => {
    const cara = await apiAs('cara@northline.test');
    const before = await cara<{ revision: number; entries: Entry[] }>('/api/folders/fld_passports/access');
    const original = before.entries.filter((e) => !e.inheritedFrom).map(grantOf);
    const page = await chromium.signedInAs('ana@northline.test', { viewport: { width: 1100, height: 900 } });
    try {
      const dialog = await passportsAccessAsAna(page);

      // Cara, elsewhere, gives Dev view access, from the same revision Ana's dialog shows.
      await cara(
        '/api/folders/fld_passports/access',
        'PUT',
        { access: [...original, { person: 'per_dev', level: 'view' }] },
        { 'if-match': `"r${before.revision}"` },
      );

      await dialog.getByLabel('Add a person').selectOption({ label: 'Eli Brandt' });
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.getByRole('button', { name: 'Save access' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Someone else changed this' }).waitFor();
      // reloaded: Cara's Dev is there, Ana's unsaved Eli is not; nothing of Ana's landed
      await dialog.locator('[data-grant="person:per_dev"]').waitFor();
      expect(await dialog.locator('[data-grant="person:per_eli"]').count()).toBe(0);
      expect(
        (await cara<{ entries: Entry[] }>('/api/folders/fld_passports/access')).entries.some(
          (e) => e.person?.id === 'per_eli',
        ),
      ).toBe(false);
      await screenshot(page, 'files-manage-access-stale');
      await expectAccessible(page, 'files-manage-access-stale');

      await dialog.getByLabel('Add a person').selectOption({ label: 'Eli Brandt' });
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.getByRole('button', { name: 'Save access' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Access saved' }).waitFor();
      const after = (await cara<{ entries: Entry[] }>('/api/folders/fld_passports/access')).entries
        .filter((e) => !e.inheritedFrom)
        .map(grantOf);
      expect(after).toEqual(
        expect.arrayContaining([
          { person: 'per_dev', level: 'view' },
          { person: 'per_eli', level: 'view' },
          ...original,
        ]),
      );
    } finally {
      await cara('/api/folders/fld_passports/access', 'PUT', { access: original });
      await page.context().close();
    }
  });
});
