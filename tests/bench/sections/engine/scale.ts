import {
  check,
  CompactTupleIndex,
  compileModel,
  listObjects,
  MemoryTupleIndex,
  parseModel,
  type TupleSource,
} from '../../../../functions/index.ts';
import { createCedarDrive } from '../../cedar/authorizer.ts';
import {
  buildDriveWorkload,
  DRIVE_MODEL,
  driveTuples,
  questionAt,
  type DriveWorkload,
  type Tuple,
} from '../../drive/index.ts';
import { measureLatency, measureRetained, type Latency } from '../../lib/measure.ts';

/** Everything the engine section measures at one scale. */
export interface ScaleResult {
  target: number;
  tuples: number;
  generateMs: number;
  questions: number;
  allowed: { random: number; biased: number; all: number };
  laminate: {
    setupMs: number;
    bytesPerTuple: number;
    check: Latency;
    listObjects: { ms: number; count: number; expected: number } | { error: string };
  };
  /** The compact snapshot (large stores over HTTP): same questions through its working set. */
  compact: {
    setupMs: number;
    bytesPerTuple: number;
    serializedBytesPerTuple: number;
    loadMs: number;
    /** First pass over every question (the working set filling up), then warm. */
    coldPassUs: number;
    check: Latency;
    listObjects: { ms: number; count: number; expected: number } | { error: string };
    agreed: number;
  };
  cedar: { setupMs: number; bytesPerTuple: number; sliceUs: number; entitiesPerSlice: number; check: Latency };
  agreement: { agreed: number; asked: number; errors: number };
}

export interface ScaleOptions {
  seed: number;
  questionsPerSet: number;
  /** Questions Cedar is timed on (all of them are asked in the agreement pass regardless). */
  cedarTimed: number;
  log: (line: string) => void;
}

const parsed = parseModel(DRIVE_MODEL);
if (!parsed.ok) throw new Error(`drive model does not parse: ${parsed.errors[0]?.message}`);
const authorizationModel = parsed.model;
const model = compileModel(authorizationModel);

/**
 * Runs one scale: build both engines, ask every question of both (they must agree), then time.
 * Memory is measured on builds fed straight from the generator, so that the strings each keeps
 * are its own and counted; setup time on a second build from a ready array, so that making the
 * tuple strings is not counted as setup.
 */
export function runScale(target: number, o: ScaleOptions): ScaleResult {
  const w = buildDriveWorkload(target, o.seed, o.questionsPerSet);
  const n = w.questions.count;
  o.log(`  ${w.store.tupleCount} tuples generated in ${w.generateMs.toFixed(0)} ms; building Laminate's index`);

  const built = measureRetained(() => buildIndex(driveTuples(w.store)));
  const index = built.value;
  o.log('  building the Cedar entity graph');
  const cedarBuilt = measureRetained(() => createCedarDrive(driveTuples(w.store)));
  const cedar = cedarBuilt.value;
  o.log('  timing both builds from a ready tuple array');
  const setup = timeSetup(w);

  o.log(`  asking all ${n} questions of both engines`);
  const asked = Array.from({ length: n }, (_, i) => ({ ...questionAt(w, i), now: 0 }));
  const agreement = { agreed: 0, asked: n, errors: 0 };
  const allowed = { random: 0, biased: 0, all: 0 };
  const sliceStarted = performance.now();
  const requests = asked.map((q) => cedar.request(q.user, q.relation, q.object));
  const sliceUs = ((performance.now() - sliceStarted) * 1000) / n;
  for (let i = 0; i < n; i++) {
    const ours = check(model, index, asked[i]!);
    const theirs = cedar.authorize(requests[i]!);
    if (ours.error || theirs.errors.length > 0) agreement.errors++;
    if (ours.allowed === theirs.allowed) agreement.agreed++;
    if (ours.allowed) {
      allowed.all++;
      if (w.questions.biased[i]) allowed.biased++;
      else allowed.random++;
    }
  }

  o.log('  timing');
  const laminateCheck = measureLatency(n, (i) => check(model, index, asked[i]!), 3);
  const compact = runCompact(w, asked, (i) => check(model, index, asked[i]!).allowed, o);
  const timed = Math.min(n, o.cedarTimed);
  const step = n / timed; // an even sample across the random and the biased halves
  const cedarCheck = measureLatency(timed, (i) => cedar.authorize(requests[Math.floor(i * step)]!));

  return {
    target,
    tuples: w.store.tupleCount,
    generateMs: w.generateMs,
    questions: n,
    allowed,
    laminate: {
      setupMs: setup.laminateMs,
      bytesPerTuple: built.bytes / w.store.tupleCount,
      check: laminateCheck,
      listObjects: timeListObjects(index, w),
    },
    compact,
    cedar: {
      setupMs: setup.cedarMs,
      bytesPerTuple: cedarBuilt.bytes / w.store.tupleCount,
      sliceUs,
      entitiesPerSlice: requests.reduce((sum, r) => sum + r.entities.length, 0) / n,
      check: cedarCheck,
    },
    agreement,
  };
}

