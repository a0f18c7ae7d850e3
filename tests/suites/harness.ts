/**
 * A store-agnostic way to call the app, so every suite that touches storage runs twice: on D1
 * inside workerd (tests/worker) and on libSQL in Node (tests/libsql).
 */
import type { Store } from '../../db/store.ts';

export interface Harness {
  readonly store: 'd1' | 'libsql';
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The database itself, for arranging a test (as an admin would) and reading what happened. */
  readonly db: Store;
}

/** A browser-like client: keeps the session cookie and CSRF token between calls. */
export class Client {
  private cookie = '';
  csrfToken = '';

  constructor(private readonly harness: Harness) {}

  async signIn(login: string, password = 'laminate-demo'): Promise<Response> {
    const response = await this.json('POST', '/api/session', { login, password });
    if (response.status === 201) {
      const body = (await response.clone().json()) as { csrfToken: string };
      this.csrfToken = body.csrfToken;
    }
    return response;
  }

  async json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (body !== undefined) all['content-type'] ??= 'application/json';
    if (this.cookie) all.cookie = this.cookie;
    if (method !== 'GET' && this.csrfToken && !('x-csrf-token' in all)) all['x-csrf-token'] = this.csrfToken;
    const response = await this.harness.request(path, {
      method,
      headers: all,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    return response;
  }

  get(path: string): Promise<Response> {
    return this.json('GET', path);
  }
}

/** A demo person of Northline, signed in (password `laminate-demo`); fails the test otherwise. */
export async function signedIn(harness: Harness, who: string): Promise<Client> {
  const client = new Client(harness);
  const response = await client.signIn(`${who}@northline.test`);
  if (response.status !== 201) throw new Error(`${who} could not sign in: ${response.status} ${await response.text()}`);
  return client;
}
