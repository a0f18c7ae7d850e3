/**
 * The pages of one list-objects answer (issue 17): the first page (no continuation token)
 * computes the whole sorted list and keeps it briefly in this isolate; a request for a later
 * page of the same question at the same store revision and model, within a few seconds, cuts
 * its page from that list instead of listing again (14,077 objects at 1M tuples are 15 pages).
 * A write moves the revision, so a revocation is never served from here; the pages of one
 * listing are consistent with each other (as of the first page's instant). A first page may use
 * a list computed after it started (at the revision it read): its answer is then still the state
 * at an instant within the request, so identical concurrent lists are computed once. Requests
 * with contextual tuples are never kept. Bounded by entries and age.
 *
 * Identical lists that arrive together are computed once: a request that finds nothing kept first
 * lets the requests already received start (`afterArrivals`), then looks again. Without that, on
 * Node over a local libSQL file (whose reads resolve as microtasks) each request ran to its end
 * before the next was even parsed, so 64 concurrent first pages computed the list 64 times in one
 * stretch of the event loop; a socket that had sent its next request meanwhile sat unread past the
 * server's keep-alive timeout and was reset (`fetch failed`, ECONNRESET, bench list ×64).
 */

const KEEP_MS = 5_000;
const MAX_ENTRIES = 64;
const lists = new Map<string, { at: number; ticket: number; objects: string[] }>();
let tickets = 0;

/**
 * Resolves once the requests already received have started (and taken their tickets): after
 * Node's poll phase (`setImmediate`), or a timer where there is no `setImmediate`.
 */
export function afterArrivals(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

/** Taken when a list request starts: a list kept with a ticket at least this one was computed after. */
export function listTicket(): number {
  return ++tickets;
}

export type ListQuestion = {
  storeId: string;
  revision: number;
  modelId: string;
  user: string;
  relation: string;
  type: string;
  context?: unknown;
};

const keyOf = (q: ListQuestion) =>
  JSON.stringify([q.storeId, q.revision, q.modelId, q.user, q.relation, q.type, q.context ?? null]);

/**
 * The kept full list of a question for a request with `ticket`: one computed after the request
 * started, or — for a later page — one at most a few seconds old.
 */
export function keptList(q: ListQuestion, ticket: number, laterPage: boolean, now = Date.now()): string[] | undefined {
  const key = keyOf(q);
  const kept = lists.get(key);
  if (!kept) return undefined;
  if (kept.ticket >= ticket) return kept.objects;
  if (now - kept.at > KEEP_MS) {
    lists.delete(key);
    return undefined;
  }
  return laterPage ? kept.objects : undefined;
}

export function keepList(q: ListQuestion, objects: string[], now = Date.now()): void {
  lists.set(keyOf(q), { at: now, ticket: tickets, objects });
  for (const key of lists.keys()) {
    if (lists.size <= MAX_ENTRIES) break;
    lists.delete(key);
  }
}
