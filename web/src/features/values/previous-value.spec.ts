import { describePrevious, type PreviousValue } from './previous-value';

const prev = (p: Partial<PreviousValue>): PreviousValue => ({
  period: '2026-Q1',
  periodLabel: 'Q1 2026',
  value: null,
  numerator: null,
  denominator: null,
  status: 'approved',
  ...p,
});
const val = (value: string | null, numerator: string | null = null, denominator: string | null = null) => ({
  value,
  numerator,
  denominator,
});

describe('describePrevious', () => {
  it('names the period and the value with its unit, and the relative change', () => {
    expect(describePrevious(val('150'), prev({ value: '140' }), 'children', 'count')).toBe(
      'Q1 2026 was 140 children · up 7%',
    );
    expect(describePrevious(val('70'), prev({ value: '140' }), 'children', 'count')).toBe(
      'Q1 2026 was 140 children · down 50%',
    );
    expect(describePrevious(val('140'), prev({ value: '140' }), 'children', 'count')).toBe(
      'Q1 2026 was 140 children · no change',
    );
  });

  it('gives no relative change from a previous 0', () => {
    expect(describePrevious(val('5'), prev({ value: '0' }), 'children', 'count')).toBe(
      'Q1 2026 was 0 children',
    );
  });

  it('shows ratios as numerator/denominator and percentages change in points', () => {
    expect(
      describePrevious(
        val(null, '45', '60'),
        prev({ numerator: '30', denominator: '60' }),
        '%',
        'percentage',
      ),
    ).toBe('Q1 2026 was 30/60 · up 25 points');
    expect(
      describePrevious(
        val(null, '1', '4'),
        prev({ numerator: '1', denominator: '2' }),
        'per person',
        'ratio',
      ),
    ).toBe('Q1 2026 was 1/2 · down 50%');
  });
});
