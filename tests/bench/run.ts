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
 *
 * Memory figures need `global.gc`, so without `--expose-gc` the script runs itself again under
 * `node --expose-gc --import tsx`.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseScale } from './lib/table.ts';
import { SECTIONS, type BenchContext } from './sections/index.ts';

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '10k,100k,1M' },
    only: { type: 'string' },
    seed: { type: 'string', default: '42' },
    questions: { type: 'string', default: '10000' },
    'cedar-timed': { type: 'string', default: '20000' },
    'load-requests': { type: 'string', default: '50000' },
    'load-concurrency': { type: 'string', default: '64' },
    'load-servers': { type: 'string', default: 'd1,libsql' },
    'load-seconds': { type: 'string', default: '120' },
    rtt: { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('sections:');
  for (const s of SECTIONS) console.log(`  ${s.name.padEnd(10)} ${s.summary}`);
  process.exit(0);
}

const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`unknown section \`${unknown.join('`, `')}\` (see --help)`);

const ctx: BenchContext = {
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
for (const section of SECTIONS) {
  if (only && !only.includes(section.name)) continue;
  ctx.log(`\n== ${section.name}: ${section.summary}${ctx.rtt ? ` (database round trips +${ctx.rtt} ms)` : ''}`);
  await section.run(ctx);
}
ctx.log(
  `\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
