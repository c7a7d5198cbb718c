/**
 * Months as keys ('2026-03') and as indexes on a month line (months since January of year 0),
 * which is what period arithmetic works on.
 */

/** Years a period key may name. Social-impact data does not go further back or forward. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export const MONTH_SHORT_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A month key such as '2026-03'. */
export type MonthKey = string;

/** A fiscal-year start month, 1 (January: calendar years) to 12. */
export type FiscalYearStartMonth = number;

export function assertFiscalYearStartMonth(fiscalYearStartMonth: number): void {
  if (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
    throw new RangeError(`fiscalYearStartMonth must be a month number 1-12, got ${fiscalYearStartMonth}`);
  }
}

/** Index on the month line: months since January of year 0. */
export function toMonthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function yearOfIndex(index: number): number {
  return Math.floor(index / 12);
}

/** 1-12. */
export function monthOfIndex(index: number): number {
  return index - yearOfIndex(index) * 12 + 1;
}

export function monthKeyOf(year: number, month: number): MonthKey {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function monthKeyOfIndex(index: number): MonthKey {
  return monthKeyOf(yearOfIndex(index), monthOfIndex(index));
}

/** The month line index of a month key, or null if it is not a month key ('2026-03'). */
export function monthIndexOfKey(key: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < MIN_YEAR || year > MAX_YEAR) return null;
  return toMonthIndex(year, month);
}
