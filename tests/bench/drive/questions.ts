import type { DriveIndexes } from './indexes.ts';
import { QUESTION_RELATIONS, type QuestionRelation } from './model.ts';
import { createRng, type Rng } from './prng.ts';
import { BY_GROUP, type DriveStore } from './store.ts';

/** Check questions in compact form; question i asks `relation[i]` of `document:d<document[i]>` for `user:u<user[i]>`. */
export interface Questions {
  count: number;
  user: Int32Array;
  relation: QuestionRelation[];
  document: Int32Array;
  /** 0 for the uniformly random half, 1 for the biased half. */
  biased: Uint8Array;
}

/**
 * docs/bench.md › The workload, "Questions": `count` uniformly random checks, then `count` biased to users who hold
 * a grant. The questions draw from their own PRNG stream (seed + 1) so that changing how many
 * are asked never changes the store.
 *
 * Biased: half start from an owner tuple, half from an extra grant (so group paths are asked
 * about); the user is the holder or a member of the holding group (through nesting too); the
 * document is the object itself or one found by walking down from the granted folder.
 */
export function drawQuestions(s: DriveStore, ix: DriveIndexes, count = 10_000, seed = s.seed + 1): Questions {
  const rng = createRng(seed);
  const q: Questions = {
    count: 2 * count,
    user: new Int32Array(2 * count),
    relation: [],
    document: new Int32Array(2 * count),
    biased: new Uint8Array(2 * count),
  };
  for (let i = 0; i < count; i++) {
    q.user[i] = rng.int(s.users);
    q.relation.push(QUESTION_RELATIONS[rng.int(2)]!);
    q.document[i] = rng.int(s.documents);
  }
  for (let i = count; i < 2 * count; i++) {
    const { user, ref } = drawHeldGrant(rng, s, ix);
    q.user[i] = user;
    q.relation.push(QUESTION_RELATIONS[rng.int(2)]!);
    q.document[i] = ref >= s.folders ? ref - s.folders : documentBelow(rng, s, ix, ref);
    q.biased[i] = 1;
  }
  return q;
}

function drawHeldGrant(rng: Rng, s: DriveStore, ix: DriveIndexes): { user: number; ref: number } {
  const g = s.grants;
  if (g.count === 0 || rng.chance(0.5)) {
    const ref = rng.int(s.folders + s.documents);
    return { user: ref < s.folders ? s.folderOwner[ref]! : s.documentOwner[ref - s.folders]!, ref };
  }
  const row = rng.int(g.count);
  const ref = g.objectKind[row] === 0 ? g.object[row]! : s.folders + g.object[row]!;
  const user = g.subjectKind[row] === BY_GROUP ? memberOf(rng, s, ix, g.subject[row]!) : g.subject[row]!;
  return { user, ref };
}

/** A random member of a group, reached by a random walk down through nested groups. */
function memberOf(rng: Rng, s: DriveStore, ix: DriveIndexes, group: number): number {
  for (let grp = group; ; ) {
    const users = ix.groupUsers.start[grp + 1]! - ix.groupUsers.start[grp]!;
    const nested = ix.groupChildren.start[grp + 1]! - ix.groupChildren.start[grp]!;
    if (users + nested === 0) return rng.int(s.users); // an empty group: nobody holds the grant
    const k = rng.int(users + nested);
    if (k < users) return ix.groupUsers.items[ix.groupUsers.start[grp]! + k]!;
    grp = ix.groupChildren.items[ix.groupChildren.start[grp]! + k - users]!;
  }
}

/** A random document inside a folder's subtree, or a random document if the walk finds none. */
function documentBelow(rng: Rng, s: DriveStore, ix: DriveIndexes, folder: number): number {
  for (let f = folder; ; ) {
    const docs = ix.folderDocuments.start[f + 1]! - ix.folderDocuments.start[f]!;
    const subs = ix.folderChildren.start[f + 1]! - ix.folderChildren.start[f]!;
    if (docs + subs === 0) return rng.int(s.documents);
    const k = rng.int(docs + subs);
    if (k < docs) return ix.folderDocuments.items[ix.folderDocuments.start[f]! + k]!;
    f = ix.folderChildren.items[ix.folderChildren.start[f]! + k - docs]!;
  }
}
