/**
 * Mixed load (issue 9, "Load"): Laminate under `wrangler dev` (workerd + local D1) and on Node +
 * libSQL, each with the Northline demo and a bench store of the drive workload, takes a bounded
 * mix of edge checks, AuthZEN evaluations, list objects and tuple writes (issued API keys),
 * day lists, day sheets, workspace lists and task edits (signed-in demo people), with a
 * revocation schedule in the middle. Prints one table: throughput and latency per kind, every
 * failure, stale decisions. Acceptance: zero failures of any kind, zero stale decisions.
 *
 *   npm run bench -- --only load     50,000 requests at ×64 or 120 s per server, whichever ends first; D1 then libSQL
 *   npm run bench -- --only load --load-requests 5000 --load-concurrency 16 --load-servers d1 --load-seconds 600
 */
import os from 'node:os';
import { fmt } from '../../lib/table.ts';
import type { Section } from '../types.ts';
import { expectations, setUpEdge, KEY_BUDGET, REVOCATIONS, STORE_TARGET } from './edge.ts';
import { MIX, plannedEdge, runLoad, type LoadResult } from './mix.ts';
import { SERVERS, type ServerName } from './servers.ts';
import { FAILURES, KINDS } from './stats.ts';
import { TIMEOUT_MS } from './client.ts';
import { probe, READERS, signIn, taskSlots } from './workspace.ts';

interface Column {
  name: string;
  result?: LoadResult;
  failed?: string;
  notes: Map<string, string>;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** A fixed-width table: a label column, then one right-aligned column per server. */
function render(
  columns: string[],
  lines: ({ heading: string } | { label: string; cells: string[]; target?: string })[],
): string {
  const rows = lines.filter((l): l is { label: string; cells: string[]; target?: string } => 'label' in l);
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r.cells[i] ?? '').length)));
  const line = (label: string, cells: string[], target = '') =>
    [label.padEnd(labelWidth), ...widths.map((w, i) => (cells[i] ?? '').padStart(w)), target].join('  ').trimEnd();
  return [
    line('', columns, 'target'),
    ...lines.map((l) => ('heading' in l ? `-- ${l.heading}` : line(l.label, l.cells, l.target))),
  ].join('\n');
}

/** The fresh checks after the run: the sample agrees, revoked grants are denied, live ones allowed. */
const afterwardsAgree = (r: LoadResult) =>
  r.recheck.agreed === r.recheck.asked &&
  r.after.revokedDenied === r.after.revoked &&
  r.after.liveAllowed === r.after.live;

function table(cols: Column[], planned: number, concurrency: number, seconds: number): string {
  const lines: Parameters<typeof render>[1] = [];
  const row = (label: string, value: (r: LoadResult, c: Column) => string, target?: string) =>
    lines.push({
      label,
      cells: cols.map((c) => (c.result ? value(c.result, c) : c.failed ? '—' : 'n/a')),
      ...(target ? { target } : {}),
    });
  const zero = (n: number) => `${fmt(n)} ${n === 0 ? '✓' : '✗'}`;
  lines.push({ heading: 'run' });
  row(
    `requests (planned ${planned.toLocaleString('en-US')}, cap ${seconds} s)`,
    (r) => `${r.stats.requests.toLocaleString('en-US')}${r.stats.cappedAt !== undefined ? ' (cap)' : ''}`,
  );
  row('concurrency', () => String(concurrency));
  row('duration (s)', (r) => fmt(r.stats.seconds));
  row('throughput (req/s)', (r) => fmt(r.stats.requests / r.stats.seconds));
  row('p50 / p99, all kinds (ms)', (r) => `${fmt(r.stats.overall().p50)} / ${fmt(r.stats.overall().p99)}`);
  row('load average after', (_, c) => c.notes.get('load') ?? '');
  lines.push({ heading: 'failures (acceptance: all 0)' });
  row('5xx', (r) => zero(r.stats.total('5xx')), '0');
  row('4xx (429 among them)', (r) => `${zero(r.stats.total('4xx'))} (${r.stats.rateLimited})`, '0');
  row('network errors', (r) => zero(r.stats.total('network')), '0');
  row(`timeouts (${TIMEOUT_MS / 1000} s)`, (r) => zero(r.stats.total('timeout')), '0');
  row('wrong answers (vs reference)', (r) => zero(r.stats.total('wrong')), '0');
  row('stale decisions', (r) => zero(r.stats.total('stale')), '0');
  row('restarts (503 retried once)', (r) => String(r.stats.restarts));
  lines.push({ heading: 'consistency' });
  row('revocations: schedule / churn', (r) => `${r.after.revoked} / ${fmt(r.stats.churnDeletes)}`);
  row(
    'answers after a revocation',
    (r) => `${fmt(r.stats.afterRevocation.schedule)} / ${fmt(r.stats.afterRevocation.churn)}`,
  );
  row('answers on a live grant (allow)', (r) => fmt(r.stats.mustAllow));
  const all = (n: number, of: number) => `${n} / ${of} ${n === of ? '✓' : '✗'}`;
  row('sample re-checked afterwards', (r) => all(r.recheck.agreed, r.recheck.asked), 'all agree');
  row('afterwards: revoked denied', (r) => all(r.after.revokedDenied, r.after.revoked), 'all');
  row('afterwards: live churn allowed', (r) => all(r.after.liveAllowed, r.after.live), 'all');
  lines.push({ heading: 'requests per kind' });
  for (const k of KINDS) row(k, (r) => r.stats.of(k).requests.toLocaleString('en-US'));
  lines.push({ heading: 'throughput per kind (req/s)' });
  for (const k of KINDS) row(k, (r) => fmt(r.stats.of(k).requests / r.stats.seconds));
  lines.push({ heading: 'p50 / p99 per kind (ms)' });
  for (const k of KINDS) row(k, (r) => `${fmt(r.stats.of(k).latency().p50)} / ${fmt(r.stats.of(k).latency().p99)}`);
  const failing = KINDS.filter((k) =>
    cols.some((c) => c.result && FAILURES.some((f) => c.result!.stats.of(k).failures[f] > 0)),
  );
  if (failing.length > 0) {
    lines.push({ heading: 'failures per kind (4xx/5xx/network/timeout/wrong/stale)' });
    for (const k of failing) row(k, (r) => FAILURES.map((f) => r.stats.of(k).failures[f]).join('/'));
  }
  return render(
    cols.map((c) => c.name),
    lines,
  );
}

