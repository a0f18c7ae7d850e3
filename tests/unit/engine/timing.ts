/**
 * A quick local timing of the engine on the drive workload (not a test, not the benchmark):
 *   tsx tests/unit/engine/timing.ts [tuples=100000] [questions=20000]
 * Prints check p50/p99 (each call timed), list-objects for the top user, bytes per tuple.
 */
import { buildDriveWorkload, driveTuples, DRIVE_MODEL, questionAt } from '../../bench/drive/index.ts';
import { check, compileModel, listObjects, MemoryTupleIndex, parseModel } from '../../../functions/index.ts';

const target = Number(process.argv[2] ?? 100_000);
const n = Number(process.argv[3] ?? 20_000);
const parsed = parseModel(DRIVE_MODEL);
if (!parsed.ok) throw new Error('model');
const model = compileModel(parsed.model);
const w = buildDriveWorkload(target, 42, n / 2);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
let t0 = performance.now();
const index = new MemoryTupleIndex(parsed.model);
for (const t of driveTuples(w.store)) index.add(t);
const buildMs = performance.now() - t0;
gc?.();
const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const asked = Array.from({ length: n }, (_, i) => ({ ...questionAt(w, i), now: 0 }));
for (let r = 0; r < 3; r++) for (const q of asked) check(model, index, q);
const times = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const s = performance.now();
  check(model, index, asked[i]!);
  times[i] = performance.now() - s;
}
times.sort();
t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let r = 0; r < 3; r++) for (const q of asked) check(model, index, q);
const cpu = process.cpuUsage(cpu0);
const mean = ((performance.now() - t0) * 1000) / (3 * n);
const cpuMean = (cpu.user + cpu.system) / (3 * n);
const lo = () => listObjects(model, index, { user: w.listObjects.user, relation: 'viewer', type: 'document', now: 0 });
const first = lo();
const lt: number[] = [];
for (let r = 0; r < 5; r++) {
  const s = performance.now();
  lo();
  lt.push(performance.now() - s);
}
lt.sort((a, b) => a - b);
console.log(
  `${index.size} tuples; build ${buildMs.toFixed(0)} ms; heap ${((after - before) / index.size).toFixed(0)} B/tuple (estimate ${(index.bytesEstimate() / index.size).toFixed(0)})`,
);
console.log(
  `check p50 ${(times[n >> 1]! * 1000).toFixed(2)} µs, p99 ${(times[Math.floor(n * 0.99)]! * 1000).toFixed(2)} µs, mean (untimed loop) ${mean.toFixed(2)} µs wall, ${cpuMean.toFixed(2)} µs CPU`,
);
console.log(`list objects ${first.objects.length} (expected ${w.listObjects.documents}) in ${lt[2]!.toFixed(1)} ms`);
