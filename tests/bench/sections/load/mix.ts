/**
 * The mixed load against one running Laminate: `requests` requests from `concurrency` workers,
 * each request's kind drawn from MIX (seeded), with the revocation schedule in the middle.
 *
 * Revocation schedule: from 40% to 60% of the run (by requests issued or by time, whichever is
 * further along: the run ends at `requests` or at `seconds`), the request taken when grant k's
 * turn comes deletes it through `/write` instead of its drawn kind. Checks, evaluations and lists keep
 * asking about all the schedule's grants through the whole run. An answer on a grant is judged
 * by when its request started and ended:
 *   - started after the delete's response arrived, and allowed (or listed) → a stale decision;
 *   - started after the grant's write answered and ended before its delete was sent, and
 *     denied → a wrong answer (a lost grant);
 *   - anything else raced with the delete and may go either way.
 * The tuple writes of the mix (the churn) are judged the same way: each writes a fresh grant
 * and deletes the oldest live one, and both are asked about afterwards.
 */
import { createRng } from '../../drive/prng.ts';
import { documentName } from '../../drive/store.ts';
import type { Tuple } from '../../drive/index.ts';
import { RequestFailed, send } from './client.ts';
import { operatorCheck, type EdgeSetup, type Expectations, type Tracked } from './edge.ts';
import { LoadStats, type Kind, type KindStats } from './stats.ts';
import { DAY_LIST, type Person, type TaskSlot } from './workspace.ts';

/** Share of each kind in the mix (per mille). The revocations are placed, not drawn. */
export const MIX: Record<Exclude<Kind, 'revocation'>, number> = {
  check: 420,
  evaluation: 60,
  'list objects': 50,
  'tuple write': 30,
  'day list': 80,
  'day sheet': 180,
  'workspace list': 150,
  'workspace edit': 30,
};
const EDGE_READS: Kind[] = ['check', 'evaluation', 'list objects'];
/** Of checks and evaluations: on a grant of the schedule, on a churned grant; the rest ask drive questions. */
const ON_SCHEDULE = 0.15;
const ON_CHURN = 0.1;
/** Churned grants kept live (each tuple write deletes the oldest beyond this) and recently deleted ones still asked about. */
const CHURN_LIVE = 32;
const CHURN_RECENT = 64;
/** Drive answers kept to ask again, fresh, after the run. */
const RECHECK = 200;

export interface LoadPlan {
  requests: number;
  concurrency: number;
  /** Stop issuing after this many seconds even if fewer requests went out. */
  seconds: number;
  seed: number;
}

/** How many edge reads and writes a plan will send (to issue enough keys). */
export function plannedEdge(requests: number): { reads: number; writes: number } {
  const share = (kinds: Kind[]) => kinds.reduce((n, k) => n + (MIX[k as keyof typeof MIX] ?? 0), 0) / 1000;
  return { reads: Math.ceil(requests * share(EDGE_READS)), writes: Math.ceil(requests * share(['tuple write'])) + 16 };
}

export interface LoadResult {
  stats: LoadStats;
  /** Drive answers of the run asked again afterwards with a fresh check. */
  recheck: { asked: number; agreed: number };
  /** After the run, fresh checks: every revoked grant denied, every live churned grant allowed. */
  after: { revokedDenied: number; revoked: number; liveAllowed: number; live: number };
}

