import type { PersonLevel } from '../../db/identity/schema.ts';

export type AccessState = 'active' | 'no_access' | 'api_only' | 'not_yet_hired' | 'resigned';

/**
 * Whether a person may act at instant `now` (R3, R4): decided at each request by the server's
 * clock, never cached. A lockout (R5) is a resigned date, so it lands here too.
 */
export function accessState(
  person: { level: PersonLevel; hiredAt: number | null; resignedAt: number | null },
  now: number,
): AccessState {
  if (person.level === 'no_access') return 'no_access';
  if (person.hiredAt !== null && now < person.hiredAt) return 'not_yet_hired';
  if (person.resignedAt !== null && now >= person.resignedAt) return 'resigned';
  if (person.level === 'api_only') return 'api_only';
  return 'active';
}

export const ACCESS_STATE_MESSAGES: Record<Exclude<AccessState, 'active'>, string> = {
  no_access: 'this account has no access to Laminate',
  api_only: 'this account may use the API only, with an API key',
  not_yet_hired: 'this account is not active yet: access starts on its hired date',
  resigned: 'this account is no longer active: its access ended on its resigned date',
};
