/**
 * Tasks as their reader sees them (R18, R13): the engine's list feeds the query, and each
 * task says whether the reader may edit it. The task list and its CSV export both call this.
 */
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { tasks, type TASK_STATUSES } from '../../db/collaboration/schema.ts';
import { inIdList } from '../../db/id-list.ts';
import type { Db } from '../../db/store.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import { people } from '../../db/identity/schema.ts';

/** The people a task names, joined under their own names. */
export const assignee = alias(people, 'assignee');
export const creator = alias(people, 'creator');

/** Names from rows read with `assignee` and `creator` joined. */
export function namesOf(
  rows: { task: typeof tasks.$inferSelect; assigneeName: string | null; creatorName: string | null }[],
): Map<string, string> {
  const names = new Map<string, string>();
  for (const { task, assigneeName, creatorName } of rows) {
    if (task.assigneeId && assigneeName !== null) names.set(task.assigneeId, assigneeName);
    if (creatorName !== null) names.set(task.createdBy, creatorName);
  }
  return names;
}

export type TaskFilter = { status?: (typeof TASK_STATUSES)[number] | undefined };

export async function readTasks(db: Db, authz: Authorizer, workspaceId: string, filter: TaskFilter = {}) {
  const ids = await authz.list('task', 'can_view');
  if (!ids.length) return [];
  // the people's names come in the same statement (one round trip)
  const found = await db
    .select({ task: tasks, assigneeName: assignee.name, creatorName: creator.name })
    .from(tasks)
    .leftJoin(assignee, and(eq(assignee.id, tasks.assigneeId), eq(assignee.workspaceId, workspaceId)))
    .leftJoin(creator, and(eq(creator.id, tasks.createdBy), eq(creator.workspaceId, workspaceId)))
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        inIdList(tasks.id, ids),
        filter.status ? eq(tasks.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(tasks.dueDate), asc(tasks.id));
  const rows = found.map((r) => r.task);
  const names = namesOf(found);
  const editable = await authz.canAll(rows.map((r) => ['can_edit', `task:${r.id}`] as const));
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
