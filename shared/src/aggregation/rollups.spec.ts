import { applyValueChanges, countsInRollups } from './counting';
import { agg, find, flow, percent, ratio, stock, val } from './fixtures.spec';
import { computeRollups, InvalidRollupInputError, rollupPeriodsOf } from './rollups';
import type { AggregationIndicator, IndicatorValue } from './types';

const run = (
  values: IndicatorValue[],
  indicators: AggregationIndicator[] = [flow, stock, percent],
  more = {},
) => computeRollups({ indicators, values, requiresApproval: false, fiscalYearStartMonth: 1, ...more });

describe('which values count', () => {
  it.each([
    ['draft', false, false],
    ['submitted', false, true],
    ['approved', false, true],
    ['returned', false, false],
    ['draft', true, false],
    ['submitted', true, false],
    ['approved', true, true],
    ['returned', true, false],
  ] as const)('%s with requiresApproval=%s counts: %s', (status, requiresApproval, counts) => {
    expect(countsInRollups(status, requiresApproval)).toBe(counts);
  });

  it('submitted and approved count; drafts and returned values do not', () => {
    const values = [
      val('a', '2026-01', 1),
      val('b', '2026-01', 2, { status: 'approved' }),
      val('c', '2026-01', 40, { status: 'draft' }),
      val('d', '2026-01', 80, { status: 'returned' }),
    ];
    expect(find(run(values), { period: '2026-01' })).toMatchObject({
      aggregate: '3',
      partnerCount: 2,
      valueCount: 2,
    });
  });

  it('only approved values count when the collaboration requires approval', () => {
    const values = [val('a', '2026-01', 1), val('b', '2026-01', 2, { status: 'approved' })];
    expect(agg(run(values, [flow], { requiresApproval: true }), { period: '2026-01' })).toBe('2');
  });

  it('produces no rollup where no value counts (no_data, not zero)', () => {
    expect(run([val('a', '2026-01', 5, { status: 'draft' })])).toEqual([]);
  });
});

describe('peer mistake: a revised value counted twice, or a deleted one still counted', () => {
  it('a revision replaces the value in every rollup that contained it', () => {
    const first = val('a', '2026-02', 10);
    const values = applyValueChanges(
      [first, val('b', '2026-02', 1)],
      [{ kind: 'upsert', value: { ...first, value: 12 } }],
    );
    const rollups = run(values);
    expect(agg(rollups, { period: '2026-02' })).toBe('13');
    expect(agg(rollups, { granularity: 'quarter', period: '2026-Q1' })).toBe('13');
    expect(agg(rollups, { granularity: 'year', period: '2026' })).toBe('13');
  });

  it('a deleted value leaves every rollup; a returned one too', () => {
    const a = val('a', '2026-02', 10);
    const b = val('b', '2026-05', 1);
    const deleted = run(applyValueChanges([a, b], [{ kind: 'delete', value: a }]));
    expect(find(deleted, { period: '2026-02' })).toBeUndefined();
    expect(find(deleted, { granularity: 'quarter', period: '2026-Q1' })).toBeUndefined();
    expect(agg(deleted, { granularity: 'year', period: '2026' })).toBe('1');
    const returned = run(
      applyValueChanges([a, b], [{ kind: 'upsert', value: { ...a, status: 'returned' } }]),
    );
    expect(returned).toEqual(deleted);
  });

  it('refuses two stored values with the same identity instead of adding them', () => {
    expect(() => run([val('a', '2026-01', 1), val('a', '2026-01', 2, { status: 'draft' })])).toThrow(
      InvalidRollupInputError,
    );
  });
});

