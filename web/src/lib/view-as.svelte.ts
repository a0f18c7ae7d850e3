/**
 * "View as" (read-only): an admin sees the workspace as another person sees it. The choice
 * lives in this tab only (sessionStorage); every GET carries the `view-as` header while it holds.
 * Every `load` that reads the API calls `depends(VIEW_AS)`, so starting or leaving "View as"
 * reads the open page (and the app shell's workspace) again as the person now viewed.
 */
import { invalidate } from '$app/navigation';

/** The `load` dependency that starting or leaving "View as" invalidates. */
export const VIEW_AS = 'laminate:view-as';

export type Viewed = { id: string; name: string };

const KEY = 'laminate.viewAs';

function load(): Viewed | null {
  try {
    const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Viewed) : null;
  } catch {
    return null;
  }
}

export const viewing = $state<{ as: Viewed | null }>({ as: load() });

export function startViewAs(person: Viewed): void {
  viewing.as = { id: person.id, name: person.name };
  sessionStorage.setItem(KEY, JSON.stringify(viewing.as));
  void invalidate(VIEW_AS);
}

export function stopViewAs(): void {
  const was = viewing.as;
  viewing.as = null;
  sessionStorage.removeItem(KEY);
  // Signing out or accepting an invitation also calls this: nothing to read again unless it held.
  if (was) void invalidate(VIEW_AS);
}
