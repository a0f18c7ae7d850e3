/**
 * A person's row and the tuples that stand for it (R3, R4, R8): level and dates live in the
 * `workspace#member` tuple's condition, so a change rewrites that tuple in the row's batch.
 */
import { and, eq } from 'drizzle-orm';
import { people, type PersonLevel } from '../../db/identity/schema.ts';
import type { Db } from '../../db/store.ts';
import { personTuples, type TupleKey } from '../../model/tuples.ts';
import { ApiError } from '../errors.ts';
import { accessState } from './access-window.ts';
import { diffTuples, readTuples } from '../../db/authz/workspace-tuples.ts';

export type PersonRow = typeof people.$inferSelect;

/** The person `id` of this workspace, or 404 (R1: another workspace's ids are not found). */
export async function findPerson(db: Db, workspaceId: string, id: string): Promise<PersonRow> {
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, id), eq(people.workspaceId, workspaceId)));
  if (!row) throw new ApiError('not_found', `person \`${id}\` not found`);
  return row;
}

type Facts = { id: string; level: PersonLevel; hiredAt: number | null; resignedAt: number | null };

/** personTuples, plus the person's link to the workspace even at level no access (R3: the record stays visible to admins). */
export function personFacts(workspaceId: string, p: Facts): TupleKey[] {
  const out = personTuples(workspaceId, p);
  if (!out.some((t) => t.relation === 'workspace'))
    out.push({ object: `user:${p.id}`, relation: 'workspace', user: `workspace:${workspaceId}` });
  return out;
}

/** The tuple changes that take a person from `before` to `after` (level, dates). */
export async function personFactsChange(
  db: Db,
  storeId: string,
  workspaceId: string,
  before: Facts,
  after: Facts,
): Promise<{ writes: TupleKey[]; deletes: TupleKey[] }> {
  const relations = [
    'member',
    'master',
    ...(before.level === 'api_only' || after.level === 'api_only' ? ['api_access'] : []),
  ];
  const user = `user:${before.id}`;
  const current = [
    ...(await readTuples(db, storeId, `workspace:${workspaceId}`, relations, user)),
    ...(await readTuples(db, storeId, user, ['workspace'], `workspace:${workspaceId}`)),
  ];
  return diffTuples(current, personFacts(workspaceId, after));
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** R5: locked = resigned by the lockout, which leaves the counter at or above the threshold. */
export function statusOf(p: PersonRow, now: number, threshold: number): string {
  const state = accessState(p, now);
  if (state === 'resigned' && p.failedSignIns >= threshold) return 'locked';
  return state;
}

/** What anyone who may see the person reads (R20). */
export const publicView = (p: PersonRow) => ({ id: p.id, name: p.name, title: p.title, email: p.email });

/** What those who manage people read besides (R9: nobody else sees others' access). */
export const managedView = (p: PersonRow, now: number, threshold: number) => ({
  ...publicView(p),
  level: p.level,
  outletId: p.outletId,
  hiredAt: iso(p.hiredAt),
  resignedAt: iso(p.resignedAt),
  failedSignIns: p.failedSignIns,
  status: statusOf(p, now, threshold),
  /** For `If-Match` on the person's writes (also the `ETag` of `GET /api/people/:id`). */
  revision: p.revision,
});
