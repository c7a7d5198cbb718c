import { prng } from './prng';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo's timeline is written in whole days before the moment of seeding, so the demo
 * always looks recent. `at(daysAgo, key)` gives that day at a working-hours time of day
 * (08:00-17:59 UTC) chosen by a PRNG seeded with `key`: deterministic for a given `now`, and
 * never in the future for daysAgo >= 1.
 */
export interface DemoClock {
  readonly now: Date;
  at(daysAgo: number, key: string): Date;
}

export function demoClock(now: Date): DemoClock {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    now,
    at(daysAgo, key) {
      if (!Number.isInteger(daysAgo) || daysAgo < 1)
        throw new Error(`demo dates must be whole days in the past (${key}: ${daysAgo})`);
      const r = prng(`clock:${key}`);
      const minuteOfDay = r.int(8 * 60, 17 * 60 + 59);
      return new Date(startOfToday - daysAgo * DAY_MS + minuteOfDay * 60_000);
    },
  };
}
