import { readTogether } from '../../../db/store.ts';
import { createRoute } from '@hono/zod-openapi';
import { conflict, errors, json, ok, other, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { workspaces, type WorkspaceBranding } from '../../../db/identity/schema.ts';
import { artists } from '../../../db/touring/schema.ts';
import { activityInsert } from '../../activity/log.ts';
import { newId, randomToken } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { blobStoreFor } from '../../files/blob-store.ts';
import { deleteBlobNow, pendingBlobDeletion } from '../../files/blob-cleanup.ts';
import { validate } from '../../middleware/json-body.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { etagOf, writeIfCurrent } from '../../records/revision.ts';
import { conflictWith } from './conflict.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import {
  nextBranding,
  SettingsOut,
  SettingsPatch,
  settingsView,
  type SettingsChange,
  type SettingsView,
} from '../../settings/workspace-settings.ts';

const REASON = 'changing workspace settings needs the Edit System Settings permission';

const SettingsGet200 = z.object({
  settings: SettingsOut,
  /** Whether the reader may change them (R6), and why not. */
  can: z.object({ edit: z.boolean() }),
  reason: z.string().optional(),
  /** The workspace's artists, for choosing a branding set per artist. */
  artists: z.array(z.object({ id: z.string(), name: z.string() })),
});

/** Logos: small images only. */
const MAX_LOGO_BYTES = 512 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

const get = createRoute({
  method: 'get',
  path: '/',
  tags: ['Settings'],
  responses: { 200: ok(SettingsGet200), ...errors },
});
const patch = createRoute({
  method: 'patch',
  path: '/',
  tags: ['Settings'],
  request: { body: json(SettingsPatch) },
  responses: { 200: ok(SettingsGet200), ...errors, 409: conflict(SettingsOut) },
});
const putLogo = createRoute({
  method: 'put',
  path: '/branding/{id}/logo',
  tags: ['Settings'],
  request: { params: pathParams('id') },
  responses: { 200: ok(SettingsGet200), ...errors, 409: conflict(SettingsOut) },
});
const getLogo = createRoute({
  method: 'get',
  path: '/branding/{id}/logo',
  tags: ['Settings'],
  request: { params: pathParams('id') },
  responses: { 200: other('the logo (its own image type)'), ...errors },
});

const currentQuery = (c: Context<WorkspaceEnv>) =>
  c
    .get('store')
    .db.select()
    .from(workspaces)
    .where(eq(workspaces.id, c.get('workspace').id));

async function current(c: Context<WorkspaceEnv>) {
  const [row] = await currentQuery(c);
  return row!;
}

const artistsQuery = (c: Context<WorkspaceEnv>) =>
  c
    .get('store')
    .db.select({ id: artists.id, name: artists.name })
    .from(artists)
    .where(eq(artists.workspaceId, c.get('workspace').id))
    .orderBy(artists.name);

async function mayEdit(c: Context<WorkspaceEnv>): Promise<boolean> {
  return c.get('authz').can('edit_system_settings', `workspace:${c.get('workspace').id}`);
}

async function answer(
  c: Context<WorkspaceEnv>,
  settings: SettingsView,
  edit: boolean,
  artistRows?: { id: string; name: string }[],
) {
  c.header('ETag', etagOf(settings.revision));
  return c.json(
    { settings, can: { edit }, ...(edit ? {} : { reason: REASON }), artists: artistRows ?? (await artistsQuery(c)) },
    200,
  );
}

/**
 * The one write of a settings save: compare-and-set on the revision read, and the log entry
 * with before and after (R28) — whose workspace is NULL unless the UPDATE landed, so a lost
 * race aborts both (worker/records/revision.ts). `dropped`: stored logos the save stops using,
 * each tracked in the same batch (blob_deletions) for `deleteDropped` after the commit.
 */
async function save(
  c: Context<WorkspaceEnv>,
  row: Awaited<ReturnType<typeof current>>,
  values: Partial<typeof workspaces.$inferInsert>,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  dropped: string[] = [],
) {
  const { db } = c.get('store');
  const now = Date.now();
  const lost = await writeIfCurrent(
    c.req.header('if-match'),
    row.revision,
    () =>
      writeWithTuples(
        c.get('store'),
        row.storeId!,
        [
          db
            .update(workspaces)
            .set({ ...values, revision: sql`${workspaces.revision} + 1` })
            .where(sql`${workspaces.id} = ${row.id} AND ${workspaces.revision} = ${row.revision}`),
          activityInsert(
            db,
            {
              workspaceId: sql`(SELECT id FROM ${workspaces} WHERE id = ${row.id} AND changes() = 1)`,
              actorId: c.get('person').id,
              action: 'workspace_settings_changed',
              subject: `workspace:${row.id}`,
              before,
              after,
            },
            now,
          ),
          ...dropped.map((key) => pendingBlobDeletion(db, key, row.id, now)),
        ],
        { writes: [], deletes: [] },
        now,
      ),
    async () => {
      const fresh = settingsView(await current(c));
      return conflictWith(c, 'the workspace settings', fresh.revision, fresh);
    },
  );
  return lost;
}

/**
 * After the commit: the dropped logos' objects go now, each with its row; one that fails stays
 * tracked for the hourly sweep (worker/files/blob-cleanup.ts, R22's no orphan).
 */
