import fc from 'fast-check';
import {
  comparePeriods,
  monthIndex,
  monthsIn,
  parentPeriods,
  periodAtIndex,
  periodOfMonth,
  periodsBetween,
} from './arithmetic';
import { GRANULARITIES } from './granularity';
import { formatPeriodKey, parsePeriodKey, requirePeriod } from './keys';
import { monthKeyOfIndex, toMonthIndex } from './months';

const fy = fc.integer({ min: 1, max: 12 });
const monthIdx = fc.integer({ min: toMonthIndex(1900, 1), max: toMonthIndex(2199, 12) });
const granularity = fc.constantFrom(...GRANULARITIES);

describe('period properties', () => {
  it('every month lies in exactly one period of each granularity, which contains it', () => {
    fc.assert(
      fc.property(monthIdx, granularity, fy, (i, g, start) => {
        const period = periodAtIndex(i, g, start);
        expect(period.startIndex).toBeLessThanOrEqual(i);
        expect(period.endIndex).toBeGreaterThanOrEqual(i);
        expect(monthsIn(period.key, start)).toContain(monthKeyOfIndex(i));
        expect(periodOfMonth(monthKeyOfIndex(i), g, start)).toBe(period.key);
      }),
    );
  });

  it('keys round-trip through parse and format', () => {
    fc.assert(
      fc.property(monthIdx, granularity, fy, (i, g, start) => {
        const period = periodAtIndex(i, g, start);
        const parsed = requirePeriod(period.key, start);
        expect(parsed).toEqual(period);
        const parts =
          g === 'month'
            ? ({ granularity: g, year: parsed.year, month: parsed.month! } as const)
            : g === 'quarter'
              ? ({ granularity: g, year: parsed.year, quarter: parsed.quarter! } as const)
              : ({ granularity: g, year: parsed.year } as const);
        expect(formatPeriodKey(parts, start)).toBe(period.key);
      }),
    );
  });

  it('quarters nest in years, months in quarters (calendar or fiscal)', () => {
    fc.assert(
      fc.property(monthIdx, fy, (i, start) => {
        const [quarter, year] = parentPeriods(monthKeyOfIndex(i), start);
        const q = requirePeriod(quarter, start);
        const y = requirePeriod(year, start);
        expect(q.startIndex).toBeGreaterThanOrEqual(y.startIndex);
        expect(q.endIndex).toBeLessThanOrEqual(y.endIndex);
        expect(monthsIn(year, start)).toEqual(expect.arrayContaining(monthsIn(quarter, start)));
        expect(y.endIndex - y.startIndex).toBe(11);
        expect(q.endIndex - q.startIndex).toBe(2);
      }),
    );
  });

  it('the fiscal year key names the year it starts in', () => {
    fc.assert(
      fc.property(monthIdx, fy, (i, start) => {
        const year = periodAtIndex(i, 'year', start);
        expect(year.startMonth).toBe(`${year.year}-${String(start).padStart(2, '0')}`);
        expect(year.key.startsWith(start === 1 ? String(year.year) : `FY${year.year}`)).toBe(true);
      }),
    );
  });

  it('periodsBetween tiles the range without gaps or overlaps, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toMonthIndex(1900, 1), max: toMonthIndex(2194, 12) }),
        fc.integer({ min: 0, max: 60 }),
        granularity,
        fy,
        (i, length, g, start) => {
          const from = monthKeyOfIndex(i);
          const to = monthKeyOfIndex(i + length);
          const keys = periodsBetween(from, to, g, start);
          const periods = keys.map((k) => requirePeriod(k, start));
          expect(periods[0].startIndex).toBeLessThanOrEqual(i);
          expect(periods[periods.length - 1].endIndex).toBeGreaterThanOrEqual(i + length);
          for (let k = 1; k < periods.length; k++) {
            expect(periods[k].startIndex).toBe(periods[k - 1].endIndex + 1);
            expect(comparePeriods(keys[k - 1], keys[k], start)).toBe(-1);
          }
        },
      ),
    );
  });

  it('comparePeriods is a total order consistent with monthIndex', () => {
    fc.assert(
      fc.property(monthIdx, monthIdx, granularity, granularity, fy, (i, j, ga, gb, start) => {
        const a = periodAtIndex(i, ga, start).key;
        const b = periodAtIndex(j, gb, start).key;
        expect(comparePeriods(a, b, start) + comparePeriods(b, a, start)).toBe(0);
        if (monthIndex(a, start) < monthIndex(b, start)) expect(comparePeriods(a, b, start)).toBe(-1);
        if (comparePeriods(a, b, start) === 0) expect(a).toBe(b);
      }),
    );
  });

  it('a key of the other calendar kind is always rejected', () => {
    fc.assert(
      fc.property(
        monthIdx,
        fc.constantFrom('quarter', 'year') as fc.Arbitrary<'quarter' | 'year'>,
        fc.integer({ min: 2, max: 12 }),
        (i, g, start) => {
          const fiscalKey = periodAtIndex(i, g, start).key;
          const calendarKey = periodAtIndex(i, g, 1).key;
          expect(parsePeriodKey(fiscalKey, 1).ok).toBe(false);
          expect(parsePeriodKey(calendarKey, start).ok).toBe(false);
        },
      ),
    );
  });
});
