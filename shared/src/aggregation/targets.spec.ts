import fc from 'fast-check';
import { periodsBetween } from '../periods/arithmetic';
import { Rational } from './rational';
import {
  interpolatedTarget,
  longTermTarget,
  targetAtMonth,
  targetLine,
  type TargetDefinition,
} from './targets';

// Baseline 100 in 2024; milestone 160 by the end of 2025; long-term 400 by the end of 2028.
const def: TargetDefinition = {
  direction: 'increase',
  baseline: { value: '100', period: '2024' },
  targets: [
    { period: '2028', value: '400', kind: 'long_term' },
    { period: '2025', value: '160', kind: 'milestone' },
  ],
};

describe('interpolated targets on the month line', () => {
  it('places every period at its last month', () => {
    expect(targetLine(def, 1).map((p) => [p.kind, p.period, p.monthIndex])).toEqual([
      ['baseline', '2024', 2024 * 12 + 11],
      ['milestone', '2025', 2025 * 12 + 11],
      ['long_term', '2028', 2028 * 12 + 11],
    ]);
  });

  it.each([
    ['2023', '100'], // before the baseline: the baseline
    ['2024-06', '100'],
    ['2024', '100'], // at the baseline
    ['2025-01', '105'], // 1/12 of the way from 100 to 160
    ['2025-Q2', '130'], // a quarter is placed at its third month (June)
    ['2025-06', '130'],
    ['2025', '160'], // at the milestone
    ['2026', '240'], // a third of the way from 160 to 400
    ['2028', '400'],
    ['2030', '400'], // after the last target: the last target
  ])('%s → %s', (period, target) => {
    expect(interpolatedTarget(def, period, 1)).toBe(target);
  });

  it('respects fiscal years: FY2025 ends in March 2026', () => {
    const fiscal: TargetDefinition = {
      direction: 'increase',
      baseline: { value: 0, period: 'FY2024' },
      targets: [{ period: 'FY2025', value: 120, kind: 'long_term' }],
    };
    expect(interpolatedTarget(fiscal, '2025-03', 4)).toBe('0');
    expect(interpolatedTarget(fiscal, 'FY2025-Q1', 4)).toBe('30'); // June 2025: 3 of 12 months
    expect(interpolatedTarget(fiscal, '2025-12', 4)).toBe('90');
    expect(interpolatedTarget(fiscal, 'FY2025', 4)).toBe('120');
  });

  it('interpolates exactly, rounding only a non-terminating result', () => {
    const thirds: TargetDefinition = {
      direction: 'decrease',
      baseline: { value: 10, period: '2025-12' },
      targets: [{ period: '2026-03', value: 9, kind: 'long_term' }],
    };
    expect(interpolatedTarget(thirds, '2026-01', 1)).toBe('9.6666666666666666667');
    expect(targetAtMonth(thirds, 2026 * 12 + 1, 1).eq(Rational.of(28, 3))).toBe(true);
  });
});

describe('peer mistake: period targets summed where the period or overall target was meant', () => {
  it("a period's target is read off the line, not the sum of the targets before it", () => {
    // Yearly flow targets: 1000 served in 2025, 1200 in 2026. The 2026 target is 1200, not 2200.
    const flows: TargetDefinition = {
      direction: 'increase',
      baseline: { value: 800, period: '2024' },
      targets: [
        { period: '2025', value: 1000, kind: 'milestone' },
        { period: '2026', value: 1200, kind: 'long_term' },
      ],
    };
    expect(interpolatedTarget(flows, '2026', 1)).toBe('1200');
    expect(interpolatedTarget(flows, '2025', 1)).toBe('1000');
  });

  it('the overall target is the long-term target alone', () => {
    expect(longTermTarget(def).value.toDecimal()).toBe('400');
    expect(() =>
      longTermTarget({ ...def, targets: def.targets.filter((t) => t.kind === 'milestone') }),
    ).toThrow();
  });
});

describe('interpolation properties', () => {
  const points = fc
    .tuple(
      fc.integer({ min: -1000, max: 1000 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: -1000, max: 1000 })), {
        minLength: 1,
        maxLength: 5,
      }),
    )
    .map(([base, steps]) => {
      const months = periodsBetween('2020-01', '2035-12', 'month', 1);
      let at = 0;
      const targets = steps.map(([gap, value], i) => {
        at += gap;
        return {
          period: months[at],
          value: String(value),
          kind: i === steps.length - 1 ? ('long_term' as const) : ('milestone' as const),
        };
      });
      return {
        direction: 'increase' as const,
        baseline: { value: String(base), period: months[0] },
        targets,
      };
    });

  it('the target at any month lies between the two points around it and equals each point at its month', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 2019 * 12, max: 2036 * 12 }), (d, month) => {
        const line = targetLine(d, 1);
        for (const p of line) expect(targetAtMonth(d, p.monthIndex, 1).eq(p.value)).toBe(true);
        const value = targetAtMonth(d, month, 1);
        const before = [...line].reverse().find((p) => p.monthIndex <= month) ?? line[0];
        const after = line.find((p) => p.monthIndex >= month) ?? line[line.length - 1];
        expect(
          value.cmp(before.value.min(after.value)) >= 0 && value.cmp(before.value.max(after.value)) <= 0,
        ).toBe(true);
      }),
    );
  });
});
