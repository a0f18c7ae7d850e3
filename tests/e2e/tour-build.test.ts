import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, expectNoSidewaysScroll, screenshot, useChromium } from './browser.ts';
import { expectAccessible } from './a11y.ts';

const baseUrl = inject('baseUrl');
const chromium = useChromium();

/** The sections a day sheet may hold (R26). */
const SECTIONS = ['schedule', 'venue', 'contacts', 'travel', 'hotels', 'guestList', 'settlement', 'notes'];
type SheetJson = {
  schedule?: { label: string }[];
  notes?: string;
  venue?: { name: string; address: string };
  hotels?: { hotelName: string }[];
  travel?: { toPlace: string }[];
  contacts?: { name: string }[];
  settlement?: { ledger: { label: string }[] };
};

/** The reader's own day sheet, as the API gives it to them (in their signed-in page). */
async function sheetJson(page: Page, day: string): Promise<SheetJson & Record<string, unknown>> {
  return page.evaluate(async (id) => (await fetch(`/api/days/${id}/sheet`)).json(), day);
}

/** Runs of white space as one space (a PDF's text breaks lines where the layout did). */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of a PDF (unpdf: pdf.js in plain JavaScript), squashed. */
async function pdfText(pdf: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return squash(text);
}

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function submitAndWait(page: Page, button: string, status: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('status').filter({ hasText: status }).waitFor();
}

async function scheduleLabels(page: Page): Promise<string[]> {
  await page.getByRole('heading', { name: 'Schedule' }).waitFor();
  return page
    .locator('[data-section="schedule"] li')
    .evaluateAll((els) => els.map((e) => (e.querySelector('span:nth-child(2)')?.textContent ?? '').trim()));
}

