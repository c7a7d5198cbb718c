import fc from 'fast-check';
import { periodsBetween } from '../periods/arithmetic';
import type { TargetDefinition } from './targets';
import { trajectory } from './trajectory';

const def = (direction: 'increase' | 'decrease', target: number): TargetDefinition => ({
  direction,
  baseline: { value: 0, period: '2024-12' },
  targets: [{ period: '2030-12', value: target, kind: 'long_term' }],
});
const series = (from: string, values: number[], granularity: 'month' | 'quarter' = 'month', fy = 1) =>
  periodsBetween(from, '2199-12', granularity, fy)
    .slice(0, values.length)
    .map((period, i) => ({ period, value: values[i] }));

describe('trajectory', () => {
  it('follows a steady pace to the period that reaches the target', () => {
    // +10 a month from 10 in Jan 2026: 100 is reached in Oct 2026.
    expect(trajectory(def('increase', 100), series('2026-01', [10, 20, 30, 40]), 1)).toEqual({
      period: '2026-10',
      reached: false,
      perMonth: 10,
    });
  });

  it('answers in the granularity of the actuals (fiscal quarters too)', () => {
    // Quarterly, +30 a quarter (10 a month) from 30 in FY2025-Q1 (June 2025): 200 in month 17 after → Nov 2026.
    const result = trajectory(def('increase', 200), series('FY2025-Q1', [30, 60, 90], 'quarter', 4), 4);
    expect(result).toEqual({ period: 'FY2026-Q3', reached: false, perMonth: 10 });
  });

  it('works for decrease indicators', () => {
    expect(trajectory(def('decrease', 50), series('2026-01', [100, 90, 80]), 1)?.period).toBe('2026-06');
  });

  it('is null when the pace is flat or heads away from the target, or with fewer than two actuals', () => {
    expect(trajectory(def('increase', 100), series('2026-01', [10, 10, 10]), 1)).toBeNull();
    expect(trajectory(def('increase', 100), series('2026-01', [30, 20, 10]), 1)).toBeNull();
    expect(trajectory(def('decrease', 0), series('2026-01', [10, 20]), 1)).toBeNull();
    expect(trajectory(def('increase', 100), series('2026-01', [10]), 1)).toBeNull();
    expect(trajectory(def('increase', 100), [], 1)).toBeNull();
  });

  it('is null when the target is only reached after the calendar ends', () => {
    expect(trajectory(def('increase', 1e12), series('2026-01', [1, 2]), 1)).toBeNull();
  });

  it('says so when the latest actual has reached the target already', () => {
    expect(trajectory(def('increase', 100), series('2026-01', [90, 101]), 1)).toMatchObject({
      period: '2026-02',
      reached: true,
    });
  });

  it('uses only the recent actuals', () => {
    // An early burst, then +1 a month: with the last 3 points (Apr-Jun 2026) the pace is +1, so 70 in Jan 2027.
    const values = [0, 50, 60, 61, 62, 63];
    expect(trajectory(def('increase', 70), series('2026-01', values), 1, { points: 3 })).toMatchObject({
      period: '2027-01',
      perMonth: 1,
    });
    expect(trajectory(def('increase', 70), series('2026-01', values), 1)?.period).not.toBe('2027-01');
  });

  it('never lands before the month after the latest actual', () => {
    // The fitted line is already past 100 at the last month, but the last actual is not.
    expect(trajectory(def('increase', 100), series('2026-01', [0, 200, 99]), 1)?.period).toBe('2026-04');
  });

  it('refuses actuals of mixed granularity', () => {
    expect(() =>
      trajectory(
        def('increase', 100),
        [
          { period: '2026-01', value: 1 },
          { period: '2026-Q1', value: 2 },
        ],
        1,
      ),
    ).toThrow('one granularity');
  });

  it('on exactly linear data, lands on the first month whose line value reaches the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 500 }),
        (start, step, n, gap) => {
          const values = Array.from({ length: n }, (_, i) => start + step * i);
          const target = values[n - 1] + gap;
          const result = trajectory(def('increase', target), series('2026-01', values), 1);
          const months = periodsBetween('2026-01', '2199-12', 'month', 1);
          const expected = months[Math.ceil((target - start) / step)];
          expect(result).toEqual({ period: expected, reached: false, perMonth: step });
        },
      ),
    );
  });
});
