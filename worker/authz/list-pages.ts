

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
