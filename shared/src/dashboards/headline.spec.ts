import { toMonthIndex } from '../periods/months';
import { headlineGranularity, headlineRow } from './headline';

describe('dashboard headlines', () => {
  const flow = {
    periodicity: 'quarter' as const,
    aggregationOverTime: 'sum',
    targets: [{ period: 'FY2028', kind: 'long_term' }],
  };

  it('reads a flow at its long-term target’s granularity and a stock at its periodicity', () => {
    expect(headlineGranularity(flow, 4)).toBe('year');
    expect(headlineGranularity({ ...flow, aggregationOverTime: 'last' }, 4)).toBe('quarter');
    expect(headlineGranularity({ ...flow, aggregationOverTime: 'average' }, 4)).toBe('quarter');
    // A target finer than the periodicity cannot be; the periodicity wins.
    expect(
      headlineGranularity(
        {
          periodicity: 'year',
          aggregationOverTime: 'sum',
          targets: [{ period: 'FY2028-Q4', kind: 'long_term' }],
        },
        4,
      ),
    ).toBe('year');
    expect(headlineGranularity({ ...flow, targets: [] }, 4)).toBe('quarter');
  });

  it('shows the latest period that has ended, not a partial one still running', () => {
    const nov2026 = toMonthIndex(2026, 11);
    const rows = [
      { period: 'FY2024', actual: '150' },
      { period: 'FY2026', actual: '60' }, // Apr 2026 – Mar 2027: still running
      { period: 'FY2025', actual: '195' },
      { period: 'FY2027', actual: null },
    ];
    expect(headlineRow(rows, nov2026, 4)?.period).toBe('FY2025');
    expect(headlineRow(rows, toMonthIndex(2027, 4), 4)?.period).toBe('FY2026');
    expect(headlineRow([{ period: 'FY2026', actual: '60' }], nov2026, 4)?.period).toBe('FY2026');
    expect(headlineRow([{ period: 'FY2026', actual: null }], nov2026, 4)).toBeNull();
  });
});
