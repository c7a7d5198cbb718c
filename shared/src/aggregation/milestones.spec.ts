import { allPartnerTotals, milestoneResults, type MilestoneDefinition } from './milestones';
import { computeRollups } from './rollups';

const served: MilestoneDefinition = {
  direction: 'increase',
  valueType: 'count',
  aggregationAcrossPartners: 'sum',
  aggregationOverTime: 'sum',
  baseline: { value: 0, period: '2024' },
  targets: [
    { period: '2025', value: 100, kind: 'milestone' },
    { period: '2026-Q2', value: 60, kind: 'milestone' },
    { period: '2027', value: 300, kind: 'long_term' },
  ],
};
const totals = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('milestones met', () => {
  it('compares the all-partner total at the milestone period’s own granularity (≥ for increase)', () => {
    const results = milestoneResults(served, totals({ '2025': '100', '2025-12': '99', '2026-Q2': '59' }), 1);
    expect(results.map((r) => [r.period, r.actual, r.state])).toEqual([
      ['2025', '100', 'met'],
      ['2026-Q2', '59', 'missed'],
      ['2027', null, 'missed'],
    ]);
  });

  it('a flow can meet its milestone before the period ends (year to date); otherwise it is pending', () => {
    const results = milestoneResults(served, totals({ '2025': '120', '2026-Q2': '10' }), 1, {
      asOfMonth: '2025-09',
    });
    expect(results.map((r) => r.state)).toEqual(['met', 'pending', 'pending']);
  });

  it('a decrease indicator (≤) is met only once the period is over: the running total can still grow', () => {
    const incidents: MilestoneDefinition = {
      ...served,
      direction: 'decrease',
      baseline: { value: 500, period: '2024' },
      targets: [{ period: '2025', value: 400, kind: 'long_term' }],
    };
    expect(milestoneResults(incidents, totals({ '2025': '150' }), 1, { asOfMonth: '2025-06' })[0].state).toBe(
      'pending',
    );
    expect(milestoneResults(incidents, totals({ '2025': '390' }), 1, { asOfMonth: '2026-01' })[0].state).toBe(
      'met',
    );
    expect(milestoneResults(incidents, totals({ '2025': '401' }), 1, { asOfMonth: '2026-01' })[0].state).toBe(
      'missed',
    );
  });

  it.each([
    [
      'a percentage (the year-to-date ratio can fall)',
      { valueType: 'percentage', aggregationAcrossPartners: 'ratio' },
    ],
    ['an average across partners (a new partner can pull it down)', { aggregationAcrossPartners: 'average' }],
  ] as const)('%s is judged when its period is over', (_, change) => {
    const def = { ...served, ...change };
    expect(milestoneResults(def, totals({ '2025': '150' }), 1, { asOfMonth: '2025-06' })[0].state).toBe(
      'pending',
    );
    expect(milestoneResults(def, totals({ '2025': '150' }), 1, { asOfMonth: '2026-01' })[0].state).toBe(
      'met',
    );
  });

  it('a stock (last over time) is judged when its period is over', () => {
    const housed = { ...served, aggregationOverTime: 'last' as const };
    expect(milestoneResults(housed, totals({ '2025': '150' }), 1, { asOfMonth: '2025-06' })[0].state).toBe(
      'pending',
    );
    expect(milestoneResults(housed, totals({ '2025': '150' }), 1, { asOfMonth: '2026-01' })[0].state).toBe(
      'met',
    );
  });

  it('reads the totals from rollups, fiscal years included', () => {
    const rollups = computeRollups({
      indicators: [
        {
          id: 'i',
          valueType: 'count',
          periodicity: 'month',
          aggregationAcrossPartners: 'sum',
          aggregationOverTime: 'sum',
        },
      ],
      values: [
        { partnerId: 'a', indicatorId: 'i', period: '2025-04', cell: 'total', value: 60, status: 'approved' },
        { partnerId: 'b', indicatorId: 'i', period: '2026-03', cell: 'total', value: 40, status: 'approved' },
        { partnerId: 'b', indicatorId: 'i', period: '2026-03', cell: 'f', value: 40, status: 'approved' },
      ],
      requiresApproval: true,
      fiscalYearStartMonth: 4,
    });
    const fiscal = {
      ...served,
      baseline: { value: 0, period: 'FY2024' },
      targets: [{ period: 'FY2025', value: 100, kind: 'long_term' as const }],
    };
    expect(milestoneResults(fiscal, allPartnerTotals(rollups, 'i'), 4)).toEqual([
      { period: 'FY2025', kind: 'long_term', value: '100', actual: '100', state: 'met' },
    ]);
  });

  it('refuses a bad asOfMonth', () => {
    expect(() => milestoneResults(served, totals({}), 1, { asOfMonth: '2025' })).toThrow('not a month key');
  });
});
