import type { Tuple } from './model.ts';
import { BY_GROUP, FOLDER, VIEWER, documentName, folderName, groupName, userName, type DriveStore } from './store.ts';

/**
 * The store's tuples in OpenFGA form, made lazily so a caller can stream 1M of them into an
 * index without holding two copies. Yields exactly `store.tupleCount` tuples.
 *
 * @example
 * for (const t of driveTuples(store)) index.write(t);
 */
export function* driveTuples(store: DriveStore): Generator<Tuple> {
  for (let u = 0; u < store.users; u++) {
    for (let k = store.userGroupStart[u]!; k < store.userGroupStart[u + 1]!; k++) {
      yield { object: groupName(store.userGroups[k]!), relation: 'member', user: userName(u) };
    }
  }
  for (let g = 0; g < store.groups; g++) {
    const p = store.groupParent[g]!;
    if (p >= 0) yield { object: groupName(p), relation: 'member', user: `${groupName(g)}#member` };
  }
  for (let f = 0; f < store.folders; f++) {
    const p = store.folderParent[f]!;
    if (p >= 0) yield { object: folderName(f), relation: 'parent', user: folderName(p) };
    yield { object: folderName(f), relation: 'owner', user: userName(store.folderOwner[f]!) };
  }
  for (let d = 0; d < store.documents; d++) {
    yield { object: documentName(d), relation: 'parent', user: folderName(store.documentParent[d]!) };
    yield { object: documentName(d), relation: 'owner', user: userName(store.documentOwner[d]!) };
  }
  const g = store.grants;
  for (let i = 0; i < g.count; i++) {
    const object = g.objectKind[i] === FOLDER ? folderName(g.object[i]!) : documentName(g.object[i]!);
    const relation = g.relation[i] === VIEWER ? 'viewer' : 'editor';
    const user = g.subjectKind[i] === BY_GROUP ? `${groupName(g.subject[i]!)}#member` : userName(g.subject[i]!);
    yield { object, relation, user };
  }
  for (const f of store.publicFolders) yield { object: folderName(f), relation: 'viewer', user: 'user:*' };
}
