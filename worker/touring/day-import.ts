/**
 * Show days from CSV (issue 16): `date,city,venue,kind,status,schedule`, one day a line after
 * the header; `schedule` is `HH:MM label` items separated by `;`, `HH:MM+1` for after midnight.
 * Every bad cell is reported by line and column; the caller writes nothing unless none is bad.
 */
import { EVENT_KINDS, EVENT_STATUSES } from '../../db/touring/schema.ts';

export const IMPORT_COLUMNS = ['date', 'city', 'venue', 'kind', 'status', 'schedule'] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

type ImportRow = {
  line: number;
  date: string;
  city: string;
  venue: string | null;
  kind: (typeof EVENT_KINDS)[number];
  status: (typeof EVENT_STATUSES)[number];
  schedule: { startsAt: string; nextDay: boolean; label: string }[];
};
type ImportError = { line: number; column: ImportColumn | 'row'; message: string };

/** RFC 4180 fields: commas, double quotes ("" inside quotes), CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const validDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const ITEM = /^([01]\d|2[0-3]):([0-5]\d)(\+1)?\s+(.{1,120})$/;

/**
 * Checks every line against the header and the vocabulary; `venueIds` maps a venue name (lower
 * case) the importer may see to its id, so an unknown or hidden venue is a bad cell.
 */
export function readImport(
  text: string,
  venueIds: ReadonlyMap<string, string>,
): { rows: (ImportRow & { venueId: string | null })[]; errors: ImportError[] } {
  const lines = parseCsv(text.replace(/^\uFEFF/, ''));
  const errors: ImportError[] = [];
  const rows: (ImportRow & { venueId: string | null })[] = [];
  const header = (lines[0] ?? []).map((h) => h.trim().toLowerCase());
  if (IMPORT_COLUMNS.some((c, i) => header[i] !== c)) {
    errors.push({
      line: 1,
      column: 'row',
      message: `the first line must be the header \`${IMPORT_COLUMNS.join(',')}\``,
    });
    return { rows, errors };
  }
  lines.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const bad = (column: ImportColumn | 'row', message: string) => errors.push({ line, column, message });
    if (cells.length !== IMPORT_COLUMNS.length) {
      bad('row', `expected ${IMPORT_COLUMNS.length} columns, found ${cells.length}`);
      return;
    }
    const [date, city, venue, kind, status, schedule] = cells.map((c) => c.trim()) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const before = errors.length;
    if (!validDate(date)) bad('date', 'a date `YYYY-MM-DD`');
    if (city.length === 0 || city.length > 120) bad('city', 'a city of 1 to 120 characters');
    const venueId = venue ? (venueIds.get(venue.toLowerCase()) ?? null) : null;
    if (venue && !venueId) bad('venue', `no venue named \`${venue}\` that you may see`);
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) bad('kind', `one of ${EVENT_KINDS.join(', ')}`);
    if (!(EVENT_STATUSES as readonly string[]).includes(status)) bad('status', `one of ${EVENT_STATUSES.join(', ')}`);
    const items = schedule
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => ITEM.exec(s));
    if (items.length > 50 || items.some((m) => m === null))
      bad('schedule', 'items `HH:MM label` (or `HH:MM+1 label` after midnight), separated by `;`');
    if (errors.length > before) return;
    rows.push({
      line,
      date,
      city,
      venue: venue || null,
      venueId,
      kind: kind as ImportRow['kind'],
      status: status as ImportRow['status'],
      schedule: items.map((m) => ({ startsAt: `${m![1]}:${m![2]}`, nextDay: m![3] === '+1', label: m![4]!.trim() })),
    });
  });
  if (rows.length + errors.length === 0) errors.push({ line: 2, column: 'row', message: 'no show days to import' });
  return { rows, errors };
}
