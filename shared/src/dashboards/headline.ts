import { coarserOrEqual, type Granularity } from '../periods/granularity';
import { requirePeriod } from '../periods/keys';
import type { FiscalYearStartMonth } from '../periods/months';

/** What a dashboard headline needs to know about an indicator. */
export interface HeadlineIndicator {
  periodicity: Granularity;
  aggregationOverTime: string;
  targets: readonly { period: string; kind: string }[];
}

/**
 * The granularity an indicator's headline (overview card, "needs attention", goal status) is read
 * at. A flow (summed over time) is read at the granularity of its long-term target, so a year's
 * total meets a year's target rather than one quarter's flow meeting it; a stock or a rate at its
 * own periodicity.
 */
export function headlineGranularity(
  indicator: HeadlineIndicator,
  fiscalYearStartMonth: FiscalYearStartMonth,
): Granularity {
  const longTerm = indicator.targets.find((t) => t.kind === 'long_term');
  if (indicator.aggregationOverTime === 'sum' && longTerm) {
    const g = requirePeriod(longTerm.period, fiscalYearStartMonth).granularity;
    if (coarserOrEqual(g, indicator.periodicity)) return g;
  }
  return indicator.periodicity;
}

/**
 * The row a headline shows: the latest one with data among the periods that have ended by
 * `currentMonthIndex` (a period still running is partial), else the latest one with data.
 * Rows must be of one granularity; any order.
 */
export function headlineRow<T extends { period: string; actual: string | null }>(
  rows: readonly T[],
  currentMonthIndex: number,
  fiscalYearStartMonth: FiscalYearStartMonth,
): T | null {
  let ended: { row: T; end: number } | null = null;
  let any: { row: T; end: number } | null = null;
  for (const row of rows) {
    if (row.actual === null) continue;
    const end = requirePeriod(row.period, fiscalYearStartMonth).endIndex;
    if (!any || end > any.end) any = { row, end };
    if (end < currentMonthIndex && (!ended || end > ended.end)) ended = { row, end };
  }
  return ended?.row ?? any?.row ?? null;
}
