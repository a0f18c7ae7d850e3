import { createRng, type Rng } from './prng.ts';
import { BY_GROUP, BY_USER, DOCUMENT, EDITOR, FOLDER, VIEWER, type DriveStore, type Grants } from './store.ts';

/** Shape constants from docs/bench.md › The workload; the ones it leaves open are chosen and named here. */
const MAX_FAN_OUT = 8;
const MAX_FOLDER_DEPTH = 6; // levels of folders: depths 0..5
const MAX_GROUP_NESTING = 3;
const NESTED_GROUP_SHARE = 0.2;
const FOLDER_GRANT_SHARE = 0.1;
const DOCUMENT_GRANT_SHARE = 0.05;
const PUBLIC_FOLDER_SHARE = 0.01;
/** Grants on an object that carries extra grants: 1..4, mean 2.5 (the workload leaves it open). */
const MAX_GRANTS_PER_OBJECT = 4;
const MEAN_GRANTS_PER_OBJECT = 2.5;
/**
 * Folders per tree. Larger trees make folder grants reach more documents; 400 puts the top user
 * past 10k reachable documents at 1M tuples, as the workload asks.
 */
const FOLDERS_PER_ROOT = 400;

/**
 * Generates the drive store for a target of `target` tuples (docs/bench.md › The workload, "Data").
 * Documents are fixed at T/4; the folder count is solved so that the total lands near T.
 *
 * @example
 * const store = generateDrive(100_000, 42);
 * console.log(store.tupleCount); // within 5% of 100k
 */
export function generateDrive(target: number, seed = 42): DriveStore {
  const rng = createRng(seed);
  const users = Math.max(1, Math.round(target / 20));
  const groups = Math.max(1, Math.round(target / 200));
  const documents = Math.max(1, Math.round(target / 4));
  const nested = Math.round(groups * NESTED_GROUP_SHARE);
  const fixed = 2 * users + nested + 2 * documents + DOCUMENT_GRANT_SHARE * documents * MEAN_GRANTS_PER_OBJECT;
  const perFolder = 2 + FOLDER_GRANT_SHARE * MEAN_GRANTS_PER_OBJECT + PUBLIC_FOLDER_SHARE - 1 / FOLDERS_PER_ROOT;
  const folders = Math.max(1, Math.round((target - fixed) / perFolder));

  const { userGroupStart, userGroups } = drawMemberships(rng, users, groups);
  const groupParent = drawGroupNesting(rng, groups, nested);
  const { folderParent, folderDepth, childCount } = drawFolderForest(rng, folders);
  const documentParent = new Int32Array(documents);
  for (let d = 0; d < documents; d++) documentParent[d] = pickFolderWithRoom(rng, childCount);
  const folderOwner = drawOwners(rng, folders, users);
  const documentOwner = drawOwners(rng, documents, users);
  const grants = drawGrants(rng, folders, documents, users, groups);
  const publicFolders: number[] = [];
  for (let f = 0; f < folders; f++) if (rng.chance(PUBLIC_FOLDER_SHARE)) publicFolders.push(f);

  const roots = folderParent.filter((p) => p < 0).length;
  const tupleCount =
    userGroups.length + nested + (folders - roots) + folders + documents * 2 + grants.count + publicFolders.length;
  return {
    seed,
    target,
    users,
    groups,
    folders,
    documents,
    userGroupStart,
    userGroups,
    groupParent,
    folderParent,
    folderDepth,
    folderOwner,
    documentParent,
    documentOwner,
    grants,
    publicFolders: Int32Array.from(publicFolders),
    tupleCount,
  };
}

/** Each user joins 1..3 distinct groups (mean 2). */
function drawMemberships(rng: Rng, users: number, groups: number) {
  const userGroupStart = new Uint32Array(users + 1);
  const list: number[] = [];
  for (let u = 0; u < users; u++) {
    const want = Math.min(groups, 1 + rng.int(3));
    const start = list.length;
    while (list.length - start < want) {
      const g = rng.int(groups);
      if (!list.slice(start).includes(g)) list.push(g);
    }
    userGroupStart[u + 1] = list.length;
  }
  return { userGroupStart, userGroups: Int32Array.from(list) };
}

