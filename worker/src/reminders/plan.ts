import {
  CALENDAR_PERIODICITIES,
  type CalendarPeriodicity,
  expectedReports,
  type FiscalYearStartMonth,
  parsePeriodKey,
  periodAtIndex,
  reminderDays,
  reminderDue,
  type ReminderKind,
  type ReportingCalendar,
  requirePeriod,
  toMonthIndex,
} from '@constellation/shared';

/** Reminder days older than this are not sent (turning reminders on must not send history). */
export const MAX_REMINDER_AGE_DAYS = 7;

export interface CommitmentRow {
  partnerId: string;
  indicatorId: string;
  code: string;
  periodicity: CalendarPeriodicity;
  startPeriod: string;
  endPeriod: string | null;
}

export interface PlannedReminder {
  partnerId: string;
  periodicity: CalendarPeriodicity;
  period: string;
  kind: ReminderKind;
  dueDate: string;
  /** The committed indicators of this period with no submitted or approved value. */
  indicators: { id: string; code: string }[];
}

/** Whether a period is closed by a lock on it or on a coarser period containing it. */
function isLocked(period: string, locks: readonly string[], fy: FiscalYearStartMonth): boolean {
  const p = requirePeriod(period, fy);
  return locks.some((key) => {
    const r = parsePeriodKey(key, fy);
    return r.ok && r.period.startIndex <= p.startIndex && p.endIndex <= r.period.endIndex;
  });
}

/**
 * The reminders due now in one collaboration. For each period of a periodicity in use whose latest
 * reminder day has come (in the collaboration's local date, at or after its reminder hour, and at
 * most MAX_REMINDER_AGE_DAYS ago), each active partner with missing committed reports of that
 * period gets that one reminder kind (only the latest: days that were skipped stay skipped). A
 * `before_due` reminder is never sent once the due date has passed. Locked periods and periods
 * outside a commitment are not reminded.
 */
export function planReminders(input: {
  fy: FiscalYearStartMonth;
  calendar: ReportingCalendar;
  local: { date: string; hour: number };
  commitments: readonly CommitmentRow[];
  /** `${partnerId}|${indicatorId}|${period}` of reports sent (a submitted or approved value). */
  reported: ReadonlySet<string>;
  lockedPeriods: readonly string[];
}): PlannedReminder[] {
  const { fy, calendar, local } = input;
  const thisMonth = toMonthIndex(Number(local.date.slice(0, 4)), Number(local.date.slice(5, 7)));
  const out: PlannedReminder[] = [];
  for (const g of CALENDAR_PERIODICITIES) {
    const commitments = input.commitments.filter((c) => c.periodicity === g);
    if (commitments.length === 0) continue;
    const keys = new Set<string>();
    // Periods whose reminders can fall in the last week: from well before today to a little after.
    for (let i = thisMonth - 26; i <= thisMonth + 14; i++) keys.add(periodAtIndex(i, g, fy).key);
    for (const period of keys) {
      const due = reminderDays(period, fy, calendar)
        .filter((d) => reminderDue(d.date, local, calendar.reminderHour, MAX_REMINDER_AGE_DAYS))
        .filter((d) => d.kind !== 'before_due' || local.date <= d.dueDate)
        .sort((a, b) => b.date.localeCompare(a.date));
      const latest = due[0];
      if (!latest) continue;
      if (isLocked(period, input.lockedPeriods, fy)) continue;
      const end = periodAtIndex(requirePeriod(period, fy).endIndex, 'month', fy).key;
      const missing = new Map<string, { id: string; code: string }[]>();
      for (const c of commitments) {
        const expected = expectedReports([{ indicatorId: c.indicatorId, periodicity: c.periodicity, startPeriod: c.startPeriod, endPeriod: c.endPeriod }], end, end, fy);
        if (!expected.some((e) => e.period === period)) continue;
        if (input.reported.has(`${c.partnerId}|${c.indicatorId}|${period}`)) continue;
        const list = missing.get(c.partnerId) ?? [];
        list.push({ id: c.indicatorId, code: c.code });
        missing.set(c.partnerId, list);
      }
      for (const [partnerId, indicators] of missing) {
        out.push({ partnerId, periodicity: g, period, kind: latest.kind, dueDate: latest.dueDate, indicators: indicators.sort((a, b) => a.code.localeCompare(b.code)) });
      }
    }
  }
  return out;
}
