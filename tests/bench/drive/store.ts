/**
 * The drive store in compact form: typed arrays indexed by entity number, so that a 1M-tuple
 * store costs a few megabytes here and tuple strings are only made when an engine asks for them
 * (see tuples.ts). Entity i of each type is named `user:u<i>`, `group:g<i>`, `folder:f<i>`,
 * `document:d<i>`.
 */
// Plain constants rather than enums: tsx and vitest transpile files one by one (isolatedModules).
export const FOLDER = 0;
export const DOCUMENT = 1;
export const VIEWER = 0;
export const EDITOR = 1;
export const BY_USER = 0;
export const BY_GROUP = 1;

/**
 * Extra viewer/editor grants (owners are kept apart: every object has exactly one).
 * objectKind FOLDER|DOCUMENT, relation VIEWER|EDITOR, subjectKind BY_USER|BY_GROUP.
 */
export interface Grants {
  count: number;
  objectKind: Uint8Array;
  object: Int32Array;
  relation: Uint8Array;
  subjectKind: Uint8Array;
  subject: Int32Array;
}

export interface DriveStore {
  seed: number;
  /** The tuple count asked for (T). */
  target: number;
  users: number;
  groups: number;
  folders: number;
  documents: number;
  /** CSR: the groups of user u are userGroups[userGroupStart[u] .. userGroupStart[u+1]). */
  userGroupStart: Uint32Array;
  userGroups: Int32Array;
  /** The group a group is nested in (its members are members of the parent), or -1. */
  groupParent: Int32Array;
  /** The parent folder, or -1 for a root. */
  folderParent: Int32Array;
  /** 0 for a root folder. */
  folderDepth: Uint8Array;
  folderOwner: Int32Array;
  documentParent: Int32Array;
  documentOwner: Int32Array;
  grants: Grants;
  /** Folders carrying `viewer @ user:*`. */
  publicFolders: Int32Array;
  /** The number of tuples tuples.ts yields for this store. */
  tupleCount: number;
}

export const userName = (i: number): string => `user:u${i}`;
export const groupName = (i: number): string => `group:g${i}`;
export const folderName = (i: number): string => `folder:f${i}`;
export const documentName = (i: number): string => `document:d${i}`;
