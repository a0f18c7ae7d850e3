/**
 * A driver for instruction counts (not a test): builds the drive workload, warms up, then runs
 * `passes` passes of all questions with callgrind collecting only around them (instr.sh).
 *   tsx tests/unit/engine/instr.ts [tuples=100000] [passes=1] [questions=4000] [mode=check|list]
 */
import { buildDriveWorkload, driveTuples, DRIVE_MODEL, questionAt } from '../../bench/drive/index.ts';
import { check, compileModel, listObjects, MemoryTupleIndex, parseModel } from '../../../functions/index.ts';

const target = Number(process.argv[2] ?? 100_000);
const passes = Number(process.argv[3] ?? 1);
const n = Number(process.argv[4] ?? 4_000);
const mode = process.argv[5] ?? 'check';
const parsed = parseModel(DRIVE_MODEL);
if (!parsed.ok) throw new Error('model');
const model = compileModel(parsed.model);
const w = buildDriveWorkload(target, 42, n / 2);
const index = new MemoryTupleIndex(parsed.model);
for (const t of driveTuples(w.store)) index.add(t);
const asked = Array.from({ length: n }, (_, i) => ({ ...questionAt(w, i), now: 0 }));
let allowed = 0;
const lo = () => listObjects(model, index, { user: w.listObjects.user, relation: 'viewer', type: 'document', now: 0 });
/**
 * The measured loop runs inside Array.prototype.findLast, a builtin nothing else here calls:
 * instr.sh has callgrind collect only while it is on the stack (--toggle-collect).
 */
const measured = (run: () => void) => [0].findLast(() => (run(), false));
if (mode === 'list') {
  for (let r = 0; r < 3; r++) lo();
  measured(() => {
    for (let r = 0; r < passes; r++) allowed += lo().objects.length;
  });
} else {
  for (let r = 0; r < 5; r++) for (const q of asked) check(model, index, q);
  measured(() => {
    for (let r = 0; r < passes; r++) for (const q of asked) if (check(model, index, q).allowed) allowed++;
  });
}
console.log(`${index.size} tuples, ${passes} passes × ${n}, allowed ${allowed}`);
