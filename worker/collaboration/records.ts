/**
 * Contacts and venues (R21): group-limited records in a database a person may be barred from.
 * One definition per kind; the list, one record and the CSV export all read through
 * `readRecords`, so an export shows exactly what the screen shows.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { groups } from '../../db/identity/schema.ts';
import { contacts, venues } from '../../db/touring/schema.ts';
import { inIdList } from '../../db/id-list.ts';
import type { Db } from '../../db/store.ts';
import { ApiError } from '../errors.ts';
import type { Authorizer } from '../authz/authorizer.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const RECORD_KINDS = {
  contact: {
    table: contacts,
    label: 'contact',
    database: 'can_use_contacts',
    manage: 'manage_contacts',
    fields: {
      name: text(200),
      company: text(200).nullable(),
      role: text(200).nullable(),
      email: z.email().max(320).nullable(),
      phone: text(40).nullable(),
    },
    columns: ['name', 'company', 'role', 'email', 'phone'] as const,
  },
  venue: {
    table: venues,
    label: 'venue',
    database: 'can_use_venues',
    manage: 'manage_venues',
    fields: {
      name: text(200),
      address: text(500),
      city: text(200),
      capacity: z.number().int().min(0).max(1_000_000).nullable(),
      dock: text(500).nullable(),
      stage: text(500).nullable(),
      power: text(500).nullable(),
      wifi: text(500).nullable(),
      curfew: text(100).nullable(),
    },
    columns: ['name', 'address', 'city', 'capacity', 'dock', 'stage', 'power', 'wifi', 'curfew'] as const,
  },
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** Drops `workspaceId` and null fields: an empty field is absent, never null. */
function recordView(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => k !== 'workspaceId' && v !== null));
}

/** The records of `kind` the reader may see (the engine's list feeds the query), optionally searched by name. */
export async function readRecords(db: Db, authz: Authorizer, workspaceId: string, kind: RecordKind, q?: string) {
  const { table } = RECORD_KINDS[kind];
  const ids = await authz.list(kind, 'can_view');
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(table)
    .where(
      and(
        eq(table.workspaceId, workspaceId),
        inIdList(table.id, ids),
        q ? sql`instr(lower(${table.name}), lower(${q})) > 0` : undefined,
      ),
    )
    .orderBy(asc(table.name), asc(table.id));
  return rows.map((r) => recordView(r));
}

export async function findRecord(db: Db, workspaceId: string, kind: RecordKind, id: string) {
  const { table } = RECORD_KINDS[kind];
  const [row] = await db
    .select()
    .from(table)
    .where(and(eq(table.id, id), eq(table.workspaceId, workspaceId)));
  return row as Record<string, unknown> | undefined;
}

export { recordView };

/** Group ids must be groups of this workspace (R1): else 400 naming the field. */
export async function checkGroups(db: Db, workspaceId: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const known = new Set(
    (
      await db
        .select({ id: groups.id })
        .from(groups)
        .where(and(eq(groups.workspaceId, workspaceId), inArray(groups.id, [...ids])))
    ).map((g) => g.id),
  );
  ids.forEach((id, i) => {
    if (!known.has(id))
      throw new ApiError(
        'validation_error',
        `field \`limitedToGroups.${i}\`: \`${id}\` is not a group of this workspace`,
        { field: `limitedToGroups.${i}` },
      );
  });
}
