/**
 * The second tenant (Harbor Hall) with one record of every kind an id can name, for the R1
 * isolation matrix: on top of `seedHarborCollab` a second person, an outlet, a tour, a group, a
 * custom role with an assignment, an invitation, a person API key, a schedule item, a guest
 * request, a message and a sold ticket (order + attendee). Idempotent.
 */
import { eq } from 'drizzle-orm';
import {
  people,
  workspaces,
  groups,
  outlets,
  roleAssignments,
  roles,
  invitations,
  personApiKeys,
} from '../../db/identity/schema.ts';
import { tours, guestRequests, scheduleItems, attendees, ticketOrders } from '../../db/touring/schema.ts';
import { messages } from '../../db/collaboration/schema.ts';
import { insertIgnoringExisting } from '../../db/chunked-insert.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import type { Store } from '../../db/store.ts';
import {
  assignmentTuples,
  groupTuples,
  membershipTuples,
  outletTuples,
  personTuples,
  roleTuples,
} from '../../model/tuples.ts';
import { messageTuples } from '../../model/collab-tuples.ts';
import { hashApiKey } from '../../worker/auth/api-keys.ts';
import { sha256Hex } from '../../worker/auth/crypto.ts';
import { hashPassword } from '../../worker/auth/password.ts';
import { HARBOR } from './second-workspace.ts';
import { HARBOR_COLLAB, seedHarborCollab } from './collab-harbor.ts';

/** Secrets of Harbor's invitation and API key: tests use them to prove they never open Northline. */
export const HARBOR_SECRETS = {
  invitationToken: 'harbor-invitation-token-for-tests',
  apiKey: `lam_${'H'.repeat(43)}`,
} as const;

export const HARBOR_MORE = {
  crewId: 'per_harbor_crew',
  crewEmail: 'crew@harbor.test',
  outletId: 'out_harbor',
  tourId: 'tour_harbor',
  groupId: 'grp_harbor',
  roleId: 'role_harbor',
  assignmentId: 'as_harbor',
  invitationId: 'inv_harbor',
  apiKeyId: 'pk_harbor',
  scheduleItemId: 'sch_harbor',
  guestRequestId: 'gr_harbor',
  messageId: 'msg_harbor',
  orderId: 'ord_harbor',
  attendeeId: 'att_harbor',
} as const;

/** Every id of Harbor that a request could name, by kind. */
export const HARBOR_IDS = {
  day: HARBOR.dayId,
  event: HARBOR.eventId,
  artist: HARBOR.artistId,
  person: HARBOR.personId,
  outlet: HARBOR_MORE.outletId,
  tour: HARBOR_MORE.tourId,
  group: HARBOR_MORE.groupId,
  role: HARBOR_MORE.roleId,
  assignment: HARBOR_MORE.assignmentId,
  folder: HARBOR_COLLAB.folderId,
  file: HARBOR_COLLAB.fileId,
  task: HARBOR_COLLAB.taskId,
  thread: HARBOR_COLLAB.threadId,
  message: HARBOR_MORE.messageId,
  contact: HARBOR_COLLAB.contactId,
  venue: HARBOR_COLLAB.venueId,
  mailingList: HARBOR_COLLAB.listId,
  invitation: HARBOR_MORE.invitationId,
  apiKey: HARBOR_MORE.apiKeyId,
  scheduleItem: HARBOR_MORE.scheduleItemId,
  guestRequest: HARBOR_MORE.guestRequestId,
  attendee: HARBOR_MORE.attendeeId,
  workspace: HARBOR.workspaceId,
} as const;
export type IdKind = keyof typeof HARBOR_IDS;

/** Words that only Harbor's records hold: none may appear in an answer to Northline. */
export const HARBOR_WORDS = [
  'Hal Harbor',
  HARBOR.email,
  HARBOR_MORE.crewEmail,
  'Harbor Hall',
  'Harbor House',
  'Bristol',
  'Harbor contracts',
  'Harbor lease',
  'Harbor task',
  'Harbor thread',
  'Harbor contact',
  'Quay 1',
  'Harbor list',
  'Harbor Crew',
  'Harbor riggers',
  'Harbor tour',
  'Harbor doors',
  'Harbor guest',
  'Harbor buyer',
  'Ahoy from the harbor',
  'invitee@harbor.test',
];