describe('one partner, one period, one cell', () => {
  it('values attributed to different activities of a partner add up (sum indicators)', () => {
    const values = [
      val('a', '2026-01', 10, { activityId: 'tutoring' }),
      val('a', '2026-01', 5, { activityId: 'mentoring' }),
      val('a', '2026-01', 1),
    ];
    expect(find(run(values), { period: '2026-01' })).toMatchObject({
      aggregate: '16',
      partnerCount: 1,
      valueCount: 3,
    });
    expect(find(run(values), { period: '2026-01', scope: 'a' })).toMatchObject({
      aggregate: '16',
      partnerCount: 1,
    });
  });

  it.each([
    ['average', '7.5'],
    ['min', '5'],
    ['max', '10'],
  ] as const)(
    'for %s indicators a partner’s activity values combine like partners (→ %s), they are not added',
    (kind, expected) => {
      const indicator = { ...flow, aggregationAcrossPartners: kind };
      const values = [
        val('a', '2026-01', 10, { activityId: 'x' }),
        val('a', '2026-01', 5, { activityId: 'y' }),
      ];
      expect(find(run(values, [indicator]), { period: '2026-01' })).toMatchObject({
        aggregate: expected,
        partnerCount: 1,
      });
    },
  );

  it('activity values of a percentage indicator combine as Σnumerator/Σdenominator', () => {
    const values = [
      ratio('a', '2026-01', 1, 4, { activityId: 'x' }),
      ratio('a', '2026-01', 5, 6, { activityId: 'y' }),
    ];
    expect(find(run(values), { indicatorId: 'ready', period: '2026-01' })).toMatchObject({
      aggregate: '60',
      numerator: '6',
      denominator: '10',
    });
  });
});

describe('peer mistake: cells double-counted into the total, or totals without a breakdown dropped', () => {
  it("a partner's total is the total it sent, not the total plus its cells", () => {
    const values = [
      val('a', '2026-01', 10),
      val('a', '2026-01', 4, { cell: 'f' }),
      val('a', '2026-01', 6, { cell: 'm' }),
    ];
    const rollups = run(values);
    expect(find(rollups, { period: '2026-01' })).toMatchObject({ aggregate: '10', valueCount: 1 });
    expect(agg(rollups, { period: '2026-01', cell: 'f' })).toBe('4');
    expect(agg(rollups, { period: '2026-01', cell: 'm' })).toBe('6');
  });

  it('a partner that sent only a breakdown gets the sum of its cells as its total', () => {
    const values = [val('a', '2026-01', 4, { cell: 'f' }), val('a', '2026-01', 6, { cell: 'm' })];
    expect(find(run(values), { period: '2026-01' })).toMatchObject({
      aggregate: '10',
      partnerCount: 1,
      valueCount: 2,
    });
  });

  it('a ratio partner that sent only a breakdown gets Σnumerator/Σdenominator of its cells', () => {
    const values = [ratio('a', '2026-01', 1, 2, { cell: 'f' }), ratio('a', '2026-01', 3, 8, { cell: 'm' })];
    expect(find(run(values), { indicatorId: 'ready', period: '2026-01' })).toMatchObject({
      aggregate: '40',
      numerator: '4',
      denominator: '10',
    });
  });

  it.each([
    ['average', '5'],
    ['min', '4'],
    ['max', '6'],
  ] as const)(
    'for %s indicators a partner’s total from its cells uses the same rule (→ %s), not a sum',
    (kind, expected) => {
      const indicator = { ...flow, aggregationAcrossPartners: kind };
      const values = [val('a', '2026-01', 4, { cell: 'f' }), val('a', '2026-01', 6, { cell: 'm' })];
      expect(agg(run(values, [indicator]), { period: '2026-01' })).toBe(expected);
    },
  );

  it('a total sent without a breakdown counts in the total and in no cell', () => {
    const values = [
      val('a', '2026-01', 10),
      val('b', '2026-01', 3, { cell: 'f' }),
      val('b', '2026-01', 4, { cell: 'm' }),
    ];
    const rollups = run(values);
    expect(find(rollups, { period: '2026-01' })).toMatchObject({ aggregate: '17', partnerCount: 2 });
    expect(find(rollups, { period: '2026-01', cell: 'f' })).toMatchObject({
      aggregate: '3',
      partnerCount: 1,
    });
    expect(find(rollups, { period: '2026-01', cell: 'f', scope: 'a' })).toBeUndefined();
  });

  it('over time, the total mixes sent totals and totals from cells; cells hold only the breakdowns', () => {
    const values = [
      val('a', '2026-01', 10),
      val('a', '2026-02', 3, { cell: 'f' }),
      val('a', '2026-02', 4, { cell: 'm' }),
    ];
    const rollups = run(values);
    expect(agg(rollups, { granularity: 'quarter', period: '2026-Q1' })).toBe('17');
    expect(agg(rollups, { granularity: 'quarter', period: '2026-Q1', cell: 'f' })).toBe('3');
  });
});

