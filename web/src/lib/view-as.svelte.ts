/**
 * "View as" (read-only): an admin sees the workspace as another person sees it. The choice
 * lives in this tab only (sessionStorage); every GET carries the `view-as` header while it holds.
 */
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
}

export function stopViewAs(): void {
  viewing.as = null;
  sessionStorage.removeItem(KEY);
}
