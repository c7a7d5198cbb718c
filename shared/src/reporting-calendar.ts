import { z } from 'zod';
import { type FiscalYearStartMonth, monthOfIndex, requirePeriod, yearOfIndex } from './periods';
import { isoDate } from './schemas/common';

/**
 * The reporting calendar of a collaboration (issue 6): when each period's reports are due, and
 * when reminders go to partners with missing reports. Pure functions shared by the api (partner
 * home, heatmap, attention, calendar routes), the worker (reminders) and the web app.
 */
export const CALENDAR_PERIODICITIES = ['month', 'quarter', 'year'] as const;
export type CalendarPeriodicity = (typeof CALENDAR_PERIODICITIES)[number];

/**
 * - `end_of_next_month`: the last day of the month after the period ends (March by 30 April);
 * - `days_after_end`: `days` days after the period's last day (0 = its last day).
 */
export const DUE_RULES = ['end_of_next_month', 'days_after_end'] as const;
export type DueRule = (typeof DUE_RULES)[number];

export const MAX_OVERDUE_REMINDERS = 5;

const days = (max: number) =>
  z
    .number({ message: 'must be a whole number of days' })
    .int({ message: 'must be a whole number of days' })
    .min(0, { message: 'must be 0 or more' })
    .max(max, { message: `must be at most ${max}` });

export const periodicityCalendarSchema = z
  .strictObject({
    rule: z.enum(DUE_RULES, { message: `must be one of ${DUE_RULES.join(', ')}` }),
    /** Days after the period ends (rule days_after_end). */
    days: days(365).default(0),
    /** A reminder this many days before the due date; 0 = none. */
    remindDaysBefore: days(90).default(7),
    /** Overdue reminders this many days after the due date (e.g. [1, 14]); empty = none. */
    overdueDays: z
      .array(days(365).min(1, { message: 'must be 1 or more' }), { message: 'must be a list of days' })
      .max(MAX_OVERDUE_REMINDERS, { message: `must have at most ${MAX_OVERDUE_REMINDERS} entries` })
      .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a day' })
      .default([1, 14]),
  })
  .transform((c) => ({ ...c, days: c.rule === 'end_of_next_month' ? 0 : c.days, overdueDays: [...c.overdueDays].sort((a, b) => a - b) }));
export type PeriodicityCalendar = z.output<typeof periodicityCalendarSchema>;

/** PUT …/reporting-calendar: the periodicities given are replaced, the others kept. */
export const calendarSettingsInputSchema = z
  .strictObject({
    month: periodicityCalendarSchema.optional(),
    quarter: periodicityCalendarSchema.optional(),
    year: periodicityCalendarSchema.optional(),
    /** Reminders of a day go out once that day has reached this hour in the collaboration's time zone. */
    reminderHour: z
      .number({ message: 'must be an hour from 0 to 23' })
      .int({ message: 'must be an hour from 0 to 23' })
      .min(0, { message: 'must be an hour from 0 to 23' })
      .max(23, { message: 'must be an hour from 0 to 23' })
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'must set at least one of month, quarter, year, reminderHour' });
export type CalendarSettingsInput = z.input<typeof calendarSettingsInputSchema>;

/** PUT …/reporting-calendar/overrides/:period */
export const dueOverrideInputSchema = z.strictObject({ dueDate: isoDate });
export type DueOverrideInput = z.infer<typeof dueOverrideInputSchema>;

export interface CalendarSettings {
  month: PeriodicityCalendar;
  quarter: PeriodicityCalendar;
  year: PeriodicityCalendar;
  reminderHour: number;
}

/** The calendar of a collaboration that never set one: the rule the platform always had. */
export const DEFAULT_CALENDAR: CalendarSettings = {
  month: { rule: 'end_of_next_month', days: 0, remindDaysBefore: 7, overdueDays: [1, 14] },
  quarter: { rule: 'end_of_next_month', days: 0, remindDaysBefore: 7, overdueDays: [1, 14] },
  year: { rule: 'end_of_next_month', days: 0, remindDaysBefore: 7, overdueDays: [1, 14] },
  reminderHour: 9,
};

/** A calendar with its per-period due dates (period key → 'YYYY-MM-DD'). */
export interface ReportingCalendar extends CalendarSettings {
  overrides: Record<string, string>;
}

