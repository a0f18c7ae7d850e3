/**
 * The UI's only way to the API: Hono's `hc<App>` client over the Worker's own type, so every
 * path, input and answer is checked against the routes' declarations when the UI is checked
 * (worker/routes/declare.ts). Same origin, session cookie, `X-CSRF-Token` on every write,
 * `View-As` on reads (a write while viewing as someone is refused before it leaves), and the
 * API's `{ code, message, requestId }` errors thrown as ApiFailure (a 409 with `current`).
 *
 * @example const { tasks } = await data(client.api.tasks.$get({ query: {} }));
 */
/// <reference types="@cloudflare/workers-types" />
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { App } from '../../../worker/app.ts';
import type { ImpactPreview } from '../../../worker/people/impact.ts';
import { viewing } from './view-as.svelte.ts';

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

let csrfToken: string | undefined;

export function rememberCsrf(token: string | undefined): void {
  csrfToken = token;
}

type ErrorJson = { code?: string; message?: string; requestId?: string; current?: unknown };

async function send(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const path = new URL(input instanceof Request ? input.url : String(input), location.origin).pathname;
  // "View as" is read-only: reads carry the header; a write is refused here, before it leaves.
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
  const body = (await response.json().catch(() => ({}))) as ErrorJson;
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

/** The CSRF header for a write sent outside `client` (a file upload with progress: XMLHttpRequest). */
export const csrfHeader = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

/** The impact preview an access write answers when sent as a dry run (worker/people/impact.ts). */
export type Preview = z.infer<typeof ImpactPreview>;

/** One access write through `client`, sent with the headers given (If-Match, the dry-run header). */
export type AccessWrite = (headers: Record<string, string>) => Promise<ClientResponse<unknown, number, string>>;

function isPreview(body: unknown): body is Preview {
  return (
    typeof body === 'object' &&
    body !== null &&
    'dryRun' in body &&
    body.dryRun === true &&
    'people' in body &&
    Array.isArray(body.people) &&
    'text' in body &&
    Array.isArray(body.text)
  );
}

/**
 * Issue 15: what an access write would do, before it is saved — the same typed call, sent with
 * `Laminate-Dry-Run: true` (the API's `dryRun`): the same guards run, nothing is written, and the
 * engine answers who gains and loses what.
 */
export async function preview(write: AccessWrite): Promise<Preview> {
  const body: unknown = await (await write({ 'laminate-dry-run': 'true' })).json();
  if (!isPreview(body)) throw new ApiFailure(502, 'not_a_preview', 'The API answered something other than a preview.');
  return body;
}

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

export type Me = Answer<typeof client.api.session.$get>;

/** The signed-in person, or null when there is no valid session. */
export async function currentSession(): Promise<Me | null> {
  try {
    const me = await data(client.api.session.$get());
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

/**
 * The `load` dependencies a page invalidates after its own writes: `depends(READ.tasks)` in its
 * `+page.ts`, `await invalidate(READ.tasks)` after a save, so the page shows the list as stored.
 */
export const READ = {
  activity: 'laminate:activity',
  apiKeys: 'laminate:api-keys',
  daySheet: 'laminate:day-sheet',
  files: 'laminate:files',
  groups: 'laminate:groups',
  roles: 'laminate:roles',
  tasks: 'laminate:tasks',
  thread: 'laminate:thread',
} as const;

/** A read made in a page's `load`: its answer, or the message the page shows in its place. */
export type Settled<T> = { value: T; error: '' } | { value: null; error: string };

/**
 * Settles a read for a `load` (`+page.ts`): a load that throws would swap the whole page for
 * SvelteKit's error page, so the page gets the failure as its own message instead (`role="alert"`):
 * `failureMessage`, or the page's own words for it (`say`, e.g. the day sheet's offline message).
 *
 * @example export const load = (async ({ depends }) => { depends(VIEW_AS, TASKS); return { tasks: await settle(data(client.api.tasks.$get({ query: {} }))) }; }) satisfies PageLoad;
 */
export async function settle<T>(
  read: Promise<T>,
  say: (error: unknown) => string = failureMessage,
): Promise<Settled<T>> {
  try {
    return { value: await read, error: '' };
  } catch (error) {
    return { value: null, error: say(error) };
  }
}

export type WorkspaceInfo = Answer<typeof client.api.workspace.$get>;
export type Capabilities = WorkspaceInfo['can'];

/**
 * People for a picker: those the reader may see (R20). A refusal leaves the picker empty rather
 * than failing the page that holds it.
 */
export async function peopleForPicker(): Promise<Person[]> {
  return (await data(client.api.people.$get()).catch(() => ({ people: [] as Person[] }))).people;
}

/** A person as the reader may see them (R20), with what managers see besides when they may. */
export type Person = Answer<typeof client.api.people.$get>['people'][number];
