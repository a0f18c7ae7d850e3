import { readInvitation } from '#lib/invitation';
import type { PageLoad } from './$types';

// The emailed link carries the token in the fragment (`/invite#token=…`): never sent to servers,
// and not readable through a load's `url`, so from `location` (the app renders in the browser only).
export const load = (() =>
  readInvitation(new URLSearchParams(location.hash.slice(1)).get('token') ?? '')) satisfies PageLoad;
