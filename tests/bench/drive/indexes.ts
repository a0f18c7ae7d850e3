import { BY_USER, FOLDER, type DriveStore } from './store.ts';

/** Compressed sparse rows: the items of key k are items[start[k] .. start[k+1]). */
export interface Csr {
  start: Uint32Array;
  items: Int32Array;
}

/** Groups keys to items in two counting passes: no per-key arrays, so 1M rows stay cheap. */
export function buildCsr(
  keys: number,
  rows: number,
  keyOf: (row: number) => number,
  itemOf: (row: number) => number,
): Csr {
  const start = new Uint32Array(keys + 1);
  for (let r = 0; r < rows; r++) {
    const k = keyOf(r);
    if (k >= 0) start[k + 1]!++;
  }
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keys);
  const items = new Int32Array(start[keys]!);
  for (let r = 0; r < rows; r++) {
    const k = keyOf(r);
    if (k >= 0) items[fill[k]!++] = itemOf(r);
  }
  return { start, items };
}

export function* rowsOf(csr: Csr, key: number): Generator<number> {
  for (let i = csr.start[key]!; i < csr.start[key + 1]!; i++) yield csr.items[i]!;
}

/**
 * Reverse indexes over a DriveStore, for drawing biased questions and for the reference answers.
 * Object refs put folders and documents in one number space: folder f is f, document d is
 * folders + d.
 */
export interface DriveIndexes {
  folderChildren: Csr;
  folderDocuments: Csr;
  /** Group g's direct member users, and the groups nested in it. */
  groupUsers: Csr;
  groupChildren: Csr;
  /** Extra grant rows by object ref. */
  grantsByObject: Csr;
  /** Object refs a user or a group holds a grant on (owners included for users). */
  heldByUser: Csr;
  heldByGroup: Csr;
  isPublic: Uint8Array;
}

export function buildIndexes(s: DriveStore): DriveIndexes {
  const g = s.grants;
  const ref = (row: number) => (g.objectKind[row] === FOLDER ? g.object[row]! : s.folders + g.object[row]!);
  const isPublic = new Uint8Array(s.folders);
  for (const f of s.publicFolders) isPublic[f] = 1;
  const owners = s.folders + s.documents;
  const userMemberships = s.userGroups.length;
  return {
    folderChildren: buildCsr(
      s.folders,
      s.folders,
      (f) => s.folderParent[f]!,
      (f) => f,
    ),
    folderDocuments: buildCsr(
      s.folders,
      s.documents,
      (d) => s.documentParent[d]!,
      (d) => d,
    ),
    groupUsers: buildCsr(
      s.groups,
      userMemberships,
      (k) => s.userGroups[k]!,
      (k) => userOfMembership(s, k),
    ),
    groupChildren: buildCsr(
      s.groups,
      s.groups,
      (c) => s.groupParent[c]!,
      (c) => c,
    ),
    grantsByObject: buildCsr(owners, g.count, ref, (row) => row),
    heldByUser: buildCsr(
      s.users,
      owners + g.count,
      (r) =>
        r < s.folders
          ? s.folderOwner[r]!
          : r < owners
            ? s.documentOwner[r - s.folders]!
            : g.subjectKind[r - owners] === BY_USER
              ? g.subject[r - owners]!
              : -1,
      (r) => (r < owners ? r : ref(r - owners)),
    ),
    heldByGroup: buildCsr(s.groups, g.count, (r) => (g.subjectKind[r] === BY_USER ? -1 : g.subject[r]!), ref),
    isPublic,
  };
}

/** userGroups is laid out user by user; a binary search on userGroupStart finds the user of row k. */
function userOfMembership(s: DriveStore, k: number): number {
  let lo = 0;
  let hi = s.users - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.userGroupStart[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The groups a user is a member of, directly or through nesting (parents are one per group). */
export function groupClosure(s: DriveStore, user: number): number[] {
  const out: number[] = [];
  for (let k = s.userGroupStart[user]!; k < s.userGroupStart[user + 1]!; k++) {
    for (let grp = s.userGroups[k]!; grp >= 0 && !out.includes(grp); grp = s.groupParent[grp]!) out.push(grp);
  }
  return out;
}
