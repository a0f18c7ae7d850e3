import { createRoute } from '@hono/zod-openapi';
import { errors, other, routes } from '../declare.ts';
import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { readDaySheet } from '../../touring/day-sheet.ts';
import { readRecords, RECORD_KINDS } from '../../collaboration/records.ts';
import { readTasks } from '../../collaboration/tasks.ts';
import { toCsv } from '../../collaboration/csv.ts';
import { attendeesQuery, attendeesView, ticketedShow } from '../../collaboration/ticketing.ts';
import { requireFeature } from '../../settings/workspace-settings.ts';

/** R23: exports need the export privilege, asked of the engine on every request. */
async function requireExport(c: Context<WorkspaceEnv>): Promise<void> {
  requireFeature(c.get('workspace'), 'exports', 'exports');
  if (!(await c.get('authz').can('can_export', `workspace:${c.get('workspace').id}`)))
    throw new ApiError('forbidden', 'exports need the export privilege');
}

function csv(
  c: Context<WorkspaceEnv>,
  name: string,
  columns: readonly string[],
  records: readonly Record<string, unknown>[],
) {
  return c.body(toCsv(columns, records), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}.csv"`,
    'cache-control': 'private, no-store',
  });
}

const getContactsCsv = createRoute({
  method: 'get',
  path: '/contacts.csv',
  tags: ['Exports'],
  responses: { 200: other('CSV (text/csv)'), ...errors },
});
const getVenuesCsv = createRoute({
  method: 'get',
  path: '/venues.csv',
  tags: ['Exports'],
  responses: { 200: other('CSV (text/csv)'), ...errors },
});
const getTasksCsv = createRoute({
  method: 'get',
  path: '/tasks.csv',
  tags: ['Exports'],
  responses: { 200: other('CSV (text/csv)'), ...errors },
});
const getGuestListCsv = createRoute({
  method: 'get',
  path: '/guest-list.csv',
  tags: ['Exports'],
  request: { query: z.object({ dayId: z.string().min(1).max(100) }) },
  responses: { 200: other('CSV (text/csv)'), ...errors },
});
const getAttendeesCsv = createRoute({
  method: 'get',
  path: '/attendees.csv',
  tags: ['Exports'],
  request: { query: z.object({ eventId: z.string().min(1).max(100) }) },
  responses: { 200: other('CSV (text/csv)'), ...errors },
});

/**
 * CSV exports (R23) of contacts, venues, tasks and guest lists: each reads through the same
 * function as its screen, so an export holds exactly the rows and fields the reader sees there
 * (R16: no personal data without View Personal Data; R21: group limits; R18: task visibility).
 */
export const exportRoutes = routes<WorkspaceEnv>(...workspaceSession(), async (c, next) => {
  await requireExport(c);
  await next();
})
  .openapi(getContactsCsv, async (c) =>
    csv(
      c,
      'contacts',
      ['id', ...RECORD_KINDS.contact.columns],
      await readRecords(c.get('store').db, c.get('authz'), c.get('workspace').id, 'contact'),
    ),
  )
  .openapi(getVenuesCsv, async (c) =>
    csv(
      c,
      'venues',
      ['id', ...RECORD_KINDS.venue.columns],
      await readRecords(c.get('store').db, c.get('authz'), c.get('workspace').id, 'venue'),
    ),
  )
  .openapi(getTasksCsv, async (c) => {
    const tasks = await readTasks(c.get('store').db, c.get('authz'), c.get('workspace').id);
    const rows = tasks.map((t) => ({
      id: t.id,
      title: t.title,
      status: t.status,
      dueDate: t.dueDate,
      assignee: t.assignee?.name,
      createdBy: t.createdBy.name,
      notes: t.notes,
    }));
    return csv(c, 'tasks', ['id', 'title', 'status', 'dueDate', 'assignee', 'createdBy', 'notes'], rows);
  })
  .openapi(getGuestListCsv, async (c) => {
    const { dayId } = c.req.valid('query');
    const sheet = await readDaySheet(c.get('store'), c.get('authz'), c.get('workspace').id, dayId);
    if (!sheet) throw new ApiError('not_found', `show day \`${dayId}\` not found`);
    if (!sheet.guestList) throw new ApiError('forbidden', 'you may not see the guest list of this show');
    return csv(
      c,
      `guest-list-${dayId}`,
      ['id', 'status', 'plusOnes', 'guestName', 'guestEmail', 'guestPhone'],
      sheet.guestList.requests as Record<string, unknown>[],
    );
  })
  /** R24, R16: a show's attendees, also needing Download Attendee Info & Reports on that show. */
  .openapi(getAttendeesCsv, async (c) => {
    const { eventId } = c.req.valid('query');
    // the show and its attendees in one round trip, when the engine allows the export
    const { can, rest } = await ticketedShow(c.get('store'), c.get('authz'), c.get('workspace').id, eventId, (can) =>
      can.downloadReports ? [attendeesQuery(c.get('store').db, eventId)] : [],
    );
    if (!can.downloadReports)
      throw new ApiError('forbidden', 'attendee exports need the Download Attendee Info & Reports permission');
    return csv(
      c,
      `attendees-${eventId}`,
      ['id', 'orderId', 'ticketType', 'checkedIn', 'checkedInAt', 'name', 'email', 'phone'],
      attendeesView(rest[0] as Parameters<typeof attendeesView>[0], can.personalData),
    );
  });
