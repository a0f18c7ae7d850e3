/**
 * The bound of the per-isolate caches (tuple snapshots, listing neighbourhoods): drops entries
 * from the front of the map (oldest, or least recently used when the caller re-inserts on use)
 * until the estimated bytes fit, always keeping the newest entry.
 */
export function evictOverBytes<K, V>(entries: Map<K, V>, maxBytes: number, bytesOf: (value: V) => number): void {
  let total = 0;
  for (const value of entries.values()) total += bytesOf(value);
  for (const [key, value] of entries) {
    if (total <= maxBytes || entries.size <= 1) break;
    total -= bytesOf(value);
    entries.delete(key);
  }
}
