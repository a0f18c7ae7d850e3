import type { Context } from 'hono';
import { createAuthorizer, type Authorizer } from '../workspace/authorizer.ts';
import type { WorkspaceEnv } from '../workspace/context.ts';

/**
 * An authorizer that reads the store again: the request's own one keeps the revision it first
 * read, so answers about what this request just wrote (a new record's `can`) need a new one.
 * Writes never run under "view as", so this is the signed-in person.
 */
export function freshAuthz(c: Context<WorkspaceEnv>): Authorizer {
  return createAuthorizer(c as never, c.get('workspace').storeId, c.get('person').id);
}
