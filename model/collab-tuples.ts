/**
 * Collaboration facts → tuples (issue 6). Pure, like model/tuples.ts: the API and the demo seed
 * both call these and write the row and its tuples in one batch.
 */
import type { TupleKey } from '../functions/index.ts';

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });

export const ACCESS_LEVELS = ['view', 'edit', 'manage'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const LEVEL_RELATION: Record<AccessLevel, 'viewer' | 'editor' | 'manager'> = {
  view: 'viewer',
  edit: 'editor',
  manage: 'manager',
};

/** One line of a "who can access" list (R22): a person, a group, or whoever sees an artist. */
export type Grant =
  | { person: string; level: AccessLevel }
  | { group: string; level: AccessLevel }
  | { artist: string; level: AccessLevel };

export function grantSubject(g: Grant): string {
  if ('person' in g) return `user:${g.person}`;
  if ('group' in g) return `group:${g.group}#member`;
  return `artist:${g.artist}#can_view`;
}

export type DriveKind = 'folder' | 'file';

/** R22: a folder or file, where it sits, and its own "who can access" list. */
export function driveItemTuples(
  workspaceId: string,
  kind: DriveKind,
  item: { id: string; parentId: string | null },
  grants: readonly Grant[] = [],
): TupleKey[] {
  const object = `${kind}:${item.id}`;
  return [
    t(object, 'workspace', `workspace:${workspaceId}`),
    item.parentId ? t(object, 'parent', `folder:${item.parentId}`) : t(object, 'top_level', 'user:*'),
    ...grantTuples(kind, item.id, grants),
  ];
}

export function grantTuples(kind: DriveKind, id: string, grants: readonly Grant[]): TupleKey[] {
  return grants.map((g) => t(`${kind}:${id}`, LEVEL_RELATION[g.level], grantSubject(g)));
}

/** R18: a task's workspace, assignee (or the unassigned flag) and creator. */
export function taskTuples(
  workspaceId: string,
  task: { id: string; assigneeId: string | null; createdBy: string },
): TupleKey[] {
  const object = `task:${task.id}`;
  return [
    t(object, 'workspace', `workspace:${workspaceId}`),
    task.assigneeId ? t(object, 'assignee', `user:${task.assigneeId}`) : t(object, 'unassigned', 'user:*'),
    t(object, 'creator', `user:${task.createdBy}`),
  ];
}

/** R19: a thread, who is included (people and groups), and whether it is private. */
export function threadTuples(
  workspaceId: string,
  thread: {
    id: string;
    createdBy: string;
    private: boolean;
    includedPeople?: readonly string[];
    includedGroups?: readonly string[];
  },
): TupleKey[] {
  const object = `thread:${thread.id}`;
  const out = [t(object, 'workspace', `workspace:${workspaceId}`), t(object, 'creator', `user:${thread.createdBy}`)];
  if (thread.private) out.push(t(object, 'private', 'user:*'));
  for (const p of thread.includedPeople ?? []) out.push(t(object, 'included', `user:${p}`));
  for (const g of thread.includedGroups ?? []) out.push(t(object, 'included', `group:${g}#member`));
  return out;
}

export function messageTuples(message: { id: string; threadId: string; authorId: string }): TupleKey[] {
  return [
    t(`message:${message.id}`, 'thread', `thread:${message.threadId}`),
    t(`message:${message.id}`, 'author', `user:${message.authorId}`),
  ];
}

/** R21: a contact or venue, and the groups it is limited to (none = everyone with database access). */
export function recordTuples(
  workspaceId: string,
  kind: 'contact' | 'venue',
  id: string,
  limitedToGroups: readonly string[] = [],
): TupleKey[] {
  const object = `${kind}:${id}`;
  const out = [t(object, 'workspace', `workspace:${workspaceId}`)];
  if (limitedToGroups.length) {
    out.push(t(object, 'limited', 'user:*'));
    for (const g of limitedToGroups) out.push(t(object, 'limited_to', `group:${g}#member`));
  }
  return out;
}

/** R14: a mailing list, its show, and the people it is switched off for. */
export function mailingListTuples(
  workspaceId: string,
  list: { id: string; eventId: string | null },
  hiddenFrom: readonly string[] = [],
): TupleKey[] {
  const object = `mailing_list:${list.id}`;
  const out = [t(object, 'workspace', `workspace:${workspaceId}`)];
  if (list.eventId) out.push(t(object, 'show', `event:${list.eventId}`));
  for (const p of hiddenFrom) out.push(t(object, 'hidden_from', `user:${p}`));
  return out;
}
