/**
 * The Northline demo, and the same workspace N times larger: the tour's show days — with
 * their events, schedules, travel, hotels, rooming lists, guest lists and settlements, rows
 * and tuples alike — copied N−1 times under new ids and later dates. People, roles and
 * assignments stay as they are, so every reader's access is the demo's, over N× the data.
 */
import { getTableColumns, type Table } from 'drizzle-orm';
import { northlineData } from '../../../../db/seed/apply.ts';
import type { TupleKey } from '../../../../functions/index.ts';
import { SCHEMA } from '../../../../db/store.ts';
import * as allTables from '../../../../db/all-schema.ts';

type Data = ReturnType<typeof northlineData>;
type AnyRow = Record<string, unknown>;

/** Row ids that belong to one show day, by prefix; a copy renames them all alike. */
const DAY_SCOPED = /^(day|ev|sch|trv|hot|room|gr|led)_/;
const COPIED_TABLES = [
  'showDays',
  'events',
  'scheduleItems',
  'travelItems',
  'hotelStays',
  'roomingEntries',
  'guestRequests',
  'settlements',
  'ledgerLines',
] as const;
const COPIED_TYPES = new Set(['show_day', 'event', 'travel_item', 'hotel_stay']);

function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function scaledNorthline(now: number, passwordHash: string, storeId: string, factor: number): Data {
  const data = northlineData(now, passwordHash, storeId);
  for (let k = 1; k < factor; k++) {
    const rename = (value: unknown) => (typeof value === 'string' && DAY_SCOPED.test(value) ? `${value}_x${k}` : value);
    for (const table of COPIED_TABLES) {
      const rows = data.rows[table] as AnyRow[];
      const copies = rows
        .filter((row) => !String(row.id ?? row.dayId).includes('_x'))
        .map((row) => {
          const copy: AnyRow = {};
          for (const [key, value] of Object.entries(row))
            copy[key] =
              key === 'date'
                ? shiftDate(String(value), k * 20)
                : ['id', 'dayId', 'stayId'].includes(key)
                  ? rename(value)
                  : value;
          return copy;
        });
      rows.push(...copies);
    }
    const renameRef = (ref: string) => {
      const [type, rest = ''] = ref.split(':');
      if (!COPIED_TYPES.has(type!)) return ref;
      const [id, relation] = rest.split('#');
      return `${type}:${id}_x${k}${relation ? `#${relation}` : ''}`;
    };
    const dayScoped = (t: TupleKey) => COPIED_TYPES.has(t.object.split(':')[0]!) && !t.object.includes('_x');
    data.tuples.push(
      ...data.tuples.filter(dayScoped).map((t) => ({ ...t, object: renameRef(t.object), user: renameRef(t.user) })),
    );
  }
  return data;
}

// every table the demo fills: the core and workspace schema plus collaboration and people
const TABLES = { ...SCHEMA, ...allTables } as unknown as Record<string, Table>;

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return `'${JSON.stringify(value).replaceAll("'", "''")}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** The domain rows as plain INSERT statements with literal values (no bound parameters). */
export function rowsSql(rows: Data['rows']): string {
  const out: string[] = [];
  for (const [name, list] of Object.entries(rows)) {
    const table = TABLES[name];
    if (!table) throw new Error(`no table \`${name}\` in db/store.ts SCHEMA`);
    const columns = getTableColumns(table);
    for (let i = 0; i < list.length; i += 400) {
      const chunk = list.slice(i, i + 400) as AnyRow[];
      const keys = Object.keys(columns).filter((key) => chunk.some((row) => key in row));
      const names = keys.map((key) => `"${columns[key]!.name}"`).join(', ');
      const values = chunk.map((row) => `(${keys.map((key) => literal(row[key])).join(', ')})`).join(',\n');
      out.push(
        `INSERT INTO "${(table as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')]}" (${names}) VALUES\n${values};`,
      );
    }
  }
  return out.join('\n');
}
