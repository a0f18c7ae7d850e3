/**
 * The impact preview (issue 15): who gains and who loses what if a proposed tuple change were
 * written. Exact, not an estimate: every tuple of the store is read once into two in-memory
 * indexes — as it is, and with the change applied — and the engine's list-objects runs for
 * every person of the workspace, for every tracked (type, relation), on both. The difference
 * is the answer. Nothing is written.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { batchCheck, listObjects, MemoryTupleIndex, type CompiledModel } from '../../functions/index.ts';
import { allTuplesQuery } from '../../db/authz/tuple-reads.ts';
import { fromRow } from '../../db/authz/codec.ts';
import type { TupleWrite } from '../../db/authz/tuple-write-statements.ts';
import type { Db, Store } from '../../db/store.ts';
import { people } from '../../db/identity/schema.ts';
import { artists, showDays, contacts, events, hotelStays, travelItems } from '../../db/touring/schema.ts';
import { files, folders, mailingLists, tasks, threads } from '../../db/collaboration/schema.ts';
import { PERMISSIONS } from '../../model/catalogue.ts';

/** What the preview compares, per person: what they can see, and what they may do workspace-wide. */
export const TRACKED: readonly (readonly [type: string, relation: string])[] = [
  ['artist', 'can_view'],
  ['event', 'can_view'],
  ['show_day', 'can_view'],
  ['show_day', 'can_view_financial'],
  ['show_day', 'can_view_travel'],
  ['travel_item', 'can_view'],
  ['hotel_stay', 'can_view'],
  ['folder', 'can_view'],
  ['file', 'can_view'],
  ['thread', 'can_view'],
  ['contact', 'can_view'],
  ['task', 'can_view'],
  ['mailing_list', 'can_view'],
  ['user', 'can_view'],
  ...PERMISSIONS.map((p) => ['workspace', p.key] as const),
];

export type ImpactItem = { type: string; relation: string; objects: { id: string; name: string }[] };
export type PersonImpact = { personId: string; name: string; gains: ImpactItem[]; losses: ImpactItem[]; text: string };
export type Impact = { people: PersonImpact[]; text: string[] };

/** Every person's (type, relation) → object ids, over `source`. */
export type Visibility = Map<string, Map<string, Set<string>>>;

export function visibility(
  model: CompiledModel,
  source: MemoryTupleIndex,
  personIds: readonly string[],
  now: number,
  workspaceId?: string,
  tracked: readonly (readonly [string, string])[] = TRACKED,
): Visibility {
  const context = { current_time: new Date(now).toISOString() };
  const out: Visibility = new Map();
  // Workspace permissions: one object, so one batch of checks per person instead of a listing each.
  const onWorkspace = tracked.filter(([type]) => type === 'workspace');
  const listed = tracked.filter(([type]) => type !== 'workspace');
  for (const id of personIds) {
    const user = `user:${id}`;
    const mine = new Map<string, Set<string>>();
    for (const [type, relation] of listed) {
      const result = listObjects(model, source, { user, relation, type, context, now });
      if (result.error) throw new Error(`list objects failed: ${result.error.message}`);
      mine.set(`${type}#${relation}`, new Set(result.objects.map((o) => o.slice(type.length + 1))));
    }
    if (onWorkspace.length && workspaceId) {
      const object = `workspace:${workspaceId}`;
      const checks = onWorkspace.map(([, relation]) => ({ user, relation, object }));
      const { results } = batchCheck(model, source, { checks, context, now });
      onWorkspace.forEach(([, relation], i) => {
        const result = results[i]!;
        if (result.error) throw new Error(`check failed: ${result.error.message}`);
        mine.set(`workspace#${relation}`, new Set(result.allowed ? [workspaceId] : []));
      });
    }
    out.set(id, mine);
  }
  return out;
}

/** The store's tuples as they are, and as they would be after `change`. */
export async function beforeAndAfter(
  store: Store,
  storeId: string,
  change: TupleWrite,
): Promise<{ before: MemoryTupleIndex; after: MemoryTupleIndex }> {
  const rows = await allTuplesQuery(store.db, storeId);
  const before = new MemoryTupleIndex();
  const after = new MemoryTupleIndex();
  for (const row of rows) {
    const t = fromRow(row);
    before.add(t);
    after.add(t);
  }
  for (const t of change.deletes) after.delete(t);
  for (const t of change.writes) {
    after.delete(t); // a changed condition replaces the stored one
    after.add(t);
  }
  return { before, after };
}

