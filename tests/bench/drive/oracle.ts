import { groupClosure, type DriveIndexes } from './indexes.ts';
import type { QuestionRelation } from './model.ts';
import { BY_GROUP, EDITOR, type DriveStore } from './store.ts';

/**
 * Reference answers computed straight from the compact store, independent of every engine under
 * test: they pick the list-objects user, steer the biased questions and check the generator.
 * Engines are compared with each other, not with this; it only has to be obviously right.
 */
export function referenceCheck(
  s: DriveStore,
  ix: DriveIndexes,
  user: number,
  relation: QuestionRelation,
  document: number,
): boolean {
  const groups = groupClosure(s, user);
  const holds = (ref: number): boolean => {
    for (let i = ix.grantsByObject.start[ref]!; i < ix.grantsByObject.start[ref + 1]!; i++) {
      const row = ix.grantsByObject.items[i]!;
      if (relation === 'editor' && s.grants.relation[row] !== EDITOR) continue;
      const subject = s.grants.subject[row]!;
      if (s.grants.subjectKind[row] === BY_GROUP ? groups.includes(subject) : subject === user) return true;
    }
    return false;
  };
  if (s.documentOwner[document] === user || holds(s.folders + document)) return true;
  for (let f = s.documentParent[document]!; f >= 0; f = s.folderParent[f]!) {
    if (s.folderOwner[f] === user || holds(f)) return true;
    if (relation === 'viewer' && ix.isPublic[f]) return true;
  }
  return false;
}

/** Documents every user may view through public folders (a mask and its size). */
export function publicDocuments(s: DriveStore, ix: DriveIndexes): { covered: Uint8Array; count: number } {
  const covered = new Uint8Array(s.documents);
  let count = 0;
  for (let d = 0; d < s.documents; d++) {
    for (let f = s.documentParent[d]!; f >= 0; f = s.folderParent[f]!) {
      if (ix.isPublic[f]) {
        covered[d] = 1;
        count++;
        break;
      }
    }
  }
  return { covered, count };
}

/**
 * The user who may view the most documents, and how many: the list-objects question.
 * Walks each user's granted subtrees once, with per-user stamps instead of sets.
 */
export function topViewer(s: DriveStore, ix: DriveIndexes): { user: number; documents: number } {
  const pub = publicDocuments(s, ix);
  const folderStamp = new Int32Array(s.folders).fill(-1);
  const documentStamp = new Int32Array(s.documents).fill(-1);
  const stack: number[] = [];
  let best = { user: 0, documents: -1 };
  for (let u = 0; u < s.users; u++) {
    let reach = 0;
    const visitDocument = (d: number) => {
      if (pub.covered[d] || documentStamp[d] === u) return;
      documentStamp[d] = u;
      reach++;
    };
    const visit = (ref: number) => {
      if (ref >= s.folders) return visitDocument(ref - s.folders);
      stack.push(ref);
      while (stack.length > 0) {
        const f = stack.pop()!;
        if (folderStamp[f] === u) continue;
        folderStamp[f] = u;
        for (let i = ix.folderDocuments.start[f]!; i < ix.folderDocuments.start[f + 1]!; i++)
          visitDocument(ix.folderDocuments.items[i]!);
        for (let i = ix.folderChildren.start[f]!; i < ix.folderChildren.start[f + 1]!; i++)
          stack.push(ix.folderChildren.items[i]!);
      }
    };
    for (let i = ix.heldByUser.start[u]!; i < ix.heldByUser.start[u + 1]!; i++) visit(ix.heldByUser.items[i]!);
    for (const grp of groupClosure(s, u)) {
      for (let i = ix.heldByGroup.start[grp]!; i < ix.heldByGroup.start[grp + 1]!; i++) visit(ix.heldByGroup.items[i]!);
    }
    if (reach + pub.count > best.documents) best = { user: u, documents: reach + pub.count };
  }
  return best;
}
