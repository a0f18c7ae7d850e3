/**
 * Opaque pagination cursors. A cursor names the last item of the previous page, so a page is
 * stable under concurrent writes (items sort by name; a new item lands on its page) and costs
 * no server-side state. base64url of a versioned JSON, so the format can change later.
 */
export function encodeCursor(last: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, after: last }));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The `after` a cursor carries, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  try {
    const bin = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const json: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (
      typeof json === 'object' &&
      json !== null &&
      (json as { v?: unknown }).v === 1 &&
      typeof (json as { after?: unknown }).after === 'string'
    ) {
      return (json as { after: string }).after;
    }
  } catch {
    // a malformed cursor is reported by the caller as invalid_continuation_token
  }
  return undefined;
}
