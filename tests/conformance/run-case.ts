/**
 * Runs one OpenFGA conformance case (tests[].stages[]) against the engine and returns every
 * expectation that did not hold. Tuples accumulate across stages, as they do in a store that
 * receives a new model version: stored tuples the new model does not allow are ignored.
 */
import {
  check,
  CompactTupleIndex,
  compileModel,
  explain,
  FetchingTupleSource,
  listObjects,
  listUsers,
  MemoryTupleIndex,
  parseModel,
  withFetching,
} from '../../functions/index.ts';
import type { Context, ListedUser, TupleKey, UserFilter } from '../../functions/index.ts';
import type { NeighbourhoodDb } from './neighbourhood-db.ts';

type Assertion = { expectation?: unknown; errorCode?: number; context?: Context; contextualTuples?: TupleKey[] };
type Stage = {
  model: string;
  tuples?: TupleKey[] | null;
  checkAssertions?: (Assertion & { tuple: { user: string; relation: string; object: string } })[] | null;
  listObjectsAssertions?: (Assertion & { request: { user: string; type: string; relation: string } })[] | null;
  listUsersAssertions?: (Assertion & { request: { object: string; relation: string; filters: string[] } })[] | null;
};
export type Case = { name: string; stages: Stage[] };

const NOW = Date.UTC(2024, 0, 1);
let caseNumber = 0;

export function listedUserText(u: ListedUser): string {
  if ('object' in u) return `${u.object.type}:${u.object.id}`;
  if ('wildcard' in u) return `${u.wildcard.type}:*`;
  return `${u.userset.type}:${u.userset.id}#${u.userset.relation}`;
}

const sameSet = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** A fetching source over the same tuples, answering each batch by filtering them. */
function fetchingOver(index: MemoryTupleIndex): FetchingTupleSource {
  return new FetchingTupleSource(async (keys) => {
    const all = [...index.tuples()];
    return all.filter((t) =>
      keys.some((k) =>
        k.kind === 'forward'
          ? t.object === `${k.objectType}:${k.objectId}` && t.relation === k.relation
          : t.object.startsWith(`${k.objectType}:`) && t.relation === k.relation && t.user === k.user,
      ),
    );
  });
}

/**
 * Runs a case. Besides the suite's own expectations, every check is repeated through explain,
 * through the fetching source and (given `db`) over its neighbourhood read by SQL, and every
 * list-objects through the fetching source and its listing neighbourhood, and every check,
 * list-objects and list-users through a compact snapshot (the large-store path: the first
 * stage's tuples as its frozen base, later stages' as its delta): all must agree with the
 * in-memory answer.
 * `counts` counts the checks and listings answered from their neighbourhoods, and the answers
 * compared through the compact snapshot.
 */
