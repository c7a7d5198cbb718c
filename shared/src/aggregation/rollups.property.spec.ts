import fc from 'fast-check';
import { periodsBetween } from '../periods/arithmetic';
import { requirePeriod } from '../periods/keys';
import { applyValueChanges, valueKey, type ValueChange } from './counting';
import { Rational } from './rational';
import { compareRollups, computeRollups, rollupPeriodsOf } from './rollups';
import type { AggregationIndicator, IndicatorValue, Rollup } from './types';

const indicators: AggregationIndicator[] = [
  {
    id: 'sum-sum',
    valueType: 'count',
    periodicity: 'month',
    aggregationAcrossPartners: 'sum',
    aggregationOverTime: 'sum',
  },
  {
    id: 'sum-last',
    valueType: 'count',
    periodicity: 'month',
    aggregationAcrossPartners: 'sum',
    aggregationOverTime: 'last',
  },
  {
    id: 'avg-avg',
    valueType: 'amount',
    periodicity: 'month',
    aggregationAcrossPartners: 'average',
    aggregationOverTime: 'average',
  },
  {
    id: 'min-sum',
    valueType: 'amount',
    periodicity: 'month',
    aggregationAcrossPartners: 'min',
    aggregationOverTime: 'sum',
  },
  {
    id: 'max-last',
    valueType: 'amount',
    periodicity: 'month',
    aggregationAcrossPartners: 'max',
    aggregationOverTime: 'last',
  },
  {
    id: 'pct-sum',
    valueType: 'percentage',
    periodicity: 'month',
    aggregationAcrossPartners: 'ratio',
    aggregationOverTime: 'sum',
  },
  {
    id: 'ratio-avg',
    valueType: 'ratio',
    periodicity: 'month',
    aggregationAcrossPartners: 'ratio',
    aggregationOverTime: 'average',
  },
  {
    id: 'q-sum',
    valueType: 'count',
    periodicity: 'quarter',
    aggregationAcrossPartners: 'sum',
    aggregationOverTime: 'sum',
  },
];
const byId = new Map(indicators.map((i) => [i.id, i]));
const MONTHS = periodsBetween('2025-01', '2026-12', 'month', 1);

const amount = fc.integer({ min: -100_000, max: 100_000 }).map((c) => Rational.of(c, 100).toDecimal());
const count = fc.integer({ min: 0, max: 1000 }).map(String);

/** One value for one indicator, with the period spelled for the collaboration's fiscal year. */
const valueArb = (fy: number): fc.Arbitrary<IndicatorValue> =>
  fc
    .record({
      indicatorId: fc.constantFrom(...indicators.map((i) => i.id)),
      partnerId: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
      month: fc.constantFrom(...MONTHS),
      cell: fc.constantFrom('total', 'f', 'm'),
      activityId: fc.constantFrom(null, 'x', 'y'),
      status: fc.constantFrom(
        'draft',
        'submitted',
        'approved',
        'returned',
        'submitted',
        'approved',
      ) as fc.Arbitrary<IndicatorValue['status']>,
      a: fc.integer({ min: 0, max: 1000 }),
      b: fc.integer({ min: 1, max: 1000 }),
      n: count,
      x: amount,
    })
    .map(({ indicatorId, month, a, b, n, x, ...rest }): IndicatorValue => {
      const ind = byId.get(indicatorId)!;
      const period =
        ind.periodicity === 'month'
          ? month
          : rollupPeriodsOf(ind, month, fy).find((p) => p.granularity === ind.periodicity)!.period;
      const base = { indicatorId, period, ...rest };
      if (ind.valueType === 'count') return { ...base, value: n };
      if (ind.valueType === 'amount') return { ...base, value: x };
      if (ind.valueType === 'percentage') return { ...base, numerator: Math.min(a, b), denominator: b };
      return { ...base, numerator: a - 200, denominator: b };
    });

const unique = (values: IndicatorValue[]) => {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(valueKey(v)) && seen.add(valueKey(v)));
};

const fyArb = fc.integer({ min: 1, max: 12 });
const scenario = fyArb.chain((fy) =>
  fc.record({
    fy: fc.constant(fy),
    requiresApproval: fc.boolean(),
    values: fc.array(valueArb(fy), { maxLength: 60 }).map(unique),
  }),
);

const rollupsOf = (s: { fy: number; requiresApproval: boolean; values: IndicatorValue[] }) =>
  computeRollups({
    indicators,
    values: s.values,
    requiresApproval: s.requiresApproval,
    fiscalYearStartMonth: s.fy,
  });

const key = (r: Pick<Rollup, 'indicatorId' | 'granularity' | 'period' | 'cell' | 'scope'>) =>
  `${r.indicatorId}|${r.granularity}|${r.period}|${r.cell}|${r.scope}`;