export async function seedHarborAll(store: Store): Promise<void> {
  await seedHarborCollab(store);
  const { db } = store;
  const M = HARBOR_MORE;
  if ((await db.select({ id: roles.id }).from(roles).where(eq(roles.id, M.roleId))).length) return;
  const ws = HARBOR.workspaceId;
  const by = HARBOR.personId;
  const now = Date.now();
  const [{ storeId } = { storeId: null }] = await db
    .select({ storeId: workspaces.storeId })
    .from(workspaces)
    .where(eq(workspaces.id, ws));
  if (!storeId) throw new Error('Harbor has no store');
  const crew = {
    id: M.crewId,
    workspaceId: ws,
    name: 'Harbor Crew',
    email: M.crewEmail,
    title: 'Rigger',
    level: 'normal' as const,
    outletId: M.outletId,
    passwordHash: await hashPassword('laminate-demo'),
    createdAt: now,
  };
  const assignment = {
    id: M.assignmentId,
    workspaceId: ws,
    roleId: M.roleId,
    personId: crew.id,
    scopeType: 'workspace' as const,
    scopeId: ws,
    createdAt: now,
  };
  const tuples = [
    ...personTuples(ws, { id: crew.id, level: crew.level, hiredAt: null, resignedAt: null }),
    ...outletTuples(ws, M.outletId),
    ...groupTuples(ws, M.groupId),
    ...membershipTuples(M.groupId, crew.id),
    ...membershipTuples(M.groupId, by),
    ...roleTuples(ws, M.roleId, ['view_performances']),
    ...assignmentTuples(ws, assignment),
    ...messageTuples({ id: M.messageId, threadId: HARBOR_COLLAB.threadId, authorId: by }),
  ];
  const statements = [
    ...insertIgnoringExisting(db, outlets, [{ id: M.outletId, workspaceId: ws, name: 'Harbor Live' }]),
    ...insertIgnoringExisting(db, people, [crew]),
    ...insertIgnoringExisting(db, tours, [
      { id: M.tourId, workspaceId: ws, artistId: HARBOR.artistId, name: 'Harbor tour' },
    ]),
    ...insertIgnoringExisting(db, groups, [
      { id: M.groupId, workspaceId: ws, name: 'Harbor riggers', isDefault: false },
    ]),
    ...insertIgnoringExisting(db, roles, [
      { id: M.roleId, workspaceId: ws, name: 'Harbor usher', predefined: null, revision: 1, createdAt: now },
    ]),
    ...insertIgnoringExisting(db, roleAssignments, [assignment]),
    ...insertIgnoringExisting(db, invitations, [
      {
        id: M.invitationId,
        workspaceId: ws,
        email: 'invitee@harbor.test',
        name: 'Harbor invitee',
        title: null,
        invitedBy: by,
        tokenHash: await sha256Hex(HARBOR_SECRETS.invitationToken),
        grants: { level: 'normal', outletId: null, role: null, groups: [], settings: [], artists: {} },
        createdAt: now,
        expiresAt: now + 15 * 86_400_000,
        lastSentAt: now,
        sendCount: 1,
        acceptedAt: null,
        personId: null,
        revokedAt: null,
      },
    ]),
    ...insertIgnoringExisting(db, personApiKeys, [
      {
        id: M.apiKeyId,
        workspaceId: ws,
        personId: by,
        name: 'Harbor key',
        secretHash: await hashApiKey(HARBOR_SECRETS.apiKey),
        createdBy: by,
        createdAt: now,
        revokedAt: null,
      },
    ]),
    ...insertIgnoringExisting(db, scheduleItems, [
      {
        id: M.scheduleItemId,
        dayId: HARBOR.dayId,
        label: 'Harbor doors',
        startsAt: '19:00',
        endsAt: null,
        nextDay: false,
        confirmed: true,
        display: 'exact',
        position: 0,
      },
    ]),
    ...insertIgnoringExisting(db, guestRequests, [
      {
        id: M.guestRequestId,
        dayId: HARBOR.dayId,
        requestedBy: by,
        guestName: 'Harbor guest',
        guestEmail: 'guest@harbor.test',
        guestPhone: null,
        plusOnes: 0,
        status: 'pending',
        createdAt: now,
      },
    ]),
    ...insertIgnoringExisting(db, messages, [
      {
        id: M.messageId,
        workspaceId: ws,
        threadId: HARBOR_COLLAB.threadId,
        authorId: by,
        body: 'Ahoy from the harbor',
        createdAt: now,
      },
    ]),
    ...insertIgnoringExisting(db, ticketOrders, [
      {
        id: M.orderId,
        workspaceId: ws,
        eventId: HARBOR.eventId,
        channel: 'box_office',
        payment: 'cash',
        buyerName: 'Harbor buyer',
        buyerEmail: 'buyer@harbor.test',
        buyerPhone: null,
        quantity: 1,
        totalCents: 2000,
        createdBy: by,
        createdAt: now,
      },
    ]),
    ...insertIgnoringExisting(db, attendees, [
      {
        id: M.attendeeId,
        workspaceId: ws,
        eventId: HARBOR.eventId,
        orderId: M.orderId,
        ticketType: 'General admission',
        name: 'Harbor buyer',
        email: 'buyer@harbor.test',
        phone: null,
        checkedInAt: null,
        checkedInBy: null,
      },
    ]),
    ...tupleWriteStatements(db, storeId, { writes: tuples, deletes: [] }, now),
  ];
  await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
}