describe('peer mistake: cumulative (last) indicators summed over time', () => {
  const stockVal = (p: string, period: string, v: number, more: Partial<IndicatorValue> = {}) =>
    val(p, period, v, { indicatorId: 'housed', ...more });

  it('a stock takes the value of the latest month, not the sum of the months', () => {
    const values = [
      stockVal('a', '2026-01', 100),
      stockVal('a', '2026-02', 110),
      stockVal('a', '2026-03', 120),
    ];
    const rollups = run(values);
    expect(agg(rollups, { indicatorId: 'housed', granularity: 'quarter', period: '2026-Q1' })).toBe('120');
    expect(agg(rollups, { indicatorId: 'housed', granularity: 'year', period: '2026' })).toBe('120');
  });

  it('the latest native period WITH a counting value: a draft in March leaves February as the last', () => {
    const values = [
      stockVal('a', '2026-01', 100),
      stockVal('a', '2026-02', 110),
      stockVal('a', '2026-03', 999, { status: 'draft' }),
    ];
    expect(
      find(run(values), { indicatorId: 'housed', granularity: 'quarter', period: '2026-Q1' }),
    ).toMatchObject({
      aggregate: '110',
      valueCount: 1,
    });
  });

  it('last value per partner, then summed across partners (as DHIS2 does)', () => {
    const values = [
      stockVal('a', '2026-01', 100),
      stockVal('a', '2026-02', 110),
      stockVal('b', '2026-03', 7),
    ];
    expect(
      find(run(values), { indicatorId: 'housed', granularity: 'quarter', period: '2026-Q1' }),
    ).toMatchObject({
      aggregate: '117',
      partnerCount: 2,
    });
  });

  it('a flow sums its months', () => {
    const values = [val('a', '2026-01', 1), val('a', '2026-02', 2), val('a', '2026-04', 4)];
    const rollups = run(values);
    expect(agg(rollups, { granularity: 'quarter', period: '2026-Q1' })).toBe('3');
    expect(agg(rollups, { granularity: 'year', period: '2026' })).toBe('7');
  });

  it('an average over time is the mean of the months that have a value (a missing month is not a zero)', () => {
    const avg = { ...flow, id: 'wait', aggregationOverTime: 'average' as const };
    const values = [
      val('a', '2026-01', 10, { indicatorId: 'wait' }),
      val('a', '2026-03', 20, { indicatorId: 'wait' }),
    ];
    expect(agg(run(values, [avg]), { indicatorId: 'wait', granularity: 'quarter', period: '2026-Q1' })).toBe(
      '15',
    );
  });
});

describe('peer mistake: percentages averaged instead of Σnumerator/Σdenominator', () => {
  it('partners aggregate as Σnumerator/Σdenominator', () => {
    // 1 of 2 (50%) and 90 of 100 (90%): 91 of 102, not the 70% an average of percentages gives.
    const values = [ratio('a', '2026-01', 1, 2), ratio('b', '2026-01', 90, 100)];
    expect(find(run(values), { indicatorId: 'ready', period: '2026-01' })).toMatchObject({
      aggregate: '89.215686274509803922',
      numerator: '91',
      denominator: '102',
      partnerCount: 2,
    });
  });

  it('over time, numerator and denominator aggregate separately (sum)', () => {
    const values = [ratio('a', '2026-01', 1, 2), ratio('a', '2026-02', 9, 18), ratio('a', '2026-03', 0, 80)];
    expect(
      find(run(values), { indicatorId: 'ready', granularity: 'quarter', period: '2026-Q1' }),
    ).toMatchObject({
      aggregate: '10',
      numerator: '10',
      denominator: '100',
    });
  });

  it('over time with last: the latest numerator and denominator', () => {
    const last = { ...percent, aggregationOverTime: 'last' as const };
    const values = [ratio('a', '2026-01', 1, 2), ratio('a', '2026-02', 3, 4), ratio('b', '2026-01', 1, 4)];
    expect(
      find(run(values, [last]), { indicatorId: 'ready', granularity: 'quarter', period: '2026-Q1' }),
    ).toMatchObject({
      aggregate: '50',
      numerator: '4',
      denominator: '8',
    });
  });

  it('a ratio (not a percentage) is numerator/denominator without ×100', () => {
    const perTeacher = { ...percent, id: 'ptr', valueType: 'ratio' as const };
    const values = [
      ratio('a', '2026-01', 300, 12, { indicatorId: 'ptr' }),
      ratio('b', '2026-01', 100, 8, { indicatorId: 'ptr' }),
    ];
    expect(agg(run(values, [perTeacher]), { indicatorId: 'ptr', period: '2026-01' })).toBe('20');
  });
});

