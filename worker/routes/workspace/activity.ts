import { createRoute } from '@hono/zod-openapi';
import { errors, ok, routes } from '../declare.ts';
import { and, desc, eq, gte, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { activityLog } from '../../../db/identity/schema.ts';
import { ApiError } from '../../errors.ts';
import { validate } from '../../middleware/json-body.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { ACTIVITY_ACTIONS } from '../../activity/log.ts';
import { Instant } from '../../people/dates.ts';

const Query = z.object({
  person: z.string().min(1).max(100).optional(),
  action: z.enum(ACTIVITY_ACTIONS).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});

type Entry = typeof activityLog.$inferSelect;
const CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'before', 'after'] as const;

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const ActivityEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  /** The JSON the entry recorded before and after the change. */
  before: z.unknown(),
  after: z.unknown(),
});
const ActivityGet200 = z.object({ nextBefore: z.number().optional(), entries: z.array(ActivityEntry) });

/** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const row = (e: Entry) => ({
  seq: e.seq,
  at: new Date(e.createdAt).toISOString(),
  actor: e.actorId,
  action: e.action,
  subject: e.subject,
  before: e.before,
  after: e.after,
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Activity'],
  request: { query: Query },
  responses: {
    200: ok(ActivityGet200, 'the entries (JSON), or CSV with `format=csv` or `Accept: text/csv`'),
    ...errors,
  },
});

/**
 * R28: the activity log, read and exported (CSV) only with activity-log access (R23); filters
 * by person (who did it, or to whom), action and date range; newest first, paged by `before`.
 * There is no route that changes or deletes an entry, and the table refuses both.
 */
export const activityRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(list, async (c) => {
  const q = validate(Query, {
    ...c.req.query(),
    ...(c.req.header('accept')?.includes('text/csv') ? { format: 'csv' } : {}),
  });
  const workspace = c.get('workspace');
  if (!(await c.get('authz').can('can_read_activity_log', `workspace:${workspace.id}`)))
    throw new ApiError('forbidden', 'reading the activity log needs activity-log access');
  const entries = await c
    .get('store')
    .db.select()
    .from(activityLog)
    .where(
      and(
        eq(activityLog.workspaceId, workspace.id),
        q.person ? or(eq(activityLog.actorId, q.person), eq(activityLog.subject, `person:${q.person}`)) : undefined,
        q.action ? eq(activityLog.action, q.action) : undefined,
        q.from != null ? gte(activityLog.createdAt, q.from) : undefined,
        q.to != null ? lt(activityLog.createdAt, q.to) : undefined,
        q.before ? lt(activityLog.seq, q.before) : undefined,
      ),
    )
    .orderBy(desc(activityLog.seq))
    .limit(q.limit + 1);
  const page = entries.slice(0, q.limit);
  if (q.format === 'csv') {
    const lines = [CSV_COLUMNS.join(','), ...page.map((e) => CSV_COLUMNS.map((k) => csvCell(row(e)[k])).join(','))];
    // CSV: declared as `text/csv`; the typed client reads the JSON answer
    return c.text(`${lines.join('\r\n')}\r\n`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="activity-${workspace.id}.csv"`,
    }) as never;
  }
  return c.json({ entries: page.map(row), ...(entries.length > q.limit ? { nextBefore: page.at(-1)!.seq } : {}) }, 200);
});
