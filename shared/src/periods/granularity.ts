/** How long a period is. Indicators report at one of these (their periodicity). */
export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const RANK: Record<Granularity, number> = { month: 0, quarter: 1, year: 2 };
const MONTHS_IN: Record<Granularity, number> = { month: 1, quarter: 3, year: 12 };

export function isGranularity(value: unknown): value is Granularity {
  return typeof value === 'string' && (GRANULARITIES as readonly string[]).includes(value);
}

/** Number of months in one period of this granularity. */
export function monthsPer(granularity: Granularity): number {
  return MONTHS_IN[granularity];
}

/**
 * True when `granularity` is the indicator's native periodicity or coarser.
 * Aggregation is never finer than the periodicity: a quarterly indicator has no monthly figures.
 */
export function coarserOrEqual(granularity: Granularity, native: Granularity): boolean {
  return RANK[granularity] >= RANK[native];
}

/** The granularities an indicator of this periodicity is rolled up to, finest first. */
export function rollupGranularities(native: Granularity): Granularity[] {
  return GRANULARITIES.filter((g) => coarserOrEqual(g, native));
}

/** -1, 0 or 1: month < quarter < year. */
export function compareGranularities(a: Granularity, b: Granularity): number {
  return Math.sign(RANK[a] - RANK[b]);
}
