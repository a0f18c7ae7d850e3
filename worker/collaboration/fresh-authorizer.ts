import { createAuthorizer, type Authorizer, type AuthzSource } from '../authz/authorizer.ts';

/**
 * An authorizer that reads the store again: the request's own one keeps the revision it first
 * read, so answers about what this request just wrote (a new record's `can`) need a new one.
 * Writes never run under "view as", so `personId` is the signed-in person.
 */
export function freshAuthz(source: AuthzSource, storeId: string, personId: string): Authorizer {
  return createAuthorizer(source, storeId, personId);
}
