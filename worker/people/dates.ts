import { z } from 'zod';

/** A date `YYYY-MM-DD` (the start of that day, UTC) or an ISO 8601 instant; null clears it. */
export const Instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s))
  .nullable();