export const DEFAULT_REPORTING_CALENDAR: ReportingCalendar = { ...DEFAULT_CALENDAR, overrides: {} };

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' plus n days (n may be negative). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day of a month-line index, 'YYYY-MM-DD'. */
function lastDayOfIndex(index: number): string {
  const year = yearOfIndex(index);
  const month = monthOfIndex(index);
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

/** The periodicity whose rule applies to a period key. */
export function periodicityOf(period: string, fy: FiscalYearStartMonth): CalendarPeriodicity {
  return requirePeriod(period, fy).granularity as CalendarPeriodicity;
}

/** The rule's due date of a period, ignoring overrides. */
export function ruleDueDate(period: string, fy: FiscalYearStartMonth, c: PeriodicityCalendar): string {
  const p = requirePeriod(period, fy);
  if (c.rule === 'end_of_next_month') return lastDayOfIndex(p.endIndex + 1);
  return addDays(lastDayOfIndex(p.endIndex), c.days);
}

/** 'YYYY-MM-DD' by which a period's reports are due: the period's override, else its periodicity's rule. */
export function dueDateOf(period: string, fy: FiscalYearStartMonth, cal: ReportingCalendar = DEFAULT_REPORTING_CALENDAR): string {
  const p = requirePeriod(period, fy);
  return cal.overrides[p.key] ?? ruleDueDate(p.key, fy, cal[p.granularity as CalendarPeriodicity]);
}

/** One sentence describing a periodicity's rule, for people. */
export function describeRule(periodicity: CalendarPeriodicity, c: PeriodicityCalendar): string {
  const what = { month: 'A monthly report', quarter: 'A quarterly report', year: 'A yearly report' }[periodicity];
  if (c.rule === 'end_of_next_month') return `${what} is due by the last day of the month after its period ends.`;
  if (c.days === 0) return `${what} is due on the last day of its period.`;
  return `${what} is due ${c.days} day${c.days === 1 ? '' : 's'} after its period ends.`;
}

/** The calendar as one text (the "due rule" the partner home and heatmap show). */
export function describeCalendar(cal: CalendarSettings): string {
  const same = CALENDAR_PERIODICITIES.every((p) => cal[p].rule === cal.month.rule && cal[p].days === cal.month.days);
  if (same && cal.month.rule === 'end_of_next_month') {
    return 'A report is due by the last day of the month after its period ends (March by 30 April, a quarter ending in March by 30 April), in the collaboration’s time zone.';
  }
  return `${CALENDAR_PERIODICITIES.map((p) => describeRule(p, cal[p])).join(' ')} Dates are in the collaboration’s time zone; the backbone may set another date for one period.`;
}

export type ReminderKind = 'before_due' | `overdue_${number}`;

/** The reminder days of a period: `before_due` (due − remindDaysBefore) and `overdue_N` (due + N). */
export function reminderDays(period: string, fy: FiscalYearStartMonth, cal: ReportingCalendar): { kind: ReminderKind; date: string; dueDate: string }[] {
  const p = requirePeriod(period, fy);
  const c = cal[p.granularity as CalendarPeriodicity];
  const due = dueDateOf(p.key, fy, cal);
  const out: { kind: ReminderKind; date: string; dueDate: string }[] = [];
  if (c.remindDaysBefore > 0) out.push({ kind: 'before_due', date: addDays(due, -c.remindDaysBefore), dueDate: due });
  for (const n of c.overdueDays) out.push({ kind: `overdue_${n}`, date: addDays(due, n), dueDate: due });
  return out;
}

/** The local date and hour in a time zone (UTC when the zone is unknown to this runtime). */
export function localNow(timeZone: string, now: Date = new Date()): { date: string; hour: number } {
  const format = (tz: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
    const get = (t: string) => parts.find((x) => x.type === t)!.value;
    return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
  };
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/**
 * Whether a reminder dated `date` is due to be sent now: its day has come (at or after the
 * reminder hour in the collaboration's zone), and it is not older than `maxAgeDays` (turning
 * reminders on must not send a year of history).
 */
export function reminderDue(date: string, local: { date: string; hour: number }, reminderHour: number, maxAgeDays = 7): boolean {
  if (date > local.date) return false;
  if (date === local.date && local.hour < reminderHour) return false;
  return date >= addDays(local.date, -maxAgeDays);
}

/** What the calendar routes answer. */
export interface ReportingCalendarView {
  settings: CalendarSettings;
  overrides: { period: string; periodLabel: string; dueDate: string; ruleDueDate: string }[];
  description: string;
  timeZone: string;
  updatedAt: string | null;
}

export interface UpcomingDueDate {
  periodicity: CalendarPeriodicity;
  period: string;
  periodLabel: string;
  dueDate: string;
  overridden: boolean;
  /** Reports expected for this period (active partners' commitments; a partner: its own) and how many are not sent yet; null for funders. */
  expectedReports: number | null;
  missingReports: number | null;
}

export interface ReminderView {
  id: string;
  partner: { id: string; organisationName: string };
  periodicity: CalendarPeriodicity;
  period: string;
  periodLabel: string;
  kind: string;
  dueDate: string;
  missing: { code: string; name: string }[];
  sentAt: string;
  recipients: { userId: string; name: string; email: string; emailState: string; emailError: string | null }[];
}

/** GET …/reminders?partnerId=&limit= */
export const remindersQuerySchema = z.strictObject({
  partnerId: z.uuid({ message: 'must be a UUID' }).optional(),
  limit: z.coerce
    .number({ message: 'must be a number from 1 to 500' })
    .int({ message: 'must be a number from 1 to 500' })
    .min(1, { message: 'must be a number from 1 to 500' })
    .max(500, { message: 'must be a number from 1 to 500' })
    .default(100),
});
export type RemindersQuery = z.infer<typeof remindersQuerySchema>;
