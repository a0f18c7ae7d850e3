/**
 * Tuples between the engine's strings and the table's columns. A user is split into type, id
 * and relation (`''` for a plain subject), so lookups by user type use the indexes.
 */
import type { TupleKey } from '../../functions/index.ts';

export type TupleColumns = {
  objectType: string;
  objectId: string;
  relation: string;
  userType: string;
  userId: string;
  userRelation: string;
};

/** Splits `type:id`; the id keeps any further colons. */
export function splitObject(object: string): { type: string; id: string } {
  const i = object.indexOf(':');
  return i < 0 ? { type: object, id: '' } : { type: object.slice(0, i), id: object.slice(i + 1) };
}

/** Splits `type:id`, `type:*` or `type:id#relation`. */
export function splitUser(user: string): { type: string; id: string; relation: string } {
  const { type, id } = splitObject(user);
  const hash = id.indexOf('#');
  return hash < 0 ? { type, id, relation: '' } : { type, id: id.slice(0, hash), relation: id.slice(hash + 1) };
}

export function toColumns(t: { object: string; relation: string; user: string }): TupleColumns {
  const o = splitObject(t.object);
  const u = splitUser(t.user);
  return {
    objectType: o.type,
    objectId: o.id,
    relation: t.relation,
    userType: u.type,
    userId: u.id,
    userRelation: u.relation,
  };
}

export function userText(row: { userType: string; userId: string; userRelation: string }): string {
  return `${row.userType}:${row.userId}${row.userRelation ? `#${row.userRelation}` : ''}`;
}

export type TupleRow = TupleColumns & {
  conditionName: string | null;
  conditionContext: unknown;
  expiresAt: number | null;
};

/** A row (or change-log row with `user` text) back to the engine's TupleKey. */
export function fromRow(row: TupleRow): TupleKey {
  return withExtras({ object: `${row.objectType}:${row.objectId}`, relation: row.relation, user: userText(row) }, row);
}

export function withExtras(
  key: TupleKey,
  row: { conditionName: string | null; conditionContext: unknown; expiresAt: number | null },
): TupleKey {
  if (row.conditionName) {
    const context = row.conditionContext as Record<string, unknown> | null;
    key.condition =
      context && Object.keys(context).length > 0 ? { name: row.conditionName, context } : { name: row.conditionName };
  }
  if (row.expiresAt !== null) key.expiresAt = row.expiresAt;
  return key;
}

/** One identity string per tuple (object, relation, user), for de-duplication. */
export function tupleIdentity(t: { object: string; relation: string; user: string }): string {
  return `${t.object}\u0000${t.relation}\u0000${t.user}`;
}
