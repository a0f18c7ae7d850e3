/**
 * The benchmark entry: `npm run bench` (tsx tests/bench/run.ts).
 *
 *   --scales 10k,100k,1M   target tuple counts (default all three)
 *   --only engine          run only these sections (comma-separated; default all)
 *   --seed 42              the PRNG seed of the drive workload
 *   --questions 10000      questions per set (random and biased)
 *   --cedar-timed 20000    how many questions Cedar is timed on per scale (all are asked)
 *   --load-requests 50000  the mixed-load section: requests per server,
 *   --load-concurrency 64    requests in flight,
 *   --load-servers d1,libsql which servers (wrangler dev + D1, Node + libSQL),
 *   --load-seconds 120       and at most this many seconds of issuing per server (whichever ends first)
 *   --rtt 80               add 80 ms to every database round trip of the servers the bench starts
 *                          (LAMINATE_DB_DELAY_MS, bench only): what a reader far from the database waits
 *   --smoke                every section at a tiny scale (2k tuples, a few requests per cell): proves
 *                          each still runs and prints its table; flags given as well still apply
 *
 * Every section runs even when one before it failed; the run exits non-zero when a section threw,
 * reported a problem (a disagreement, a failed server, a failure under load) or printed no table.
 *
 * Memory figures need `global.gc`, so without `--expose-gc` the script runs itself again under
 * `node --expose-gc --import tsx`.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseScale } from './lib/table.ts';
import type { BenchContext } from './sections/index.ts';

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}
// Only now: the sections import wrangler, Cedar's WASM, SpiceDB, … (not worth loading twice).
const { SECTIONS } = await import('./sections/index.ts');

const { values: given } = parseArgs({
  options: {
    scales: { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string', default: '42' },
    questions: { type: 'string' },
    'cedar-timed': { type: 'string' },
    'load-requests': { type: 'string' },
    'load-concurrency': { type: 'string' },
    'load-servers': { type: 'string', default: 'd1,libsql' },
    'load-seconds': { type: 'string' },
    smoke: { type: 'boolean', default: false },
    rtt: { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});
const DEFAULTS = given.smoke
  ? {
      scales: '2k',
      questions: '200',
      'cedar-timed': '200',
      'load-requests': '200',
      'load-concurrency': '8',
      'load-seconds': '30',
    }
  : {
      scales: '10k,100k,1M',
      questions: '10000',
      'cedar-timed': '20000',
      'load-requests': '50000',
      'load-concurrency': '64',
      'load-seconds': '120',
    };
const values = {
  ...given,
  ...Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, given[k as keyof typeof DEFAULTS] ?? v])),
} as typeof given & typeof DEFAULTS;

if (values.help) {
  console.log('sections:');
  for (const s of SECTIONS) console.log(`  ${s.name.padEnd(10)} ${s.summary}`);
  process.exit(0);
}

const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`unknown section \`${unknown.join('`, `')}\` (see --help)`);

const ctx: Omit<BenchContext, 'table' | 'problem'> = {
  scales: values.scales.split(',').map(parseScale),
  seed: Number(values.seed),
  questionsPerSet: Number(values.questions),
  cedarTimed: Number(values['cedar-timed']),
  load: {
    requests: Number(values['load-requests']),
    concurrency: Number(values['load-concurrency']),
    servers: values['load-servers'].split(',').map((s) => s.trim()),
    seconds: Number(values['load-seconds']),
  },
  smoke: values.smoke,
  rtt: Number(values.rtt),
  log: (line) => console.log(line),
};
if (!Number.isFinite(ctx.rtt) || ctx.rtt < 0) throw new Error('--rtt wants a number of milliseconds');
// Every server the bench starts reads it: Node children inherit the environment, in-process
// servers read process.env, wrangler dev gets it as a --var (tests/e2e/server.ts, http/servers.ts).
if (ctx.rtt > 0) process.env.LAMINATE_DB_DELAY_MS = String(ctx.rtt);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
ctx.log(
  `laminate bench, ${new Date().toISOString()}, Node ${process.version}, ${os.availableParallelism()} cores (${cpu}), load ${load}, seed ${ctx.seed}${ctx.rtt ? `, rtt +${ctx.rtt} ms per database round trip` : ''}`,
);
const started = performance.now();
const outcomes: { name: string; tables: number; problems: string[]; seconds: number }[] = [];
for (const section of SECTIONS) {
  if (only && !only.includes(section.name)) continue;
  ctx.log(`\n== ${section.name}: ${section.summary}${ctx.rtt ? ` (database round trips +${ctx.rtt} ms)` : ''}`);
  const outcome = { name: section.name, tables: 0, problems: [] as string[], seconds: 0 };
  outcomes.push(outcome);
  const t0 = performance.now();
  try {
    await section.run({
      ...ctx,
      table: (text) => {
        outcome.tables++;
        ctx.log(text);
      },
      problem: (message) => {
        outcome.problems.push(message);
        ctx.log(`  ✗ ${message}`);
      },
    });
  } catch (error) {
    outcome.problems.push(`threw ${error instanceof Error ? error.message : String(error)}`);
    ctx.log(`  ✗ ${section.name} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  outcome.seconds = (performance.now() - t0) / 1000;
}
ctx.log('');
for (const o of outcomes) {
  const ok = o.tables > 0 && o.problems.length === 0;
  ctx.log(
    `${ok ? '✓' : '✗'} section ${o.name}: ${o.tables > 0 ? 'table printed' : 'no table'}, ${o.problems.length} problem${o.problems.length === 1 ? '' : 's'}, ${o.seconds.toFixed(1)} s`,
  );
  if (!ok) process.exitCode = 1;
}
ctx.log(
  `\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
