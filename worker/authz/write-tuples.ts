/**
 * Tuple writes (OpenFGA Write): validated against the model, checked against what exists, then
 * ONE atomic batch (db/authz/tuple-write-statements.ts) that also answers the new revision. Writes and deletes
 * land together or not at all.
 */
import { validateTuple, type TupleKey } from '../../functions/index.ts';
import { parseObject, parseUser } from '../../functions/request.ts';
import { toColumns, tupleIdentity, fromRow } from '../../db/authz/codec.ts';
import { existingTuples } from '../../db/authz/tuple-reads.ts';
import { stateQuery } from '../../db/authz/state.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import { authzStores } from '../../db/authz/schema.ts';
import { eq } from 'drizzle-orm';
import { ApiError } from '../errors.ts';
import type { EdgeRequest } from '../middleware/api-key.ts';
import { modelOfState } from './model-cache.ts';
import { encodeToken } from './consistency.ts';

/** OpenFGA caps a write at 100 tuples; Laminate allows more (each statement stays under D1's limit). */
export const MAX_TUPLES_PER_WRITE = 1000;

export type WriteInput = {
  writes: TupleKey[];
  deletes: TupleKey[];
  onDuplicate: 'error' | 'ignore';
  onMissing: 'error' | 'ignore';
  modelId?: string | undefined;
};

const sameCondition = (a: TupleKey, b: TupleKey) =>
  JSON.stringify(a.condition ?? null) === JSON.stringify(b.condition ?? null) && a.expiresAt === b.expiresAt;

/** `now`: the write's time (the tuples' and the change log's `created_at`). */
export async function writeTuples(
  edge: Pick<EdgeRequest, 'store' | 'meter' | 'principal'>,
  storeId: string,
  input: WriteInput,
  now: number,
): Promise<{ token: string; revision: number }> {
  const { store, meter } = edge;
  const total = input.writes.length + input.deletes.length;
  if (total === 0) throw new ApiError('validation_error', 'nothing to write: send `writes` or `deletes`');
  if (total > MAX_TUPLES_PER_WRITE)
    throw new ApiError('validation_error', `a write may hold at most ${MAX_TUPLES_PER_WRITE} tuples`);

  const principal = edge.principal;
  const prefetched =
    principal.kind === 'key' && principal.storeId === storeId && !input.modelId ? principal.state : undefined;
  const state = prefetched ?? (await meter.run(stateQuery(store.db, storeId, input.modelId)))[0];
  if (!state) throw new ApiError('not_found', `store \`${storeId}\` not found`);
  const modelId = state.modelId;
  if (!modelId) {
    throw new ApiError(
      'validation_error',
      input.modelId
        ? `authorization model \`${input.modelId}\` not found`
        : 'the store has no authorization model yet: write one first',
    );
  }
  const model = await modelOfState(store.db, { ...state, modelId });
  const seen = new Set<string>();
  for (const t of input.writes) {
    const why = validateTuple(model, t);
    if (why) throw new ApiError('validation_error', `invalid tuple: ${why}`, { field: 'writes' });
    if (t.expiresAt !== undefined && !Number.isFinite(t.expiresAt))
      throw new ApiError('validation_error', 'invalid tuple: `expires_at` is not a time', { field: 'writes' });
    unique(seen, t);
  }
  for (const t of input.deletes) {
    if (!parseObject(t.object) || !parseUser(t.user))
      throw new ApiError('validation_error', `invalid tuple to delete: \`${t.object}#${t.relation}@${t.user}\``, {
        field: 'deletes',
      });
    unique(seen, t);
  }

  const existing = new Map(
    (await meter.run(existingTuples(store, storeId, [...input.writes, ...input.deletes].map(toColumns)))).map((row) => {
      const t = fromRow(row);
      return [tupleIdentity(t), t] as const;
    }),
  );
  const writes = input.writes.filter((t) => {
    const old = existing.get(tupleIdentity(t));
    if (!old) return true;
    if (input.onDuplicate === 'ignore' && sameCondition(old, t)) return false;
    throw new ApiError(
      'validation_error',
      `cannot write a tuple which already exists: \`${t.object}#${t.relation}@${t.user}\``,
      { field: 'writes' },
    );
  });
  const deletes = input.deletes.filter((t) => {
    if (existing.has(tupleIdentity(t))) return true;
    if (input.onMissing === 'ignore') return false;
    throw new ApiError(
      'validation_error',
      `cannot delete a tuple which does not exist: \`${t.object}#${t.relation}@${t.user}\``,
      { field: 'deletes' },
    );
  });

  const statements = tupleWriteStatements(store.db, storeId, { writes, deletes }, now);
  if (statements.length === 0)
    return { token: encodeToken(storeId, state.revision, store.bookmark()), revision: state.revision };
  const revisionNow = store.db
    .select({ revision: authzStores.revision })
    .from(authzStores)
    .where(eq(authzStores.id, storeId));
  let results: readonly unknown[];
  try {
    results = await meter.run(
      store.batch([...statements, revisionNow] as unknown as [(typeof statements)[0], ...typeof statements]),
    );
  } catch (cause) {
    if (!isUniqueViolation(cause)) throw cause;
    throw new ApiError('conflict', 'a concurrent write changed these tuples: nothing was written, retry', { cause });
  }
  const revision = (results[results.length - 1] as { revision: number }[])[0]?.revision ?? state.revision;
  return { token: encodeToken(storeId, revision, store.bookmark()), revision };
}

function unique(seen: Set<string>, t: TupleKey): void {
  const id = tupleIdentity(t);
  if (seen.has(id))
    throw new ApiError('validation_error', `duplicate tuple in one write: \`${t.object}#${t.relation}@${t.user}\``);
  seen.add(id);
}

/** D1 and libSQL both report `UNIQUE constraint failed`, possibly wrapped by drizzle. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (/UNIQUE constraint failed/i.test(e.message)) return true;
  return false;
}
