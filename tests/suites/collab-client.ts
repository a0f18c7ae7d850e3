/** Small helpers shared by the collaboration suites (issue 6). */
import { expect } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { HARBOR } from './second-workspace.ts';

/** Signs a demo person (or Harbor's owner: `harbor`) in. */
export async function signedIn(harness: Harness, who: string): Promise<Client> {
  const client = new Client(harness);
  const response = await client.signIn(who === 'harbor' ? HARBOR.email : `${who}@northline.test`);
  expect(response.status, `${who} signs in`).toBe(201);
  return client;
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

/** Sends raw bytes (an upload) with the session's CSRF token. */
export function upload(
  client: Client,
  method: 'POST' | 'PUT',
  path: string,
  bytes: string,
  contentType = 'application/pdf',
): Promise<Response> {
  return client.json(method, path, bytes, { 'content-type': contentType });
}