/** The impact of `change` on every person of the workspace, with names and sentences. */
export async function impactOf(
  store: Store,
  storeId: string,
  workspaceId: string,
  model: CompiledModel,
  change: TupleWrite,
  now = Date.now(),
): Promise<Impact> {
  const everyone = await store.db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(eq(people.workspaceId, workspaceId))
    .orderBy(people.name);
  if (change.writes.length === 0 && change.deletes.length === 0)
    return { people: [], text: ['Nobody gains or loses anything.'] };
  const { before, after } = await beforeAndAfter(store, storeId, change);
  const ids = everyone.map((p) => p.id);
  const was = visibility(model, before, ids, now, workspaceId);
  const will = visibility(model, after, ids, now, workspaceId);
  const names = await namesOf(store.db, workspaceId, was, will);
  const result: PersonImpact[] = [];
  for (const p of everyone) {
    const gains: ImpactItem[] = [];
    const losses: ImpactItem[] = [];
    for (const [type, relation] of TRACKED) {
      const key = `${type}#${relation}`;
      const a = was.get(p.id)!.get(key)!;
      const b = will.get(p.id)!.get(key)!;
      const item = (set: string[]) => ({
        type,
        relation,
        objects: set.sort().map((id) => ({ id, name: names.get(`${type}:${id}`) ?? id })),
      });
      const gained = [...b].filter((id) => !a.has(id));
      const lost = [...a].filter((id) => !b.has(id));
      if (gained.length) gains.push(item(gained));
      if (lost.length) losses.push(item(lost));
    }
    if (gains.length || losses.length)
      result.push({ personId: p.id, name: p.name, gains, losses, text: sentence(p.name, gains, losses) });
  }
  return {
    people: result,
    text: result.length ? result.map((r) => r.text) : ['Nobody gains or loses anything.'],
  };
}

const NOUNS: Record<string, [one: string, many: string]> = {
  'artist#can_view': ['artist', 'artists'],
  'event#can_view': ['show', 'shows'],
  'show_day#can_view': ['show day', 'show days'],
  'show_day#can_view_financial': ["show day's money", "show days' money"],
  'show_day#can_view_travel': ["show day's travel", "show days' travel"],
  'travel_item#can_view': ['travel item', 'travel items'],
  'hotel_stay#can_view': ['hotel stay', 'hotel stays'],
  'folder#can_view': ['folder', 'folders'],
  'file#can_view': ['file', 'files'],
  'thread#can_view': ['thread', 'threads'],
  'contact#can_view': ['contact', 'contacts'],
  'task#can_view': ['task', 'tasks'],
  'mailing_list#can_view': ['mailing list', 'mailing lists'],
  'user#can_view': ['person', 'people'],
};

