import type { Granularity } from './granularity';
import {
  assertFiscalYearStartMonth,
  MAX_YEAR,
  MIN_YEAR,
  MONTH_SHORT_NAMES,
  monthKeyOfIndex,
  monthOfIndex,
  toMonthIndex,
  yearOfIndex,
  type FiscalYearStartMonth,
  type MonthKey,
} from './months';

/**
 * A parsed period key.
 *
 * Keys: '2026-03' (month), '2026-Q1' and '2026' (calendar quarter and year, when the fiscal year
 * starts in January), 'FY2025-Q1' and 'FY2025' (fiscal quarter and year otherwise). FY2025 is the
 * fiscal year that STARTS in the fiscal-year start month of 2025: with April, Apr 2025 – Mar 2026.
 */
export interface Period {
  /** The canonical key. */
  key: string;
  granularity: Granularity;
  /** True for FY keys. */
  fiscal: boolean;
  /** Calendar year for months; the calendar or fiscal year (the year it starts in) otherwise. */
  year: number;
  /** 1-4 for quarters, else null. */
  quarter: number | null;
  /** 1-12 for months, else null. */
  month: number | null;
  /** First and last month, 'YYYY-MM'. */
  startMonth: MonthKey;
  endMonth: MonthKey;
  /** First and last month as month-line indexes (months since January of year 0). */
  startIndex: number;
  endIndex: number;
}

export type PeriodParseResult = { ok: true; period: Period } | { ok: false; error: string };

/** What makes a period, without the fiscal-year context. */
export type PeriodParts =
  | { granularity: 'month'; year: number; month: number }
  | { granularity: 'quarter'; year: number; quarter: number }
  | { granularity: 'year'; year: number };

