import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { mailingLists, mailingSends, mailingSubscribers } from '../../../db/collaboration/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { readTogether } from '../../../db/store.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { mailSettings, sendMail } from '../../mail/send.ts';
import { listMail, receiptMail } from '../../collaboration/list-mail.ts';
import type { RelationOf } from '../../../model/relations.ts';

const Send = z.strictObject({ subject: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(50_000) });

async function findList(c: Context<WorkspaceEnv>, relation: RelationOf<'mailing_list'>, denied: string) {
  const id = c.req.param('id')!;
  const [row] = await c
    .get('store')
    .db.select()
    .from(mailingLists)
    .where(and(eq(mailingLists.id, id), eq(mailingLists.workspaceId, c.get('workspace').id)));
  if (!row) throw new ApiError('not_found', `mailing list \`${id}\` not found`);
  await requireOn(c.get('authz'), `mailing_list:${id}`, relation, `mailing list \`${id}\``, denied);
  return row;
}

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const MailingListPostByIdSend200 = z.object({
  sent: z.number(),
  failed: z.number(),
  recipients: z.array(
    z.union([z.object({ id: z.string(), name: z.string(), email: z.string() }), z.object({ id: z.string() })]),
  ),
});
const MailingListGetById200 = z.object({
  mailingList: z.object({ eventId: z.string().optional(), id: z.string(), name: z.string() }),
  subscribers: z.array(
    z.union([z.object({ id: z.string(), name: z.string(), email: z.string() }), z.object({ id: z.string() })]),
  ),
  can: z.object({ send: z.boolean() }),
});
const MailingListGet200 = z.object({
  mailingLists: z.array(
    z.object({
      subscribers: z.number(),
      can: z.object({ send: z.boolean() }),
      eventId: z.string().optional(),
      id: z.string(),
      name: z.string(),
    }),
  ),
});

/** R16: subscribers' names and emails only with View Personal Data; absent otherwise. */
const subscriberView = (s: typeof mailingSubscribers.$inferSelect, personal: boolean) =>
  personal ? { id: s.id, name: s.name, email: s.email } : { id: s.id };

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Mailing lists'],
  responses: { 200: ok(MailingListGet200), ...errors },
});
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Mailing lists'],
  request: { params: pathParams('id') },
  responses: { 200: ok(MailingListGetById200), ...errors },
});
const postByIdSend = createRoute({
  method: 'post',
  path: '/{id}/send',
  tags: ['Mailing lists'],
  request: { params: pathParams('id'), body: json(Send) },
  responses: { 200: ok(MailingListPostByIdSend200), ...errors },
});

/**
 * Mailing lists (R14): a person sees and sends to only the lists left on for them (the engine's
 * list feeds the query); sending needs Email Attendees; every message goes through the mailer
 * (Resend, or the local outbox), and the sender's receipt carries subscribers' personal data
 * only when the sender may see it (R16).
 */
export const mailingListRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const authz = c.get('authz');
    const ids = await authz.list('mailing_list', 'can_view');
    const store = c.get('store');
    const db = store.db;
    const mine = and(eq(mailingLists.workspaceId, c.get('workspace').id), inIdList(mailingLists.id, ids));
    // the lists and their subscriber counts in one round trip
    const [rows, counts] = ids.length
      ? await readTogether(store, [
          db.select().from(mailingLists).where(mine).orderBy(asc(mailingLists.name)),
          db
            .select({ listId: mailingSubscribers.listId, n: count() })
            .from(mailingSubscribers)
            .where(
              inArray(mailingSubscribers.listId, db.select({ id: mailingLists.id }).from(mailingLists).where(mine)),
            )
            .groupBy(mailingSubscribers.listId),
        ])
      : [[], []];
    const send = await authz.canAll(rows.map((r) => ['can_send', `mailing_list:${r.id}`] as const));
    return c.json(
      {
        mailingLists: rows.map((r, i) => ({
          id: r.id,
          name: r.name,
          ...(r.eventId ? { eventId: r.eventId } : {}),
          subscribers: counts.find((x) => x.listId === r.id)?.n ?? 0,
          can: { send: send[i]! },
        })),
      },
      200,
    );
  })
  .openapi(getById, async (c) => {
    const id = c.req.param('id');
    const authz = c.get('authz');
    // the engine first (memory), then the list and its subscribers in one round trip
    await requireOn(authz, `mailing_list:${id}`, 'can_view', `mailing list \`${id}\``, '');
    const [personal, send] = await authz.canAll([
      ['can_view_personal_data', `mailing_list:${id}`],
      ['can_send', `mailing_list:${id}`],
    ]);
    const store = c.get('store');
    const [[list], subscribers] = await readTogether(store, [
      store.db
        .select()
        .from(mailingLists)
        .where(and(eq(mailingLists.id, id), eq(mailingLists.workspaceId, c.get('workspace').id))),
      store.db
        .select()
        .from(mailingSubscribers)
        .where(eq(mailingSubscribers.listId, id))
        .orderBy(asc(mailingSubscribers.id)),
    ]);
    if (!list) throw new ApiError('not_found', `mailing list \`${id}\` not found`);
    return c.json(
      {
        mailingList: { id: list.id, name: list.name, ...(list.eventId ? { eventId: list.eventId } : {}) },
        subscribers: subscribers.map((s) => subscriberView(s, !!personal)),
        can: { send: !!send },
      },
      200,
    );
  })
  .openapi(postByIdSend, async (c) => {
    const message = c.req.valid('json');
    const list = await findList(c, 'can_send', 'sending to this list needs the Email Attendees permission');
    const personal = await c.get('authz').can('can_view_personal_data', `mailing_list:${list.id}`);
    const db = c.get('store').db;
    const workspaceId = c.get('workspace').id;
    const sender = c.get('person');
    const subscribers = await db
      .select()
      .from(mailingSubscribers)
      .where(eq(mailingSubscribers.listId, list.id))
      .orderBy(asc(mailingSubscribers.id));
    const settings = mailSettings(c.env);
    let failed = 0;
    for (const s of subscribers) {
      const result = await sendMail(db, settings, { workspaceId, ...listMail(message, s) });
      if (!result.sent) failed++;
    }
    await db.insert(mailingSends).values({
      id: newId('snd'),
      listId: list.id,
      sentBy: sender.id,
      subject: message.subject,
      recipients: subscribers.length - failed,
      createdAt: Date.now(),
    });
    await sendMail(db, settings, {
      workspaceId,
      to: sender.email,
      ...receiptMail(list.name, message.subject, subscribers, personal),
    });
    return c.json(
      {
        sent: subscribers.length - failed,
        failed,
        recipients: subscribers.map((s) => subscriberView(s, personal)),
      },
      200,
    );
  });