function phrase(items: ImpactItem[]): string {
  const parts: string[] = [];
  const permissions: string[] = [];
  for (const i of items) {
    if (i.type === 'workspace') {
      permissions.push(PERMISSIONS.find((p) => p.key === i.relation)?.label ?? i.relation);
      continue;
    }
    const [one, many] = NOUNS[`${i.type}#${i.relation}`] ?? [i.type, `${i.type}s`];
    const n = i.objects.length;
    const named = n <= 3 ? ` (${i.objects.map((o) => o.name).join(', ')})` : '';
    parts.push(`${n} ${n === 1 ? one : many}${named}`);
  }
  if (permissions.length) parts.push(`the permission${permissions.length > 1 ? 's' : ''} ${permissions.join(', ')}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** "Fay will see 2 show days and 1 file she cannot see now; …" in neutral words. */
function sentence(name: string, gains: ImpactItem[], losses: ImpactItem[]): string {
  const out: string[] = [];
  if (gains.length) out.push(`${name} will see ${phrase(gains)} that they cannot see now`);
  if (losses.length) out.push(`${name} loses ${phrase(losses)}`);
  return `${out.join('; ')}.`;
}

/** Per record kind: its id and display name, for the workspace (one query per kind that appears). */
const NAMES: Record<string, (db: Db, workspaceId: string) => Promise<{ id: string; name: string }[]>> = {
  artist: (db, ws) =>
    db.select({ id: artists.id, name: artists.name }).from(artists).where(eq(artists.workspaceId, ws)),
  user: (db, ws) => db.select({ id: people.id, name: people.name }).from(people).where(eq(people.workspaceId, ws)),
  show_day: async (db, ws) =>
    (
      await db
        .select({ id: showDays.id, city: showDays.city, date: showDays.date })
        .from(showDays)
        .where(eq(showDays.workspaceId, ws))
    ).map((d) => ({ id: d.id, name: `${d.city} ${d.date}` })),
  event: async (db, ws) =>
    (
      await db
        .select({ id: events.id, title: events.title, city: showDays.city, date: showDays.date })
        .from(events)
        .innerJoin(showDays, eq(showDays.id, events.dayId))
        .where(eq(events.workspaceId, ws))
    ).map((e) => ({ id: e.id, name: `${e.title} (${e.city} ${e.date})` })),
  travel_item: async (db, ws) =>
    (
      await db
        .select({ id: travelItems.id, from: travelItems.fromPlace, to: travelItems.toPlace, date: showDays.date })
        .from(travelItems)
        .innerJoin(showDays, eq(showDays.id, travelItems.dayId))
        .where(eq(showDays.workspaceId, ws))
    ).map((t) => ({ id: t.id, name: `${t.from} → ${t.to} (${t.date})` })),
  hotel_stay: async (db, ws) =>
    (
      await db
        .select({ id: hotelStays.id, hotel: hotelStays.hotelName, date: showDays.date })
        .from(hotelStays)
        .innerJoin(showDays, eq(showDays.id, hotelStays.dayId))
        .where(eq(showDays.workspaceId, ws))
    ).map((h) => ({ id: h.id, name: `${h.hotel} (${h.date})` })),
  folder: (db, ws) =>
    db.select({ id: folders.id, name: folders.name }).from(folders).where(eq(folders.workspaceId, ws)),
  file: (db, ws) => db.select({ id: files.id, name: files.name }).from(files).where(eq(files.workspaceId, ws)),
  thread: (db, ws) =>
    db.select({ id: threads.id, name: threads.title }).from(threads).where(eq(threads.workspaceId, ws)),
  contact: (db, ws) =>
    db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(eq(contacts.workspaceId, ws)),
  task: (db, ws) => db.select({ id: tasks.id, name: tasks.title }).from(tasks).where(eq(tasks.workspaceId, ws)),
  mailing_list: (db, ws) =>
    db
      .select({ id: mailingLists.id, name: mailingLists.name })
      .from(mailingLists)
      .where(eq(mailingLists.workspaceId, ws)),
};

/** Names of every object that appears on either side (one query per type that appears). */
async function namesOf(db: Db, workspaceId: string, ...sides: Visibility[]): Promise<Map<string, string>> {
  const types = new Set<string>();
  for (const side of sides)
    for (const mine of side.values()) for (const [key, ids] of mine) if (ids.size) types.add(key.split('#')[0]!);
  const names = new Map<string, string>();
  for (const type of types) {
    const query = NAMES[type];
    if (query) for (const r of await query(db, workspaceId)) names.set(`${type}:${r.id}`, r.name);
  }
  names.set(`workspace:${workspaceId}`, 'the workspace');
  return names;
}

const Tuple = z.object({
  object: z.string(),
  relation: z.string(),
  user: z.string(),
  condition: z.object({ name: z.string(), context: z.record(z.string(), z.unknown()).optional() }).optional(),
});
const Item = z.object({
  type: z.string(),
  relation: z.string(),
  objects: z.array(z.object({ id: z.string(), name: z.string() })),
});
/** The answer of any access write sent with `?dryRun=true` (worker/middleware/dry-run.ts, over db/store.ts `dryRun()`). */
export const ImpactPreview = z.object({
  dryRun: z.literal(true),
  changes: z.object({ writes: z.array(Tuple), deletes: z.array(Tuple) }),
  people: z.array(
    z.object({ personId: z.string(), name: z.string(), gains: z.array(Item), losses: z.array(Item), text: z.string() }),
  ),
  text: z.array(z.string()),
});
