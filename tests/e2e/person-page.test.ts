import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from './a11y.ts';
import { cookieHeader, screenshot, session, useChromium } from './browser.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1200, height: 900 } };

async function apiAs(login: string) {
  const shared = await session(login);
  const cookie = cookieHeader(shared);
  const { csrfToken } = shared;
  return async <T>(path: string, headers: Record<string, string> = {}): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      headers: { cookie, 'x-csrf-token': csrfToken, origin: baseUrl, ...headers },
    });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

/** Proposes a change, reads the preview the page shows, saves it; returns the preview's lines. */
async function previewAndSave(page: Page, shot: string): Promise<string[]> {
  const preview = page.getByTestId('preview');
  await preview.waitFor();
  const lines = await preview.locator('li').allInnerTexts();
  await screenshot(page, shot);
  // a pointer click, as a phone user taps: nothing may move under it (see the layout test below)
  await preview.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  return lines;
}

/**
 * Keeps the page's layout-shift entries (Layout Instability API) in `window.__shifts`, every
 * entry, with or without recent input: after "Saved" shows, nothing may move at all.
 */
const WATCH_SHIFTS = `(() => {
  const shifts = (window.__shifts = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      shifts.push({ at: e.startTime, value: e.value, nodes: (e.sources || []).map((s) => s.node && s.node.nodeName) });
  }).observe({ type: 'layout-shift', buffered: true });
})();`;
type Shift = { at: number; value: number; nodes: string[] };

/** Where an element is on the page (document coordinates, CSS pixels). */
const placeOf = (control: Locator) =>
  control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });

/**
 * After "Saved" shows: where `next` (the control a user taps next) is, then the same once the
 * page's re-read of every load has surely landed (the Recent activity list, read by the load,
 * holds the new entry), the layout shifts in between and how wide the page is.
 */
async function settleAfterSave(page: Page, next: Locator, activityBefore: string) {
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const since = await page.evaluate(() => performance.now());
  const before = await placeOf(next);
  // "Saved" comes once the re-read is on screen: nothing is left to land under a finger
  const reReadWhenSaved =
    (await page.locator('section[aria-labelledby="activity-h"]').textContent()) !== activityBefore;
  await page.waitForFunction(
    (old) => document.querySelector('section[aria-labelledby="activity-h"]')?.textContent !== old,
    activityBefore,
  );
  // two frames: whatever the re-read changed is laid out and reported
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const after = await placeOf(next);
  const shifts = await page.evaluate(
    (t) => (window as unknown as { __shifts: Shift[] }).__shifts.filter((e) => e.at >= t),
    since,
  );
  const width = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    layoutViewport: window.innerWidth,
  }));
  return { reReadWhenSaved, before, after, shifts, width };
}