async function deleteDropped(c: Context<WorkspaceEnv>, keys: string[]): Promise<void> {
  const blobs = blobStoreFor(c.env);
  for (const key of keys) await deleteBlobNow(c.get('store'), blobs, key);
}

/** Only the fields that change, before and after, for the log. */
function changed(before: SettingsView, after: SettingsView) {
  const keys = (Object.keys(after) as (keyof SettingsView)[]).filter(
    (k) => k !== 'revision' && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  return {
    keys,
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

/**
 * Workspace settings (R6): every member reads them (the page shows them, disabled with the
 * reason, to those who may not change them); "Edit System Settings" changes them, logged with
 * before and after (R28), optimistic (ETag / If-Match → 409 with the current settings).
 */
export const settingsRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(get, async (c) => {
    // the engine first (memory), then the workspace and its artists in one round trip
    const edit = await mayEdit(c);
    const [[row], artistRows] = await readTogether(c.get('store'), [currentQuery(c), artistsQuery(c)]);
    return answer(c, settingsView(row!), edit, artistRows);
  })
  .openapi(patch, async (c) => {
    if (!(await mayEdit(c))) throw new ApiError('forbidden', REASON);
    const body: SettingsChange = c.req.valid('json');
    const row = await current(c);
    const values: Partial<typeof workspaces.$inferInsert> = {};
    if (body.name !== undefined) values.name = body.name;
    if (body.timezone !== undefined) values.timezone = body.timezone;
    if (body.lockoutThreshold !== undefined) values.lockoutThreshold = body.lockoutThreshold;
    if (body.invitationExpiryDays !== undefined) values.invitationExpiryDays = body.invitationExpiryDays;
    if (body.signInRateLimit !== undefined) values.signInRateLimit = body.signInRateLimit;
    if (body.features !== undefined) values.features = { ...row.features, ...body.features };
    if (body.branding !== undefined) {
      const known = new Set((await artistsQuery(c)).map((a) => a.id));
      values.branding = nextBranding(row.branding, body.branding, known, () => newId('brd'));
    }
    const before = settingsView(row);
    const next = { ...row, ...values, revision: row.revision + 1 } as typeof row;
    const after = settingsView(next);
    const diff = changed(before, after);
    if (diff.keys.length === 0) return answer(c, before, true);
    // A set removed takes its logo with it.
    const kept = new Set((values.branding?.sets ?? row.branding.sets).map((s) => s.id));
    const dropped = row.branding.sets.flatMap((s) => (s.logo && !kept.has(s.id) ? [s.logo.key] : []));
    const lost = await save(c, row, values, diff.before, diff.after, dropped);
    if (lost) return lost;
    await deleteDropped(c, dropped);
    return answer(c, after, true);
  })
  .openapi(putLogo, async (c) => {
    if (!(await mayEdit(c))) throw new ApiError('forbidden', REASON);
    const row = await current(c);
    const id = c.req.param('id');
    const set = row.branding.sets.find((s) => s.id === id);
    if (!set) throw new ApiError('not_found', `branding set \`${id}\` not found`);
    const contentType = validate(
      z.object({ 'content-type': z.enum(LOGO_TYPES, { message: 'a PNG, JPEG, WebP or GIF image' }) }),
      { 'content-type': c.req.header('content-type')?.split(';')[0]?.trim() },
    )['content-type'];
    if (Number(c.req.header('content-length') ?? '0') > MAX_LOGO_BYTES)
      throw new ApiError('payload_too_large', `logos are at most ${MAX_LOGO_BYTES} bytes`);
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength === 0) throw new ApiError('validation_error', 'the logo is empty');
    if (bytes.byteLength > MAX_LOGO_BYTES)
      throw new ApiError('payload_too_large', `logos are at most ${MAX_LOGO_BYTES} bytes`);
    // A new key per upload: the old logo stays readable until the row points elsewhere.
    const key = `${row.id}/branding/${set.id}/${randomToken(12)}`;
    await blobStoreFor(c.env).put(key, bytes, contentType);
    const branding: WorkspaceBranding = {
      ...row.branding,
      sets: row.branding.sets.map((s) => (s.id === set.id ? { ...s, logo: { key, contentType } } : s)),
    };
    const replaced = set.logo ? [set.logo.key] : [];
    const lost = await save(
      c,
      row,
      { branding },
      { logo: { set: set.id, had: Boolean(set.logo) } },
      { logo: { set: set.id, contentType, size: bytes.byteLength } },
      replaced,
    );
    if (lost) {
      // Nothing points at the new object: tracked too, so a failed delete is swept, not orphaned.
      await pendingBlobDeletion(c.get('store').db, key, row.id, Date.now());
      await deleteDropped(c, [key]);
      return lost;
    }
    await deleteDropped(c, replaced);
    return answer(c, settingsView({ ...row, branding, revision: row.revision + 1 }), true);
  })
  .openapi(getLogo, async (c) => {
    const row = await current(c);
    const id = c.req.param('id');
    const logo = row.branding.sets.find((s) => s.id === id)?.logo;
    if (!logo) throw new ApiError('not_found', `branding set \`${id}\` has no logo`);
    const blob = await blobStoreFor(c.env).get(logo.key);
    if (!blob) throw new ApiError('not_found', `branding set \`${id}\` has no logo`);
    return c.body(blob.body as ArrayBuffer, 200, {
      'content-type': logo.contentType,
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
    });
  });
