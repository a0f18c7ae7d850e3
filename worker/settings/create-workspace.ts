/**
 * A new, empty workspace (sign-up, worker/routes/sign-up.ts): its own authorization store and
 * the workspace model (as the demo seed makes Northline's, db/seed/apply.ts), its Default group
 * (R20), the predefined roles (R10) and its owner as master user (R3) — every row and tuple as
 * statements for ONE batch, so a workspace exists whole or not at all.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { authzModels, authzStores } from '../../db/authz/schema.ts';
import { people, groups, roles } from '../../db/identity/schema.ts';
import { ulid } from '../../db/authz/ids.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import type { Db } from '../../db/store.ts';
import { PREDEFINED_ROLES } from '../../model/roles.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { groupTuples, membershipTuples, personTuples, roleTuples, type TupleKey } from '../../model/tuples.ts';
import { newId } from '../auth/crypto.ts';

export type NewWorkspace = {
  workspaceId: string;
  workspaceName: string;
  owner: { id: string; name: string; email: string; passwordHash: string };
};

/** The statements that give a reserved workspace row its store, model, group, roles and owner. */
export function workspaceStatements(
  db: Db,
  ws: NewWorkspace,
  now: number,
): { storeId: string; statements: BatchItem<'sqlite'>[] } {
  const storeId = ulid(now);
  const groupId = newId('grp');
  const roleRows = PREDEFINED_ROLES.map((r) => ({
    id: newId('role'),
    workspaceId: ws.workspaceId,
    name: r.name,
    predefined: r.id,
    createdAt: now,
  }));
  const tuples: TupleKey[] = [
    ...personTuples(ws.workspaceId, { id: ws.owner.id, level: 'master', hiredAt: null, resignedAt: null }),
    ...groupTuples(ws.workspaceId, groupId),
    ...membershipTuples(groupId, ws.owner.id),
    ...PREDEFINED_ROLES.flatMap((r, i) => roleTuples(ws.workspaceId, roleRows[i]!.id, r.permissions)),
  ];
  const statements: BatchItem<'sqlite'>[] = [
    db.insert(authzStores).values({
      id: storeId,
      name: `${ws.workspaceName} workspace`,
      workspaceId: ws.workspaceId,
      revision: 0,
      tupleCount: 0,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(authzModels).values({
      id: ulid(now),
      storeId,
      schemaVersion: WORKSPACE_MODEL.schema_version,
      model: WORKSPACE_MODEL,
      createdAt: now,
    }),
    db.insert(groups).values({ id: groupId, workspaceId: ws.workspaceId, name: 'Default', isDefault: true }),
    db.insert(roles).values(roleRows),
    db.insert(people).values({
      id: ws.owner.id,
      workspaceId: ws.workspaceId,
      name: ws.owner.name,
      email: ws.owner.email,
      title: 'Owner',
      level: 'master',
      passwordHash: ws.owner.passwordHash,
      createdAt: now,
    }),
    ...tupleWriteStatements(db, storeId, { writes: tuples, deletes: [] }, now),
  ];
  return { storeId, statements };
}
