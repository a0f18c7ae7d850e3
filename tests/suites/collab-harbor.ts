/**
 * Collaboration records in the second tenant (Harbor Hall) for R1 tests: a folder, a file, a
 * task, a thread, a contact, a venue and a mailing list, in Harbor's own store. Idempotent.
 */
import { eq } from 'drizzle-orm';
import { files, folders, mailingLists, tasks, threads } from '../../db/collaboration/schema.ts';
import { ticketedShows, contacts, venues } from '../../db/touring/schema.ts';
import { insertIgnoringExisting } from '../../db/chunked-insert.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import type { Store } from '../../db/store.ts';
import * as ct from '../../model/collab-tuples.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';
import { workspaces } from '../../db/identity/schema.ts';

export const HARBOR_COLLAB = {
  folderId: 'fld_harbor',
  fileId: 'fil_harbor',
  taskId: 'tsk_harbor',
  threadId: 'thr_harbor',
  contactId: 'con_harbor',
  venueId: 'ven_harbor',
  listId: 'ml_harbor',
} as const;

export async function seedHarborCollab(store: Store): Promise<void> {
  await seedHarbor(store);
  const { db } = store;
  if ((await db.select({ id: folders.id }).from(folders).where(eq(folders.id, HARBOR_COLLAB.folderId))).length) return;
  const ws = HARBOR.workspaceId;
  const by = HARBOR.personId;
  const now = Date.now();
  const [{ storeId } = { storeId: null }] = await db
    .select({ storeId: workspaces.storeId })
    .from(workspaces)
    .where(eq(workspaces.id, ws));
  if (!storeId) throw new Error('Harbor has no store');
  const H = HARBOR_COLLAB;
  const tuples = [
    ...ct.driveItemTuples(ws, 'folder', { id: H.folderId, parentId: null }, [{ person: by, level: 'manage' }]),
    ...ct.driveItemTuples(ws, 'file', { id: H.fileId, parentId: H.folderId }, [{ person: by, level: 'manage' }]),
    ...ct.taskTuples(ws, { id: H.taskId, assigneeId: by, createdBy: by }),
    ...ct.threadTuples(ws, { id: H.threadId, createdBy: by, private: false, includedPeople: [by] }),
    ...ct.recordTuples(ws, 'contact', H.contactId),
    ...ct.recordTuples(ws, 'venue', H.venueId),
    ...ct.mailingListTuples(ws, { id: H.listId, eventId: HARBOR.eventId }),
  ];
  const statements = [
    ...insertIgnoringExisting(db, folders, [
      { id: H.folderId, workspaceId: ws, parentId: null, name: 'Harbor contracts', createdBy: by, createdAt: now },
    ]),
    ...insertIgnoringExisting(db, files, [
      {
        id: H.fileId,
        workspaceId: ws,
        folderId: H.folderId,
        name: 'Harbor lease.pdf',
        contentType: 'application/pdf',
        size: 0,
        blobKey: null,
        createdBy: by,
        createdAt: now,
        updatedAt: now,
      },
    ]),
    ...insertIgnoringExisting(db, tasks, [
      {
        id: H.taskId,
        workspaceId: ws,
        title: 'Harbor task',
        assigneeId: by,
        createdBy: by,
        status: 'open',
        createdAt: now,
      },
    ]),
    ...insertIgnoringExisting(db, threads, [
      { id: H.threadId, workspaceId: ws, title: 'Harbor thread', private: false, createdBy: by, createdAt: now },
    ]),
    ...insertIgnoringExisting(db, contacts, [
      { id: H.contactId, workspaceId: ws, name: 'Harbor contact', email: 'contact@harbor.test' },
    ]),
    ...insertIgnoringExisting(db, venues, [
      { id: H.venueId, workspaceId: ws, name: 'Harbor Hall', address: 'Quay 1', city: 'Bristol' },
    ]),
    ...insertIgnoringExisting(db, mailingLists, [
      { id: H.listId, workspaceId: ws, name: 'Harbor list', eventId: HARBOR.eventId, createdAt: now },
    ]),
    ...insertIgnoringExisting(db, ticketedShows, [
      { eventId: HARBOR.eventId, workspaceId: ws, capacity: 300, orderLimit: 4, priceCents: 2000 },
    ]),
    ...tupleWriteStatements(db, storeId, { writes: tuples, deletes: [] }, now),
  ];
  await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
}
