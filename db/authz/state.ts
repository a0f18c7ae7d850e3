/**
 * A store's state in one statement: its revision, tuple count, and the model a request uses
 * (the one it pins, or the newest). Every read starts here; it is also what an API key lookup
 * joins, so an authenticated check can learn the revision in the same round trip as the key.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { authzStores } from './schema.ts';
import type { Db, Store } from '../store.ts';
import { changeRowsOf, deltaColumn, type ChangeRow } from './changes.ts';

export type StoreState = {
  storeId: string;
  revision: number;
  tupleCount: number;
  modelId: string | null;
  modelJson: string | null;
};

/**
 * The outer row's store id, spelled out: drizzle prints a column unqualified in a select list,
 * where inside a sub-select `"id"` would mean the model's own id.
 */
const outerStoreId = sql.raw('"authz_stores"."id"');

/** The newest model id of the outer query's store. */
export const latestModelId = () =>
  sql<string | null>`(SELECT id FROM authz_models WHERE store_id = ${outerStoreId} ORDER BY id DESC LIMIT 1)`;

/**
 * A model's stored text, unless it is `knownModelId` — the model this isolate already holds
 * compiled for the store (worker/authz/model-cache.ts): then NULL, and the text does not travel.
 * The workspace's model is ~130 KB of JSON; read on every request it was ~130 KB from the
 * database and a JSON parse of D1's answer per request, for a model that never changes (a
 * model id names one immutable model).
 */
export function modelTextUnless(modelId: SQL<string | null>, knownModelId: string | undefined) {
  return sql<
    string | null
  >`(SELECT model FROM authz_models WHERE id = ${modelId} AND id IS NOT ${knownModelId ?? null})`;
}

/** The state's select list: the store's revision and tuple count, the model it uses and (unless known) that model. */
function stateFields(pinnedModelId?: string, knownModelId?: string) {
  const modelId = pinnedModelId
    ? sql<string | null>`(SELECT id FROM authz_models WHERE store_id = ${outerStoreId} AND id = ${pinnedModelId})`
    : latestModelId();
  return {
    storeId: authzStores.id,
    revision: authzStores.revision,
    tupleCount: authzStores.tupleCount,
    modelId,
    modelJson: modelTextUnless(modelId, knownModelId),
  };
}

const liveStore = (storeId: string) => and(eq(authzStores.id, storeId), isNull(authzStores.deletedAt));

export function stateQuery(db: Db, storeId: string, pinnedModelId?: string) {
  return db.select(stateFields(pinnedModelId)).from(authzStores).where(liveStore(storeId));
}

/**
 * What an isolate holds of the store a credential used last (worker/authz/store-hints.ts): its
 * snapshot's change-log position and its model. A credential's lookup reads with it, in the same
 * statement, the change log after that position and leaves that model's text out.
 */
export type Since = { storeId: string; afterSeq: number | undefined; knownModelId: string | undefined };

/**
 * The state of the store a lookup joins (`authz_stores` in its FROM): revision, tuple count,
 * newest model (its text unless `since` holds it) and, when `since` has a snapshot position,
 * the change log after it (`deltaColumn`). Read it back with `sinceDelta`.
 */
export function joinedStateColumns(since: Since | undefined) {
  const modelId = latestModelId();
  return {
    revision: authzStores.revision,
    tupleCount: authzStores.tupleCount,
    modelId,
    modelJson: modelTextUnless(modelId, since?.knownModelId),
    delta: since?.afterSeq !== undefined ? deltaColumn(since.storeId, since.afterSeq) : sql<null>`NULL`,
  };
}

/** The change-log rows a lookup read for `since` — kept only when the credential's store is the hinted one. */
export function sinceDelta(
  since: Since | undefined,
  storeId: string,
  column: unknown,
): { delta?: { afterSeq: number; rows: ChangeRow[] } } {
  return since?.afterSeq !== undefined && since.storeId === storeId
    ? { delta: { afterSeq: since.afterSeq, rows: changeRowsOf(column) } }
    : {};
}

/** Stand-ins for the parameters while the statement's text is built once (never real ids: they hold a NUL). */
const STORE_PARAM = '\u0000store';
const MODEL_PARAM = '\u0000model';
const KNOWN_PARAM = '\u0000known';

/** A state row in the select list's order: id, revision, tuple_count, model id, model. */
function stateOf(row: ArrayLike<unknown>): StoreState {
  return {
    storeId: String(row[0]),
    revision: Number(row[1]),
    tupleCount: Number(row[2]),
    modelId: row[3] === null || row[3] === undefined ? null : String(row[3]),
    modelJson: row[4] === null || row[4] === undefined ? null : String(row[4]),
  };
}

const SEQ_PARAM = '\u0000seq';
const stateAndDeltaText = new Map<boolean, { sql: string; params: unknown[] }>();

/**
 * The store's state (as `stateQuery`, its text built once per process, sent through
 * `store.readRow`: on a local libSQL file a statement prepared once) and, in the same statement, the change-log rows after
 * `afterSeq` up to that revision as one JSON column: what an isolate's snapshot needs to answer
 * at the current revision, in ONE round trip and one statement — no batch transaction (on D1 a
 * batch of the two cost a local round trip ~3 ms against ~2 for one statement), and no second
 * trip after a write. Common case: the snapshot is current and the delta is `[]`.
 */
export async function readStateAndDelta(
  store: Store,
  storeId: string,
  afterSeq: number,
  pinnedModelId?: string,
  knownModelId?: string,
): Promise<{ state: StoreState; delta: ChangeRow[] } | undefined> {
  const pinned = pinnedModelId !== undefined && pinnedModelId !== '';
  let text = stateAndDeltaText.get(pinned);
  if (!text) {
    text = store.db
      .select({
        ...stateFields(pinned ? MODEL_PARAM : undefined, KNOWN_PARAM),
        delta: deltaColumn(STORE_PARAM, SEQ_PARAM),
      })
      .from(authzStores)
      .where(liveStore(STORE_PARAM))
      .toSQL();
    stateAndDeltaText.set(pinned, text);
  }
  const values = new Map<unknown, unknown>([
    [STORE_PARAM, storeId],
    [MODEL_PARAM, pinnedModelId],
    [SEQ_PARAM, afterSeq],
    [KNOWN_PARAM, knownModelId ?? null],
  ]);
  const args = text.params.map((p) => (values.has(p) ? values.get(p) : p));
  if (args.some((a) => typeof a === 'string' && a.includes('\u0000'))) throw new Error('state: unmapped parameter');
  const row = await store.readRow(text.sql, args);
  return row ? { state: stateOf(row), delta: changeRowsOf(row[5]) } : undefined;
}
