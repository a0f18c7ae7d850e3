import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, asc, count, eq, inArray, max, or } from 'drizzle-orm';
import { people, groups } from '../../../db/identity/schema.ts';
import { z } from 'zod';
import { messages, threads } from '../../../db/collaboration/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { readTogether } from '../../../db/store.ts';
import { messageTuples, threadTuples } from '../../../model/collab-tuples.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { whoFor, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { isPersonOf } from '../../collaboration/people-names.ts';
import type { RelationOf } from '../../../model/relations.ts';

const Id = z.string().min(1).max(100);
const Body = z.string().trim().min(1).max(20_000);
const NewThread = z.strictObject({
  title: z.string().trim().min(1).max(200),
  private: z.boolean().default(false),
  includedPeople: z.array(Id).max(500).default([]),
  includedGroups: z.array(Id).max(100).default([]),
  body: Body.optional(),
});
const NewMessage = z.strictObject({ body: Body });

async function findThread(c: Context<WorkspaceEnv>, relation: RelationOf<'thread'>, denied: string) {
  const id = c.req.param('id')!;
  const [row] = await c
    .get('store')
    .db.select()
    .from(threads)
    .where(and(eq(threads.id, id), eq(threads.workspaceId, c.get('workspace').id)));
  if (!row) throw new ApiError('not_found', `thread \`${id}\` not found`);
  await requireOn(c.get('authz'), `thread:${id}`, relation, `thread \`${id}\``, denied);
  return row;
}

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const MessagePatchByIdMessagesByMessageId200 = z.object({
  message: z.object({
    id: z.string(),
    author: z.object({ id: z.string() }),
    body: z.string(),
    createdAt: z.number(),
    editedAt: z.number(),
  }),
});
const MessagePostByIdMessages201 = z.object({
  message: z.object({ id: z.string(), author: z.object({ id: z.string() }), body: z.string(), createdAt: z.number() }),
});
const MessageGetById200 = z.object({
  thread: z.object({
    id: z.string(),
    title: z.string(),
    private: z.boolean(),
    createdBy: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.number(),
  }),
  included: z.object({ people: z.array(z.object({ id: z.string(), name: z.string() })), groups: z.array(z.string()) }),
  messages: z.array(
    z.object({
      can: z.object({ edit: z.boolean() }),
      editedAt: z.number().optional(),
      id: z.string(),
      author: z.object({ id: z.string(), name: z.string() }),
      body: z.string(),
      createdAt: z.number(),
    }),
  ),
  can: z.object({ edit: z.boolean(), post: z.boolean() }),
});
const MessagePost201 = z.object({
  thread: z.object({
    id: z.string(),
    title: z.string(),
    private: z.boolean(),
    createdBy: z.string(),
    createdAt: z.number(),
  }),
});
const MessageGet200 = z.object({
  threads: z.array(
    z.object({
      lastMessageAt: z.number().optional(),
      id: z.string(),
      title: z.string(),
      private: z.boolean(),
      createdBy: z.string(),
      createdAt: z.number(),
      messages: z.number(),
    }),
  ),
});

