/// <reference types="@cloudflare/workers-types" />
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
    /** On a 409 of an edit sent with a stale `If-Match`: the record as it is now. */
    readonly current?: unknown,
  ) {
    super(message);
  }
}

import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { App } from '../../../worker/app.ts';
import { viewing } from './view-as.svelte.ts';

let csrfToken: string | undefined;

export function rememberCsrf(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  // "View as" is read-only: reads carry the header; a write is refused here, before it leaves.
  if (viewing.as && path !== '/api/session') {
    if (method === 'GET') headers['view-as'] = viewing.as.id;
    else
      throw new ApiFailure(
        403,
        'view_as',
        `You are viewing as ${viewing.as.name}: nothing can be changed. Leave "View as" first.`,
      );
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 204) return undefined as T;
  if (response.status === 503 && !response.headers.get('content-type')?.includes('json'))
    throw new ApiFailure(503, 'offline', 'Laminate cannot be reached. Check your connection and try again.');
  const data = (await response.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    requestId?: string;
    current?: unknown;
  };
  if (!response.ok)
    throw new ApiFailure(
      response.status,
      data.code ?? 'error',
      data.message ?? response.statusText,
      data.requestId,
      data.current,
    );
  return data as T;
}

export type Me = {
  person: { id: string; name: string; email: string; title: string | null; level: string };
  csrfToken: string;
};

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

/** `If-Match` for a record read at `revision` (people, folder and file access, roles). */
export const ifMatch = (revision: number) => ({ 'if-match': `"r${revision}"` });

/** Someone else saved the record first: the 409 carries it as it is now (`current`). */
export function staleCurrent<T>(error: unknown): T | undefined {
  return error instanceof ApiFailure && error.status === 409 && error.current !== undefined
    ? (error.current as T)
    : undefined;
}

export const STALE_MESSAGE =
  'Someone else changed this while you were editing, so nothing was saved. It has been reloaded with their change: make yours again.';

/** A message for any failure: the API's own words, or a connection problem. */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  return 'Laminate cannot be reached. Check your connection and try again.';
}

export type Capabilities = Record<
  | 'can_manage_people'
  | 'can_read_activity_log'
  | 'can_export'
  | 'can_use_itinerary'
  | 'can_use_contacts'
  | 'can_use_venues'
  | 'view_team',
  boolean
>;
export type WorkspaceInfo = {
  workspace: { id: string; name: string; timezone: string };
  me: Me['person'];
  viewingAs?: { id: string; name: string };
  can: Capabilities;
};

/**
 * People for a picker: those the reader may see (R20). A refusal leaves the picker empty rather
 * than failing the page that holds it.
 */
export async function peopleForPicker<P>(): Promise<P[]> {
  return (await api<{ people: P[] }>('/api/people').catch(() => ({ people: [] as P[] }))).people;
}

/* The typed client (i14's hc<App> module; new pages use it, the old `api` stays until i14 lands). */
async function send(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const path = new URL(input instanceof Request ? input.url : String(input), location.origin).pathname;
  if (viewing.as && path !== '/api/session') {
    if (method === 'GET') headers.set('view-as', viewing.as.id);
    else
      throw new ApiFailure(
        403,
        'view_as',
        `You are viewing as ${viewing.as.name}: nothing can be changed. Leave "View as" first.`,
      );
  }
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  const response = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  if (response.ok) return response;
  if (response.status === 503 && !response.headers.get('content-type')?.includes('json'))
    throw new ApiFailure(503, 'offline', 'Laminate cannot be reached. Check your connection and try again.');
  const body = (await response.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    requestId?: string;
    current?: unknown;
  };
  throw new ApiFailure(
    response.status,
    body.code ?? 'error',
    body.message ?? response.statusText,
    body.requestId,
    body.current,
  );
}

/** The typed client; a non-2xx answer throws ApiFailure. */
export const client = hc<App>('/', { fetch: send });

/** What a call answers when it succeeds (its declaration's 2xx schemas). */
export type Success<R> =
  R extends ClientResponse<infer O, infer S, 'json'> ? (S extends SuccessStatusCode ? O : never) : never;

/** The JSON of a successful call (a 204 gives `undefined`). */
export async function data<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Success<R>> {
  const response = await call;
  return (response.status === 204 ? undefined : await response.json()) as Success<R>;
}

/** The answer of a client method, e.g. `Answer<typeof client.api.tasks.$get>`. */
// biome-ignore lint/suspicious/noExplicitAny: any client method
export type Answer<F extends (...args: any[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;
