/**
 * Runs the Durable Object prototype under `wrangler dev` (127.0.0.1, its own process group) and
 * times a check through each holder: sequential (p50/p99) and at concurrency 16 (checks/s).
 * Usage: npx tsx tests/bench/do-prototype/run.ts [tuples=100000]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildDriveWorkload, questionAt } from '../drive/index.ts';

const tuples = Number(process.argv[2] ?? 100_000);
const port = 40_000 + Math.floor(Math.random() * 10_000);
const config = fileURLToPath(new URL('./wrangler.toml', import.meta.url));
const child = spawn(
  'npx',
  ['wrangler', 'dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(port + 1)],
  { detached: true, stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);
const stop = () => {
  try {
    process.kill(-(child.pid as number), 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);
setTimeout(() => {
  console.error('timeout');
  process.exit(1);
}, 600_000).unref();

const base = `http://127.0.0.1:${port}`;
const w = buildDriveWorkload(tuples, 42, 2000);
const ask = async (path: string, i: number) => {
  const q = questionAt(w, (i * 7919) % w.questions.count);
  const r = await fetch(`${base}${path}?tuples=${tuples}&${new URLSearchParams(q)}`);
  return ((await r.json()) as { allowed: boolean }).allowed;
};

for (let up = false; !up; ) {
  await new Promise((r) => setTimeout(r, 500));
  up = await fetch(`${base}/none`).then(
    () => true,
    () => false,
  );
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
for (const path of ['/local', '/do']) {
  let t = performance.now();
  await ask(path, 0);
  const firstMs = performance.now() - t;
  for (let i = 0; i < 300; i++) await ask(path, i); // warm the working set
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    t = performance.now();
    await ask(path, i);
    samples.push(performance.now() - t);
  }
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < 2000) await ask(path, next++);
    }),
  );
  const perSecond = 2000 / ((performance.now() - t) / 1000);
  let agree = 0;
  for (let i = 0; i < 200; i++) if ((await ask('/local', i)) === (await ask('/do', i))) agree++;
  console.log(
    `${path === '/do' ? 'Durable Object stub' : 'in the Worker isolate'} (${tuples} tuples): first ${firstMs.toFixed(0)} ms (build); ×1 p50 ${pct(samples, 50).toFixed(2)} ms, p99 ${pct(samples, 99).toFixed(2)} ms; ×16 ${perSecond.toFixed(0)} checks/s; agreement ${agree}/200`,
  );
}
stop();
process.exit(0);
