import { DEFAULT_REPORTING_CALENDAR, dueDateOf, type ReportingCalendar } from '@constellation/shared';
import { addReport, cellState, emptyCounts, reportState, todayIn, type ReportFlags } from './report-status';

const none: ReportFlags = { approved: false, submitted: false, returned: false, draft: false };
const flags = (f: Partial<ReportFlags>): ReportFlags => ({ ...none, ...f });

describe('dueDateOf with the default calendar: the last day of the month after the period ends', () => {
  it.each([
    ['2026-03', 1, '2026-04-30'],
    ['2026-01', 1, '2026-02-28'],
    ['2028-01', 1, '2028-02-29'],
    ['2026-12', 1, '2027-01-31'],
    ['2026-Q1', 1, '2026-04-30'],
    ['2026-Q4', 1, '2027-01-31'],
    ['2025', 1, '2026-01-31'],
    ['FY2025', 4, '2026-04-30'],
    ['FY2025-Q1', 4, '2025-07-31'],
  ])('%s (fiscal year from month %i) is due by %s', (period, fy, due) => {
    expect(dueDateOf(period, fy)).toBe(due);
  });
});

describe('reportState', () => {
  it('returned wins over everything, then drafts count as not sent', () => {
    expect(reportState('2026-03', flags({ returned: true, approved: true }), '2026-04-02', 1)).toBe('returned');
    expect(reportState('2026-03', flags({ submitted: true, draft: true }), '2026-05-02', 1)).toBe('missing');
    expect(reportState('2026-03', flags({ submitted: true, approved: true }), '2026-05-02', 1)).toBe('submitted');
    expect(reportState('2026-03', flags({ approved: true }), '2020-01-01', 1)).toBe('approved');
  });

  it('nothing sent: upcoming while the period runs, due until its due date, missing from the day after', () => {
    expect(reportState('2026-03', null, '2026-03-31', 1)).toBe('upcoming');
    expect(reportState('2026-03', null, '2026-04-01', 1)).toBe('due');
    expect(reportState('2026-03', null, '2026-04-30', 1)).toBe('due');
    expect(reportState('2026-03', null, '2026-05-01', 1)).toBe('missing');
    expect(reportState('2026-Q2', flags({ draft: true }), '2026-05-15', 1)).toBe('upcoming');
  });

  it('a changed calendar moves the due date: 10 days after the month ends, and a per-period override', () => {
    const cal: ReportingCalendar = {
      ...DEFAULT_REPORTING_CALENDAR,
      month: { rule: 'days_after_end', days: 10, remindDaysBefore: 3, overdueDays: [1] },
      overrides: { '2026-04': '2026-06-15' },
    };
    expect(dueDateOf('2026-03', 1, cal)).toBe('2026-04-10');
    expect(reportState('2026-03', null, '2026-04-10', 1, cal)).toBe('due');
    expect(reportState('2026-03', null, '2026-04-11', 1, cal)).toBe('missing');
    expect(reportState('2026-03', null, '2026-04-11', 1)).toBe('due');
    expect(dueDateOf('2026-04', 1, cal)).toBe('2026-06-15');
    expect(reportState('2026-04', null, '2026-06-01', 1, cal)).toBe('due');
    // Quarters keep their own (default) rule.
    expect(dueDateOf('2026-Q1', 1, cal)).toBe('2026-04-30');
  });
});

describe('cellState', () => {
  const counts = (states: Parameters<typeof addReport>[1][]) => {
    const c = emptyCounts();
    for (const s of states) addReport(c, s, false);
    return c;
  };
  it.each([
    [[], 'not_expected'],
    [['approved', 'approved'], 'approved'],
    [['approved', 'upcoming'], 'not_due'],
    [['approved', 'submitted', 'due'], 'submitted'],
    [['approved', 'returned', 'submitted'], 'returned'],
    [['approved', 'returned', 'missing'], 'missing'],
  ] as const)('%j → %s', (states, state) => {
    expect(cellState(counts([...states]))).toBe(state);
  });

  it('counts drafts among the reports not sent', () => {
    const c = emptyCounts();
    addReport(c, 'missing', true);
    addReport(c, 'approved', true);
    expect(c).toEqual({ expected: 2, approved: 1, submitted: 0, returned: 0, missing: 1, notDue: 0, draft: 1 });
  });
});

describe('todayIn', () => {
  it('is the date in the time zone, UTC for an unknown zone', () => {
    const now = new Date('2026-04-30T23:30:00Z');
    expect(todayIn('Europe/London', now)).toBe('2026-05-01');
    expect(todayIn('UTC', now)).toBe('2026-04-30');
    expect(todayIn('Not/AZone', now)).toBe('2026-04-30');
  });
});
