/**
 * The workspace side of the mixed load: several Northline people signed in (cookie + CSRF
 * token), what each of them may read (probed before the run: only paths that answer 200 are
 * asked under load, so any 4xx then is a failure), and the answers to hold them to.
 */
import { DEMO_PASSWORD } from '../../../../db/seed/northline.ts';

/** Demo people who can sign in, across levels: owner, administrator, crew, press, band, outlet admin. */
export const READERS = ['ana', 'ben', 'cara', 'dev', 'eli', 'fay', 'nico', 'olga'] as const;
/** Workspace lists tried for each person; those that answer 200 are read under load. */
const LISTS = [
  '/api/tasks',
  '/api/files',
  '/api/folders',
  '/api/threads',
  '/api/contacts',
  '/api/venues',
  '/api/events',
  '/api/artists',
  '/api/people',
  '/api/groups',
];
/** Day sheets per person read under load (the first visible days). */
const SHEETS = 8;
export const DAY_LIST = '/api/days?limit=50';
/** Lists that the load's own edits change (tasks), so their answers are not compared. */
const CHANGED_BY_EDITS = new Set(['/api/tasks']);

export interface Person {
  who: string;
  cookie: string;
  csrf: string;
  sheets: string[];
  lists: string[];
  /** The answer each read path gave twice in a row before the run; under load it must not change. */
  expected: Map<string, string>;
}

export async function signIn(url: string, who: string): Promise<Person> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: `${who}@northline.test`, password: DEMO_PASSWORD }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`${who} could not sign in: ${response.status} ${text.slice(0, 200)}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`${who}: no session cookie`);
  return {
    who,
    cookie,
    csrf: (JSON.parse(text) as { csrfToken: string }).csrfToken,
    sheets: [],
    lists: [],
    expected: new Map(),
  };
}

async function read(url: string, person: Person, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}${path}`, { headers: { cookie: person.cookie } });
  return { status: response.status, text: await response.text() };
}

/** What this person may read: the day list, the first SHEETS day sheets, the lists that answer 200. */
export async function probe(url: string, person: Person): Promise<void> {
  const days = await read(url, person, DAY_LIST);
  if (days.status !== 200) throw new Error(`${person.who}: ${DAY_LIST} answered ${days.status}`);
  const ids = (JSON.parse(days.text) as { days: { id: string }[] }).days.map((d) => d.id);
  const candidates = [DAY_LIST, ...ids.slice(0, SHEETS).map((id) => `/api/days/${id}/sheet`), ...LISTS];
  for (const path of candidates) {
    const first = await read(url, person, path);
    if (first.status !== 200) continue;
    if (path.endsWith('/sheet')) person.sheets.push(path);
    else if (path !== DAY_LIST) person.lists.push(path);
    if (CHANGED_BY_EDITS.has(path)) continue;
    const second = await read(url, person, path);
    if (second.status === 200 && second.text === first.text) person.expected.set(path, first.text);
  }
}

/**
 * One of the load's workspace edits: a task goes through create → edit → delete, a step per
 * request (the create and the delete write and delete the task's tuples in the workspace's
 * store, in the same batch as the row). Slots keep two requests off the same task.
 */
export interface TaskSlot {
  person: Person;
  taskId?: string;
  step: 'create' | 'edit' | 'delete';
  busy: boolean;
}

export const taskSlots = (people: Person[], perPerson: number): TaskSlot[] =>
  people.flatMap((person) =>
    Array.from({ length: perPerson }, () => ({ person, step: 'create' as const, busy: false })),
  );