describe('across partners', () => {
  const kinds = (across: 'sum' | 'average' | 'min' | 'max') => ({
    ...flow,
    id: across,
    aggregationAcrossPartners: across,
  });

  it.each([
    ['sum', '30'],
    ['average', '10'],
    ['min', '4'],
    ['max', '20'],
  ] as const)('%s of the partners → %s', (across, expected) => {
    const values = ['4', '6', '20'].map((v, i) => val(`p${i}`, '2026-01', v, { indicatorId: across }));
    expect(agg(run(values, [kinds(across)]), { indicatorId: across, period: '2026-01' })).toBe(expected);
  });

  it('an unweighted average that does not terminate keeps 20 significant digits', () => {
    const values = ['1', '1', '2'].map((v, i) => val(`p${i}`, '2026-01', v, { indicatorId: 'average' }));
    expect(agg(run(values, [kinds('average')]), { indicatorId: 'average', period: '2026-01' })).toBe(
      '1.3333333333333333333',
    );
  });

  it('a partner without a counting value does not take part: it is not a zero', () => {
    const values = [
      val('a', '2026-01', 10, { indicatorId: 'average' }),
      val('b', '2026-01', 0, { indicatorId: 'average', status: 'draft' }),
    ];
    const with0 = [...values, val('c', '2026-01', 0, { indicatorId: 'average' })];
    expect(
      find(run(values, [kinds('average')]), { indicatorId: 'average', period: '2026-01' }),
    ).toMatchObject({
      aggregate: '10',
      partnerCount: 1,
    });
    // A real zero does take part.
    expect(agg(run(with0, [kinds('average')]), { indicatorId: 'average', period: '2026-01' })).toBe('5');
  });

  it('over time first, then across partners: average of partners’ quarterly sums', () => {
    const values = [
      val('a', '2026-01', 1, { indicatorId: 'average' }),
      val('a', '2026-02', 2, { indicatorId: 'average' }),
      val('b', '2026-03', 10, { indicatorId: 'average' }),
    ];
    // a: 3, b: 10 → mean 6.5 (a mean of the three monthly values would give 4.333…).
    expect(
      agg(run(values, [kinds('average')]), {
        indicatorId: 'average',
        granularity: 'quarter',
        period: '2026-Q1',
      }),
    ).toBe('6.5');
  });

  it('adds decimals exactly', () => {
    const money = { ...flow, id: 'money', valueType: 'amount' as const };
    const values = [
      val('a', '2026-01', '0.1', { indicatorId: 'money' }),
      val('b', '2026-01', 0.2, { indicatorId: 'money' }),
    ];
    expect(agg(run(values, [money]), { indicatorId: 'money', period: '2026-01' })).toBe('0.3');
  });
});

describe('peer mistake: values in a newly created period skipped', () => {
  it('a value in a period nobody reported before appears at every granularity', () => {
    const rollups = run([val('a', '2026-01', 1), val('b', '2031-07', 5)]);
    expect(agg(rollups, { period: '2031-07' })).toBe('5');
    expect(agg(rollups, { granularity: 'quarter', period: '2031-Q3' })).toBe('5');
    expect(agg(rollups, { granularity: 'year', period: '2031' })).toBe('5');
  });
});