/** Included people must be people of the workspace the author works with (R20); groups of it. */
async function checkIncluded(c: Context<WorkspaceEnv>, people: string[], groupIds: string[]): Promise<void> {
  const db = c.get('store').db;
  const workspaceId = c.get('workspace').id;
  const visible = await c.get('authz').canAll(people.map((p) => ['can_view', `user:${p}`] as const));
  for (const [i, id] of people.entries()) {
    if (!visible[i] || !(await isPersonOf(db, workspaceId, id)))
      throw new ApiError('validation_error', `field \`includedPeople.${i}\`: \`${id}\` is not a person you work with`, {
        field: `includedPeople.${i}`,
      });
  }
  const known = groupIds.length
    ? new Set(
        (
          await db
            .select({ id: groups.id })
            .from(groups)
            .where(and(eq(groups.workspaceId, workspaceId), inArray(groups.id, groupIds)))
        ).map((g) => g.id),
      )
    : new Set();
  groupIds.forEach((id, i) => {
    if (!known.has(id))
      throw new ApiError(
        'validation_error',
        `field \`includedGroups.${i}\`: \`${id}\` is not a group of this workspace`,
        { field: `includedGroups.${i}` },
      );
  });
}

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Messages'],
  responses: { 200: ok(MessageGet200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Messages'],
  request: { body: json(NewThread) },
  responses: { 201: ok(MessagePost201), ...errors },
});
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Messages'],
  request: { params: pathParams('id') },
  responses: { 200: ok(MessageGetById200), ...errors },
});
const postByIdMessages = createRoute({
  method: 'post',
  path: '/{id}/messages',
  tags: ['Messages'],
  request: { params: pathParams('id'), body: json(NewMessage) },
  responses: { 201: ok(MessagePostByIdMessages201), ...errors },
});
const patchByIdMessagesByMessageId = createRoute({
  method: 'patch',
  path: '/{id}/messages/{messageId}',
  tags: ['Messages'],
  request: { params: pathParams('id', 'messageId'), body: json(NewMessage) },
  responses: { 200: ok(MessagePatchByIdMessagesByMessageId200), ...errors },
});

/**
 * Message threads (R19, R13): the list is the engine's answer (private threads only for those
 * included — administrators too; "included only" people see only threads they are on); anyone
 * who sees a thread may post, read-only people too; a message is edited by its author.
 */
