/** A person's local calendar date and hour at an instant, in an IANA time zone (unknown zones: UTC). */
export interface LocalClock {
  /** YYYY-MM-DD */
  date: string;
  /** 0–23 */
  hour: number;
  /** The zone used (the one given, or 'UTC' when the runtime does not know it). */
  timeZone: string;
}

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return null;
  }
}

export function localClock(at: Date, timeZone: string): LocalClock {
  let zone = timeZone;
  let f = formatter(zone);
  if (!f) {
    zone = 'UTC';
    f = formatter(zone)!;
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24, timeZone: zone };
}