describe('periods', () => {
  it('fiscal quarters and years follow the fiscal calendar', () => {
    const values = [val('a', '2026-03', 1), val('a', '2026-04', 10)];
    const rollups = run(values, [flow], { fiscalYearStartMonth: 4 });
    expect(agg(rollups, { granularity: 'quarter', period: 'FY2025-Q4' })).toBe('1');
    expect(agg(rollups, { granularity: 'year', period: 'FY2025' })).toBe('1');
    expect(agg(rollups, { granularity: 'year', period: 'FY2026' })).toBe('10');
    expect(rollups.some((r) => r.period === '2026' || r.period === '2026-Q1')).toBe(false);
  });

  it('never rolls up finer than the periodicity', () => {
    const quarterly = { ...flow, id: 'q', periodicity: 'quarter' as const };
    const rollups = run([val('a', '2026-Q2', 3, { indicatorId: 'q' })], [quarterly]);
    expect(rollups.map((r) => [r.granularity, r.period, r.scope])).toEqual([
      ['quarter', '2026-Q2', 'all'],
      ['quarter', '2026-Q2', 'a'],
      ['year', '2026', 'all'],
      ['year', '2026', 'a'],
    ]);
  });

  it('refuses a value whose period does not match the periodicity', () => {
    const quarterly = { ...flow, id: 'q', periodicity: 'quarter' as const };
    expect(() => run([val('a', '2026-04', 3, { indicatorId: 'q' })], [quarterly])).toThrow(
      'canonical quarter key',
    );
    expect(() => run([val('a', '2026-Q1', 3)], [flow], { fiscalYearStartMonth: 4 })).toThrow(
      InvalidRollupInputError,
    );
  });

  it('names the periods a value feeds, so the incremental path knows what to recompute', () => {
    expect(rollupPeriodsOf(flow, '2026-03', 4)).toEqual([
      { granularity: 'month', period: '2026-03' },
      { granularity: 'quarter', period: 'FY2025-Q4' },
      { granularity: 'year', period: 'FY2025' },
    ]);
    expect(rollupPeriodsOf({ periodicity: 'year' }, '2026', 1)).toEqual([
      { granularity: 'year', period: '2026' },
    ]);
  });
});

describe('invalid input is refused, not guessed', () => {
  it('a percentage indicator must aggregate by ratio', () => {
    expect(() => run([], [{ ...percent, aggregationAcrossPartners: 'average' }])).toThrow('ratio only');
    expect(() => run([], [{ ...flow, aggregationAcrossPartners: 'ratio' }])).toThrow(
      'sum, average, min or max',
    );
  });

  it('a counting value that breaks the value rules is refused; a draft one is ignored', () => {
    expect(() => run([ratio('a', '2026-01', 1, 0)])).toThrow('denominator must be greater than 0');
    expect(() => run([val('a', '2026-01', '1.5')])).toThrow('must be a whole number');
    expect(run([ratio('a', '2026-01', 1, 0, { status: 'draft' })])).toEqual([]);
  });

  it('a stored number that is not a plain decimal is refused', () => {
    expect(() => run([val('a', '2026-01', '1,234.5')])).toThrow('must be a plain decimal string as stored');
  });

  it('a value for an unknown indicator is refused', () => {
    expect(() => run([val('a', '2026-01', 1, { indicatorId: 'nope' })])).toThrow('unknown indicator');
  });
});

describe('output', () => {
  it('has per-partner and all-partner rows in a stable order', () => {
    const rollups = run([val('b', '2026-02', 2), val('a', '2026-01', 1, { cell: 'x' })], [flow]);
    expect(rollups.map((r) => `${r.granularity} ${r.period} ${r.cell} ${r.scope} ${r.aggregate}`)).toEqual([
      'month 2026-01 total all 1',
      'month 2026-01 total a 1',
      'month 2026-01 x all 1',
      'month 2026-01 x a 1',
      'month 2026-02 total all 2',
      'month 2026-02 total b 2',
      'quarter 2026-Q1 total all 3',
      'quarter 2026-Q1 total a 1',
      'quarter 2026-Q1 total b 2',
      'quarter 2026-Q1 x all 1',
      'quarter 2026-Q1 x a 1',
      'year 2026 total all 3',
      'year 2026 total a 1',
      'year 2026 total b 2',
      'year 2026 x all 1',
      'year 2026 x a 1',
    ]);
  });
});
