import { granularityFor } from './sharing.service';

describe('granularityFor (the period size a shared indicator is charted at)', () => {
  const yearlyTargets = [
    { period: 'FY2025', value: '100', kind: 'milestone' as const },
    { period: 'FY2029', value: '240', kind: 'long_term' as const },
  ];
  const flow = {
    periodicity: 'month' as const,
    aggregationOverTime: 'sum' as const,
    valueType: 'count',
    targets: yearlyTargets,
  };

  it('uses the dashboard’s choice when the indicator reports at least that often, else its own periodicity', () => {
    expect(granularityFor('quarter', flow, 4)).toBe('quarter');
    expect(granularityFor('month', { ...flow, periodicity: 'quarter' }, 4)).toBe('quarter');
  });

  it('charts an additive flow at its long-term target’s granularity when nothing is chosen', () => {
    expect(granularityFor(null, flow, 4)).toBe('year');
    expect(
      granularityFor(
        null,
        { ...flow, valueType: 'amount', targets: [{ period: 'FY2029-Q4', value: '1', kind: 'long_term' }] },
        4,
      ),
    ).toBe('quarter');
  });

  it('keeps rates, stocks and averages at their own periodicity', () => {
    expect(granularityFor(null, { ...flow, valueType: 'percentage' }, 4)).toBe('month');
    expect(granularityFor(null, { ...flow, aggregationOverTime: 'last' }, 4)).toBe('month');
    expect(granularityFor(null, { ...flow, aggregationOverTime: 'average' }, 4)).toBe('month');
    expect(granularityFor(null, { ...flow, targets: [] }, 4)).toBe('month');
  });
});
