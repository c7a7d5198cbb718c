import type {
  CalendarSettingsInput,
  ReminderView,
  ReportingCalendarView,
  UpcomingDueDate,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

/** The reporting calendar routes (docs/API.md, "Reporting calendar and reminders"). */
const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}`;

export const getCalendar = (cid: string) => api.get<ReportingCalendarView>(`${base(cid)}/reporting-calendar`);
export const putCalendar = (cid: string, body: CalendarSettingsInput) => api.put<ReportingCalendarView>(`${base(cid)}/reporting-calendar`, body);
export const putOverride = (cid: string, period: string, dueDate: string) =>
  api.put<ReportingCalendarView>(`${base(cid)}/reporting-calendar/overrides/${encodeURIComponent(period)}`, { dueDate });
export const deleteOverride = (cid: string, period: string) =>
  api.delete<ReportingCalendarView>(`${base(cid)}/reporting-calendar/overrides/${encodeURIComponent(period)}`);
export const getUpcoming = (cid: string) => api.get<{ today: string; items: UpcomingDueDate[] }>(`${base(cid)}/reporting-calendar/upcoming`);
export const getReminders = (cid: string) => api.get<{ items: ReminderView[] }>(`${base(cid)}/reminders`);
