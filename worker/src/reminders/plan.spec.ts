import { DEFAULT_REPORTING_CALENDAR, type ReportingCalendar } from '@constellation/shared';
import { type CommitmentRow, planReminders } from './plan';

const P1 = 'p1';
const P2 = 'p2';
const commitments: CommitmentRow[] = [
  { partnerId: P1, indicatorId: 'i1', code: 'A', periodicity: 'month', startPeriod: '2026-01', endPeriod: null },
  { partnerId: P1, indicatorId: 'i2', code: 'B', periodicity: 'month', startPeriod: '2026-01', endPeriod: null },
  { partnerId: P2, indicatorId: 'i1', code: 'A', periodicity: 'month', startPeriod: '2026-04', endPeriod: null },
];
// Default calendar: March is due by 30 April; reminder 23 April; overdue 1 May and 14 May.
const plan = (date: string, hour = 12, o: { reported?: string[]; locks?: string[]; calendar?: ReportingCalendar } = {}) =>
  planReminders({
    fy: 1,
    calendar: o.calendar ?? DEFAULT_REPORTING_CALENDAR,
    local: { date, hour },
    commitments,
    reported: new Set(o.reported ?? []),
    lockedPeriods: o.locks ?? [],
  }).filter((r) => r.period === '2026-03');

describe('planReminders', () => {
  it('nothing before the reminder day, nor before the reminder hour on it', () => {
    expect(plan('2026-04-22')).toEqual([]);
    expect(plan('2026-04-23', 8)).toEqual([]);
  });

  it('on the reminder day: one before_due reminder per partner with missing reports, listing them', () => {
    expect(plan('2026-04-23', 9)).toEqual([
      { partnerId: P1, periodicity: 'month', period: '2026-03', kind: 'before_due', dueDate: '2026-04-30', indicators: [{ id: 'i1', code: 'A' }, { id: 'i2', code: 'B' }] },
    ]);
  });

  it('a period before the commitment started is not reminded; reported indicators are not listed', () => {
    const r = plan('2026-04-24', 12, { reported: ['p1|i1|2026-03'] });
    expect(r.map((x) => [x.partnerId, x.indicators.map((i) => i.code)])).toEqual([[P1, ['B']]]);
    expect(plan('2026-04-24', 12, { reported: ['p1|i1|2026-03', 'p1|i2|2026-03'] })).toEqual([]);
  });

  it('only the latest reminder day that has come; overdue after the due date; never before_due once overdue', () => {
    expect(plan('2026-05-01').map((r) => r.kind)).toEqual(['overdue_1']);
    expect(plan('2026-05-08').map((r) => r.kind)).toEqual(['overdue_1']);
    // overdue_1 is more than a week old and overdue_14 has not come: nothing.
    expect(plan('2026-05-13')).toEqual([]);
    expect(plan('2026-05-14').map((r) => r.kind)).toEqual(['overdue_14']);
  });

  it('reminder days more than 7 days ago are not sent (turning reminders on does not send history)', () => {
    expect(plan('2026-05-21').map((r) => r.kind)).toEqual(['overdue_14']);
    expect(plan('2026-05-22')).toEqual([]);
  });

  it('a locked period (or a locked year containing it) is not reminded', () => {
    expect(plan('2026-05-01', 12, { locks: ['2026-03'] })).toEqual([]);
    expect(plan('2026-05-01', 12, { locks: ['2026'] })).toEqual([]);
  });

  it('follows the calendar: a per-period due date and another rule', () => {
    const calendar: ReportingCalendar = {
      ...DEFAULT_REPORTING_CALENDAR,
      month: { rule: 'days_after_end', days: 5, remindDaysBefore: 0, overdueDays: [2] },
      overrides: {},
    };
    expect(plan('2026-04-07', 12, { calendar }).map((r) => [r.kind, r.dueDate])).toEqual([['overdue_2', '2026-04-05']]);
    const moved = { ...calendar, overrides: { '2026-03': '2026-06-01' } };
    expect(plan('2026-04-07', 12, { calendar: moved })).toEqual([]);
    expect(plan('2026-06-03', 12, { calendar: moved }).map((r) => [r.kind, r.dueDate])).toEqual([['overdue_2', '2026-06-01']]);
  });
});
