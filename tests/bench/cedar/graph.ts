import type { Tuple } from '../drive/model.ts';

/**
 * The drive model's rewrites, read off the DSL (drive/model.ts), for both folder and document:
 * `editor: … or owner`, `viewer: … or editor`, and `X from parent` for editor and viewer.
 * Each one is a hierarchy edge between Userset entities (see policies.ts).
 */
export const IMPLIED_BY: Readonly<Record<string, readonly string[]>> = {
  viewer: ['editor'],
  editor: ['owner'],
  owner: [],
};
export const FROM_PARENT: ReadonlySet<string> = new Set(['viewer', 'editor']);
/** A Cedar entity uid in its plain JSON form. */
export interface Uid {
  type: string;
  id: string;
}

export const RESOURCE_ATTRIBUTES = { owners: 'owner', editors: 'editor', viewers: 'viewer' } as const;

/**
 * The drive store as a Cedar entity graph, kept by OpenFGA name so that it can be sliced per
 * question (slice.ts) instead of handing Cedar every entity. Only the edges that come from
 * tuples are stored; the rewrite edges are derived from the tables above when slicing.
 */
export interface CedarGraph {
  /** `user:u` / `group:g` → the Groups and Usersets it is directly in. */
  subjectParents: Map<string, Uid[]>;
  /** `folder:f` / `document:d` → its parent folders (`folder:p`). */
  objectParents: Map<string, string[]>;
  /** Objects with `viewer @ user:*`. */
  publicViewers: Set<string>;
}

/** `user:u1` → `User::"u1"`, `group:g1#member` → `Group::"g1"`, `folder:f1` → `Folder::"f1"`. */
export function entityUid(name: string): Uid {
  const colon = name.indexOf(':');
  const type = name.slice(0, colon);
  const hash = name.indexOf('#', colon);
  const id = name.slice(colon + 1, hash < 0 ? undefined : hash);
  return { type: type.charAt(0).toUpperCase() + type.slice(1), id };
}

export const usersetUid = (object: string, relation: string): Uid => ({ type: 'Userset', id: `${object}#${relation}` });

/**
 * Translates tuples of the drive model. Throws on a tuple the model does not allow, so a
 * mistranslation cannot pass silently as a deny.
 *
 * @example
 * const graph = buildCedarGraph(driveTuples(store));
 */
export function buildCedarGraph(tuples: Iterable<Tuple>): CedarGraph {
  const graph: CedarGraph = { subjectParents: new Map(), objectParents: new Map(), publicViewers: new Set() };
  const addParent = <V>(map: Map<string, V[]>, key: string, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const { object, relation, user } of tuples) {
    if (relation === 'parent') {
      addParent(graph.objectParents, object, user);
    } else if (user === 'user:*' && relation === 'viewer' && object.startsWith('folder:')) {
      graph.publicViewers.add(object);
    } else if (relation === 'member' && object.startsWith('group:')) {
      addParent(graph.subjectParents, subjectKey(user), entityUid(object));
    } else if (relation in IMPLIED_BY && !user.includes('*')) {
      addParent(graph.subjectParents, subjectKey(user), usersetUid(object, relation));
    } else {
      throw new Error(`tuple \`${object}#${relation}@${user}\` is not in the drive model`);
    }
  }
  return graph;
}

/** `group:g#member` and `group:g` are the same Cedar entity (`Group::"g"` stands for its members). */
function subjectKey(user: string): string {
  if (user.startsWith('group:') && user.endsWith('#member')) return user.slice(0, -'#member'.length);
  if (user.startsWith('user:') && !user.includes('#')) return user;
  throw new Error(`subject \`${user}\` is not in the drive model`);
}