const q = (s: string | null) => Rational.parse(s!);
/** Whether a decimal was cut to the 20 significant digits a non-terminating quotient is shown with. */
const rounded = (s: string) => s.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length >= 20;

describe('rollup properties', () => {
  it('do not depend on the order of the values', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(fc.constant(s), fc.shuffledSubarray(s.values, { minLength: s.values.length })),
        ),
        ([s, shuffled]) => {
          expect(rollupsOf({ ...s, values: shuffled })).toEqual(rollupsOf(s));
        },
      ),
    );
  });

  it('sum-over-time indicators are consistent month → quarter → year, for every scope and cell', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const rollups = rollupsOf(s);
        const index = new Map(rollups.map((r) => [key(r), r]));
        for (const r of rollups) {
          const ind = byId.get(r.indicatorId)!;
          if (
            ind.aggregationOverTime !== 'sum' ||
            ind.aggregationAcrossPartners === 'min' ||
            r.granularity === ind.periodicity
          )
            continue;
          // The finer rollups inside r, one step down.
          const finer = r.granularity === 'year' ? 'quarter' : 'month';
          if (finer === 'month' && ind.periodicity !== 'month') continue;
          const parts = periodsBetween(r.period, r.period, finer, s.fy)
            .map((p) => index.get(key({ ...r, granularity: finer, period: p })))
            .filter((x): x is Rollup => x !== undefined);
          if (ind.aggregationAcrossPartners === 'ratio') {
            expect(q(r.numerator).eq(Rational.sum(parts.map((p) => q(p.numerator))))).toBe(true);
            expect(q(r.denominator).eq(Rational.sum(parts.map((p) => q(p.denominator))))).toBe(true);
          } else {
            expect(q(r.aggregate).eq(Rational.sum(parts.map((p) => q(p.aggregate))))).toBe(true);
          }
          expect(r.valueCount).toBe(parts.reduce((n, p) => n + p.valueCount, 0));
        }
      }),
    );
  });

  it('the all-partner rollup is the across-partner aggregate of the partner rollups', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const rollups = rollupsOf(s);
        const partnersOf = new Map<string, Rollup[]>();
        for (const r of rollups) {
          if (r.scope === 'all') continue;
          const k = key({ ...r, scope: 'all' });
          partnersOf.set(k, [...(partnersOf.get(k) ?? []), r]);
        }
        for (const all of rollups.filter((r) => r.scope === 'all')) {
          const parts = partnersOf.get(key(all))!;
          const values = parts.map((p) => q(p.aggregate));
          expect(all.partnerCount).toBe(parts.length);
          expect(parts.every((p) => p.partnerCount === 1)).toBe(true);
          const kind = byId.get(all.indicatorId)!.aggregationAcrossPartners;
          if (kind === 'ratio') {
            const num = Rational.sum(parts.map((p) => q(p.numerator)));
            const den = Rational.sum(parts.map((p) => q(p.denominator)));
            expect(q(all.numerator).eq(num) && q(all.denominator).eq(den)).toBe(true);
          } else if (kind === 'sum') {
            expect(q(all.aggregate).eq(Rational.sum(values))).toBe(true);
          } else if (kind === 'min') {
            expect(q(all.aggregate).eq(values.reduce((a, b) => a.min(b)))).toBe(true);
          } else if (kind === 'max') {
            expect(q(all.aggregate).eq(values.reduce((a, b) => a.max(b)))).toBe(true);
          } else {
            const mean = Rational.sum(values).div(Rational.of(values.length));
            // Both sides went through one 20-significant-digit rounding at most.
            expect(Math.abs(q(all.aggregate).sub(mean).toNumber())).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(mean.toNumber())),
            );
          }
        }
      }),
    );
  });

  it('a last-over-time partner rollup equals its latest month with a value', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const rollups = rollupsOf(s);
        const months = rollups.filter(
          (r) => r.indicatorId === 'sum-last' && r.granularity === 'month' && r.scope !== 'all',
        );
        for (const r of rollups.filter(
          (x) => x.indicatorId === 'sum-last' && x.granularity !== 'month' && x.scope !== 'all',
        )) {
          const inside = new Set(periodsBetween(r.period, r.period, 'month', s.fy));
          const latest = months
            .filter((m) => m.scope === r.scope && m.cell === r.cell && inside.has(m.period))
            .sort((a, b) => compareRollups(a, b, s.fy))
            .pop()!;
          expect(r.aggregate).toBe(latest.aggregate);
        }
      }),
    );
  });

  it('a partner with no counting value never changes any rollup (not a zero)', () => {
    fc.assert(
      fc.property(scenario, fc.array(valueArb(1), { maxLength: 20 }), (s, ghostValues) => {
        // A partner whose values are all drafts or returned, in the same months and cells.
        const ghostOk = unique(
          ghostValues
            .filter((v) => byId.get(v.indicatorId)!.periodicity === 'month')
            .map((v) => ({
              ...v,
              partnerId: 'ghost',
              status: v.status === 'returned' ? v.status : ('draft' as const),
            })),
        );
        expect(rollupsOf({ ...s, values: [...s.values, ...ghostOk] })).toEqual(rollupsOf(s));
      }),
    );
  });

  it('a partner with values only in other periods changes no rollup of these periods', () => {
    fc.assert(
      fc.property(scenario, fc.array(valueArb(1), { maxLength: 20 }), (s, other) => {
        // Move the newcomer's values to 2031, outside the scenario's months.
        const newcomer = unique(
          other
            .filter((v) => byId.get(v.indicatorId)!.periodicity === 'month')
            .map((v) => ({ ...v, partnerId: 'newcomer', period: v.period.replace(/^202[56]/, '2031') })),
        );
        const before = rollupsOf(s);
        const after = rollupsOf({ ...s, values: [...s.values, ...newcomer] }).filter(
          (r) => !r.period.includes('203'),
        );
        expect(after).toEqual(before.filter((r) => !r.period.includes('203')));
      }),
    );
  });

  it('ratio aggregates are exactly numerator/denominator (×100 for percentages)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const r of rollupsOf(s).filter((x) => x.numerator !== null)) {
          const exact = q(r.numerator)
            .div(q(r.denominator))
            .mul(Rational.of(r.indicatorId === 'pct-sum' ? 100 : 1));
          if (!rounded(r.numerator!) && !rounded(r.denominator!)) {
            expect(r.aggregate).toBe(exact.toDecimal());
          } else {
            // An average over time that does not terminate is shown rounded to 20 significant digits;
            // the aggregate comes from the exact numerator and denominator, so their shown quotient
            // may differ from it in the last digit, no more.
            const diff = q(r.aggregate).sub(exact);
            const size = exact.sign() < 0 ? exact.neg() : exact;
            expect((diff.sign() < 0 ? diff.neg() : diff).cmp(size.mul(Rational.of(1n, 10n ** 18n)))).toBeLessThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('incremental recomputation of the touched periods equals a full rebuild, after any changes', () => {
    const changes = (fy: number) =>
      fc.array(
        fc.oneof(
          valueArb(fy).map((value): ValueChange => ({ kind: 'upsert', value })),
          fc.nat().map((n) => ({ kind: 'delete-nth' as const, n })),
        ),
        { maxLength: 30 },
      );
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.tuple(fc.constant(s), changes(s.fy))),
        ([s, steps]) => {
          const input = (values: IndicatorValue[]) => ({
            indicators,
            values,
            requiresApproval: s.requiresApproval,
            fiscalYearStartMonth: s.fy,
          });
          let current = s.values;
          const store = new Map(computeRollups(input(current)).map((r) => [key(r), r]));
          for (const step of steps) {
            let change: ValueChange;
            if (step.kind === 'delete-nth') {
              if (current.length === 0) continue;
              change = { kind: 'delete', value: current[step.n % current.length] };
            } else change = step;
            current = applyValueChanges(current, [change]);
            // What the worker does: recompute whole cells for the periods this value feeds.
            const ind = byId.get(change.value.indicatorId)!;
            for (const { granularity, period } of rollupPeriodsOf(ind, change.value.period, s.fy)) {
              for (const [k, r] of store) {
                if (r.indicatorId === ind.id && r.granularity === granularity && r.period === period)
                  store.delete(k);
              }
              const p = requirePeriod(period, s.fy);
              const inside = current.filter((v) => {
                const vp = requirePeriod(v.period, s.fy);
                return v.indicatorId === ind.id && vp.startIndex >= p.startIndex && vp.endIndex <= p.endIndex;
              });
              for (const r of computeRollups(input(inside))) {
                if (r.granularity === granularity && r.period === period) store.set(key(r), r);
              }
            }
          }
          const incremental = [...store.values()].sort((a, b) => compareRollups(a, b, s.fy));
          expect(incremental).toEqual(computeRollups(input(current)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('re-sending the same revision changes nothing', () => {
    fc.assert(
      fc.property(scenario, valueArb(1), (s, v) => {
        const once = applyValueChanges(s.values, [{ kind: 'upsert', value: v }]);
        const twice = applyValueChanges(once, [{ kind: 'upsert', value: v }]);
        expect(twice).toEqual(once);
      }),
    );
  });
});
