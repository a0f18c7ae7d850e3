/**
 * D1's `batch()` answers rows as objects keyed by column name, and drizzle turns them back into
 * arrays by key order — so a joined select whose columns share a name (`people.id`,
 * `workspaces.id`) loses columns in a batch (a single statement is read with `raw()` and is not
 * affected). Before a SELECT goes into a D1 batch, its top-level result columns are given unique
 * names (`AS "c0"`, `"c1"`, …): positions are all drizzle reads, so the rows map back exactly.
 */

/** The SQL with every top-level result column aliased uniquely, or the SQL unchanged if it is not a plain SELECT. */
export function aliasResultColumns(sql: string): string {
  const head = /^\s*select\s+(distinct\s+)?/i.exec(sql);
  if (!head) return sql;
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = head[0].length;
  let end = -1;
  for (let i = start; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === ',') {
      items.push(sql.slice(start, i));
      start = i + 1;
    } else if (depth === 0 && /\s/.test(ch) && /^\s+from\s/i.test(sql.slice(i, i + 6))) {
      end = i;
      break;
    }
  }
  if (end < 0) end = sql.length;
  items.push(sql.slice(start, end));
  const aliased = items.map((item, i) => {
    const text = item.trim();
    if (text === '*' || text.endsWith('.*')) return text;
    // an existing top-level alias is replaced: `expr as "name"` → `expr as "c3"`
    const bare = text.replace(/\s+as\s+("[^"]*"|\w+)$/i, '');
    return `${bare} as "c${i}"`;
  });
  return sql.slice(0, head[0].length) + aliased.join(', ') + sql.slice(end);
}
