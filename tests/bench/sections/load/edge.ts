/**
 * The edge side of the mixed load: a dedicated bench store holding the drive workload
 * (docs/bench.md, 10k tuples: the snapshot path), loaded through the OpenFGA API with the operator
 * key, issued read and write keys, and the answers every question must get.
 *
 * Expectations come from the reference (drive/oracle.ts), never from Laminate: every check,
 * evaluation and list of the drive questions is compared with it. Grants the load writes and
 * deletes (the revocation schedule, the churn of tuple writes) go to users of their own
 * (`user:revoke<k>`, `user:w<n>`) on documents no public folder covers, so they never change a
 * drive answer and their own answer is known from the time of their write and delete.
 */
import { parseModel } from '../../../../functions/index.ts';
import { buildDriveWorkload, DRIVE_MODEL, driveTuples, type DriveWorkload, type Tuple } from '../../drive/index.ts';
import { buildIndexes } from '../../drive/indexes.ts';
import { publicDocuments, referenceCheck } from '../../drive/oracle.ts';
import { createRng } from '../../drive/prng.ts';
import { documentName } from '../../drive/store.ts';
import { ADMIN_KEY } from '../http/servers.ts';
import { KeyPool } from './client.ts';

/** The bench store's size: the workload's smallest scale (docs/bench.md), under LAMINATE_SNAPSHOT_MAX_TUPLES. */
export const STORE_TARGET = 10_000;
/** Grants of the revocation schedule, deleted one by one in the middle of the run. */
export const REVOCATIONS = 16;
/** Users whose `viewer` documents the list-objects requests ask for (each with its reference set). */
const LIST_USERS = 48;
/** Requests per issued key over the whole run (the limit is 1,000 per 60 s per key). */
export const KEY_BUDGET = 900;

/** A grant the load writes and deletes; times are performance.now() of the bench process. */
export interface Tracked {
  tuple: Tuple;
  document: number;
  source: 'schedule' | 'churn';
  /** The write's response arrived (the grant holds from here)… */
  writtenAt: number;
  /** …until its delete is sent; after the delete's response it must never be seen again. */
  deleteSentAt: number;
  deletedAt: number;
}

export interface Expectations {
  w: DriveWorkload;
  /** Reference answer of each drive question. */
  answers: Uint8Array;
  /** The users of list-objects requests and their reference `viewer` documents. */
  lists: { user: string; documents: Set<string> }[];
  /** Documents every user may view (public folders), in every list of a tracked user. */
  publicDocs: Set<string>;
  /** Documents no public folder covers: where tracked grants go. */
  privateDocs: number[];
  schedule: Tracked[];
}

export function expectations(seed: number, questionsPerSet: number, target = STORE_TARGET): Expectations {
  const w = buildDriveWorkload(target, seed, questionsPerSet);
  const ix = buildIndexes(w.store);
  const q = w.questions;
  const answers = new Uint8Array(q.count);
  for (let i = 0; i < q.count; i++)
    answers[i] = referenceCheck(w.store, ix, q.user[i]!, q.relation[i]!, q.document[i]!) ? 1 : 0;
  const pub = publicDocuments(w.store, ix);
  const publicDocs = new Set<string>();
  const privateDocs: number[] = [];
  for (let d = 0; d < w.store.documents; d++) pub.covered[d] ? publicDocs.add(documentName(d)) : privateDocs.push(d);
  const rng = createRng(seed + 7);
  const lists = Array.from({ length: LIST_USERS }, (_, k) => {
    const u = k === 0 ? Number(w.listObjects.user.slice('user:u'.length)) : q.user[rng.int(q.count)]!;
    const documents = new Set<string>();
    for (let d = 0; d < w.store.documents; d++)
      if (referenceCheck(w.store, ix, u, 'viewer', d)) documents.add(documentName(d));
    return { user: `user:u${u}`, documents };
  });
  const schedule = Array.from({ length: REVOCATIONS }, (_, k): Tracked => {
    const document = privateDocs[(k * 7919) % privateDocs.length]!;
    return {
      tuple: { user: `user:revoke${k}`, relation: 'viewer', object: documentName(document) },
      document,
      source: 'schedule',
      writtenAt: Number.NEGATIVE_INFINITY,
      deleteSentAt: Number.POSITIVE_INFINITY,
      deletedAt: Number.POSITIVE_INFINITY,
    };
  });
  return { w, answers, lists, publicDocs, privateDocs, schedule };
}

export interface EdgeSetup {
  storeId: string;
  read: KeyPool;
  write: KeyPool;
  tuples: number;
  ms: number;
}

async function asOperator<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A fresh check with the operator key (not rate limited), for the verification afterwards. */
export async function operatorCheck(url: string, storeId: string, tuple: Tuple): Promise<boolean> {
  return (await asOperator<{ allowed: boolean }>(url, 'POST', `/stores/${storeId}/check`, { tuple_key: tuple }))
    .allowed;
}

/**
 * Creates the bench store through the API (store, drive model, every tuple in writes of 1,000,
 * the schedule's grants) and issues enough keys that each serves at most KEY_BUDGET requests.
 */
export async function setUpEdge(
  url: string,
  e: Expectations,
  planned: { reads: number; writes: number },
): Promise<EdgeSetup> {
  const started = performance.now();
  const parsed = parseModel(DRIVE_MODEL);
  if (!parsed.ok) throw new Error(`drive model: ${parsed.errors[0]?.message}`);
  const { id: storeId } = await asOperator<{ id: string }>(url, 'POST', '/stores', {
    name: 'mixed-load bench (drive 10k)',
  });
  await asOperator(url, 'POST', `/stores/${storeId}/authorization-models`, parsed.model);
  let chunk: Tuple[] = [];
  let tuples = 0;
  const flush = async () => {
    await asOperator(url, 'POST', `/stores/${storeId}/write`, { writes: { tuple_keys: chunk } });
    tuples += chunk.length;
    chunk = [];
  };
  for (const t of [...driveTuples(e.w.store), ...e.schedule.map((g) => g.tuple)]) {
    chunk.push(t);
    if (chunk.length === 1000) await flush();
  }
  if (chunk.length > 0) await flush();
  const issue = async (access: 'read' | 'write', count: number) => {
    const keys: string[] = [];
    for (let k = 0; k < count; k++)
      keys.push(
        (
          await asOperator<{ key: string }>(url, 'POST', `/stores/${storeId}/api-keys`, {
            name: `load ${access} ${k}`,
            access,
          })
        ).key,
      );
    return new KeyPool(keys, KEY_BUDGET);
  };
  // 10% more than planned plus one: retries after a restart take a key too.
  const keysFor = (n: number) => Math.ceil((n * 1.1) / KEY_BUDGET) + 1;
  const read = await issue('read', keysFor(planned.reads));
  const write = await issue('write', keysFor(planned.writes));
  return { storeId, read, write, tuples, ms: performance.now() - started };
}
