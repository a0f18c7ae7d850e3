/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline day sheets (R27). The app shell is cached at install. Day sheets and the day list are
 * network-first: a good answer is kept, a failed connection serves the last kept copy. A copy
 * never outlives a revocation once the device is back online: a 401/403/404 for a sheet drops
 * it, a day list drops every kept sheet no longer in it, and a 401 anywhere (signed out,
 * resigned, locked out) drops them all.
 */
import { assets, immutable } from '$app/manifest';
import { version } from '$app/env';

const build = immutable.map((f) => `/${f.path.replace(/^\//, '')}`);
const files = assets.map((f) => `/${f.path.replace(/^\//, '')}`);

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `shell-${version}`;
const SHEETS = 'day-sheets-v1';
const SHEET_PATH = /^\/api\/days\/([^/]+)\/sheet$/;
const LIST_PATH = '/api/days';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([...build, ...files, '/']))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('shell-') && k !== SHELL).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('message', (event) => {
  // The page says so on sign-out: nothing of this person stays on the device.
  if (event.data === 'forget-day-sheets') event.waitUntil(caches.delete(SHEETS));
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  // "View as" answers show someone else's workspace: never kept, never used to drop kept sheets.
  if (request.headers.has('view-as')) return;
  if (SHEET_PATH.test(url.pathname) || url.pathname === LIST_PATH) event.respondWith(networkFirst(request, url));
  else if (url.pathname.startsWith('/api/')) event.respondWith(watchForSignOut(request));
  else if (request.mode === 'navigate')
    event.respondWith(fetch(request).catch(() => caches.match('/').then((r) => r ?? Response.error())));
  else if (build.includes(url.pathname) || files.includes(url.pathname))
    event.respondWith(caches.match(request).then((r) => r ?? fetch(request)));
});

async function networkFirst(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(SHEETS);
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    const kept = await cache.match(request, { ignoreSearch: url.pathname === LIST_PATH });
    return (
      kept ??
      new Response(
        JSON.stringify({
          code: 'offline',
          message: 'offline, and this was not saved on the device',
          requestId: 'offline',
        }),
        { status: 503, headers: { 'content-type': 'application/json' } },
      )
    );
  }
  if (response.status === 401) await caches.delete(SHEETS);
  else if (SHEET_PATH.test(url.pathname)) {
    if (response.ok) await cache.put(request, response.clone());
    else if ([403, 404].includes(response.status)) await cache.delete(request);
  } else if (response.ok && !url.searchParams.has('cursor')) {
    await cache.put(new Request(url.origin + LIST_PATH), response.clone());
    await dropSheetsNotIn(cache, (await response.clone().json()) as { days: { id: string }[]; nextCursor?: string });
  }
  return response;
}

/** A complete first page of the list names every day still visible: others are revoked. */
async function dropSheetsNotIn(cache: Cache, list: { days: { id: string }[]; nextCursor?: string }): Promise<void> {
  if (list.nextCursor) return;
  const visible = new Set(list.days.map((d) => d.id));
  for (const kept of await cache.keys()) {
    const match = SHEET_PATH.exec(new URL(kept.url).pathname);
    if (match && !visible.has(decodeURIComponent(match[1]!))) await cache.delete(kept);
  }
}

async function watchForSignOut(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.status === 401) await caches.delete(SHEETS);
  return response;
}
