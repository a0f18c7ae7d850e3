import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs';
import {
  FROM_PARENT,
  IMPLIED_BY,
  RESOURCE_ATTRIBUTES,
  entityUid,
  usersetUid,
  type CedarGraph,
  type Uid,
} from './graph.ts';

const PUBLIC: Uid = { type: 'Public', id: 'user' };

/**
 * The entities Cedar needs to answer "may `user` `relation` `object`?", and no others.
 *
 * Cedar computes the transitive closure of every entity it is given on every call, so handing
 * it the whole store (1M tuples) would cost seconds per question. The slice is the union of
 * - the resource side: every Userset below `object#relation` (its rewrites, down through parent
 *   folders), each with its parents within that side, plus `Public::"user"` if a public folder
 *   is among them, and
 * - the principal side: the user and every group it is in, each with its parents among those
 *   groups and the resource side (a parent Cedar is not given is a dead end anyway, and dropping
 *   the dangling references halves Cedar's time).
 * Any path from the principal to the resource's userset runs through the principal side and
 * then the resource side, so the slice answers exactly as the whole store would. It does not
 * decide the question: Cedar still has to find the path.
 *
 * @example
 * const entities = sliceEntities(graph, 'user:u1', 'viewer', 'document:d7');
 */
export function sliceEntities(graph: CedarGraph, user: string, relation: string, object: string): EntityJson[] {
  const resource = resourceSide(graph, relation, object);
  const inResource = new Set(resource.map((e) => (e.uid as Uid).id)); // only Usersets and Public::"user"
  return [...principalSide(graph, user, inResource), ...resource, resourceEntity(object)];
}

function principalSide(graph: CedarGraph, user: string, usersets: ReadonlySet<string>): EntityJson[] {
  const out: EntityJson[] = [];
  const seen = new Set<string>([user]);
  const queue = [user];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    const parents = graph.subjectParents.get(name) ?? [];
    out.push({
      uid: entityUid(name),
      attrs: {},
      parents: parents.filter((p) => p.type === 'Group' || usersets.has(p.id)),
    });
    for (const p of parents) {
      const key = `group:${p.id}`;
      if (p.type === 'Group' && !seen.has(key)) {
        seen.add(key);
        queue.push(key);
      }
    }
  }
  return out;
}

function resourceSide(graph: CedarGraph, relation: string, object: string): EntityJson[] {
  // Walks from the resource's userset towards the subjects, recording each edge as a parent of
  // the userset it reaches, so every entity comes out with exactly its in-slice parents.
  const parents = new Map<string, Uid[]>([[`${object}#${relation}`, []]]);
  const queue: [string, string][] = [[object, relation]];
  let publicParents: Uid[] | undefined;
  const reach = (o: string, r: string, parent: Uid) => {
    const key = `${o}#${r}`;
    const list = parents.get(key);
    if (list) return void list.push(parent);
    parents.set(key, [parent]);
    queue.push([o, r]);
  };
  for (let i = 0; i < queue.length; i++) {
    const [o, r] = queue[i]!;
    const self = usersetUid(o, r);
    for (const lower of IMPLIED_BY[r] ?? []) reach(o, lower, self);
    if (FROM_PARENT.has(r)) for (const p of graph.objectParents.get(o) ?? []) reach(p, r, self);
    if (r === 'viewer' && graph.publicViewers.has(o)) (publicParents ??= []).push(self);
  }
  const out: EntityJson[] = [];
  for (const [key, ps] of parents) out.push({ uid: { type: 'Userset', id: key }, attrs: {}, parents: ps });
  if (publicParents) out.push({ uid: PUBLIC, attrs: {}, parents: publicParents });
  return out;
}

/** Its parent folders are left out: no policy looks at them, and Cedar would not be given them. */
function resourceEntity(object: string): EntityJson {
  const attrs: EntityJson['attrs'] = {};
  for (const [attribute, relation] of Object.entries(RESOURCE_ATTRIBUTES)) {
    attrs[attribute] = { __entity: usersetUid(object, relation) };
  }
  return { uid: entityUid(object), attrs, parents: [] };
}
