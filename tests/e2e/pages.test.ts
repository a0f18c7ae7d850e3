import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { cookieHeader, expectNoSidewaysScroll, screenshot, session, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const stamp = Date.now().toString(36);

async function as(login: string): Promise<{ context: BrowserContext; page: Page }> {
  const page = await chromium.signedInAs(login, PHONE);
  const context = page.context();
  await page.waitForURL(`${baseUrl}/days`);
  return { context, page };
}

describe('expectNoSidewaysScroll, the 375 px check every page here uses', () => {
  it('fails on a page made wider than the phone (in a mobile context innerWidth grows with the page, so it measures against the viewport the context was made with)', async () => {
    const page = await chromium.page(PHONE);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoSidewaysScroll(page);
    await page.evaluate(() => {
      const wide = document.createElement('div');
      wide.dataset.probe = 'too-wide';
      wide.style.width = '700px';
      wide.style.height = '1px';
      document.querySelector('main')!.appendChild(wide);
    });
    await expect(expectNoSidewaysScroll(page)).rejects.toThrow(/div\[data-probe="too-wide"\] ends at \d+ px/);
    await page.context().close();
  });
});

describe('long unbroken text at 375 px', () => {
  /** Ana's API call with the shared session; the answer's JSON. */
  async function ana<T>(method: string, path: string, body?: unknown): Promise<T> {
    const s = await session('ana@northline.test');
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie: cookieHeader(s),
        'x-csrf-token': s.csrfToken,
        origin: baseUrl,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  /** A word of `n` letters that no browser breaks on its own (an id, a hash, a name run together). */
  const word = (first: string, n: number) => (first + 'Abcdefghij'.repeat(30)).slice(0, n);
  const url = `https://tickets.example.com/${'very-long-path-segment-'.repeat(6)}?ref=${'a'.repeat(40)}`;

  it('URLs, emails and names longer than the screen wrap: tasks, messages, groups, API keys, roles, people, the day list, and a day sheet with its editor and print view stay 375 px wide', async () => {
    const task = await ana<{ task: { id: string } }>('POST', '/api/tasks', {
      title: word('T', 200),
      notes: `See ${url} ${word('N', 300)}`,
    });
    const group = await ana<{ id: string; name: string }>('POST', '/api/groups', { name: word('G', 100) });
    await ana('POST', '/api/threads', { title: word('M', 200), body: `${url} ${word('B', 400)}` });
    const email = `${word('e', 60).toLowerCase()}@${'sub'.repeat(10)}.example.com`;
    const invitation = await ana<{ id: string }>('POST', '/api/invitations', { email, name: word('P', 200) });
    const key = await ana<{ id: string; name: string }>('POST', '/api/api-keys', {
      name: word('K', 100),
      personId: 'per_sync',
    });
    const role = await ana<{ id: string; name: string }>('POST', '/api/roles', {
      name: word('R', 100),
      permissions: [],
    });
    const day = await ana<{ id: string }>('POST', '/api/days', {
      artistId: 'art_vellums',
      date: '2027-03-01',
      city: word('C', 120),
      event: { kind: 'performance', status: 'tentative', title: word('E', 200) },
    });
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    try {
      await ana('PATCH', `/api/days/${day.id}`, { notes: `${url} ${word('O', 600)}` });
      await ana('POST', `/api/days/${day.id}/schedule`, { label: word('S', 120), startsAt: '23:30' });
      await ana('POST', `/api/days/${day.id}/travel`, {
        mode: 'bus',
        carrier: word('R', 80),
        fromPlace: word('A', 120),
        toPlace: word('Z', 120),
        departsAt: '02:00',
      });
      await ana('POST', `/api/days/${day.id}/hotels`, { hotelName: word('H', 120), address: word('D', 300) });
      await page.waitForURL(`${baseUrl}/days`);

      await page.goto(`${baseUrl}/tasks`);
      await page.locator(`[data-task="${task.task.id}"]`).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/messages`);
      await page.getByText(word('M', 200)).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/settings/groups`);
      await page.getByRole('button', { name: `Open ${group.name}` }).click();
      await page.getByRole('list', { name: `Members of ${group.name}` }).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/settings/api-keys`);
      await page.locator(`[data-key="${key.id}"]`).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/settings/roles`);
      await page.getByLabel('Role to edit').selectOption(role.id);
      await page.getByRole('heading', { name: role.name, level: 2 }).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/settings/people`);
      await page.locator(`[data-invitation="${email}"]`).waitFor();
      await page.getByText('Access per artist and groups').click();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/days`);
      await page.locator(`[data-day="${day.id}"]`).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/days/${day.id}`);
      await page.locator('[data-section="notes"]').waitFor();
      await expectNoSidewaysScroll(page);
      await screenshot(page, 'pages-long-text-day-sheet-375');
      await page.goto(`${baseUrl}/days/${day.id}/edit`);
      await page.getByRole('heading', { name: 'Hotels' }).waitFor();
      await expectNoSidewaysScroll(page);
      await page.goto(`${baseUrl}/days/${day.id}/print`);
      await page.locator('[data-section="notes"]').waitFor();
      await expectNoSidewaysScroll(page);
    } finally {
      await page.context().close();
      await ana('DELETE', `/api/days/${day.id}`);
      await ana('DELETE', `/api/invitations/${invitation.id}`);
      await ana('DELETE', `/api/groups/${group.id}`);
      await ana('DELETE', `/api/tasks/${task.task.id}`);
      await ana('DELETE', `/api/roles/${role.id}`);
      await ana('DELETE', `/api/api-keys/${key.id}`);
    }
  });
});

describe('Tasks, Messages, Contacts, Venues and Settings › Groups, API keys, Activity in the browser', () => {
  it('Ana: every page loads at 375 px, creates what it offers, and shows the API’s words', async () => {
    const { context, page } = await as('ana@northline.test');

    // Tasks: create one and mark it done.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
    await page.waitForURL(`${baseUrl}/tasks`);
    const tasks = page.getByRole('list', { name: 'Tasks' });
    await tasks.waitFor();
    const title = `Book the ferry ${stamp}`;
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await tasks.getByText(title).waitFor();
    await page.getByRole('button', { name: `Mark ${title} done` }).click();
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/marked done/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-tasks-375');
    await expectAccessible(page, 'pages-ana-tasks-375');

    // Messages: a thread, its messages, a post.
    await page.goto(`${baseUrl}/messages`);
    const threads = page.getByRole('list', { name: 'Threads' });
    await threads.waitFor();
    expect(await threads.locator('[data-thread="thr_hamburg_settlement"]').count()).toBe(1);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-messages-375');
    await expectAccessible(page, 'pages-ana-messages-375');
    await threads.locator('[data-thread="thr_cologne_load_in"] a').click();
    await page.waitForURL(`${baseUrl}/messages/thr_cologne_load_in`);
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText('FOH position confirmed').waitFor();
    const body = `Parking passes are in the tour bag (${stamp}).`;
    await page.getByLabel('Your message').fill(body);
    await page.getByRole('button', { name: 'Post' }).click();
    await messages.getByText(body).waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-thread-375');
    await expectAccessible(page, 'pages-ana-thread-375');

    // Contacts and venues.
    await page.goto(`${baseUrl}/contacts`);
    const contacts = page.getByRole('list', { name: 'Contacts' });
    await contacts.waitFor();
    expect(await contacts.locator('li[data-record]').count()).toBeGreaterThan(2);
    // A search loads the page again with ?q= (its load reads the term): only matching names.
    const all = (await contacts.locator('li[data-record] strong').allInnerTexts()).map((n) => n.trim());
    const first = all[0]!;
    const other = all.find((n) => !n.toLowerCase().includes(first.toLowerCase()));
    expect(other).toBeDefined();
    await page.getByLabel('Search by name').fill(first);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/contacts\?q=/);
    await contacts.locator('li[data-record] strong', { hasText: other! }).first().waitFor({ state: 'detached' });
    const found = await contacts.locator('li[data-record] strong').allInnerTexts();
    expect(found.length).toBeGreaterThan(0);
    for (const name of found) expect(name.toLowerCase()).toContain(first.toLowerCase());
    await page.getByLabel('Search by name').fill('no such contact zz');
    await page.getByRole('button', { name: 'Search' }).click();
    await contacts.getByText('No contacts match “no such contact zz”.').waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-contacts-375');
    await expectAccessible(page, 'pages-ana-contacts-375');
    await page.goto(`${baseUrl}/venues`);
    const venues = page.getByRole('list', { name: 'Venues' });
    await venues.waitFor();
    expect(await venues.locator('li[data-record]').count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-venues-375');
    await expectAccessible(page, 'pages-ana-venues-375');

    // Settings › Groups: create, rename, see members.
    await page.goto(`${baseUrl}/settings/groups`);
    const groups = page.getByRole('list', { name: 'Groups' });
    await groups.waitFor();
    const group = `Drivers ${stamp}`;
    await page.getByLabel('Group name').fill(group);
    await page.getByRole('button', { name: 'Create group' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/created/);
    await page.getByRole('button', { name: `Open ${group}` }).click();
    await page.getByRole('list', { name: `Members of ${group}` }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`${group} (night)`);
    await page.getByRole('button', { name: 'Rename' }).click();
    await groups.getByText(`${group} (night)`).first().waitFor();
    await page.getByRole('button', { name: 'Open Crew' }).click();
    await page.getByRole('list', { name: 'Members of Crew' }).locator('li[data-member]').first().waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-groups-375');
    await expectAccessible(page, 'pages-ana-groups-375');

    // Settings › API keys: the secret once, then revoke.
    await page.goto(`${baseUrl}/settings/api-keys`);
    await page.getByRole('list', { name: 'API keys' }).waitFor();
    const keyName = `Ledger sync ${stamp}`;
    await page.getByLabel('Key name').fill(keyName);
    // Only the API-only person has REST API access: Ana, a master user, makes the key for them.
    await page.getByLabel('Acts as').selectOption({ label: 'Ticketing sync' });
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('status', { name: 'New API key' }).waitFor();
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).not.toBe('');
    await screenshot(page, 'pages-ana-api-key-secret-375');
    await expectAccessible(page, 'pages-ana-api-key-secret-375');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByLabel('Key', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: `Revoke ${keyName}` }).click();
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/revoked/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-api-keys-375');
    await expectAccessible(page, 'pages-ana-api-keys-375');

    // Settings › Activity: filters and the CSV link.
    await page.goto(`${baseUrl}/settings/activity`);
    const log = page.getByRole('list', { name: 'Activity' });
    await log.waitFor();
    await log.locator('li[data-entry]').first().waitFor();
    await page.getByLabel('Action').selectOption('group_created');
    await page.getByRole('button', { name: 'Apply' }).click();
    await log.locator('li[data-entry]').first().waitFor();
    const actions = await log
      .locator('li[data-entry]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(new Set(actions)).toEqual(new Set(['group_created']));
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toMatch(/format=csv/);
    expect(href).toMatch(/action=group_created/);
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\r\n')[0]).toBe('seq,at,actor,action,subject,before,after');
    expect(csv).toContain(group);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-ana-activity-375');
    await expectAccessible(page, 'pages-ana-activity-375');
    await context.close();
  });

  it('R21: Fay sees only the Press contacts', async () => {
    const { context, page } = await as('fay@northline.test');
    await page.goto(`${baseUrl}/contacts`);
    const contacts = page.getByRole('list', { name: 'Contacts' }).or(page.getByRole('status'));
    await contacts.first().waitFor();
    const ids = await page
      .locator('li[data-record]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-record')));
    expect(ids.sort()).toEqual(['con_press_rosa', 'con_press_tobias']);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-fay-contacts-375');
    await expectAccessible(page, 'pages-fay-contacts-375');
    await context.close();
  });

  it('R18: Dev sees only his own tasks; marking done one he did not create shows the API’s refusal', async () => {
    const { context, page } = await as('dev@northline.test');
    await page.goto(`${baseUrl}/tasks`);
    const tasks = page.getByRole('list', { name: 'Tasks' });
    await tasks.locator('li[data-task]').first().waitFor();
    const ids = await tasks.locator('li[data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')));
    expect(ids.sort()).toEqual(['tsk_dev_cables', 'tsk_dev_iem']);
    await page.getByRole('button', { name: 'Mark Label the stage-box cables done' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/you may change only tasks you created/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'pages-dev-tasks-375');
    await expectAccessible(page, 'pages-dev-tasks-375');
    await context.close();
  });
});
