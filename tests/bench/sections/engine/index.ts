import { fmt, growth, renderTable, scaleName, type Line, type Row } from '../../lib/table.ts';
import { timerOverhead } from '../../lib/measure.ts';
import type { Section } from '../types.ts';
import { runScale, type ScaleResult } from './scale.ts';

/**
 * The targets Laminate's engine is held to, by scale; a cell that has one gets ✓ or ✗.
 * Not a test: the bench reports, it does not fail the build.
 */
const TARGETS = {
  checkP50: { text: '≤ 3 µs @100k, ≤ 5 µs @1M', limit: { 100000: 3, 1000000: 5 } },
  checkP99: { text: '≤ 30 µs @100k', limit: { 100000: 30 } },
  listObjects: { text: '≤ 20 ms @100k, ≤ 100 ms @1M', limit: { 100000: 20, 1000000: 100 } },
  bytesPerTuple: { text: '≤ 150 B', limit: { all: 150 } },
  compactBytesPerTuple: { text: '≤ 48 B', limit: { all: 48 } },
} as const;

type Target = { text: string; limit: Partial<Record<number | 'all', number>> };

/** A row of one number per scale, with growth first→last and the target marks. */
function metric(
  label: string,
  results: ScaleResult[],
  value: (r: ScaleResult) => number,
  unit = '',
  target?: Target,
): Row {
  const values = results.map(value);
  const cells = values.map((v, i) => {
    const limit = target?.limit[results[i]!.target] ?? target?.limit.all;
    const mark = limit === undefined || !Number.isFinite(v) ? '' : v <= limit ? ' ✓' : ' ✗';
    return fmt(v, unit) + mark;
  });
  return { label, cells, growth: growth(values[0]!, values.at(-1)!), target: target?.text };
}

function text(label: string, results: ScaleResult[], cell: (r: ScaleResult) => string): Row {
  return { label, cells: results.map(cell) };
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const listMs = (r: ScaleResult) => ('ms' in r.laminate.listObjects ? r.laminate.listObjects.ms : Number.NaN);

export function engineTable(results: ScaleResult[]): string {
  const half = (r: ScaleResult) => r.questions / 2;
  const lines: Line[] = [
    { heading: 'workload (drive, docs/bench.md)' },
    metric('tuples', results, (r) => r.tuples),
    text('questions (random + biased)', results, (r) => `${half(r)} + ${half(r)}`),
    text(
      'allowed: random / biased',
      results,
      (r) => `${pct(r.allowed.random, half(r))} / ${pct(r.allowed.biased, half(r))}`,
    ),
    text('allowed: all (30–60%)', results, (r) => pct(r.allowed.all, r.questions)),
    { heading: 'Laminate (functions/, MemoryTupleIndex)' },
    metric('setup: index build (ms)', results, (r) => r.laminate.setupMs),
    metric('memory (B/tuple)', results, (r) => r.laminate.bytesPerTuple, '', TARGETS.bytesPerTuple),
    metric('check p50 (µs)', results, (r) => r.laminate.check.p50, '', TARGETS.checkP50),
    metric('check p99 (µs)', results, (r) => r.laminate.check.p99, '', TARGETS.checkP99),
    metric('checks/s', results, (r) => r.laminate.check.perSecond),
    metric('list objects, top user (ms)', results, listMs, '', TARGETS.listObjects),
    text('  objects listed / expected', results, (r) => {
      const l = r.laminate.listObjects;
      return 'error' in l ? `error: ${l.error}` : `${l.count} / ${l.expected}`;
    }),
    { heading: 'Laminate compact snapshot (CompactTupleIndex: large stores over HTTP)' },
    metric('setup: build (ms)', results, (r) => r.compact.setupMs),
    metric('memory (B/tuple)', results, (r) => r.compact.bytesPerTuple, '', TARGETS.compactBytesPerTuple),
    metric('serialized (B/tuple)', results, (r) => r.compact.serializedBytesPerTuple),
    metric('load from bytes, cold (ms)', results, (r) => r.compact.loadMs),
    metric('first pass per question (µs)', results, (r) => r.compact.coldPassUs),
    metric('check p50, warm (µs)', results, (r) => r.compact.check.p50),
    metric('check p99, warm (µs)', results, (r) => r.compact.check.p99),
    metric('checks/s', results, (r) => r.compact.check.perSecond),
    metric('list objects, top user (ms)', results, (r) =>
      'ms' in r.compact.listObjects ? r.compact.listObjects.ms : Number.NaN,
    ),
    text('agreement with the index', results, (r) => `${r.compact.agreed}/${r.questions}`),
    { heading: 'Cedar (@cedar-policy/cedar-wasm, same process)' },
    metric('setup: entity graph (ms)', results, (r) => r.cedar.setupMs),
    metric('memory of the graph (B/tuple)', results, (r) => r.cedar.bytesPerTuple),
    metric('slice per question, JS (µs)', results, (r) => r.cedar.sliceUs),
    metric('entities per slice', results, (r) => r.cedar.entitiesPerSlice),
    text('questions timed', results, (r) => String(r.cedar.check.samples)),
    metric('check p50 (µs)', results, (r) => r.cedar.check.p50),
    metric('check p99 (µs)', results, (r) => r.cedar.check.p99),
    metric('checks/s', results, (r) => r.cedar.check.perSecond),
    { heading: 'Laminate vs Cedar' },
    text('agreement (errors)', results, (r) => `${r.agreement.agreed}/${r.agreement.asked} (${r.agreement.errors})`),
    metric('Cedar p50 / Laminate p50', results, (r) => r.cedar.check.p50 / r.laminate.check.p50, '×'),
    metric('Laminate checks/s / Cedar', results, (r) => r.laminate.check.perSecond / r.cedar.check.perSecond, '×'),
  ];
  return renderTable(
    results.map((r) => scaleName(r.target)),
    lines,
  );
}

export const engineSection: Section = {
  name: 'engine',
  summary: 'Laminate engine in process vs Cedar-wasm, drive workload at each scale',
  async run(ctx) {
    ctx.log(
      `engine: drive workload, seed ${ctx.seed}; timer overhead ${fmt(timerOverhead())} µs per timed call (included)`,
    );
    const results: ScaleResult[] = [];
    for (const target of ctx.scales) {
      ctx.log(`scale ${scaleName(target)}`);
      const r = runScale(target, {
        seed: ctx.seed,
        questionsPerSet: ctx.questionsPerSet,
        cedarTimed: ctx.cedarTimed,
        log: ctx.log,
      });
      const lo = r.laminate.listObjects;
      ctx.log(
        `  list-objects question: viewer documents for the top user (${'expected' in lo ? lo.expected : '?'} expected)`,
      );
      results.push(r);
      if (r.agreement.agreed !== r.agreement.asked || r.agreement.errors > 0) {
        ctx.problem(
          `Laminate and Cedar disagree on ${r.agreement.asked - r.agreement.agreed} questions (${r.agreement.errors} errors)`,
        );
      }
    }
    ctx.log('');
    ctx.table(engineTable(results));
  },
};