describe('building the tour on a phone (issue 16, acceptance 1)', () => {
  it('R15, R26: Cara builds a Leipzig show day at 375 px; Dev (Read Only) gets no edit control; Nico (Band) sees no crew hotel', async () => {
    const cara = await chromium.signedInAs('cara@northline.test', PHONE);
    await cara.waitForURL(`${baseUrl}/days`);
    await cara.getByRole('link', { name: 'New show day' }).click();
    await cara.waitForURL(`${baseUrl}/days/new`);
    await cara.locator('input[name="date"]').fill('2027-06-04');
    await cara.locator('input[name="city"]').fill('Leipzig');
    await cara.locator('input[name="title"]').fill('The Vellums at Conne Island');
    await cara.getByRole('button', { name: 'Create show day' }).click();
    await cara.waitForURL(/\/days\/day_[^/]+\/edit$/);
    const dayUrl = cara.url().replace(/\/edit$/, '');

    // A venue, then a schedule entered out of order.
    await cara.locator('select[name="venue"] option').nth(1).waitFor({ state: 'attached' });
    const venue = await cara.locator('select[name="venue"] option').nth(1).innerText();
    await cara.locator('select[name="venue"]').selectOption({ index: 1 });
    await submitAndWait(cara, 'Save day', 'Day saved.');
    for (const [label, time, nextDay] of [
      ['Soundcheck', '16:00', false],
      ['Bus to Hamburg', '01:30', true],
      ['Load-in', '12:00', false],
      ['Doors', '19:00', false],
      ['Curfew', '23:00', false],
    ] as const) {
      await cara.locator('input[name="label"]').fill(label);
      await cara.locator('input[name="startsAt"]').fill(time);
      await cara.locator('input[name="nextDay"]').setChecked(nextDay);
      await submitAndWait(cara, 'Add to schedule', `Added ${label}.`);
    }
    // A crew bus and the crew hotel (limited to the Crew group).
    await cara.locator('select[name="mode"]').selectOption('bus');
    await cara.locator('input[name="fromPlace"]').fill('Leipzig, Conne Island');
    await cara.locator('input[name="toPlace"]').fill('Hamburg');
    await cara.locator('input[name="departsAt"]').fill('01:30');
    await submitAndWait(cara, 'Add travel', 'Travel added.');
    await cara.locator('input[name="hotelName"]').fill('Crew Motel One Leipzig');
    await cara.locator('input[name="address"]').fill('Brühl 65, 04109 Leipzig');
    await cara.getByLabel('Crew', { exact: true }).check();
    await submitAndWait(cara, 'Add hotel', 'Hotel added.');
    await expectNoSidewaysScroll(cara);
    await screenshot(cara, 'tour-build-375-cara-edit-leipzig');

    await cara.goto(dayUrl);
    expect(await scheduleLabels(cara)).toEqual(['Load-in', 'Soundcheck', 'Doors', 'Curfew', 'Bus to Hamburg']);
    expect(await cara.locator('[data-section="venue"]').innerText()).toContain(venue);
    expect(await cara.locator('[data-section="hotels"]').innerText()).toContain('Crew Motel One Leipzig');
    expect(await cara.locator('[data-section="travel"]').innerText()).toContain('Hamburg');
    expect(await cara.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(1);
    await screenshot(cara, 'tour-build-375-cara-sheet-leipzig');
    await cara.context().close();

    // Dev (Vellums Read Only) reads it, with no edit control anywhere.
    const dev = await chromium.signedInAs('dev@northline.test', PHONE);
    await dev.waitForURL(`${baseUrl}/days`);
    expect(await dev.getByRole('link', { name: 'New show day' }).count()).toBe(0);
    await dev.goto(dayUrl);
    expect(await scheduleLabels(dev)).toEqual(['Load-in', 'Soundcheck', 'Doors', 'Curfew', 'Bus to Hamburg']);
    expect(await dev.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    await screenshot(dev, 'tour-build-375-dev-sheet-leipzig');
    await dev.goto(`${dayUrl}/edit`);
    await dev.getByText('You may read this day, not change it.').waitFor();
    expect(await dev.locator('main').getByRole('button').count()).toBe(0);
    await dev.context().close();

    // Nico (Band) sees the day, never the crew hotel (R26).
    const nico = await chromium.signedInAs('nico@northline.test', PHONE);
    await nico.waitForURL(`${baseUrl}/days`);
    await nico.goto(dayUrl);
    await nico.getByRole('heading', { name: 'Leipzig', level: 1 }).waitFor();
    expect(await nico.locator('main').innerText()).not.toContain('Crew Motel One Leipzig');
    await screenshot(nico, 'tour-build-375-nico-sheet-leipzig');
    await nico.context().close();
  });
});

describe('changing and removing what was built (issue 16)', () => {
  it('R13, R26: Cara edits a journey (passengers picked from the workspace) and a hotel (rooming list), deletes them, then deletes the show day after confirming', async () => {
    const cara = await chromium.signedInAs('cara@northline.test', PHONE);
    await cara.waitForURL(`${baseUrl}/days`);
    await cara.getByRole('link', { name: 'New show day' }).click();
    await cara.locator('input[name="date"]').fill('2027-06-09');
    await cara.locator('input[name="city"]').fill('Halle');
    await cara.locator('input[name="title"]').fill('The Vellums at Steintor');
    await cara.getByRole('button', { name: 'Create show day' }).click();
    await cara.waitForURL(/\/days\/day_[^/]+\/edit$/);
    const dayUrl = cara.url().replace(/\/edit$/, '');
    await cara.locator('input[name="fromPlace"]').fill('Leipzig');
    await cara.locator('input[name="toPlace"]').fill('Halle');
    await cara.locator('input[name="departsAt"]').fill('10:00');
    await submitAndWait(cara, 'Add travel', 'Travel added.');
    await cara.getByRole('button', { name: 'Edit travel Leipzig to Halle' }).click();
    await cara.getByRole('group', { name: 'Passengers' }).getByLabel('Nico Hale').check();
    await cara.getByRole('group', { name: 'Passengers' }).getByLabel('Eli Brandt').check();
    await cara.locator('input[name="departsAt"]').fill('09:15');
    await submitAndWait(cara, 'Save travel', 'Travel saved.');
    const journey = cara.getByRole('region', { name: 'Travel' }).locator('li').first();
    expect(await journey.innerText()).toContain('09:15');
    expect(await journey.innerText()).toMatch(/Nico Hale|Eli Brandt/);
    await cara.locator('input[name="hotelName"]').fill('Dorint Halle');
    await cara.locator('input[name="address"]').fill('Dorotheenstraße 12');
    await cara.getByLabel('Crew', { exact: true }).check();
    await submitAndWait(cara, 'Add hotel', 'Hotel added.');
    await cara.getByRole('button', { name: 'Edit hotel Dorint Halle' }).click();
    await cara.locator('select[name="roomPerson"]').selectOption({ label: 'Eli Brandt' });
    await cara.getByRole('button', { name: 'Add to rooming list' }).click();
    await submitAndWait(cara, 'Save hotel', 'Hotel saved.');
    expect(await cara.getByRole('region', { name: 'Hotels' }).locator('li').first().innerText()).toContain(
      'Eli Brandt',
    );
    await expectNoSidewaysScroll(cara);
    await cara.getByRole('button', { name: 'Edit hotel Dorint Halle' }).click();
    await expectAccessible(cara, 'the edit page with a hotel being edited');
    await screenshot(cara, 'tour-build-375-cara-edit-travel-hotel');
    // Every delete asks first.
    cara.on('dialog', (dialog) => void dialog.accept());
    await cara.getByRole('button', { name: 'Delete hotel Dorint Halle' }).click();
    await cara.getByRole('status').filter({ hasText: 'Hotel deleted.' }).waitFor();
    await cara.getByRole('button', { name: 'Delete travel Leipzig to Halle' }).click();
    await cara.getByRole('status').filter({ hasText: 'Travel deleted.' }).waitFor();
    await cara.getByRole('button', { name: 'Delete show day' }).click();
    await cara.waitForURL(`${baseUrl}/days`);
    const gone = await cara.evaluate(
      async (url) => (await fetch(`${url}/sheet`.replace('/days/', '/api/days/'))).status,
      dayUrl,
    );
    expect(gone).toBe(404);
    await cara.context().close();
  });
});

describe('the day sheet printed (issue 16, acceptance 5)', () => {
  it('R26: Hana prints the Hamburg sheet to an A4 PDF in Chromium; it holds her sections only', async () => {
    const page = await chromium.signedInAs('hana@northline.test', { viewport: { width: 1024, height: 900 } });
    await page.waitForURL(`${baseUrl}/days`);
    await page.goto(`${baseUrl}/days/day_hamburg`);
    await page.getByRole('link', { name: 'Print' }).click();
    await page.waitForURL(`${baseUrl}/days/day_hamburg/print`);
    await page.getByRole('button', { name: 'Download as PDF' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    // What the printed page holds: her sections (schedule, guest list, notes), nothing else.
    const sections = await page
      .locator('[data-section]')
      .evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.getAttribute('data-section')));
    expect(sections).toEqual(['schedule', 'guestList', 'notes']);
    const printed = await page.locator('body').innerText();
    expect(printed).toContain('Hamburg');
    for (const absent of ['Settlement', 'Hotels', 'Travel', 'Venue', 'Contacts', 'Download as PDF', 'Sign out'])
      expect(printed).not.toContain(absent);
    const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS, 'day-sheet-hamburg-hana.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 is 595 × 842 points (Chromium rounds to whole CSS pixels: 595.92 × 842.88).
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[56]\.\d+ 84[23]\.\d+\]/);
    // The PDF's own text, read back: Hana's sections as the API gives them to her, and nothing of
    // the sections only others receive (read from Ana's sheet of the same day).
    const text = await pdfText(pdf);
    const mine = await sheetJson(page, 'day_hamburg');
    expect(
      Object.keys(mine)
        .filter((k) => SECTIONS.includes(k))
        .sort(),
    ).toEqual(['guestList', 'notes', 'schedule']);
    expect(text).toContain('Hamburg');
    for (const item of mine.schedule ?? []) expect(text).toContain(item.label);
    expect(text).toContain(squash(mine.notes ?? 'no notes'));
    expect(text).toMatch(/Guest list/i);
    const ana = await chromium.signedInAs('ana@northline.test');
    await ana.waitForURL(`${baseUrl}/days`);
    const all = await sheetJson(ana, 'day_hamburg');
    await ana.context().close();
    const theirs = [
      all.venue?.name,
      all.venue?.address,
      ...(all.hotels ?? []).map((h) => h.hotelName),
      ...(all.travel ?? []).map((t) => t.toPlace),
      ...(all.contacts ?? []).map((c) => c.name),
      ...(all.settlement?.ledger ?? []).map((l) => l.label),
    ]
      // (a venue's name may be in an event's title, which she does receive)
      .filter((v): v is string => !!v && !JSON.stringify(mine).includes(v));
    expect(theirs.length).toBeGreaterThan(3);
    for (const absent of [...theirs, 'Settlement', 'Hotels', 'Travel', 'Venue', 'Contacts'])
      expect(text, absent).not.toContain(absent);
    await page.context().close();
  });
});

