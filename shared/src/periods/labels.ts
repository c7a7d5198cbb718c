import { requirePeriod } from './keys';
import { MONTH_SHORT_NAMES, type FiscalYearStartMonth } from './months';

/** "FY 2025/26" for the fiscal year starting in 2025 ("FY 1999/00" wraps the century). */
export function fiscalYearLabel(year: number): string {
  return `FY ${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/**
 * A period as people say it: "Mar 2026", "Q1 2026", "2026", and where the fiscal year does not
 * start in January "FY 2025/26" and "Q1 FY 2025/26".
 */
export function periodLabel(key: string, fiscalYearStartMonth: FiscalYearStartMonth): string {
  const period = requirePeriod(key, fiscalYearStartMonth);
  const year = period.fiscal ? fiscalYearLabel(period.year) : String(period.year);
  switch (period.granularity) {
    case 'month':
      return `${MONTH_SHORT_NAMES[period.month! - 1]} ${period.year}`;
    case 'quarter':
      return `Q${period.quarter} ${year}`;
    case 'year':
      return year;
  }
}