describe('Settings › People › a person (issue 15)', () => {
  it('Ana at 375 px: gives Fay Promoter on the two Berlin shows, The Vellums Read Only without Travel, Hamburg off — each previewed, saved, logged, and View as Fay shows exactly that; desktop shows the result', async () => {
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    const ana = await apiAs('ana@northline.test');
    try {
      await page.waitForURL(`${baseUrl}/days`);
      await page.goto(`${baseUrl}/settings/people`);
      await page.getByRole('link', { name: 'Fay Moreau' }).click();
      await page.getByRole('heading', { name: 'Fay Moreau', level: 1 }).waitFor();
      await screenshot(page, 'person-page-fay-375');

      // Promoter on the two Berlin shows
      await page.getByLabel('Role', { exact: true }).selectOption('role_promoter');
      await page.getByLabel('Scope').selectOption('event');
      const where = page.getByRole('group', { name: 'Where' });
      await where.getByRole('checkbox', { name: /Astra Kulturhaus 2026-12-07/ }).check();
      await where.getByRole('checkbox', { name: /Astra Kulturhaus 2026-12-08/ }).check();
      await page.getByRole('button', { name: 'Preview role' }).click();
      const promoter = await previewAndSave(page, 'person-page-preview-promoter-375');
      expect(promoter.join('\n')).toMatch(/Fay Moreau will see .*money/);

      // The Vellums: Read Only
      await page.getByRole('group', { name: 'The Vellums' }).getByLabel('Access').selectOption('read_only');
      const vellums = await previewAndSave(page, 'person-page-preview-vellums-375');
      expect(vellums.length).toBeGreaterThan(0);

      // … without Travel (R15): unticked, previewed, saved
      const travelBox = page.getByRole('group', { name: 'The Vellums' }).getByRole('checkbox', { name: 'Travel' });
      expect(await travelBox.isChecked()).toBe(true);
      await travelBox.focus();
      await page.keyboard.press('Space');
      const travel = await previewAndSave(page, 'person-page-preview-vellums-travel-375');
      expect(await page.getByTestId('preview').count()).toBe(0);
      expect(travel.length).toBeGreaterThan(0);
      expect(
        await page.getByRole('group', { name: 'The Vellums' }).getByRole('checkbox', { name: 'Travel' }).isChecked(),
      ).toBe(false);

      // Hamburg switched off
      // by keyboard, as on a phone with a switch control
      const hamburgBox = page
        .getByRole('region', { name: /Shows switched on/ })
        .getByRole('checkbox', { name: /Uebel & Gefährlich 2026-12-09/ });
      await hamburgBox.focus();
      await page.keyboard.press('Space');
      const hamburg = await previewAndSave(page, 'person-page-preview-hamburg-375');
      expect(hamburg.join('\n')).toMatch(/Fay Moreau loses .*Hamburg 2026-12-09/);

      // View as Fay: exactly that (the shows she sees, through the same header the UI sends)
      const seen = await ana<{ events: { id: string }[] }>('/api/events', { 'view-as': 'per_fay' });
      expect(seen.events.map((e) => e.id)).not.toContain('ev_hamburg');
      const access = await ana<{
        assignments: { roleId: string; scopeType: string; scopeId: string }[];
        artists: Record<string, { level: string | null; travel?: boolean }>;
        switchedOff: string[];
      }>('/api/people/per_fay/access');
      expect(
        access.assignments
          .filter((a) => a.roleId === 'role_promoter')
          .map((a) => a.scopeId)
          .sort(),
      ).toEqual(['ev_berlin_1', 'ev_berlin_2']);
      expect(access.artists.art_vellums?.level).toBe('read_only');
      expect(access.artists.art_vellums?.travel).toBe(false);
      // View as Fay: no Vellums travel item or hotel on any Vellums day she sees
      const days = await ana<{ days: { id: string; artist: { id: string } }[] }>('/api/days', { 'view-as': 'per_fay' });
      const vellumsDays = days.days.filter((d) => d.artist.id === 'art_vellums');
      expect(vellumsDays.length).toBeGreaterThan(0);
      for (const d of vellumsDays) {
        const sheet = await ana<{ travel?: unknown[]; hotels?: unknown[] }>(`/api/days/${d.id}/sheet`, {
          'view-as': 'per_fay',
        });
        expect(sheet.travel ?? []).toEqual([]);
        expect(sheet.hotels ?? []).toEqual([]);
      }
      expect(access.switchedOff).toEqual(['ev_hamburg']);

      // R28: each change logged with before and after
      const log = await ana<{ entries: { action: string; before: unknown; after: unknown }[] }>(
        '/api/activity?person=per_fay&limit=50',
      );
      const actions = log.entries.map((e) => e.action);
      expect(actions.filter((a) => a === 'role_assigned').length).toBeGreaterThanOrEqual(2);
      expect(actions).toContain('artist_access_changed');
      const travelLogged = log.entries.find(
        (e) => e.action === 'artist_access_changed' && (e.after as { travel?: boolean }).travel === false,
      );
      expect(travelLogged).toMatchObject({
        before: { artistId: 'art_vellums', level: 'read_only', travel: true },
        after: { artistId: 'art_vellums', level: 'read_only', travel: false },
      });
      const toggled = log.entries.find((e) => e.action === 'show_toggled');
      expect(toggled).toMatchObject({
        before: { eventId: 'ev_hamburg', on: true },
        after: { eventId: 'ev_hamburg', on: false },
      });

      await page.getByRole('button', { name: 'View as Fay Moreau', exact: true }).click();
      await page.waitForURL(`${baseUrl}/days`);
      await screenshot(page, 'person-page-view-as-fay-375');

      const wide = await chromium.signedInAs('ana@northline.test', DESKTOP);
      await wide.waitForURL(`${baseUrl}/days`);
      await wide.goto(`${baseUrl}/settings/people/per_fay`);
      await wide.getByRole('heading', { name: 'Fay Moreau', level: 1 }).waitFor();
      expect(
        await wide
          .getByRole('region', { name: /Shows switched on/ })
          .getByRole('checkbox', { name: /Uebel & Gefährlich 2026-12-09/ })
          .isChecked(),
      ).toBe(false);
      await screenshot(wide, 'person-page-fay-desktop');
      await wide.context().close();
    } finally {
      await page.context().close();
    }
  });

  it('R9: as Ben (Admin: Non-Financial) the Financial flag and the roles holding financial permissions are disabled, with the reason', async () => {
    const page = await chromium.signedInAs('ben@northline.test', PHONE);
    try {
      await page.waitForURL(`${baseUrl}/days`);
      await page.goto(`${baseUrl}/settings/people/per_dev`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const vellums = page.getByRole('group', { name: 'The Vellums' });
      await vellums.waitFor();
      expect(await vellums.getByRole('checkbox', { name: 'Financial' }).isDisabled()).toBe(true);
      expect(await page.getByTestId('financial-reason-art_vellums').innerText()).toMatch(/cannot grant/);
      expect(await page.locator('option[value="role_promoter"]').isDisabled()).toBe(true);
      expect(await page.getByRole('list', { name: 'Roles you cannot grant' }).innerText()).toMatch(
        /Promoter: you do not hold every permission of this role: .*view_financial/,
      );
      await screenshot(page, 'person-page-ben-375');
    } finally {
      await page.context().close();
    }
  });

  it('R2, R10, R12: Ana gives Eli Box Office scoped to the outlet Northline Live — previewed, saved, shown with its scope — then removes it again', async () => {
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    const ana = await apiAs('ana@northline.test');
    try {
      await page.waitForURL(`${baseUrl}/days`);
      await page.goto(`${baseUrl}/settings/people/per_eli`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByLabel('Role', { exact: true }).selectOption('role_box_office');
      await page.getByLabel('Scope').selectOption('outlet');
      await page.getByRole('group', { name: 'Where' }).getByRole('checkbox', { name: 'Northline Live' }).check();
      await page.getByRole('button', { name: 'Preview role' }).click();
      await page.getByRole('heading', { name: /Before you save: Box Office on the outlet Northline Live/ }).waitFor();
      await previewAndSave(page, 'person-page-preview-outlet-375');
      const access = await ana<{ assignments: { id: string; roleId: string; scopeType: string; scopeId: string }[] }>(
        '/api/people/per_eli/access',
      );
      const given = access.assignments.filter((a) => a.roleId === 'role_box_office');
      expect(given.map((a) => `${a.scopeType}:${a.scopeId}`)).toEqual(['outlet:out_live']);
      await page.getByRole('button', { name: 'Remove Box Office on the outlet Northline Live' }).click();
      await previewAndSave(page, 'person-page-preview-outlet-removed-375');
      const after = await ana<{ assignments: { roleId: string }[] }>('/api/people/per_eli/access');
      expect(after.assignments.filter((a) => a.roleId === 'role_box_office')).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('issue 15 at 375 px: after a save nothing on the person page moves — the control tapped next stays put while the page re-reads, no layout shift, no page wider than the phone', async () => {
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    try {
      await page.waitForURL(`${baseUrl}/days`);
      await page.addInitScript({ content: WATCH_SHIFTS });
      await page.goto(`${baseUrl}/settings/people/per_jo`);
      await page.getByRole('heading', { name: 'Jo Marsh', level: 1 }).waitFor();
      const activity = page.locator('section[aria-labelledby="activity-h"]');
      await activity.waitFor();

      // Box Office on the outlet: previewed, saved with a tap; the next tap would be its Remove
      await page.getByLabel('Role', { exact: true }).selectOption('role_box_office');
      await page.getByLabel('Scope').selectOption('outlet');
      await page.getByRole('group', { name: 'Where' }).getByRole('checkbox', { name: 'Northline Live' }).check();
      await page.getByRole('button', { name: 'Preview role' }).click();
      const preview = page.getByTestId('preview');
      await preview.waitFor();
      const previewAt = await preview.boundingBox();
      const given = await activity.textContent();
      await preview.getByRole('button', { name: 'Save' }).click();
      const remove = page.getByRole('button', { name: 'Remove Box Office on the outlet Northline Live' });
      const afterGive = await settleAfterSave(page, remove, given ?? '');
      await screenshot(page, 'person-page-saved-375');
      expect(afterGive.width, 'the page stays as wide as the phone (no zoom-out)').toEqual({
        content: 375,
        layoutViewport: 375,
      });
      expect(afterGive.reReadWhenSaved, '"Saved" shows with the re-read page').toBe(true);
      expect(afterGive.after, 'Remove stays where it was when "Saved" showed').toEqual(afterGive.before);
      expect(afterGive.shifts, 'no layout shift after "Saved"').toEqual([]);
      // the preview turned into "Saved" in its own box, as large: what is below it does not jump
      const savedAt = await page.getByTestId('saved').boundingBox();
      expect({ x: savedAt?.x, width: savedAt?.width, height: savedAt?.height }).toEqual({
        x: previewAt?.x,
        width: previewAt?.width,
        height: previewAt?.height,
      });
      await expectAccessible(page, 'person-page-saved-375');

      // … and removed again, both taps by pointer; the next control then is "Preview role"
      await remove.click();
      await page.getByTestId('preview').waitFor();
      const removed = await activity.textContent();
      await page.getByTestId('preview').getByRole('button', { name: 'Save' }).click();
      const afterRemove = await settleAfterSave(
        page,
        page.getByRole('button', { name: 'Preview role' }),
        removed ?? '',
      );
      expect(afterRemove.width).toEqual({ content: 375, layoutViewport: 375 });
      expect(afterRemove.reReadWhenSaved).toBe(true);
      expect(afterRemove.after).toEqual(afterRemove.before);
      expect(afterRemove.shifts).toEqual([]);
      expect(await remove.count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('issue 15: an email change is confirmed by mail — Ana asks on the person page, the link goes to the new address, following it changes the address (then it is changed back)', async () => {
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    const ana = await apiAs('ana@northline.test');
    const next = `lou.${Date.now().toString(36)}@elsewhere.test`;
    try {
      await page.waitForURL(`${baseUrl}/days`);
      await page.goto(`${baseUrl}/settings/people/per_lou`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByLabel('New email address').fill(next);
      await page.getByRole('button', { name: 'Send a confirmation to the new address' }).click();
      // the page's answer: the notice, or the API's refusal in an alert
      const said = page.locator('[role=alert], [role=status]').first();
      await said.waitFor();
      expect(await said.innerText()).toContain(`a confirmation was sent to ${next}`);
      // not changed yet
      const before = await ana<{ person: { email: string } }>('/api/people/per_lou/access');
      expect(before.person.email).toBe('lou@northline.test');
      await screenshot(page, 'person-page-email-change-asked-375');
      // the mail to the new address, in the local outbox
      const outbox = await ana<{ messages: { to: string; text: string | null }[] }>('/api/outbox');
      const link = /(http\S+\/email-change#token=[\w-]+)/.exec(
        outbox.messages.find((m) => m.to === next)?.text ?? '',
      )?.[1];
      expect(link, 'the confirmation mail holds the link').toBeTruthy();
      const landing = await chromium.page(PHONE);
      await landing.goto(link!.replace(/^https?:\/\/[^/]+/, baseUrl));
      await landing
        .getByRole('status')
        .filter({ hasText: `Your address is now ${next}` })
        .waitFor();
      await screenshot(landing, 'email-change-confirmed-375');
      await landing.context().close();
      const after = await ana<{ person: { email: string } }>('/api/people/per_lou/access');
      expect(after.person.email).toBe(next);
      // back to the seeded address, the same way
      await page.reload();
      await page.getByLabel('New email address').fill('lou@northline.test');
      await page.getByRole('button', { name: 'Send a confirmation to the new address' }).click();
      await page.getByRole('status').filter({ hasText: 'a confirmation was sent to lou@northline.test' }).waitFor();
      const again = await ana<{ messages: { to: string; text: string | null }[] }>('/api/outbox');
      const back = /(http\S+\/email-change#token=[\w-]+)/.exec(
        again.messages.find((m) => m.to === 'lou@northline.test' && m.text?.includes('/email-change#'))?.text ?? '',
      )?.[1];
      await page.goto(back!.replace(/^https?:\/\/[^/]+/, baseUrl));
      await page.getByRole('status').filter({ hasText: 'Your address is now lou@northline.test' }).waitFor();
    } finally {
      await page.context().close();
    }
  });
});