export async function runCase(
  c: Case,
  db?: NeighbourhoodDb,
  counts = { neighbourhood: 0, listings: 0, compact: 0 },
): Promise<string[]> {
  const failures: string[] = [];
  const index = new MemoryTupleIndex();
  let compact: CompactTupleIndex | undefined;
  const storeId = `case-${++caseNumber}`;
  await db?.newStore(storeId);
  for (const [si, stage] of c.stages.entries()) {
    const parsed = parseModel(stage.model);
    if (!parsed.ok) {
      failures.push(`stage ${si}: model rejected: ${parsed.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const model = compileModel(parsed.model);
    for (const t of stage.tuples ?? []) index.add(t);
    if (!compact) compact = CompactTupleIndex.build(stage.tuples ?? []);
    else for (const t of stage.tuples ?? []) compact.write(t);
    const snapshot = compact;
    const viaCompact = (what: string, got: unknown, want: unknown) => {
      counts.compact++;
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${what}: compact snapshot says ${JSON.stringify(got)}, memory ${JSON.stringify(want)}`);
    };
    await db?.write(storeId, stage.tuples ?? []);
    for (const a of stage.checkAssertions ?? []) {
      const res = check(model, index, {
        ...a.tuple,
        context: a.context,
        contextualTuples: a.contextualTuples ?? undefined,
        now: NOW,
      });
      const what = `stage ${si} check ${a.tuple.user} ${a.tuple.relation} ${a.tuple.object}`;
      const req = { ...a.tuple, context: a.context, contextualTuples: a.contextualTuples ?? undefined, now: NOW };
      const ex = explain(model, index, req);
      if (ex.allowed !== res.allowed || ex.error?.code !== res.error?.code)
        failures.push(
          `${what}: explain says ${JSON.stringify({ allowed: ex.allowed, error: ex.error })}, check ${JSON.stringify(res)}`,
        );
      viaCompact(what, check(model, snapshot.source(), req), res);
      const src = fetchingOver(index);
      const fetched = await withFetching(src, () => check(model, src, req));
      if (fetched.value.allowed !== res.allowed || fetched.value.error?.code !== res.error?.code)
        failures.push(`${what}: fetching source says ${JSON.stringify(fetched.value)}, memory ${JSON.stringify(res)}`);
      const near = await db?.check(storeId, model, req);
      if (near) {
        counts.neighbourhood++;
        if (near.allowed !== res.allowed || near.error?.code !== res.error?.code)
          failures.push(`${what}: neighbourhood says ${JSON.stringify(near)}, memory ${JSON.stringify(res)}`);
      }
      if (a.errorCode !== undefined) {
        if (res.error?.code !== a.errorCode)
          failures.push(`${what}: want error ${a.errorCode}, got ${JSON.stringify(res)}`);
      } else if (res.error || res.allowed !== a.expectation)
        failures.push(`${what}: want ${String(a.expectation)}, got ${JSON.stringify(res)}`);
    }
    for (const a of stage.listObjectsAssertions ?? []) {
      const res = listObjects(model, index, {
        ...a.request,
        context: a.context,
        contextualTuples: a.contextualTuples ?? undefined,
        now: NOW,
      });
      const what = `stage ${si} list-objects ${a.request.user} ${a.request.relation} ${a.request.type}`;
      viaCompact(
        what,
        listObjects(model, snapshot.source(), {
          ...a.request,
          context: a.context,
          contextualTuples: a.contextualTuples ?? undefined,
          now: NOW,
        }),
        res,
      );
      const src = fetchingOver(index);
      const fetched = await withFetching(src, () =>
        listObjects(model, src, {
          ...a.request,
          context: a.context,
          contextualTuples: a.contextualTuples ?? undefined,
          now: NOW,
        }),
      );
      if (JSON.stringify(fetched.value) !== JSON.stringify(res))
        failures.push(`${what}: fetching source says ${JSON.stringify(fetched.value)}, memory ${JSON.stringify(res)}`);
      const near = await db?.listObjects(storeId, model, {
        ...a.request,
        context: a.context,
        contextualTuples: a.contextualTuples ?? undefined,
        now: NOW,
      });
      if (near) {
        counts.listings++;
        if (JSON.stringify(near) !== JSON.stringify(res))
          failures.push(`${what}: listing neighbourhood says ${JSON.stringify(near)}, memory ${JSON.stringify(res)}`);
      }
      if (a.errorCode !== undefined) {
        if (res.error?.code !== a.errorCode)
          failures.push(`${what}: want error ${a.errorCode}, got ${JSON.stringify(res)}`);
      } else {
        const want = (a.expectation as string[] | null) ?? [];
        if (res.error || !sameSet(res.objects, want))
          failures.push(`${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(res)}`);
      }
    }
    for (const a of stage.listUsersAssertions ?? []) {
      const userFilters: UserFilter[] = a.request.filters.map((f) => {
        const [type, relation] = f.split('#');
        return relation === undefined ? { type: type as string } : { type: type as string, relation };
      });
      const res = listUsers(model, index, {
        object: a.request.object,
        relation: a.request.relation,
        userFilters,
        context: a.context,
        contextualTuples: a.contextualTuples ?? undefined,
        now: NOW,
      });
      const what = `stage ${si} list-users ${a.request.object} ${a.request.relation} ${a.request.filters.join(',')}`;
      const viaSnapshot = listUsers(model, snapshot.source(), {
        object: a.request.object,
        relation: a.request.relation,
        userFilters,
        context: a.context,
        contextualTuples: a.contextualTuples ?? undefined,
        now: NOW,
      });
      viaCompact(
        what,
        { ...viaSnapshot, users: (viaSnapshot.users ?? []).map(listedUserText).sort() },
        { ...res, users: (res.users ?? []).map(listedUserText).sort() },
      );
      if (a.errorCode !== undefined) {
        if (res.error?.code !== a.errorCode)
          failures.push(`${what}: want error ${a.errorCode}, got ${JSON.stringify(res)}`);
      } else {
        const want = (a.expectation as string[] | null) ?? [];
        const got = (res.users ?? []).map(listedUserText);
        if (res.error || !sameSet(got, want))
          failures.push(
            `${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)} ${res.error ? JSON.stringify(res.error) : ''}`,
          );
      }
    }
  }
  return failures;
}
