import { PeriodLockCheck } from './period-lock-check';

describe('PeriodLockCheck', () => {
  it.each([
    [['2025-Q1'], '2025-Q1', 'Q1 2025 is closed; ask the backbone to reopen it'],
    [['2025-Q1'], '2025-02', 'Q1 2025 is closed; ask the backbone to reopen it'],
    [['2025'], '2025-Q3', '2025 is closed; ask the backbone to reopen it'],
    [['2025-Q1'], '2025-04', null],
    [['2025-02'], '2025-Q1', null],
    [[], '2025-Q1', null],
  ])('locks %j, value in %s → %s', (locks, period, expected) => {
    expect(new PeriodLockCheck(locks, 1).closed(period)).toBe(expected);
  });

  it('respects fiscal years (April start): FY2025 holds 2026-03, not 2025-03', () => {
    const check = new PeriodLockCheck(['FY2025'], 4);
    expect(check.closed('2026-03')).toMatch(/is closed/);
    expect(check.closed('2025-03')).toBeNull();
  });
});
