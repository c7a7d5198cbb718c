import {
  comparePeriods,
  enclosingPeriod,
  isValidFor,
  monthIndex,
  monthsIn,
  parentPeriods,
  periodOfMonth,
  periodsBetween,
  shiftPeriod,
} from './arithmetic';
import { coarserOrEqual, rollupGranularities } from './granularity';
import { periodLabel } from './labels';

describe('periodOfMonth', () => {
  it.each([
    ['2026-03', 'month', 1, '2026-03'],
    ['2026-03', 'quarter', 1, '2026-Q1'],
    ['2026-04', 'quarter', 1, '2026-Q2'],
    ['2026-12', 'year', 1, '2026'],
    ['2026-03', 'quarter', 4, 'FY2025-Q4'],
    ['2026-04', 'quarter', 4, 'FY2026-Q1'],
    ['2026-03', 'year', 4, 'FY2025'],
    ['2026-04', 'year', 4, 'FY2026'],
    ['2026-01', 'quarter', 2, 'FY2025-Q4'],
    ['2026-02', 'quarter', 2, 'FY2026-Q1'],
    ['2025-12', 'year', 12, 'FY2025'],
    ['2025-11', 'year', 12, 'FY2024'],
    ['2025-06', 'quarter', 7, 'FY2024-Q4'],
  ] as const)('%s at %s granularity with fiscal start %i → %s', (month, granularity, fy, key) => {
    expect(periodOfMonth(month, granularity, fy)).toBe(key);
  });

  it('rejects a non-month', () => {
    expect(() => periodOfMonth('2026-Q1', 'year', 1)).toThrow('not a month key');
  });
});

describe('monthsIn', () => {
  it.each([
    ['2026-03', 1, ['2026-03']],
    ['2026-Q2', 1, ['2026-04', '2026-05', '2026-06']],
    ['FY2025-Q4', 4, ['2026-01', '2026-02', '2026-03']],
    ['FY2025-Q2', 11, ['2026-02', '2026-03', '2026-04']],
  ])('%s (fiscal start %i) → %j', (key, fy, months) => {
    expect(monthsIn(key, fy)).toEqual(months);
  });

  it('a fiscal year has its twelve months across two calendar years', () => {
    const months = monthsIn('FY2025', 4);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-04');
    expect(months[11]).toBe('2026-03');
  });
});

describe('parentPeriods', () => {
  it.each([
    ['2026-03', 1, ['2026-Q1', '2026']],
    ['2026-03', 4, ['FY2025-Q4', 'FY2025']],
    ['2026-04', 4, ['FY2026-Q1', 'FY2026']],
  ] as const)('%s (fiscal start %i) → %j', (month, fy, parents) => {
    expect(parentPeriods(month, fy)).toEqual(parents);
  });
});

describe('enclosingPeriod', () => {
  it('finds the quarter and year around a period, and refuses to go finer', () => {
    expect(enclosingPeriod('FY2025-Q3', 'year', 4)).toBe('FY2025');
    expect(enclosingPeriod('2026-05', 'quarter', 1)).toBe('2026-Q2');
    expect(enclosingPeriod('2026', 'year', 1)).toBe('2026');
    expect(() => enclosingPeriod('2026', 'quarter', 1)).toThrow('is not inside one quarter');
  });
});

describe('periodLabel', () => {
  it.each([
    ['2026-03', 1, 'Mar 2026'],
    ['2026-03', 4, 'Mar 2026'],
    ['2026-Q1', 1, 'Q1 2026'],
    ['2026', 1, '2026'],
    ['FY2025', 4, 'FY 2025/26'],
    ['FY2025-Q1', 4, 'Q1 FY 2025/26'],
    ['FY1999', 7, 'FY 1999/00'],
  ])('%s (fiscal start %i) → %s', (key, fy, label) => {
    expect(periodLabel(key, fy)).toBe(label);
  });
});

