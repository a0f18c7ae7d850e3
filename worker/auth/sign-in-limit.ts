/**
 * Brute force on sign-in (R5): a rate limit in front of the password check, in addition to the
 * lockout. Asked before the KDF runs, so refused guesses cost no hashing either.
 *
 * - workerd: the Workers rate-limiting binding `SIGN_IN_RATE_LIMIT` (wrangler.toml): 10 attempts
 *   a minute per client address (`CF-Connecting-IP`, which Cloudflare sets and clients cannot)
 *   and login, counting every attempt. The key is a SHA-256, so no email goes to the limiter.
 * - Node (no binding): the database is the only state every process shares, and each failure
 *   of a known account is already an activity-log row (`sign_in_failed`, the lockout's record):
 *   the workspace's sign-in rate limit (a setting, default 10; worker/settings/workspace-settings.ts) of
 *   them in the last minute refuse further attempts on that account, from any client, until
 *   the oldest leaves the window. On workerd the binding's limit is fixed in wrangler.toml and
 *   the setting does not apply (a binding has no per-call limit). Unknown logins are not counted there (nothing is
 *   logged for them, and there is no account to guess into); a proxy in front should limit
 *   per address if the Node server faces the internet.
 *
 * Never a module-level counter: it would count per isolate or process and reset at will.
 */
import { and, count, eq, gt, min } from 'drizzle-orm';
import { activityLog, workspaces } from '../../db/identity/schema.ts';
import type { Store } from '../../db/store.ts';
import type { Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { sha256Hex } from './crypto.ts';

/** The default of the workspace setting (Node), and wrangler.toml's binding limit (workerd). */
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_MS = 60_000;

/** Throws 429 `rate_limited` with Retry-After when this login may not be tried now. */
/**
 * `limiter`: the rate-limiting binding when the Worker has one, and the client's address
 * (`CF-Connecting-IP`) it counts per.
 */
export async function limitSignIn(
  limiter: { binding: Bindings['SIGN_IN_RATE_LIMIT']; client: string | undefined },
  store: Store,
  login: string,
  person: { id: string; workspaceId: string } | undefined,
  now: number,
): Promise<void> {
  const binding = limiter.binding;
  if (binding) {
    const client = limiter.client ?? '-';
    const { success } = await binding.limit({ key: await sha256Hex(`sign-in|${client}|${login}`) });
    if (!success) refuse(SIGN_IN_WINDOW_MS);
    return;
  }
  if (!person) return;
  const [ws] = await store.db
    .select({ limit: workspaces.signInRateLimit })
    .from(workspaces)
    .where(eq(workspaces.id, person.workspaceId));
  const attempts = ws?.limit ?? SIGN_IN_ATTEMPTS;
  const since = now - SIGN_IN_WINDOW_MS;
  const [recent] = await store.db
    .select({ failures: count(), oldest: min(activityLog.createdAt) })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.workspaceId, person.workspaceId),
        eq(activityLog.subject, `person:${person.id}`),
        eq(activityLog.action, 'sign_in_failed'),
        gt(activityLog.createdAt, since),
      ),
    );
  if (recent && recent.failures >= attempts) refuse((recent.oldest ?? now) + SIGN_IN_WINDOW_MS - now);
}

function refuse(waitMs: number): never {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new ApiError('rate_limited', `too many sign-in attempts for this account: try again in ${seconds} s`, {
    headers: { 'Retry-After': String(seconds) },
  });
}