export async function runLoad(
  url: string,
  plan: LoadPlan,
  e: Expectations,
  edge: EdgeSetup,
  people: Person[],
  slots: TaskSlot[],
  log: (line: string) => void,
): Promise<LoadResult> {
  const stats = new LoadStats();
  const rng = createRng(plan.seed + 11);
  const q = e.w.questions;
  const store = `/stores/${edge.storeId}`;
  // This run's copy of the schedule: its grants are written at setup and not yet revoked.
  const schedule: Tracked[] = e.schedule.map((g) => ({
    ...g,
    writtenAt: Number.NEGATIVE_INFINITY,
    deleteSentAt: Number.POSITIVE_INFINITY,
    deletedAt: Number.POSITIVE_INFINITY,
  }));

  // The mix: each request's kind drawn by weight; the revocations placed by progress (0.4 … 0.6).
  const kinds = Object.keys(MIX) as Exclude<Kind, 'revocation'>[];
  const cumulative = kinds.map(
    (
      (sum) => (k: Exclude<Kind, 'revocation'>) =>
        (sum += MIX[k])
    )(0),
  );
  const drawKind = (): Kind => {
    const r = rng.int(1000);
    return kinds[cumulative.findIndex((c) => r < c)]!;
  };
  const revocationAt = schedule.map((_, k) => 0.4 + (0.2 * k) / schedule.length);
  let nextRevocation = 0;

  const live: Tracked[] = [];
  const recent: Tracked[] = [];
  let churned = 0;
  const recheck: { tuple: Tuple; allowed: boolean }[] = [];
  let drivenChecks = 0;
  /** A uniform sample (reservoir) of the drive checks' answers, asked again after the run. */
  const sampleAnswer = (tuple: Tuple, allowed: boolean) => {
    const n = drivenChecks++;
    if (n < RECHECK) recheck.push({ tuple, allowed });
    else if (rng.int(n + 1) < RECHECK) recheck[rng.int(RECHECK)] = { tuple, allowed };
  };

  const judgeTracked = (s: KindStats, t: Tracked, allowed: boolean, started: number, ended: number, what: string) => {
    if (started > t.deletedAt) {
      stats.afterRevocation[t.source]++;
      if (allowed) {
        stats.staleBy[t.source]++;
        s.fail(
          'stale',
          `${what} allowed ${(started - t.deletedAt).toFixed(0)} ms after the delete of ${JSON.stringify(t.tuple)} answered`,
        );
      }
    } else if (started > t.writtenAt && ended < t.deleteSentAt) {
      stats.mustAllow++;
      if (!allowed) s.fail('wrong', `${what} denied the live grant ${JSON.stringify(t.tuple)}`);
    }
  };

  /** A check or evaluation target: a drive question, a grant of the schedule, or a churned grant. */
  const pickTarget = (): { tuple: Tuple; question?: number; tracked?: Tracked } => {
    const r = rng.next();
    if (r < ON_SCHEDULE) {
      const t = schedule[rng.int(schedule.length)]!;
      return { tuple: t.tuple, tracked: t };
    }
    const churn = live.length + recent.length;
    if (r < ON_SCHEDULE + ON_CHURN && churn > 0) {
      const k = rng.int(churn);
      const t = k < live.length ? live[k]! : recent[k - live.length]!;
      return { tuple: t.tuple, tracked: t };
    }
    const i = rng.int(q.count);
    return {
      tuple: { user: `user:u${q.user[i]}`, relation: q.relation[i]!, object: documentName(q.document[i]!) },
      question: i,
    };
  };

  const judgeAnswer = (
    s: KindStats,
    target: ReturnType<typeof pickTarget>,
    allowed: boolean,
    started: number,
    what: string,
  ) => {
    if (target.tracked) return judgeTracked(s, target.tracked, allowed, started, performance.now(), what);
    const expected = e.answers[target.question!] === 1;
    if (allowed !== expected)
      s.fail('wrong', `${what} ${JSON.stringify(target.tuple)}: ${allowed}, the reference says ${expected}`);
  };

  const edgePost = async (path: string, body: unknown, keys: EdgeSetup['read']) =>
    JSON.parse(
      (
        await send(stats, `${url}${path}`, () => ({
          method: 'POST',
          headers: { authorization: `Bearer ${keys.take()}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }))
      ).text,
    );

  const workspace = (person: Person, method: string, path: string, body?: unknown) =>
    send(stats, `${url}${path}`, () => ({
      method,
      headers: {
        cookie: person.cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': person.csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));

  const readWorkspace = async (s: KindStats, person: Person, path: string) => {
    const { text } = await workspace(person, 'GET', path);
    const expected = person.expected.get(path);
    if (expected !== undefined && text !== expected)
      s.fail(
        'wrong',
        `${person.who} ${path}: the answer changed under load (${text.length} bytes, was ${expected.length})`,
      );
  };

  const requests: Record<Kind, (s: KindStats, started: number) => Promise<void>> = {
    check: async (s, started) => {
      const target = pickTarget();
      const { allowed } = await edgePost(`${store}/check`, { tuple_key: target.tuple }, edge.read);
      judgeAnswer(s, target, allowed === true, started, 'check');
      if (target.question !== undefined) sampleAnswer(target.tuple, allowed === true);
    },
    evaluation: async (s, started) => {
      const target = pickTarget();
      const [subject, resource] = [target.tuple.user, target.tuple.object].map(
        (ref) => ref.split(':') as [string, string],
      );
      const { decision } = await edgePost(
        '/access/v1/evaluation',
        {
          subject: { type: subject![0], id: subject![1] },
          action: { name: target.tuple.relation },
          resource: { type: resource![0], id: resource![1] },
        },
        edge.read,
      );
      judgeAnswer(s, target, decision === true, started, 'evaluation');
    },
    'list objects': async (s, started) => {
      const r = rng.next();
      const churn = live.length + recent.length;
      const tracked =
        r < ON_SCHEDULE
          ? schedule[rng.int(schedule.length)]!
          : r < ON_SCHEDULE + ON_CHURN && churn > 0
            ? [...live, ...recent][rng.int(churn)]!
            : undefined;
      const listed = tracked ? undefined : e.lists[rng.int(e.lists.length)]!;
      const user = tracked ? tracked.tuple.user : listed!.user;
      const { objects } = (await edgePost(
        `${store}/list-objects`,
        { user, relation: 'viewer', type: 'document' },
        edge.read,
      )) as { objects: string[] };
      if (listed) {
        if (objects.length !== listed.documents.size || !objects.every((o) => listed.documents.has(o)))
          s.fail(
            'wrong',
            `list objects of ${user}: ${objects.length} documents, the reference has ${listed.documents.size}`,
          );
        return;
      }
      const own = objects.includes(tracked!.tuple.object);
      const rest = objects.length - (own ? 1 : 0);
      if (rest !== e.publicDocs.size || !objects.every((o) => o === tracked!.tuple.object || e.publicDocs.has(o)))
        s.fail('wrong', `list objects of ${user}: ${rest} documents besides its grant, ${e.publicDocs.size} public`);
      judgeTracked(s, tracked!, own, started, performance.now(), 'list objects');
    },
    'tuple write': async () => {
      const n = churned++;
      const document = e.privateDocs[rng.int(e.privateDocs.length)]!;
      const fresh: Tracked = {
        tuple: { user: `user:w${n}`, relation: 'viewer', object: documentName(document) },
        document,
        source: 'churn',
        writtenAt: Number.POSITIVE_INFINITY,
        deleteSentAt: Number.POSITIVE_INFINITY,
        deletedAt: Number.POSITIVE_INFINITY,
      };
      const old = live.length >= CHURN_LIVE ? live.shift() : undefined;
      if (old) {
        old.deleteSentAt = performance.now();
        recent.push(old);
        if (recent.length > CHURN_RECENT) recent.shift();
      }
      await edgePost(
        `${store}/write`,
        {
          writes: { tuple_keys: [fresh.tuple], on_duplicate: 'ignore' },
          ...(old ? { deletes: { tuple_keys: [old.tuple], on_missing: 'ignore' } } : {}),
        },
        edge.write,
      );
      const done = performance.now();
      fresh.writtenAt = done;
      live.push(fresh);
      if (old) {
        old.deletedAt = done;
        stats.churnDeletes++;
      }
    },
    revocation: async () => {
      const grant = schedule[nextRevocation++]!;
      grant.deleteSentAt = performance.now();
      await edgePost(`${store}/write`, { deletes: { tuple_keys: [grant.tuple], on_missing: 'ignore' } }, edge.write);
      grant.deletedAt = performance.now();
    },
    'day list': async (s) => {
      const person = people[rng.int(people.length)]!;
      await readWorkspace(s, person, DAY_LIST);
    },
    'day sheet': async (s) => {
      const readers = people.filter((p) => p.sheets.length > 0);
      const person = readers[rng.int(readers.length)]!;
      await readWorkspace(s, person, person.sheets[rng.int(person.sheets.length)]!);
    },
    'workspace list': async (s) => {
      const person = people[rng.int(people.length)]!;
      await readWorkspace(s, person, person.lists[rng.int(person.lists.length)]!);
    },
    'workspace edit': async () => {
      const free = slots.filter((slot) => !slot.busy);
      const slot = free[rng.int(free.length)]!;
      slot.busy = true;
      try {
        if (slot.step === 'create') {
          const { text } = await workspace(slot.person, 'POST', '/api/tasks', {
            title: `load bench task of ${slot.person.who}`,
          });
          slot.taskId = (JSON.parse(text) as { task: { id: string } }).task.id;
          slot.step = 'edit';
        } else if (slot.step === 'edit') {
          await workspace(slot.person, 'PATCH', `/api/tasks/${slot.taskId}`, {
            status: 'done',
            notes: 'edited under load',
          });
          slot.step = 'delete';
        } else {
          await workspace(slot.person, 'DELETE', `/api/tasks/${slot.taskId}`);
          slot.step = 'create';
        }
      } finally {
        slot.busy = false;
      }
    },
  };

  let next = 0;
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  const progress = () => Math.max(next / plan.requests, (performance.now() - started) / (plan.seconds * 1000));
  const report = setInterval(() => {
    const failed = (['4xx', '5xx', 'network', 'timeout', 'wrong', 'stale'] as const).reduce(
      (n, f) => n + stats.total(f),
      0,
    );
    log(
      `    … ${next.toLocaleString('en-US')} / ${plan.requests.toLocaleString('en-US')} issued, ${(stats.requests / ((performance.now() - started) / 1000)).toFixed(0)} req/s, ${failed} failed, ${nextRevocation} revoked`,
    );
  }, 15_000);
  await Promise.all(
    Array.from({ length: plan.concurrency }, async () => {
      while (next < plan.requests && performance.now() < deadline) {
        const kind: Kind =
          nextRevocation < revocationAt.length && progress() >= revocationAt[nextRevocation]!
            ? 'revocation'
            : drawKind();
        next++;
        const s = stats.of(kind);
        s.requests++;
        const t0 = performance.now();
        try {
          await requests[kind](s, t0);
          s.samples.push(performance.now() - t0);
        } catch (error) {
          if (error instanceof RequestFailed) {
            if (error.status === 429) s.rateLimited++;
            s.fail(error.failure, error.message);
          } else s.fail('network', String(error instanceof Error ? error.message : error));
        }
      }
    }),
  );
  clearInterval(report);
  stats.seconds = (performance.now() - started) / 1000;
  if (next < plan.requests) stats.cappedAt = next;

  // Afterwards, one request at a time with the operator key: the sampled answers again, the
  // schedule's grants (all revoked by now, unless the run was cut short) and the live churn.
  let agreed = 0;
  for (const r of recheck) if ((await operatorCheck(url, edge.storeId, r.tuple)) === r.allowed) agreed++;
  let revokedDenied = 0;
  const revoked = schedule.filter((g) => Number.isFinite(g.deletedAt));
  for (const g of revoked) if (!(await operatorCheck(url, edge.storeId, g.tuple))) revokedDenied++;
  let liveAllowed = 0;
  for (const t of live) if (await operatorCheck(url, edge.storeId, t.tuple)) liveAllowed++;
  return {
    stats,
    recheck: { asked: recheck.length, agreed },
    after: { revokedDenied, revoked: revoked.length, liveAllowed, live: live.length },
  };
}
