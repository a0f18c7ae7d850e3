/**
 * Accessibility in the e2e suite (issue 16, acceptance 6): axe-core on the page as it is now,
 * WCAG 2.0/2.1 A and AA rules, zero violations; each one is reported with the elements it names.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The WCAG 2.1 AA violations axe-core finds on the page, one line each. */
export async function violations(page: Page): Promise<string[]> {
  // biome-ignore lint/suspicious/noExplicitAny: AxeBuilder types Page from `playwright`; playwright-core's is the same object
  const results = await new AxeBuilder({ page: page as any })
    .withTags(WCAG_21_AA)
    // The suites open pages with browser.newPage(), where axe's cross-frame run cannot open its own page.
    .setLegacyMode(true)
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}

export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  expect(await violations(page), `axe-core on ${where}`).toEqual([]);
}
