import { readInvitation } from '#lib/invitation';
import type { PageLoad } from './$types';

/** An older invitation link, with the token in the path. */
export const load = (({ params }) => readInvitation(params.token)) satisfies PageLoad;
