import { and, eq, inArray } from 'drizzle-orm';
import { people } from '../../db/identity/schema.ts';
import type { Db } from '../../db/store.ts';
import { ApiError } from '../errors.ts';

/** Names of the people `ids` name, in one query (unknown ids are left out). */
export async function peopleNames(
  db: Db,
  workspaceId: string,
  ids: Iterable<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.workspaceId, workspaceId), inArray(people.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Is `id` a person of this workspace? */
export async function isPersonOf(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (
    (
      await db
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), eq(people.id, id)))
    ).length > 0
  );
}

/** Every id must be a person of this workspace (R1): else 400 naming `${field}.${i}`. */
export async function checkPeopleOf(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  field: (i: number) => string,
): Promise<void> {
  if (!ids.length) return;
  const known = new Set(
    (
      await db
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), inArray(people.id, [...new Set(ids)])))
    ).map((r) => r.id),
  );
  ids.forEach((id, i) => {
    if (!known.has(id))
      throw new ApiError('validation_error', `field \`${field(i)}\`: \`${id}\` is not a person of this workspace`, {
        field: field(i),
      });
  });
}
