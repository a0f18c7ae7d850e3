import { describe, expect, inject, it } from 'vitest';
import { expectNoSidewaysScroll, screenshot, signIn, useChromium } from './browser.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('invitations in the browser', () => {
  it('R7: Ana invites through Settings › People with a role; the invitee sets a password from the outbox link, reads a day sheet at 375 px, signs out and in again', async () => {
    const email = `pia.${Date.now()}@northline.test`;
    const page = await chromium.signedInAs('ana@northline.test', { viewport: { width: 1100, height: 900 } });
    await page.waitForURL(`${baseUrl}/days`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${baseUrl}/settings/people`);
    await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await page.getByLabel('Name').fill('Pia Novak');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Job title').fill('Merch seller');
    // The roles load with the page: wait until Team Member is offered.
    await page.locator('select option', { hasText: /^Team Member$/ }).waitFor({ state: 'attached' });
    await page.getByLabel('Role').selectOption({ label: 'Team Member' });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Invitation sent' }).innerText()).resolves.toContain(email);
    const pending = page.locator(`[data-invitation="${email}"]`);
    await pending.waitFor();
    expect(await pending.innerText()).toMatch(/pending/i);

    // The local outbox (no Resend key here) holds the email with the link.
    const mail = page.locator(`[data-mail-to="${email}"]`);
    await mail.waitFor();
    const link = await mail.getByRole('link').getAttribute('href');
    expect(link).toMatch(/\/invite#token=/);
    await screenshot(page, 'invite-settings-people-outbox');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.context().close();

    // The invitee, on a phone.
    const invitee = await chromium.page(PHONE);
    const phone = invitee.context();
    await invitee.goto(link!.replace(/^https?:\/\/[^/]+/, baseUrl));
    await invitee.getByRole('heading', { name: 'Join Northline Mgmt' }).waitFor();
    expect(await invitee.getByLabel('Email').inputValue()).toBe(email);
    await invitee.getByLabel('New password').fill('short');
    await invitee.getByLabel('Repeat the password').fill('short');
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(invitee.getByRole('alert').innerText()).resolves.toMatch(/at least 10 characters/);
    await screenshot(invitee, 'invite-accept-375-error');
    await invitee.getByLabel('New password').fill('pia-strong-password');
    await invitee.getByLabel('Repeat the password').fill('pia-strong-password');
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
    await invitee.waitForURL(`${baseUrl}/days`);
    await invitee.locator('[data-day="day_hamburg"] a').click();
    await invitee.waitForURL(`${baseUrl}/days/day_hamburg`);
    await invitee.getByRole('heading', { name: 'Schedule' }).waitFor();
    expect(await invitee.getByRole('heading', { name: 'Hamburg', level: 1 }).count()).toBe(1);
    await expectNoSidewaysScroll(invitee);
    await screenshot(invitee, 'invite-day-sheet-375');

    // The link is spent: a second use is refused with the API's words.
    const again = await phone.newPage();
    await again.goto(link!.replace(/^https?:\/\/[^/]+/, baseUrl));
    await expect(again.getByRole('alert').innerText()).resolves.toMatch(/already been accepted/);
    await again.close();

    // Sign out, then sign in with the new password.
    await invitee.getByRole('button', { name: 'Sign out' }).click();
    await invitee.waitForURL(`${baseUrl}/`);
    await signIn(invitee, baseUrl, email, 'pia-strong-password');
    await invitee.waitForURL(`${baseUrl}/days`);
    await invitee.getByRole('list', { name: 'Show days' }).waitFor();
    await screenshot(invitee, 'invite-signed-in-again-375');
    await phone.close();
  });

  it("R7, issue 15: the invite form takes the person page's access shape — Promoter on one Berlin show, The Vellums Read Only without Travel, the Press group — and the accepted person has exactly that", async () => {
    const email = `quinn.${Date.now()}@northline.test`;
    const page = await chromium.signedInAs('ana@northline.test', PHONE);
    await page.waitForURL(`${baseUrl}/days`);
    await page.goto(`${baseUrl}/settings/people`);
    await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await page.getByLabel('Name').fill('Quinn Scoped');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Role').selectOption('role_promoter');
    await page.getByLabel('Applies to').selectOption('event');
    await page
      .getByRole('group', { name: 'Where' })
      .getByRole('checkbox', { name: /Astra Kulturhaus 2026-12-07/ })
      .check();
    await page.getByRole('button', { name: 'Add this role' }).click();
    await page
      .getByRole('list', { name: 'Given on acceptance' })
      .getByText(/Promoter on .*2026-12-07/)
      .waitFor();
    await page.getByText('Access per artist and groups').click();
    const vellums = page.getByRole('group', { name: 'The Vellums' });
    await vellums.getByLabel('Access').selectOption('read_only');
    await vellums.getByRole('checkbox', { name: 'Travel' }).uncheck();
    await page.getByRole('group', { name: 'Groups' }).getByRole('checkbox', { name: 'Press' }).check();
    await screenshot(page, 'invite-scoped-access-375');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Invitation sent' }).innerText()).resolves.toContain(email);
    const mail = page.locator(`[data-mail-to="${email}"]`);
    await mail.waitFor();
    const link = await mail.getByRole('link').getAttribute('href');
    const token = /#token=([A-Za-z0-9_-]+)/.exec(link ?? '')?.[1];
    expect(token).toBeTruthy();
    await page.context().close();

    const accepted = await fetch(`${baseUrl}/api/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ token, password: 'quinn-strong-password' }),
    });
    expect(accepted.status).toBe(201);
    const { person } = (await accepted.json()) as { person: { id: string } };

    const session = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ login: 'ana@northline.test', password: 'laminate-demo' }),
    });
    const cookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const access = (await (
      await fetch(`${baseUrl}/api/people/${person.id}/access`, { headers: { cookie } })
    ).json()) as {
      assignments: { roleId: string; scopeType: string; scopeId: string }[];
      artists: Record<string, unknown>;
      groups: string[];
      settings: string[];
    };
    expect(access.assignments.map((a) => `${a.roleId}@${a.scopeType}:${a.scopeId}`)).toEqual([
      'role_promoter@event:ev_berlin_1',
    ]);
    expect(access.artists).toEqual({
      art_vellums: { level: 'read_only', financial: false, socialSync: false, travel: false },
    });
    expect(access.groups.sort()).toEqual(['grp_default', 'grp_press']);
    expect(access.settings).toEqual([]);
  });
});
