/** A small drive-like model and store shared by the engine's unit tests. */
import { compileModel, type CompiledModel } from './compile.ts';
import { MemoryTupleIndex } from './memory-index.ts';
import { parseModel } from './parse.ts';
import type { TupleKey } from './types.ts';

export const DRIVE = `model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type folder
  relations
    define parent: [folder]
    define owner: [user]
    define editor: [user, group#member] or owner or editor from parent
    define viewer: [user, user:*, group#member, user with before] or editor or viewer from parent
type doc
  relations
    define parent: [folder]
    define blocked: [user]
    define viewer: ([user] or viewer from parent) but not blocked
condition before(now: timestamp, until: timestamp) {
  now < until
}
`;

export const NOW = Date.UTC(2025, 0, 1);

export function driveFixture(extra: TupleKey[] = []): { model: CompiledModel; index: MemoryTupleIndex } {
  const parsed = parseModel(DRIVE);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const index = new MemoryTupleIndex(parsed.model);
  const tuples: TupleKey[] = [
    { object: 'group:eng', relation: 'member', user: 'user:anne' },
    { object: 'group:all', relation: 'member', user: 'group:eng#member' },
    { object: 'folder:root', relation: 'editor', user: 'group:all#member' },
    { object: 'folder:sub', relation: 'parent', user: 'folder:root' },
    { object: 'folder:sub', relation: 'owner', user: 'user:bob' },
    { object: 'doc:plan', relation: 'parent', user: 'folder:sub' },
    { object: 'doc:plan', relation: 'blocked', user: 'user:carl' },
    { object: 'folder:public', relation: 'viewer', user: 'user:*' },
    { object: 'doc:open', relation: 'parent', user: 'folder:public' },
    ...extra,
  ];
  for (const t of tuples) index.add(t);
  return { model: compileModel(parsed.model), index };
}
