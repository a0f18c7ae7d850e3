/** Money in the sheet's currency, from integer cents. */
export function money(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

/** A schedule time as the day sheet shows it: exact, approximate (~), to be decided. */
export function scheduleTime(item: { display: string; startsAt?: string; endsAt?: string; nextDay: boolean }): string {
  if (item.display === 'tbd' || !item.startsAt) return 'TBD';
  const span = item.endsAt ? `${item.startsAt}–${item.endsAt}` : item.startsAt;
  return `${item.display === 'approx' ? '~' : ''}${span}${item.nextDay ? ' +1' : ''}`;
}

export function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}
