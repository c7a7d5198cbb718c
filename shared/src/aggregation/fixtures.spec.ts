// Builders shared by the aggregation specs. Named *.spec.ts so the build leaves it out of dist.
import type { AggregationIndicator, IndicatorValue, Rollup } from './types';

export const flow: AggregationIndicator = {
  id: 'served',
  valueType: 'count',
  periodicity: 'month',
  aggregationAcrossPartners: 'sum',
  aggregationOverTime: 'sum',
};
export const stock: AggregationIndicator = { ...flow, id: 'housed', aggregationOverTime: 'last' };
export const percent: AggregationIndicator = {
  id: 'ready',
  valueType: 'percentage',
  periodicity: 'month',
  aggregationAcrossPartners: 'ratio',
  aggregationOverTime: 'sum',
};

export function val(
  partnerId: string,
  period: string,
  value: string | number,
  more: Partial<IndicatorValue> = {},
): IndicatorValue {
  return { partnerId, indicatorId: flow.id, period, cell: 'total', value, status: 'submitted', ...more };
}

export function ratio(
  partnerId: string,
  period: string,
  numerator: string | number,
  denominator: string | number,
  more: Partial<IndicatorValue> = {},
): IndicatorValue {
  return {
    partnerId,
    indicatorId: percent.id,
    period,
    cell: 'total',
    numerator,
    denominator,
    status: 'submitted',
    ...more,
  };
}

/** The one rollup matching the filter (all partners and the total cell unless said otherwise), or undefined. */
export function find(
  rollups: readonly Rollup[],
  filter: Partial<Rollup> & Pick<Rollup, 'period'>,
): Rollup | undefined {
  const want = { cell: 'total', scope: 'all', ...filter };
  const hits = rollups.filter((r) => Object.entries(want).every(([k, v]) => r[k as keyof Rollup] === v));
  if (hits.length > 1) throw new Error(`ambiguous filter ${JSON.stringify(filter)}`);
  return hits[0];
}

/** The aggregate of the matching rollup, or undefined. */
export function agg(
  rollups: readonly Rollup[],
  filter: Partial<Rollup> & Pick<Rollup, 'period'>,
): string | undefined {
  return find(rollups, filter)?.aggregate;
}

describe('spec fixtures', () => {
  it('find refuses an ambiguous filter instead of picking one', () => {
    const r: Rollup = {
      indicatorId: 'x',
      granularity: 'month',
      period: '2026-01',
      cell: 'total',
      scope: 'all',
      aggregate: '1',
      numerator: null,
      denominator: null,
      partnerCount: 1,
      valueCount: 1,
    };
    expect(() => find([r, { ...r, aggregate: '2' }], { period: '2026-01' })).toThrow('ambiguous');
    expect(agg([r], { period: '2026-01' })).toBe('1');
    expect(agg([r], { period: '2026-02' })).toBeUndefined();
  });
});
