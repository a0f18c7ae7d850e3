/**
 * CSV for exports (R23): RFC 4180 quoting, and cells a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'` (CSV injection). A field the reader may not
 * see is absent from the record, so its cell is empty.
 */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One header row of `columns`, then one row per record. */
export function toCsv(columns: readonly string[], records: readonly Record<string, unknown>[]): string {
  return `${[columns.map(cell).join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}