function buildIndex(tuples: Iterable<Tuple>): MemoryTupleIndex {
  const index = new MemoryTupleIndex(authorizationModel);
  for (const t of tuples) index.add(t);
  return index;
}

/** Builds each engine once more from an array, timed, and lets both go. */
function timeSetup(w: DriveWorkload): { laminateMs: number; cedarMs: number } {
  const tuples = [...driveTuples(w.store)];
  let started = performance.now();
  buildIndex(tuples);
  const laminateMs = performance.now() - started;
  started = performance.now();
  createCedarDrive(tuples);
  return { laminateMs, cedarMs: performance.now() - started };
}

/**
 * The compact snapshot: memory of a build fed from the generator, its serialized size and the
 * time to load it back (a cold isolate), then every question through one kept working set.
 */
function runCompact(
  w: DriveWorkload,
  asked: { user: string; relation: string; object: string; now: number }[],
  reference: (i: number) => boolean,
  o: ScaleOptions,
): ScaleResult['compact'] {
  o.log('  compact snapshot: build, serialize, load');
  const started = performance.now();
  const built = measureRetained(() => CompactTupleIndex.build(driveTuples(w.store)));
  const setupMs = performance.now() - started;
  const bytes = built.value.serialize();
  let loadStarted = performance.now();
  let compact = CompactTupleIndex.deserialize(bytes);
  const loadMs = performance.now() - loadStarted;
  built.value = compact; // let the first build go
  loadStarted = performance.now();
  let agreed = 0;
  for (let i = 0; i < asked.length; i++)
    if (check(model, compact.source(), asked[i]!).allowed === reference(i)) agreed++;
  const coldPassUs = ((performance.now() - loadStarted) * 1000) / asked.length;
  const checkLatency = measureLatency(asked.length, (i) => check(model, compact.source(), asked[i]!), 3);
  const list = timeListObjects(compact.source(), w);
  compact = built.value;
  return {
    setupMs,
    bytesPerTuple: built.bytes / w.store.tupleCount,
    serializedBytesPerTuple: bytes.byteLength / w.store.tupleCount,
    loadMs,
    coldPassUs,
    check: checkLatency,
    listObjects: list,
    agreed,
  };
}

/** The median of 5 runs after one warm-up. */
function timeListObjects(index: TupleSource, w: DriveWorkload): ScaleResult['laminate']['listObjects'] {
  const { user, relation, type, documents } = w.listObjects;
  const run = () => listObjects(model, index, { user, relation, type, now: 0 });
  const first = run();
  if (first.error || !Array.isArray(first.objects)) return { error: first.error?.message ?? 'no objects returned' };
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2]!, count: first.objects.length, expected: documents };
}
