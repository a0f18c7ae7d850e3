/**
 * Lighthouse (mobile) on the crew's two daily pages, the day list and the day sheet (issue 16:
 * held at ≥ 95 performance and 100 accessibility; figures in docs/bench.md). The app runs on
 * Node over a fresh libSQL file with the demo (the built UI served as in production), a demo
 * person signs in over the API, and Lighthouse's node API drives Chromium with the session
 * cookie as an extra header. Optional like the peers: without Lighthouse or Chromium the
 * section says why and is skipped, never failing the others.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { migrateLibsql } from '../../../../db/migrate-libsql.ts';
import { libsqlStore } from '../../../../db/store.ts';
import { seedNorthline } from '../../../../db/seed/apply.ts';
import { DEMO_PASSWORD } from '../../../../db/seed/northline.ts';
import { hashPassword } from '../../../../worker/auth/password.ts';
import { ensureUiBuilt } from '../../../../scripts/ui-build.ts';
import { startNodeLibsql } from '../http/servers.ts';
import { renderTable } from '../../lib/table.ts';
import type { BenchContext, Section } from '../types.ts';
import { benchTemp } from '../../lib/temp.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** As tests/e2e/browser.ts launches it. */
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const PAGES = [
  { label: 'day list (/days)', path: '/days' },
  { label: 'day sheet (/days/day_hamburg)', path: '/days/day_hamburg' },
];
const WHO = 'cara@northline.test';

type Figures = {
  performance: number;
  accessibility: number;
  tbt: number;
  lcp: number;
  failing: string[];
  /** Where the main thread's time went and the performance audits that cost most (LIGHTHOUSE_DETAIL=1). */
  detail?: string;
};

/** Lighthouse and chrome-launcher, or why they cannot run here. */
async function tools() {
  if (!existsSync(CHROMIUM)) return { why: `Chromium is not at ${CHROMIUM} (set CHROMIUM_PATH)` } as const;
  try {
    const [{ default: lighthouse }, launcher] = await Promise.all([import('lighthouse'), import('chrome-launcher')]);
    return { lighthouse, launcher } as const;
  } catch (error) {
    return { why: `lighthouse is not installed (${error instanceof Error ? error.message : String(error)})` } as const;
  }
}

/** The section's table when it cannot run: one row saying why (the run stays green). */
const skipped = (why: string) =>
  renderTable(['lighthouse'], [{ label: 'skipped', cells: [why], target: '≥ 95 perf., 100 a11y' }]);

export const lighthouseSection: Section = {
  name: 'lighthouse',
  summary: 'Lighthouse (mobile) performance, accessibility and total blocking time of the day list and the day sheet',
  async run(ctx: BenchContext) {
    if (ctx.smoke) {
      // About a minute (a cold server, Chromium, two pages twice): too long for npm test's smoke run.
      ctx.table(skipped('in --smoke (about a minute): run `npm run bench -- --only lighthouse`'));
      return;
    }
    const found = await tools();
    if ('why' in found) {
      ctx.table(skipped(String(found.why)));
      return;
    }
    ensureUiBuilt();
    const dir = benchTemp('laminate-bench-lighthouse-');
    const file = join(dir, 'lighthouse.db');
    const client = createClient({ url: `file:${file}` });
    await migrateLibsql(client);
    await seedNorthline(libsqlStore(client), Date.now(), hashPassword);
    client.close();
    const server = await startNodeLibsql(file, join(dir, 'files'));
    const chrome = await found.launcher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
    try {
      const signIn = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: WHO, password: DEMO_PASSWORD }),
      });
      if (signIn.status !== 201) throw new Error(`${WHO} could not sign in: ${signIn.status}`);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const rows: Figures[] = [];
      for (const page of PAGES) {
        // One run to warm the server's caches (the engine's snapshot), then the measured run.
        const runs = 2;
        let result: Awaited<ReturnType<typeof found.lighthouse>>;
        for (let i = 0; i < runs; i++)
          result = await found.lighthouse(
            `${server.url}${page.path}`,
            {
              port: chrome.port,
              output: 'json',
              logLevel: 'error',
              onlyCategories: ['performance', 'accessibility'],
              extraHeaders: { cookie },
            },
            undefined,
          );
        const lhr = result?.lhr;
        if (!lhr) throw new Error(`no Lighthouse result for ${page.path}`);
        const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
          .map((a) => a.id);
        rows.push({
          performance: score('performance'),
          accessibility: score('accessibility'),
          tbt: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
          lcp: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
          failing,
          ...(process.env.LIGHTHOUSE_DETAIL
            ? {
                detail: [
                  ...Object.values(lhr.audits)
                    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'binary')
                    .map((a) => `${a.id} ${a.displayValue ?? a.score}`),
                  `main thread: ${JSON.stringify(
                    (lhr.audits['mainthread-work-breakdown']?.details as { items?: unknown[] } | undefined)?.items,
                  )}`,
                  `bootup: ${JSON.stringify((lhr.audits['bootup-time']?.details as { items?: unknown[] } | undefined)?.items)}`,
                ].join('; '),
              }
            : {}),
        });
      }
      ctx.table(
        renderTable(
          PAGES.map((p) => p.label),
          [
            { label: 'performance', cells: rows.map((r) => String(r.performance)), target: '≥ 95' },
            { label: 'accessibility', cells: rows.map((r) => String(r.accessibility)), target: '100' },
            { label: 'total blocking time', cells: rows.map((r) => `${r.tbt} ms`) },
            { label: 'largest contentful paint', cells: rows.map((r) => `${r.lcp} ms`) },
          ],
        ),
      );
      ctx.log(`  (as ${WHO}, mobile emulation with Lighthouse's simulated throttling, Chromium ${CHROMIUM})`);
      for (const [i, r] of rows.entries()) {
        if (r.failing.length) ctx.log(`  ${PAGES[i]!.label}: failing audits ${r.failing.join(', ')}`);
        if (r.detail) ctx.log(`  ${PAGES[i]!.label}: ${r.detail}`);
      }
    } finally {
      await chrome.kill();
      await server.stop();
    }
  },
};
