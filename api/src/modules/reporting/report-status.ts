import {
  type CellState,
  DEFAULT_REPORTING_CALENDAR,
  dueDateOf,
  type FiscalYearStartMonth,
  type ReportingCalendar,
  type ReportState,
  requirePeriod,
  type StateCounts,
  toMonthIndex,
} from '@constellation/shared';

export type { CellState, ReportState, StateCounts };

/**
 * Where each expected report stands, for the partner home and the completeness heatmap. Pure
 * functions (no database, no clock): the service passes today's date in the collaboration's time
 * zone and the collaboration's reporting calendar (shared/src/reporting-calendar.ts: due N days
 * after the period ends, or by the end of the next month — the default —, or a date the backbone
 * set for one period). A report is overdue from the day after its due date.
 */

/** Flags of one partner's values for one indicator and native period (total and every cell, any activity). */
export interface ReportFlags {
  approved: boolean;
  submitted: boolean;
  returned: boolean;
  draft: boolean;
}

/**
 * One expected report's state:
 * - `approved`: every value of it approved;
 * - `submitted`: sent, none returned or still in draft (awaiting review where approval is required);
 * - `returned`: the backbone returned at least one of its values (the partner must correct and resubmit);
 * - `missing`: nothing sent (no value, or drafts only) and the due date has passed (overdue);
 * - `due`: nothing sent, the period has ended and the due date has not passed yet;
 * - `upcoming`: the period has not ended yet.
 */

/** Today's date ('YYYY-MM-DD') in a time zone (UTC when the zone is unknown to this runtime). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const format = (tz: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** The month-line index of a 'YYYY-MM-DD' date. */
export function monthIndexOfDate(date: string): number {
  return toMonthIndex(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
}

/** The state of one expected report (see ReportState); `flags` null when the partner has no value for it. */
export function reportState(
  period: string,
  flags: ReportFlags | null,
  today: string,
  fy: FiscalYearStartMonth,
  calendar: ReportingCalendar = DEFAULT_REPORTING_CALENDAR,
): ReportState {
  if (flags?.returned) return 'returned';
  if (flags && !flags.draft) {
    if (flags.submitted) return 'submitted';
    if (flags.approved) return 'approved';
  }
  const p = requirePeriod(period, fy);
  if (monthIndexOfDate(today) <= p.endIndex) return 'upcoming';
  return today > dueDateOf(period, fy, calendar) ? 'missing' : 'due';
}

export const emptyCounts = (): StateCounts => ({
  expected: 0,
  approved: 0,
  submitted: 0,
  returned: 0,
  missing: 0,
  notDue: 0,
  draft: 0,
});

export function addReport(counts: StateCounts, state: ReportState, draft: boolean): void {
  counts.expected += 1;
  if (state === 'due' || state === 'upcoming') counts.notDue += 1;
  else counts[state] += 1;
  if (draft && (state === 'missing' || state === 'due' || state === 'upcoming')) counts.draft += 1;
}

export function addCounts(into: StateCounts, from: StateCounts): void {
  for (const k of Object.keys(into) as (keyof StateCounts)[]) into[k] += from[k];
}

/**
 * Missing first (someone must chase it), then returned (the partner must correct), then
 * submitted (the backbone must review), then not due yet, and approved only when all are.
 */
export function cellState(c: StateCounts): CellState {
  if (c.expected === 0) return 'not_expected';
  if (c.missing > 0) return 'missing';
  if (c.returned > 0) return 'returned';
  if (c.submitted > 0) return 'submitted';
  if (c.notDue > 0) return 'not_due';
  return 'approved';
}
