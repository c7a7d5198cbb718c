import { commitmentPeriodIssue, expectedReports, type CommitmentSpan } from './expected';

const periods = (commitments: CommitmentSpan[], from: string, to: string, fy = 1) =>
  expectedReports(commitments, from, to, fy).map((r) => `${r.indicatorId}:${r.period}`);

describe('expectedReports', () => {
  it('expands a monthly commitment between max(start, from) and min(end, to)', () => {
    const c: CommitmentSpan = { indicatorId: 'm', periodicity: 'month', startPeriod: '2026-03', endPeriod: '2026-06' };
    expect(periods([c], '2026-01', '2026-12')).toEqual(['m:2026-03', 'm:2026-04', 'm:2026-05', 'm:2026-06']);
    expect(periods([c], '2026-05', '2026-12')).toEqual(['m:2026-05', 'm:2026-06']);
    expect(periods([c], '2026-Q1', '2026-Q1')).toEqual(['m:2026-03']);
    expect(periods([c], '2027', '2027')).toEqual([]);
  });

  it('starts a monthly commitment at the first month of a coarser start period', () => {
    const c: CommitmentSpan = { indicatorId: 'm', periodicity: 'month', startPeriod: '2026-Q4', endPeriod: null };
    expect(periods([c], '2026', '2027-01')).toEqual(['m:2026-10', 'm:2026-11', 'm:2026-12', 'm:2027-01']);
  });

  it('expands quarters, placing each at its last month', () => {
    const c: CommitmentSpan = { indicatorId: 'q', periodicity: 'quarter', startPeriod: '2026', endPeriod: null };
    expect(periods([c], '2026', '2026')).toEqual(['q:2026-Q1', 'q:2026-Q2', 'q:2026-Q3', 'q:2026-Q4']);
    // A window of months expects the quarters that end in it.
    expect(periods([c], '2026-02', '2026-07')).toEqual(['q:2026-Q1', 'q:2026-Q2']);
    expect(periods([c], '2026-04', '2026-05')).toEqual([]);
    // Before the start: nothing.
    expect(periods([c], '2025', '2025')).toEqual([]);
  });

  it('expands years and respects an end period', () => {
    const c: CommitmentSpan = { indicatorId: 'y', periodicity: 'year', startPeriod: '2024', endPeriod: '2026' };
    expect(periods([c], '2020', '2030')).toEqual(['y:2024', 'y:2025', 'y:2026']);
    expect(periods([c], '2025-06', '2026-11')).toEqual(['y:2025']);
  });

  it('works in fiscal years (April start)', () => {
    const fy = 4;
    const q: CommitmentSpan = { indicatorId: 'q', periodicity: 'quarter', startPeriod: 'FY2025-Q3', endPeriod: 'FY2026-Q1' };
    expect(periods([q], 'FY2025', 'FY2026', fy)).toEqual(['q:FY2025-Q3', 'q:FY2025-Q4', 'q:FY2026-Q1']);
    // FY2025-Q4 is Jan–Mar 2026: a calendar-month window holding March 2026 expects it.
    expect(periods([q], '2026-01', '2026-03', fy)).toEqual(['q:FY2025-Q4']);
    const m: CommitmentSpan = { indicatorId: 'm', periodicity: 'month', startPeriod: 'FY2026', endPeriod: null };
    expect(periods([m], '2026-02', '2026-05', fy)).toEqual(['m:2026-04', 'm:2026-05']);
    const y: CommitmentSpan = { indicatorId: 'y', periodicity: 'year', startPeriod: 'FY2024', endPeriod: null };
    // FY2024 ends in March 2025, FY2025 in March 2026.
    expect(periods([y], '2025-01', '2025-12', fy)).toEqual(['y:FY2024']);
    expect(periods([y], 'FY2024', 'FY2025', fy)).toEqual(['y:FY2024', 'y:FY2025']);
  });

  it('keeps the order of the commitments, then time', () => {
    const a: CommitmentSpan = { indicatorId: 'a', periodicity: 'year', startPeriod: '2026', endPeriod: null };
    const b: CommitmentSpan = { indicatorId: 'b', periodicity: 'quarter', startPeriod: '2026-Q3', endPeriod: null };
    expect(periods([a, b], '2026', '2026')).toEqual(['a:2026', 'b:2026-Q3', 'b:2026-Q4']);
  });

  it('consecutive windows never expect the same report twice', () => {
    const q: CommitmentSpan = { indicatorId: 'q', periodicity: 'quarter', startPeriod: 'FY2025', endPeriod: null };
    const all = periods([q], '2025-01', '2027-12', 7);
    const split = [...periods([q], '2025-01', '2026-05', 7), ...periods([q], '2026-06', '2027-12', 7)];
    expect(split).toEqual(all);
  });
});

describe('commitmentPeriodIssue', () => {
  it('accepts the periodicity or coarser, in the fiscal year', () => {
    expect(commitmentPeriodIssue('2026-03', 'month', 1)).toBeNull();
    expect(commitmentPeriodIssue('2026-Q1', 'month', 1)).toBeNull();
    expect(commitmentPeriodIssue('2026', 'quarter', 1)).toBeNull();
    expect(commitmentPeriodIssue('FY2026-Q2', 'quarter', 4)).toBeNull();
  });

  it('refuses finer periods and keys of the wrong kind of year', () => {
    expect(commitmentPeriodIssue('2026-03', 'quarter', 1)).toMatch(/quarter or a year: this indicator is reported quarterly/);
    expect(commitmentPeriodIssue('2026-Q1', 'year', 1)).toMatch(/must be a year/);
    expect(commitmentPeriodIssue('2026-Q1', 'quarter', 4)).toMatch(/fiscal year starts in Apr/);
    expect(commitmentPeriodIssue('FY2026', 'year', 1)).toMatch(/fiscal-year key/);
    expect(commitmentPeriodIssue('2026-13', 'month', 1)).toMatch(/no month 13/);
  });
});
