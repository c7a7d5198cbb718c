import { compareGranularities, type Granularity } from './granularity';
import { makePeriod, parsePeriodKey, requirePeriod, type Period } from './keys';
import {
  assertFiscalYearStartMonth,
  MAX_YEAR,
  MIN_YEAR,
  monthIndexOfKey,
  monthKeyOfIndex,
  monthOfIndex,
  toMonthIndex,
  yearOfIndex,
  type FiscalYearStartMonth,
  type MonthKey,
} from './months';

/** The period of this granularity that contains the month with this month-line index. */
export function periodAtIndex(
  index: number,
  granularity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): Period {
  assertFiscalYearStartMonth(fiscalYearStartMonth);
  if (granularity === 'month') {
    return makePeriod(
      { granularity, year: yearOfIndex(index), month: monthOfIndex(index) },
      fiscalYearStartMonth,
    );
  }
  // The fiscal (or calendar, when it starts in January) year that contains the month.
  const year = yearOfIndex(index - (fiscalYearStartMonth - 1));
  if (granularity === 'year') return makePeriod({ granularity, year }, fiscalYearStartMonth);
  const quarter = Math.floor((index - toMonthIndex(year, fiscalYearStartMonth)) / 3) + 1;
  return makePeriod({ granularity, year, quarter }, fiscalYearStartMonth);
}

function requireMonth(month: MonthKey): number {
  const index = monthIndexOfKey(month.trim());
  if (index === null)
    throw new RangeError(`"${month}" is not a month key such as 2026-03 (years ${MIN_YEAR}-${MAX_YEAR})`);
  return index;
}

/** The key of the period of this granularity that contains the month ('2026-03'). */
export function periodOfMonth(
  month: MonthKey,
  granularity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): string {
  return periodAtIndex(requireMonth(month), granularity, fiscalYearStartMonth).key;
}

/** The period of this granularity that contains the given period (which must not be coarser). */
export function enclosingPeriod(
  key: string,
  granularity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): string {
  const period = requirePeriod(key, fiscalYearStartMonth);
  if (compareGranularities(period.granularity, granularity) > 0) {
    throw new RangeError(`a ${period.granularity} (${key}) is not inside one ${granularity}`);
  }
  return periodAtIndex(period.endIndex, granularity, fiscalYearStartMonth).key;
}

/** The month keys in a period, in order. */
export function monthsIn(key: string, fiscalYearStartMonth: FiscalYearStartMonth): MonthKey[] {
  const period = requirePeriod(key, fiscalYearStartMonth);
  const months: MonthKey[] = [];
  for (let i = period.startIndex; i <= period.endIndex; i++) months.push(monthKeyOfIndex(i));
  return months;
}

/** The quarter and year keys that contain a month, e.g. '2026-03' → ['2026-Q1', '2026']. */
export function parentPeriods(month: MonthKey, fiscalYearStartMonth: FiscalYearStartMonth): [string, string] {
  const index = requireMonth(month);
  return [
    periodAtIndex(index, 'quarter', fiscalYearStartMonth).key,
    periodAtIndex(index, 'year', fiscalYearStartMonth).key,
  ];
}

/**
 * Where a period sits on the month line: the index (months since January of year 0) of its LAST
 * month. A month at itself, a quarter at its third month, a year at its twelfth (fiscal years
 * respected). Targets and baselines are placed there for interpolation.
 */
export function monthIndex(key: string, fiscalYearStartMonth: FiscalYearStartMonth): number {
  return requirePeriod(key, fiscalYearStartMonth).endIndex;
}

/**
 * Order periods by where they end on the month line; periods ending in the same month go finer
 * first (2026-03 < 2026-Q1 < 2026). Returns -1, 0 or 1.
 */
export function comparePeriods(a: string, b: string, fiscalYearStartMonth: FiscalYearStartMonth): number {
  const pa = requirePeriod(a, fiscalYearStartMonth);
  const pb = requirePeriod(b, fiscalYearStartMonth);
  if (pa.endIndex !== pb.endIndex) return Math.sign(pa.endIndex - pb.endIndex);
  return compareGranularities(pa.granularity, pb.granularity);
}

/**
 * Every period of this granularity from the one containing the start of `from` to the one
 * containing the end of `to`, inclusive and in order; empty when `to` ends before `from` starts.
 */
export function periodsBetween(
  from: string,
  to: string,
  granularity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): string[] {
  const start = requirePeriod(from, fiscalYearStartMonth).startIndex;
  const end = requirePeriod(to, fiscalYearStartMonth).endIndex;
  const keys: string[] = [];
  let index = start;
  while (index <= end) {
    const period = periodAtIndex(index, granularity, fiscalYearStartMonth);
    keys.push(period.key);
    index = period.endIndex + 1;
  }
  return keys;
}

/** The period of the same granularity that follows (offset 1) or precedes (offset -1) this one. */
export function shiftPeriod(key: string, offset: number, fiscalYearStartMonth: FiscalYearStartMonth): string {
  const period = requirePeriod(key, fiscalYearStartMonth);
  const length = period.endIndex - period.startIndex + 1;
  return periodAtIndex(period.startIndex + offset * length, period.granularity, fiscalYearStartMonth).key;
}

/**
 * True when the key is a valid period of exactly this periodicity in this collaboration, in its
 * canonical spelling (as stored): a value's period must match its indicator's periodicity.
 */
export function isValidFor(
  key: string,
  periodicity: Granularity,
  fiscalYearStartMonth: FiscalYearStartMonth,
): boolean {
  const result = parsePeriodKey(key, fiscalYearStartMonth);
  return result.ok && result.period.granularity === periodicity && result.period.key === key;
}