export const messageRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const ids = await c.get('authz').list('thread', 'can_view');
    const store = c.get('store');
    const db = store.db;
    const mine = and(eq(threads.workspaceId, c.get('workspace').id), inIdList(threads.id, ids));
    // the threads and their message counts in one round trip
    const [rows, stats] = ids.length
      ? await readTogether(store, [
          db.select().from(threads).where(mine).orderBy(asc(threads.createdAt), asc(threads.id)),
          db
            .select({ threadId: messages.threadId, n: count(), last: max(messages.createdAt) })
            .from(messages)
            .where(inArray(messages.threadId, db.select({ id: threads.id }).from(threads).where(mine)))
            .groupBy(messages.threadId),
        ])
      : [[], []];
    return c.json(
      {
        threads: rows.map((t) => {
          const s = stats.find((x) => x.threadId === t.id);
          return {
            id: t.id,
            title: t.title,
            private: t.private,
            createdBy: t.createdBy,
            createdAt: t.createdAt,
            messages: s?.n ?? 0,
            ...(s?.last ? { lastMessageAt: s.last } : {}),
          };
        }),
      },
      200,
    );
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    await checkIncluded(c, body.includedPeople, body.includedGroups);
    const workspace = c.get('workspace');
    const person = c.get('person').id;
    const now = Date.now();
    const row = {
      id: newId('thr'),
      workspaceId: workspace.id,
      title: body.title,
      private: body.private,
      createdBy: person,
      createdAt: now,
    };
    // The author is always on their own thread (a private thread they could not read is no use).
    const included = [...new Set([person, ...body.includedPeople])];
    const store = c.get('store');
    const first = body.body
      ? {
          id: newId('msg'),
          workspaceId: workspace.id,
          threadId: row.id,
          authorId: person,
          body: body.body,
          createdAt: now,
        }
      : undefined;
    await writeWithTuples(
      store,
      workspace.storeId,
      [store.db.insert(threads).values(row), ...(first ? [store.db.insert(messages).values(first)] : [])],
      {
        writes: [
          ...threadTuples(workspace.id, { ...row, includedPeople: included, includedGroups: body.includedGroups }),
          ...(first ? messageTuples(first) : []),
        ],
        deletes: [],
      },
    );
    return c.json(
      {
        thread: {
          id: row.id,
          title: row.title,
          private: row.private,
          createdBy: row.createdBy,
          createdAt: row.createdAt,
        },
      },
      201,
    );
  })
  /** A thread, who is on it (people and groups, from the engine) and its messages. */
  .openapi(getById, async (c) => {
    const id = c.req.param('id');
    const workspaceId = c.get('workspace').id;
    const authz = c.get('authz');
    // the engine first (memory), then the thread, its messages and every name in ONE round trip
    await requireOn(authz, `thread:${id}`, 'can_view', `thread \`${id}\``, '');
    const included = await whoFor(c).direct(`thread:${id}`, 'included');
    const includedIds = included.flatMap((u) => (u.startsWith('user:') ? [u.slice(5)] : []));
    const store = c.get('store');
    const { db } = store;
    const [[thread], rows, nameRows] = await readTogether(store, [
      db
        .select()
        .from(threads)
        .where(and(eq(threads.id, id), eq(threads.workspaceId, workspaceId))),
      db.select().from(messages).where(eq(messages.threadId, id)).orderBy(asc(messages.createdAt), asc(messages.id)),
      db
        .select({ id: people.id, name: people.name })
        .from(people)
        .where(
          and(
            eq(people.workspaceId, workspaceId),
            or(
              inIdList(people.id, includedIds),
              inArray(people.id, db.select({ id: threads.createdBy }).from(threads).where(eq(threads.id, id))),
              inArray(people.id, db.select({ id: messages.authorId }).from(messages).where(eq(messages.threadId, id))),
            ),
          ),
        ),
    ]);
    if (!thread) throw new ApiError('not_found', `thread \`${id}\` not found`);
    const names = new Map(nameRows.map((r) => [r.id, r.name]));
    const [editable, [canEdit, canPost]] = await Promise.all([
      authz.canAll(rows.map((m) => ['can_edit', `message:${m.id}`] as const)),
      authz.canAll([
        ['can_edit', `thread:${thread.id}`],
        ['can_post', `thread:${thread.id}`],
      ]),
    ]);
    const includedPeople = includedIds;
    const includedGroups = included.flatMap((u) => (u.startsWith('group:') ? [u.slice(6, u.indexOf('#'))] : []));
    const more = names;
    return c.json(
      {
        thread: {
          id: thread.id,
          title: thread.title,
          private: thread.private,
          createdBy: { id: thread.createdBy, name: names.get(thread.createdBy) ?? '' },
          createdAt: thread.createdAt,
        },
        included: { people: includedPeople.map((id) => ({ id, name: more.get(id) ?? '' })), groups: includedGroups },
        messages: rows.map((m, i) => ({
          id: m.id,
          author: { id: m.authorId, name: names.get(m.authorId) ?? '' },
          body: m.body,
          createdAt: m.createdAt,
          ...(m.editedAt !== null ? { editedAt: m.editedAt } : {}),
          can: { edit: editable[i]! },
        })),
        can: { edit: !!canEdit, post: !!canPost },
      },
      200,
    );
  })
  .openapi(postByIdMessages, async (c) => {
    const { body } = c.req.valid('json');
    const thread = await findThread(c, 'can_post', 'you may not post to this thread');
    const workspace = c.get('workspace');
    const row = {
      id: newId('msg'),
      workspaceId: workspace.id,
      threadId: thread.id,
      authorId: c.get('person').id,
      body,
      createdAt: Date.now(),
    };
    const store = c.get('store');
    await writeWithTuples(store, workspace.storeId, [store.db.insert(messages).values(row)], {
      writes: messageTuples(row),
      deletes: [],
    });
    return c.json(
      { message: { id: row.id, author: { id: row.authorId }, body: row.body, createdAt: row.createdAt } },
      201,
    );
  })
  /** R13: a message is edited by its author (or an administrator who sees the thread). */
  .openapi(patchByIdMessagesByMessageId, async (c) => {
    const { body } = c.req.valid('json');
    const thread = await findThread(c, 'can_view', '');
    const messageId = c.req.param('messageId');
    const db = c.get('store').db;
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.threadId, thread.id)));
    if (!row) throw new ApiError('not_found', `message \`${messageId}\` not found`);
    await requireOn(
      c.get('authz'),
      `message:${messageId}`,
      'can_edit',
      `message \`${messageId}\``,
      'you may edit only messages you wrote',
    );
    const editedAt = Date.now();
    await db.update(messages).set({ body, editedAt }).where(eq(messages.id, messageId));
    return c.json(
      { message: { id: row.id, author: { id: row.authorId }, body, createdAt: row.createdAt, editedAt } },
      200,
    );
  });
