/**
 * The browser's client for the workspace API: same origin, session cookie, CSRF header on
 * every write, and the API's `{ code, message, requestId }` errors surfaced as ApiFailure.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

export function rememberCsrf(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiFailure(response.status, data.code ?? 'error', data.message ?? response.statusText, data.requestId);
  return data as T;
}

export type Me = { person: { id: string; name: string; email: string; title: string | null; level: string }; csrfToken: string };

/** The signed-in person, or null when there is no valid session. */
export async function currentSession(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/session');
    rememberCsrf(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return null;
    throw error;
  }
}
