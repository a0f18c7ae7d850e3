/**
 * Tasks as their reader sees them (R18, R13): the engine's list feeds the query, and each
 * task says whether the reader may edit it. The task list and its CSV export both call this.
 */
import { and, asc, eq } from 'drizzle-orm';
import { tasks, type TASK_STATUSES } from '../../db/collab-schema.ts';
import { inIdList } from '../../db/id-list.ts';
import type { Db } from '../../db/store.ts';
import type { Authorizer } from '../workspace/authorizer.ts';
import { peopleNames } from './people-names.ts';

export type TaskFilter = { status?: (typeof TASK_STATUSES)[number] | undefined };

export async function readTasks(db: Db, authz: Authorizer, workspaceId: string, filter: TaskFilter = {}) {
  const ids = await authz.list('task', 'can_view');
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        inIdList(tasks.id, ids),
        filter.status ? eq(tasks.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(tasks.dueDate), asc(tasks.id));
  const [editable, names] = await Promise.all([
    authz.canAll(rows.map((r) => ['can_edit', `task:${r.id}`] as const)),
    peopleNames(
      db,
      workspaceId,
      rows.flatMap((r) => [r.assigneeId, r.createdBy]),
    ),
  ]);
  return rows.map((r, i) => taskView(r, names, editable[i]!));
}

export function taskView(r: typeof tasks.$inferSelect, names: Map<string, string>, canEdit: boolean) {
  return {
    id: r.id,
    title: r.title,
    ...(r.notes !== null ? { notes: r.notes } : {}),
    ...(r.assigneeId !== null ? { assignee: { id: r.assigneeId, name: names.get(r.assigneeId) ?? '' } } : {}),
    createdBy: { id: r.createdBy, name: names.get(r.createdBy) ?? '' },
    ...(r.dueDate !== null ? { dueDate: r.dueDate } : {}),
    status: r.status,
    createdAt: r.createdAt,
    can: { edit: canEdit },
  };
}