/** `nested` groups get a parent of lower index (so no cycles) whose chain stays ≤ 3 deep. */
function drawGroupNesting(rng: Rng, groups: number, nested: number): Int32Array {
  const parent = new Int32Array(groups).fill(-1);
  const depth = new Uint8Array(groups);
  let placed = 0;
  for (let tries = 0; placed < nested && tries < nested * 50; tries++) {
    const g = 1 + rng.int(groups - 1);
    const p = rng.int(g);
    if (parent[g]! >= 0 || depth[p]! >= MAX_GROUP_NESTING - 1 || hasNestedChild(parent, g)) continue;
    parent[g] = p;
    depth[g] = depth[p]! + 1;
    placed++;
  }
  return parent;
}

function hasNestedChild(parent: Int32Array, g: number): boolean {
  // A group that already has nested children cannot itself move down without deepening them.
  return parent.includes(g);
}

/** Folders 0..R-1 are roots; every later folder hangs under a random earlier one that has room. */
function drawFolderForest(rng: Rng, folders: number) {
  const folderParent = new Int32Array(folders).fill(-1);
  const folderDepth = new Uint8Array(folders);
  const childCount = new Uint8Array(folders);
  const roots = Math.max(1, Math.ceil(folders / FOLDERS_PER_ROOT));
  for (let f = roots; f < folders; f++) {
    for (let tries = 0; tries < 32; tries++) {
      const p = rng.int(f);
      if (folderDepth[p]! + 1 >= MAX_FOLDER_DEPTH || childCount[p]! >= MAX_FAN_OUT) continue;
      folderParent[f] = p;
      folderDepth[f] = folderDepth[p]! + 1;
      childCount[p]!++;
      break;
    }
  }
  return { folderParent, folderDepth, childCount };
}

/** Fan-out counts documents too: a folder holds at most 8 children of any kind. */
function pickFolderWithRoom(rng: Rng, childCount: Uint8Array): number {
  for (;;) {
    const f = rng.int(childCount.length);
    if (childCount[f]! < MAX_FAN_OUT) {
      childCount[f]!++;
      return f;
    }
  }
}

function drawOwners(rng: Rng, count: number, users: number): Int32Array {
  const owners = new Int32Array(count);
  for (let i = 0; i < count; i++) owners[i] = rng.int(users);
  return owners;
}

function drawGrants(rng: Rng, folders: number, documents: number, users: number, groups: number): Grants {
  const rows: number[][] = [[], [], [], [], []];
  const draw = (kind: number, count: number, share: number) => {
    for (let o = 0; o < count; o++) {
      if (!rng.chance(share)) continue;
      const n = 1 + rng.int(MAX_GRANTS_PER_OBJECT);
      const seen = new Set<number>();
      for (let k = 0; k < n; k++) {
        const byGroup = rng.chance(0.5);
        const subject = byGroup ? rng.int(groups) : rng.int(users);
        const relation = rng.chance(0.5) ? EDITOR : VIEWER;
        const key = (byGroup ? -1 - subject : subject) * 2 + relation;
        if (seen.has(key)) continue; // a duplicate tuple would change the count, not the data
        seen.add(key);
        rows[0]!.push(kind);
        rows[1]!.push(o);
        rows[2]!.push(relation);
        rows[3]!.push(byGroup ? BY_GROUP : BY_USER);
        rows[4]!.push(subject);
      }
    }
  };
  draw(FOLDER, folders, FOLDER_GRANT_SHARE);
  draw(DOCUMENT, documents, DOCUMENT_GRANT_SHARE);
  const [objectKind, object, relation, subjectKind, subject] = rows as [
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  return {
    count: object.length,
    objectKind: Uint8Array.from(objectKind),
    object: Int32Array.from(object),
    relation: Uint8Array.from(relation),
    subjectKind: Uint8Array.from(subjectKind),
    subject: Int32Array.from(subject),
  };
}
