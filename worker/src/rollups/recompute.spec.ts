import { periodMap, recomputeSql, targetsOf } from './recompute';

describe('targetsOf', () => {
  it('lists a month, its fiscal quarter and fiscal year once each', () => {
    expect(targetsOf({ periodicity: 'month' }, ['2026-03', '2026-04', '2026-04'], 4)).toEqual([
      { granularity: 'month', period: '2026-03' },
      { granularity: 'quarter', period: 'FY2025-Q4' },
      { granularity: 'year', period: 'FY2025' },
      { granularity: 'month', period: '2026-04' },
      { granularity: 'quarter', period: 'FY2026-Q1' },
      { granularity: 'year', period: 'FY2026' },
    ]);
  });

  it('never goes finer than the periodicity', () => {
    expect(targetsOf({ periodicity: 'quarter' }, ['2026-Q2'], 1)).toEqual([
      { granularity: 'quarter', period: '2026-Q2' },
      { granularity: 'year', period: '2026' },
    ]);
  });
});

describe('periodMap', () => {
  it('maps each target to its native periods with their order on the month line', () => {
    const map = periodMap({ periodicity: 'month' }, [{ granularity: 'quarter', period: 'FY2025-Q4' }], 4);
    expect(map.natives).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(map.periods).toEqual(['FY2025-Q4', 'FY2025-Q4', 'FY2025-Q4']);
    expect(map.orders).toEqual([2026 * 12, 2026 * 12 + 1, 2026 * 12 + 2]);
  });

  it('maps a year of a quarterly indicator to its four quarters', () => {
    const map = periodMap({ periodicity: 'quarter' }, [{ granularity: 'year', period: '2026' }], 1);
    expect(map.natives).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });
});

describe('recomputeSql', () => {
  it('takes the latest native period for last, and sums over time for sum', () => {
    expect(recomputeSql({ valueType: 'count', across: 'sum', overTime: 'last' })).toContain('ord DESC');
    expect(recomputeSql({ valueType: 'count', across: 'sum', overTime: 'sum' })).not.toContain('DISTINCT ON');
  });

  it('keeps numerator and denominator for ratios and divides only at the end', () => {
    const sql = recomputeSql({ valueType: 'percentage', across: 'ratio', overTime: 'sum' });
    expect(sql).toContain('(100 * num) / den');
    expect(sql).toContain('iv.numerator');
  });

  it('refuses an aggregation it does not know (nothing is interpolated into SQL unchecked)', () => {
    expect(() => recomputeSql({ valueType: 'count', across: 'median' as never, overTime: 'sum' })).toThrow(/median/);
  });
});
