/** Contacts and venues (R21) for their pages' `load`: the records the API lets the reader see. */
import { client, data, settle, type Settled } from './api.ts';

/** A contact's or venue's columns, as its kind defines them (worker/routes/workspace/records.ts answers them loosely). */
export type RecordRow = Record<string, unknown> & { id: string; name: string };

/** The records of a kind whose name matches `q` (all of them without one). */
export async function readRecords(kind: 'contact' | 'venue', q: string): Promise<Settled<RecordRow[]>> {
  const query = { query: q ? { q } : {} };
  return settle(
    data(kind === 'contact' ? client.api.contacts.$get(query) : client.api.venues.$get(query)).then(
      (answer) => (answer[`${kind}s`] ?? []) as RecordRow[],
    ),
  );
}
