import { type CalendarSettings, DEFAULT_CALENDAR, type ReportingCalendar } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '../collaborations/common/sql';

/** A stored calendar merged over the default (a stored one is always complete; this also survives older rows). */
export function mergeSettings(stored: Partial<CalendarSettings> | null | undefined): CalendarSettings {
  return {
    month: stored?.month ?? DEFAULT_CALENDAR.month,
    quarter: stored?.quarter ?? DEFAULT_CALENDAR.quarter,
    year: stored?.year ?? DEFAULT_CALENDAR.year,
    reminderHour: stored?.reminderHour ?? DEFAULT_CALENDAR.reminderHour,
  };
}

/** A collaboration's reporting calendar: its settings (or the default) and per-period due dates. */
export async function loadCalendar(m: EntityManager, collaborationId: string): Promise<ReportingCalendar & { updatedAt: string | null }> {
  const row = await queryOne<{ settings: Partial<CalendarSettings>; updatedAt: string }>(
    m,
    `SELECT settings, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
       FROM reporting_calendars WHERE collaboration_id = $1`,
    [collaborationId],
  );
  const overrides = await queryRows<{ period: string; dueDate: string }>(
    m,
    `SELECT period, to_char(due_date, 'YYYY-MM-DD') AS "dueDate" FROM reporting_due_overrides WHERE collaboration_id = $1 ORDER BY period`,
    [collaborationId],
  );
  return {
    ...mergeSettings(row?.settings),
    overrides: Object.fromEntries(overrides.map((o) => [o.period, o.dueDate])),
    updatedAt: row?.updatedAt ?? null,
  };
}
