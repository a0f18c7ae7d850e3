/**
 * Working together on a tour: folders and files (and stored contents awaiting deletion), tasks,
 * threads and messages, mailing lists (R14, R22).
 *
 * Part of the one drizzle schema for D1 and libSQL (both SQLite), split by domain; db/all-schema.ts
 * gathers it for drizzle-kit, which generates the SQL in db/migrations. Times are epoch
 * milliseconds; ids are opaque text (prefix + random).
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { people, workspaces } from '../identity/schema.ts';
import { events } from '../touring/schema.ts';

/** R22: a folder; `parentId` null = top level. Its "who can access" list is tuples. */
export const folders = sqliteTable(
  'folders',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    createdBy: text('created_by').references(() => people.id),
    createdAt: integer('created_at').notNull(),
    /** Revision of the folder's own "who can access" list (ETag on `…/access`, compare-and-set). */
    accessRevision: integer('access_revision').notNull().default(1),
  },
  (t) => [index('folders_workspace_idx').on(t.workspaceId), index('folders_parent_idx').on(t.parentId)],
);

/** R22: a file; its bytes live in the blob store (R2, or a local folder) under `blobKey`. */
export const files = sqliteTable(
  'files',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    folderId: text('folder_id').references(() => folders.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Null until the contents are uploaded. */
    blobKey: text('blob_key'),
    createdBy: text('created_by').references(() => people.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Revision of the file's own "who can access" list (ETag on `…/access`, compare-and-set). */
    accessRevision: integer('access_revision').notNull().default(1),
  },
  (t) => [index('files_workspace_idx').on(t.workspaceId), index('files_folder_idx').on(t.folderId)],
);

/**
 * A stored object (R2 / disk) whose file row is gone: written in the same batch as the delete
 * (or the content replacement), removed once the object is deleted — right after the commit, or
 * by the hourly housekeeping if that failed. So no object outlives its row untracked.
 */
export const blobDeletions = sqliteTable('blob_deletions', {
  key: text('key').primaryKey(),
  workspaceId: text('workspace_id').notNull(),
  createdAt: integer('created_at').notNull(),
  /** Failed deletions so far (the sweep retries every hour). */
  attempts: integer('attempts').notNull().default(0),
});

export const TASK_STATUSES = ['open', 'in_progress', 'done'] as const;

/** R18: a task; null assignee = unassigned ("anyone"). */
export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    title: text('title').notNull(),
    notes: text('notes'),
    assigneeId: text('assignee_id').references(() => people.id),
    createdBy: text('created_by')
      .notNull()
      .references(() => people.id),
    /** `YYYY-MM-DD` in the workspace's time zone. */
    dueDate: text('due_date'),
    status: text('status', { enum: TASK_STATUSES }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('tasks_workspace_idx').on(t.workspaceId)],
);

/** R19: a message thread; who is included is tuples (people and groups). */
export const threads = sqliteTable(
  'threads',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    title: text('title').notNull(),
    private: integer('private', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by')
      .notNull()
      .references(() => people.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('threads_workspace_idx').on(t.workspaceId)],
);

/** R19, R13: a message in a thread. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    threadId: text('thread_id')
      .notNull()
      .references(() => threads.id),
    authorId: text('author_id')
      .notNull()
      .references(() => people.id),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
  },
  (t) => [index('messages_thread_idx').on(t.threadId)],
);

/** R14: a mailing list, optionally of one show. */
export const mailingLists = sqliteTable(
  'mailing_lists',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    eventId: text('event_id').references(() => events.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('mailing_lists_workspace_idx').on(t.workspaceId)],
);

/** R16: subscribers' names and emails are personal data. */
export const mailingSubscribers = sqliteTable(
  'mailing_subscribers',
  {
    id: text('id').primaryKey(),
    listId: text('list_id')
      .notNull()
      .references(() => mailingLists.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
  },
  (t) => [index('mailing_subscribers_list_idx').on(t.listId)],
);

/** R14: one send to a list (the messages themselves go through the mailer). */
export const mailingSends = sqliteTable('mailing_sends', {
  id: text('id').primaryKey(),
  listId: text('list_id')
    .notNull()
    .references(() => mailingLists.id),
  sentBy: text('sent_by')
    .notNull()
    .references(() => people.id),
  subject: text('subject').notNull(),
  recipients: integer('recipients').notNull(),
  createdAt: integer('created_at').notNull(),
});
