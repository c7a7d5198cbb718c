import { coarserOrEqual, type Granularity } from '../periods/granularity';
import { parsePeriodKey, requirePeriod, type Period } from '../periods/keys';
import { periodAtIndex } from '../periods/arithmetic';
import type { FiscalYearStartMonth } from '../periods/months';

/** One commitment as the expansion needs it: the indicator's periodicity and the committed span. */
export interface CommitmentSpan {
  indicatorId: string;
  periodicity: Granularity;
  /** Period key at the indicator's periodicity or coarser. */
  startPeriod: string;
  /** Inclusive; null = open-ended. */
  endPeriod: string | null;
}

/** One report a partner is expected to make: an indicator at one of its native periods. */
export interface ExpectedReport {
  indicatorId: string;
  period: string;
}

/** The widest range `expectedReports` expands in one call (20 years of months). */
export const MAX_EXPECTED_RANGE_MONTHS = 240;

/**
 * Why a commitment's start or end period is not acceptable for an indicator of this periodicity
 * in a collaboration with this fiscal-year start month (a sentence completing "startPeriod …"),
 * or null when it is fine. A commitment period is the indicator's periodicity or coarser: a
 * quarterly indicator can be committed from 2026-Q2 or from 2026, never from 2026-05.
 */
export function commitmentPeriodIssue(
  key: string,
  periodicity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): string | null {
  const result = parsePeriodKey(key, fiscalYearStartMonth);
  if (!result.ok) return result.error;
  if (!coarserOrEqual(result.period.granularity, periodicity)) {
    const allowed =
      periodicity === 'month' ? 'a month, a quarter or a year' : periodicity === 'quarter' ? 'a quarter or a year' : 'a year';
    return `must be ${allowed}: this indicator is reported ${periodicity === 'month' ? 'monthly' : periodicity === 'quarter' ? 'quarterly' : 'yearly'}`;
  }
  return null;
}

/**
 * The native periods of one indicator whose LAST month lies in the month-line window [lo, hi]
 * (periods are placed at their last month, as everywhere else), in order.
 */
function nativePeriodsEndingIn(
  lo: number,
  hi: number,
  periodicity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): string[] {
  const keys: string[] = [];
  if (hi < lo) return keys;
  let period: Period = periodAtIndex(lo, periodicity, fiscalYearStartMonth);
  // The period containing `lo` may end after `hi`; it may also start before `lo` (then it still
  // ends inside the window, so it is due in it).
  while (period.endIndex <= hi) {
    keys.push(period.key);
    period = periodAtIndex(period.endIndex + 1, periodicity, fiscalYearStartMonth);
  }
  return keys;
}

/**
 * What a partner is expected to report between `from` and `to` (period keys of any
 * granularity, inclusive): for each commitment, every native period of its indicator that lies
 * within the commitment (from the start of `startPeriod` to the end of `endPeriod`) and whose
 * last month falls between the first month of `from` and the last month of `to`.
 *
 * Placing each period at its last month means a quarterly report is due in the window that holds
 * the quarter's end, so consecutive windows never expect the same report twice. Results follow
 * the order of `commitments`, then time. Keys must be valid in the collaboration (throws
 * PeriodKeyError otherwise: validate request input first).
 */
export function expectedReports(
  commitments: readonly CommitmentSpan[],
  from: string,
  to: string,
  fiscalYearStartMonth: FiscalYearStartMonth,
): ExpectedReport[] {
  const window = {
    lo: requirePeriod(from, fiscalYearStartMonth).startIndex,
    hi: requirePeriod(to, fiscalYearStartMonth).endIndex,
  };
  const out: ExpectedReport[] = [];
  for (const c of commitments) {
    const start = requirePeriod(c.startPeriod, fiscalYearStartMonth).startIndex;
    const end = c.endPeriod === null ? Infinity : requirePeriod(c.endPeriod, fiscalYearStartMonth).endIndex;
    const lo = Math.max(start, window.lo);
    const hi = Math.min(end, window.hi);
    for (const period of nativePeriodsEndingIn(lo, hi, c.periodicity, fiscalYearStartMonth)) {
      out.push({ indicatorId: c.indicatorId, period });
    }
  }
  return out;
}
