/** A metric row: one cell per scale, then how it grew and what it is held to. */
export interface Row {
  label: string;
  cells: string[];
  growth?: string;
  target?: string;
}

/** A heading row splits the table into blocks (Laminate, Cedar, …). */
export type Line = Row | { heading: string };

/** Renders rows as a fixed-width text table (the bench prints to a terminal or a log). */
export function renderTable(columns: string[], lines: Line[]): string {
  const head: Row = { label: '', cells: columns, growth: 'growth', target: 'target' };
  const rows = lines.filter((l): l is Row => 'label' in l);
  const all = [head, ...rows];
  const widthOf = (pick: (r: Row) => string | undefined) => Math.max(...all.map((r) => (pick(r) ?? '').length));
  const labelWidth = widthOf((r) => r.label);
  const cellWidths = columns.map((_, c) => widthOf((r) => r.cells[c]));
  const growthWidth = widthOf((r) => r.growth);
  const render = (r: Row) =>
    [
      r.label.padEnd(labelWidth),
      ...cellWidths.map((w, c) => (r.cells[c] ?? '').padStart(w)),
      (r.growth ?? '').padStart(growthWidth),
      r.target ?? '',
    ]
      .join('  ')
      .trimEnd();
  const out = [render(head)];
  for (const line of lines) out.push('label' in line ? render(line) : `-- ${line.heading}`);
  return out.join('\n');
}

/** Formats a number for a table cell: at most 3 significant digits below 100, thousands grouped above. */
export function fmt(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text =
    Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3).replace(/\.?0+$/, '');
  return unit === '×' ? `${text}×` : unit ? `${text} ${unit}` : text;
}

/** "×12.3": how much the last figure is of the first. */
export function growth(first: number, last: number): string {
  return first > 0 && Number.isFinite(last) ? `×${fmt(last / first)}` : '';
}

/** Parses `10k`, `100k`, `1M`, `250000`. */
export function parseScale(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`scale \`${text}\` is not a number like 10k or 1M`);
  const mult = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(Number(m[1]) * mult);
}

export function scaleName(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
