/**
 * Workspace settings (R6): what a workspace decides for itself — its name and time zone, the
 * lockout threshold (R5), the invitation expiry (R7), the per-account sign-in rate limit on
 * Node, feature toggles (R23) and branding sets chosen per artist. The values live on the
 * `workspaces` row (one row, one compare-and-set UPDATE per save); worker/routes/workspace/settings.ts
 * serves and changes them, gated by "Edit System Settings".
 */
import { z } from 'zod';
import type { workspaces, WorkspaceBranding, WorkspaceFeatures } from '../../db/identity/schema.ts';
import { ApiError } from '../errors.ts';

type WorkspaceRow = typeof workspaces.$inferSelect;

/** Whether `zone` is an IANA time zone name this runtime knows (not an offset such as `+01:00`). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD HH:MM` of an instant in a time zone. */
export function localDateTime(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * R23: features are on unless the workspace switched them off. `exports`: off, no CSV export
 * answers anyone in the workspace, whatever their export privilege.
 */
export const FEATURES = ['exports'] as const;
export type Feature = (typeof FEATURES)[number];
export const featureOn = (features: WorkspaceFeatures | null | undefined, feature: Feature): boolean =>
  features?.[feature] !== false;

/** Refuses a request for a feature the workspace switched off (403, whoever asks). */
export function requireFeature(workspace: Pick<WorkspaceRow, 'features'>, feature: Feature, what: string): void {
  if (!featureOn(workspace.features, feature))
    throw new ApiError('forbidden', `${what} are switched off in this workspace's settings`);
}

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as `#rrggbb`');
const SetId = z.string().regex(/^brd_[A-Za-z0-9_-]{1,40}$/, 'a branding set id (`brd_…`)');

export const BrandingSetOut = z.object({
  id: z.string(),
  name: z.string(),
  primaryColor: z.string(),
  accentColor: z.string(),
  /** Where the logo is served (GET), when the set has one. */
  logoUrl: z.string().optional(),
});

export const SettingsOut = z.object({
  name: z.string(),
  timezone: z.string(),
  lockoutThreshold: z.number(),
  invitationExpiryDays: z.number(),
  signInRateLimit: z.number(),
  features: z.object({ exports: z.boolean() }),
  branding: z.object({ sets: z.array(BrandingSetOut), artists: z.record(z.string(), z.string()) }),
  revision: z.number(),
});
export type SettingsView = z.infer<typeof SettingsOut>;

/** A save: any of the fields; `branding` replaces the sets and the artists' choices as a whole. */
export const SettingsPatch = z
  .object({
    name: z.string().trim().min(1, 'a name').max(200),
    timezone: z.string().trim().max(100).refine(isTimeZone, 'an IANA time zone such as `Europe/Berlin`'),
    lockoutThreshold: z.number().int().min(1).max(100),
    invitationExpiryDays: z.number().int().min(1).max(30),
    signInRateLimit: z.number().int().min(1).max(1000),
    features: z.object({ exports: z.boolean() }).partial().strict(),
    branding: z
      .object({
        sets: z
          .array(
            z
              .object({
                /** An existing set's id keeps its logo; a new id (or none) makes a new set. */
                id: SetId.optional(),
                name: z.string().trim().min(1, 'a name').max(100),
                primaryColor: Colour,
                accentColor: Colour,
              })
              .strict(),
          )
          .max(50),
        /** artist id → branding set id. */
        artists: z.record(z.string().max(100), SetId),
      })
      .strict(),
  })
  .partial()
  .strict();
export type SettingsChange = z.infer<typeof SettingsPatch>;

export const logoUrl = (setId: string) => `/api/settings/branding/${setId}/logo`;

export function settingsView(ws: WorkspaceRow): SettingsView {
  const branding = ws.branding ?? { sets: [], artists: {} };
  return {
    name: ws.name,
    timezone: ws.timezone,
    lockoutThreshold: ws.lockoutThreshold,
    invitationExpiryDays: ws.invitationExpiryDays,
    signInRateLimit: ws.signInRateLimit,
    features: { exports: featureOn(ws.features, 'exports') },
    branding: {
      sets: branding.sets.map(({ logo, ...s }) => (logo ? { ...s, logoUrl: logoUrl(s.id) } : s)),
      artists: { ...branding.artists },
    },
    revision: ws.revision,
  };
}

/** The branding an artist's day sheet wears, or none. */
export function brandingFor(ws: Pick<WorkspaceRow, 'branding'>, artistId: string) {
  const setId = ws.branding?.artists[artistId];
  const set = setId ? ws.branding.sets.find((s) => s.id === setId) : undefined;
  if (!set) return undefined;
  return {
    name: set.name,
    primaryColor: set.primaryColor,
    accentColor: set.accentColor,
    ...(set.logo ? { logoUrl: logoUrl(set.id) } : {}),
  };
}

/**
 * The new branding from a save: existing sets keep their logos, new ones get ids, and every
 * artist named is one of this workspace's (R1) and chooses a set that exists.
 */
export function nextBranding(
  current: WorkspaceBranding,
  change: NonNullable<SettingsChange['branding']>,
  artistIds: ReadonlySet<string>,
  newId: () => string,
): WorkspaceBranding {
  const sets = change.sets.map((s, i) => {
    const fields = { name: s.name, primaryColor: s.primaryColor, accentColor: s.accentColor };
    if (change.sets.findIndex((o) => o.id !== undefined && o.id === s.id) !== (s.id === undefined ? -1 : i))
      throw new ApiError('validation_error', `field \`branding.sets.${i}.id\`: named twice`, {
        field: `branding.sets.${i}.id`,
      });
    const existing = current.sets.find((e) => e.id === s.id);
    // A new set: the id the client chose (so `artists` can name it in the same save), or a fresh one.
    return existing ? { ...existing, ...fields } : { id: s.id ?? newId(), ...fields };
  });
  const known = new Set(sets.map((s) => s.id));
  for (const [artistId, setId] of Object.entries(change.artists)) {
    if (!artistIds.has(artistId))
      throw new ApiError('not_found', `artist \`${artistId}\` not found`, { field: `branding.artists.${artistId}` });
    if (!known.has(setId))
      throw new ApiError('validation_error', `field \`branding.artists.${artistId}\`: no branding set \`${setId}\``, {
        field: `branding.artists.${artistId}`,
      });
  }
  return { sets, artists: { ...change.artists } };
}
