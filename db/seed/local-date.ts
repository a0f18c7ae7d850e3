const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of `instant + offset days` in the given IANA time zone. */
export function localDate(instant: number, offsetDays: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant + offsetDays * DAY_MS),
  );
}