export class PeriodKeyError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Period "${key}" ${reason}`);
    this.name = 'PeriodKeyError';
  }
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(FY)?(\d{4})-Q(\d)$/;
const YEAR_RE = /^(FY)?(\d{4})$/;

export function isFiscal(fiscalYearStartMonth: FiscalYearStartMonth): boolean {
  return fiscalYearStartMonth !== 1;
}

/** The validation sentence for a key that is not a period at all. */
export function periodFormatMessage(fiscalYearStartMonth: FiscalYearStartMonth): string {
  return isFiscal(fiscalYearStartMonth)
    ? 'must be a period like 2026-03, FY2026-Q1 or FY2026'
    : 'must be a period like 2026-03, 2026-Q1 or 2026';
}

function span(p: Period): string {
  const name = (i: number) => `${MONTH_SHORT_NAMES[monthOfIndex(i) - 1]} ${yearOfIndex(i)}`;
  return p.startIndex === p.endIndex ? name(p.startIndex) : `${name(p.startIndex)} – ${name(p.endIndex)}`;
}

/** Build the period for its parts; the fiscal-year start month decides calendar or fiscal keys. */
export function makePeriod(parts: PeriodParts, fiscalYearStartMonth: FiscalYearStartMonth): Period {
  assertFiscalYearStartMonth(fiscalYearStartMonth);
  const fiscal = isFiscal(fiscalYearStartMonth);
  const prefix = fiscal ? 'FY' : '';
  const yyyy = String(parts.year).padStart(4, '0');
  let startIndex: number;
  let endIndex: number;
  let key: string;
  if (parts.granularity === 'month') {
    startIndex = endIndex = toMonthIndex(parts.year, parts.month);
    key = monthKeyOfIndex(startIndex);
  } else if (parts.granularity === 'quarter') {
    startIndex = toMonthIndex(parts.year, fiscalYearStartMonth) + 3 * (parts.quarter - 1);
    endIndex = startIndex + 2;
    key = `${prefix}${yyyy}-Q${parts.quarter}`;
  } else {
    startIndex = toMonthIndex(parts.year, fiscalYearStartMonth);
    endIndex = startIndex + 11;
    key = `${prefix}${yyyy}`;
  }
  return {
    key,
    granularity: parts.granularity,
    fiscal: parts.granularity !== 'month' && fiscal,
    year: parts.year,
    quarter: parts.granularity === 'quarter' ? parts.quarter : null,
    month: parts.granularity === 'month' ? parts.month : null,
    startMonth: monthKeyOfIndex(startIndex),
    endMonth: monthKeyOfIndex(endIndex),
    startIndex,
    endIndex,
  };
}

/** The canonical key for these parts: '2026-03', '2026-Q1', '2026', 'FY2025-Q1', 'FY2025'. */
export function formatPeriodKey(parts: PeriodParts, fiscalYearStartMonth: FiscalYearStartMonth): string {
  return makePeriod(parts, fiscalYearStartMonth).key;
}

function fail(error: string): PeriodParseResult {
  return { ok: false, error };
}

/**
 * Parse a period key in a collaboration with this fiscal-year start month (1 = calendar years).
 * Leading/trailing spaces and lower case are accepted; `period.key` is the canonical spelling.
 * On failure, `error` completes a sentence that starts with the field name ("must be a period like …").
 */
export function parsePeriodKey(key: unknown, fiscalYearStartMonth: FiscalYearStartMonth): PeriodParseResult {
  assertFiscalYearStartMonth(fiscalYearStartMonth);
  const formatMessage = periodFormatMessage(fiscalYearStartMonth);
  if (typeof key !== 'string') return fail(formatMessage);
  const text = key.trim().toUpperCase();
  const fiscal = isFiscal(fiscalYearStartMonth);
  const startName = MONTH_SHORT_NAMES[fiscalYearStartMonth - 1];
  const yearRange = `must be in the years ${MIN_YEAR} to ${MAX_YEAR}`;
  const inRange = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

  const month = MONTH_RE.exec(text);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return fail(`has no month ${month[2]}: months are 01 to 12 (${formatMessage})`);
    if (!inRange(year)) return fail(yearRange);
    return { ok: true, period: makePeriod({ granularity: 'month', year, month: m }, fiscalYearStartMonth) };
  }

  const quarter = QUARTER_RE.exec(text);
  const yearMatch = YEAR_RE.exec(text);
  if (!quarter && !yearMatch) return fail(formatMessage);
  const isFyKey = Boolean((quarter ?? yearMatch)![1]);
  const year = Number((quarter ?? yearMatch)![2]);
  const q = quarter ? Number(quarter[3]) : null;
  if (q !== null && (q < 1 || q > 4))
    return fail(`has no quarter ${q}: quarters are Q1 to Q4 (${formatMessage})`);
  // A fiscal year that starts in the December before MIN_YEAR still holds months of MIN_YEAR.
  if (!inRange(year) && !(isFyKey && year === MIN_YEAR - 1)) return fail(yearRange);
  const parts: PeriodParts =
    q !== null ? { granularity: 'quarter', year, quarter: q } : { granularity: 'year', year };

  if (fiscal && !isFyKey) {
    // Suggest the fiscal period of the same length that starts where the calendar one starts (or in it).
    const calendar = makePeriod(parts, 1);
    const fyYear = yearOfIndex(calendar.startIndex - (fiscalYearStartMonth - 1));
    const suggestion =
      q !== null
        ? makePeriod(
            {
              granularity: 'quarter',
              year: fyYear,
              quarter: Math.floor((calendar.startIndex - toMonthIndex(fyYear, fiscalYearStartMonth)) / 3) + 1,
            },
            fiscalYearStartMonth,
          )
        : makePeriod({ granularity: 'year', year }, fiscalYearStartMonth);
    const what = q !== null ? 'a calendar quarter' : 'a calendar year';
    return fail(
      `is ${what}, but this collaboration's fiscal year starts in ${startName}: use fiscal-year keys such as ${suggestion.key} (${span(suggestion)})`,
    );
  }
  if (!fiscal && isFyKey) {
    const suggestion = makePeriod(parts, 1);
    return fail(
      `is a fiscal-year key, but this collaboration's year starts in January: use calendar keys such as ${suggestion.key} (${span(suggestion)})`,
    );
  }
  return { ok: true, period: makePeriod(parts, fiscalYearStartMonth) };
}

/** Parse a key or throw a PeriodKeyError: for code that is handed keys already validated. */
export function requirePeriod(key: string, fiscalYearStartMonth: FiscalYearStartMonth): Period {
  const result = parsePeriodKey(key, fiscalYearStartMonth);
  if (!result.ok) throw new PeriodKeyError(key, result.error);
  return result.period;
}

/** True when the text has the shape of some period key (any of the five forms), whatever the fiscal year. */
export function looksLikePeriodKey(key: string): boolean {
  const text = key.trim().toUpperCase();
  return MONTH_RE.test(text) || QUARTER_RE.test(text) || YEAR_RE.test(text);
}
