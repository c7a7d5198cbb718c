import { periodLabel, type FiscalYearStartMonth } from '@constellation/shared';

/** A period key as people say it ("Mar 2026", "Q1 FY 2025/26"); the key itself if it cannot be read. */
export function labelPeriod(key: string | null | undefined, fiscalYearStartMonth: number): string {
  if (!key) return '';
  try {
    return periodLabel(key, fiscalYearStartMonth as FiscalYearStartMonth);
  } catch {
    return key;
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A decimal string with grouping, as in tables and tooltips. */
export function formatNumber(value: string | null | undefined, maximumFractionDigits = 4): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const k = String(maximumFractionDigits);
  let f = numberFormats.get(k);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { maximumFractionDigits });
    numberFormats.set(k, f);
  }
  return f.format(n);
}

/** A value with its unit: "1,234 people", "75%" for percentages. */
export function formatWithUnit(value: string | null | undefined, unit: string, valueType?: string): string {
  if (value === null || value === undefined || value === '') return '';
  if (valueType === 'percentage' || unit === '%') return `${formatNumber(value, 1)}%`;
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}