export const loadSection: Section = {
  name: 'load',
  summary: 'mixed load over HTTP (edge + workspace, reads + writes, revocations), D1 and libSQL',
  async run(ctx) {
    const { requests, concurrency, seconds } = ctx.load;
    const servers = ctx.load.servers as ServerName[];
    for (const [flag, value] of [
      ['--load-requests', requests],
      ['--load-concurrency', concurrency],
      ['--load-seconds', seconds],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} wants a whole number ≥ 1, got ${value}`);
    }
    for (const s of servers)
      if (!(s in SERVERS)) throw new Error(`--load-servers: unknown server \`${s}\` (d1, libsql)`);
    // --smoke: the first of --scales (2k) instead of 10k, so the edge store loads in a moment.
    const target = ctx.smoke ? ctx.scales[0]! : STORE_TARGET;
    const e = expectations(ctx.seed, ctx.questionsPerSet, target);
    const planned = plannedEdge(requests);
    ctx.log(
      `plan: ${requests.toLocaleString('en-US')} requests at concurrency ${concurrency} per server (at most ${seconds} s of issuing), servers ${servers.join(', ')}`,
    );
    ctx.log(
      `mix (per mille): ${Object.entries(MIX)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ${REVOCATIONS} revocations between 40% and 60% of the run`,
    );
    ctx.log(
      `bench store: drive ${fmt(target)} (${e.w.store.tupleCount.toLocaleString('en-US')} tuples), ${e.w.questions.count.toLocaleString('en-US')} questions with reference answers, ${e.lists.length} list users, ${e.publicDocs.size} public documents`,
    );
    const cols: Column[] = [];
    for (const name of servers) {
      const col: Column = { name: SERVERS[name].label, notes: new Map() };
      cols.push(col);
      let stop: (() => Promise<void>) | undefined;
      try {
        const { server, seedMs, stop: stopAndDelete } = await SERVERS[name].start();
        stop = stopAndDelete;
        ctx.log(
          `  ${col.name}: pid ${server.pid} on ${server.url}, Northline seeded in ${fmt(seedMs / 1000)} s, log ${server.logFile}`,
        );
        const edge = await setUpEdge(server.url, e, planned);
        ctx.log(
          `    bench store ${edge.storeId}: ${edge.tuples.toLocaleString('en-US')} tuples written in ${fmt(edge.ms / 1000)} s; ${edge.read.keys.length} read + ${edge.write.keys.length} write keys, each for at most ${KEY_BUDGET} requests (the limit: 1,000 per 60 s per key)`,
        );
        const people = [];
        // --smoke: three readers (a master user, a limited and a no-finances member) instead of eight.
        for (const who of ctx.smoke ? (['ana', 'dev', 'eli'] as const) : READERS) {
          const person = await signIn(server.url, who);
          await probe(server.url, person);
          people.push(person);
        }
        ctx.log(
          `    signed in: ${people.map((p) => `${p.who} (${p.sheets.length} sheets, ${p.lists.length} lists, ${p.expected.size} compared)`).join(', ')}`,
        );
        const slots = taskSlots(people, Math.ceil(concurrency / people.length) + 1);
        const result = await runLoad(
          server.url,
          { requests, concurrency, seconds, seed: ctx.seed },
          e,
          edge,
          people,
          slots,
          ctx.log,
        );
        col.result = result;
        col.notes.set('load', loadAverage());
        for (const k of KINDS) {
          const first = result.stats.of(k).firstFailure;
          if (first) ctx.log(`    first failure of ${k}: ${first}`);
        }
        if (result.stats.restarts > 0)
          ctx.log(
            `    wrangler dev reloaded the Worker ${result.stats.restarts} times mid-request (files under worker/ changed); those requests were sent again once`,
          );
        ctx.log(
          `    done: ${result.stats.requests.toLocaleString('en-US')} requests in ${fmt(result.stats.seconds)} s; keys used ${edge.read.taken} reads, ${edge.write.taken} writes`,
        );
      } catch (error) {
        col.failed = String(error instanceof Error ? error.message : error).slice(0, 400);
        ctx.log(`  ✗ ${col.name}: ${col.failed}`);
      } finally {
        await stop?.();
      }
    }
    ctx.log('');
    ctx.table(table(cols, requests, concurrency, seconds));
    // Like a disagreement in the engine section: the acceptance (no failure, no stale decision) is not a target to report but a correctness bar.
    const failed = cols.filter(
      (c) => c.failed || FAILURES.some((f) => c.result!.stats.total(f) > 0) || !afterwardsAgree(c.result!),
    );
    if (failed.length > 0) ctx.problem(`mixed load: failures on ${failed.map((c) => c.name).join(', ')}`);
  },
};