describe('importing show days from CSV (issue 16, acceptance 4)', () => {
  it('R13: Cara previews a CSV with a bad line (reported by line and column, nothing imported), fixes it and imports', async () => {
    const page = await chromium.signedInAs('cara@northline.test', PHONE);
    await page.waitForURL(`${baseUrl}/days`);
    await page.getByRole('link', { name: 'Import from CSV' }).click();
    await page.waitForURL(`${baseUrl}/days/import`);
    const csv = (status: string) =>
      Buffer.from(
        `date,city,venue,kind,status,schedule\n2029-03-01,Graz,,performance,confirmed,"12:00 Load-in; 01:00+1 Bus"\n2029-03-02,Linz,,performance,${status},\n`,
      );
    await page
      .locator('input[name="file"]')
      .setInputFiles({ name: 'tour.csv', mimeType: 'text/csv', buffer: csv('maybe') });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Line 3, status: one of tentative, confirmed').waitFor();
    expect(await page.getByRole('button', { name: 'Import all' }).isDisabled()).toBe(true);
    await screenshot(page, 'tour-import-375-cara-bad-line');
    await page
      .locator('input[name="file"]')
      .setInputFiles({ name: 'tour.csv', mimeType: 'text/csv', buffer: csv('confirmed') });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: '2 show days ready' }).waitFor();
    await page.getByRole('button', { name: 'Import all' }).click();
    await page.getByRole('heading', { name: 'Imported 2 show days.' }).waitFor();
    await page.goto(`${baseUrl}/days`);
    await page.getByRole('list', { name: 'Show days' }).waitFor();
    expect(await page.locator('[data-day]').filter({ hasText: 'Graz' }).count()).toBe(1);
    expect(await page.locator('[data-day]').filter({ hasText: 'Linz' }).count()).toBe(1);
    await page.context().close();
  });
});

describe('the day editor when its read fails', () => {
  it("R1, R12: Gus opens the editor of a day he does not see — the page's own message and a way back, not SvelteKit's error page", async () => {
    // Gus holds an event-level role on the Berlin shows only: Hamburg's sheet is a 404 to him.
    const gus = await chromium.signedInAs('gus@northline.test', PHONE);
    await gus.waitForURL(`${baseUrl}/days`);
    await gus.goto(`${baseUrl}/days/day_hamburg/edit`);
    await gus.getByRole('alert').waitFor();
    expect(await gus.getByRole('alert').innerText()).toBe('This show day is not available to you.');
    expect(await gus.getByRole('heading', { name: 'Edit show day', level: 1 }).count()).toBe(1);
    expect(await gus.locator('main form').count()).toBe(0);
    await screenshot(gus, 'tour-build-375-gus-edit-unavailable');
    await expectAccessible(gus, 'tour-build-375-gus-edit-unavailable');
    await gus.getByRole('link', { name: 'Back to show days' }).click();
    await gus.waitForURL(`${baseUrl}/days`);
    await gus.context().close();
  });
});