describe('monthIndex places every period at its LAST month', () => {
  const m = (y: number, month: number) => y * 12 + month - 1;
  it.each([
    ['2026-03', 1, m(2026, 3)],
    ['2026-Q1', 1, m(2026, 3)],
    ['2026', 1, m(2026, 12)],
    ['FY2025-Q1', 4, m(2025, 6)],
    ['FY2025', 4, m(2026, 3)],
  ])('%s (fiscal start %i) → %i', (key, fy, index) => {
    expect(monthIndex(key, fy)).toBe(index);
  });
});

describe('comparePeriods', () => {
  it.each([
    ['2026-01', '2026-02', 1, -1],
    ['2026-02', '2026-01', 1, 1],
    ['2026-03', '2026-03', 1, 0],
    ['2026-03', '2026-Q1', 1, -1],
    ['2026-Q1', '2026', 1, -1],
    ['2026-Q4', '2026', 1, -1],
    ['2026', '2026-12', 1, 1],
    ['2026-02', '2026-Q1', 1, -1],
    ['FY2025', 'FY2025-Q4', 4, 1],
    ['FY2025-Q4', '2026-04', 4, -1],
  ])('%s vs %s (fiscal start %i) → %i', (a, b, fy, expected) => {
    expect(comparePeriods(a, b, fy)).toBe(expected);
  });
});

describe('periodsBetween', () => {
  it.each([
    ['2026-01', '2026-04', 'month', 1, ['2026-01', '2026-02', '2026-03', '2026-04']],
    ['2026-02', '2026-08', 'quarter', 1, ['2026-Q1', '2026-Q2', '2026-Q3']],
    ['2025', '2027', 'year', 1, ['2025', '2026', '2027']],
    ['2026-03', '2026-04', 'year', 4, ['FY2025', 'FY2026']],
    ['FY2025', 'FY2025', 'quarter', 4, ['FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4']],
    ['2026-05', '2026-04', 'month', 1, []],
  ] as const)('%s..%s by %s (fiscal start %i) → %j', (from, to, granularity, fy, keys) => {
    expect(periodsBetween(from, to, granularity, fy)).toEqual(keys);
  });
});

describe('shiftPeriod', () => {
  it.each([
    ['2026-12', 1, 1, '2027-01'],
    ['2026-01', -1, 1, '2025-12'],
    ['FY2025-Q4', 1, 4, 'FY2026-Q1'],
    ['2026', -2, 1, '2024'],
  ])('%s shifted by %i (fiscal start %i) → %s', (key, offset, fy, expected) => {
    expect(shiftPeriod(key, offset, fy)).toBe(expected);
  });
});

describe('granularity rules', () => {
  it.each([
    ['month', 'month', true],
    ['quarter', 'month', true],
    ['year', 'month', true],
    ['month', 'quarter', false],
    ['quarter', 'quarter', true],
    ['year', 'quarter', true],
    ['month', 'year', false],
    ['quarter', 'year', false],
    ['year', 'year', true],
  ] as const)('%s is coarser than or equal to %s: %s', (g, native, expected) => {
    expect(coarserOrEqual(g, native)).toBe(expected);
  });

  it('rolls up to the native periodicity and coarser', () => {
    expect(rollupGranularities('month')).toEqual(['month', 'quarter', 'year']);
    expect(rollupGranularities('quarter')).toEqual(['quarter', 'year']);
    expect(rollupGranularities('year')).toEqual(['year']);
  });
});

describe('isValidFor', () => {
  it.each([
    ['2026-03', 'month', 1, true],
    ['2026-03', 'quarter', 1, false],
    ['2026-Q1', 'quarter', 1, true],
    ['2026-Q1', 'quarter', 4, false],
    ['FY2025-Q1', 'quarter', 4, true],
    ['FY2025', 'year', 4, true],
    ['2026', 'year', 4, false],
    ['2026-q1', 'quarter', 1, false], // stored keys must be canonical
    ['garbage', 'month', 1, false],
  ] as const)('%s for a %s indicator (fiscal start %i) → %s', (key, periodicity, fy, expected) => {
    expect(isValidFor(key, periodicity, fy)).toBe(expected);
  });
});
