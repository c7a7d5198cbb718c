import type { CalendarSettingsInput } from '@constellation/shared';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteOverride, getCalendar, getReminders, getUpcoming, putCalendar, putOverride } from '../api/calendar-api';

/** Due dates and report counts change with values (live); the settings only with these forms. */
export const calendarKeys = {
  calendar: (cid: string) => ['reporting-calendar', cid] as const,
  upcoming: (cid: string) => ['live', cid, 'reporting-calendar', 'upcoming'] as const,
  reminders: (cid: string) => ['live', cid, 'reminders'] as const,
};

export function useCalendar(cid: string) {
  return useQuery({ queryKey: calendarKeys.calendar(cid), queryFn: () => getCalendar(cid) });
}

export function useUpcomingDueDates(cid: string) {
  return useQuery({ queryKey: calendarKeys.upcoming(cid), queryFn: () => getUpcoming(cid) });
}

export function useReminders(cid: string, enabled: boolean) {
  return useQuery({ queryKey: calendarKeys.reminders(cid), queryFn: () => getReminders(cid), enabled });
}

export function useCalendarMutations(cid: string) {
  const qc = useQueryClient();
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: calendarKeys.calendar(cid) });
    // Due dates move the partner home, the heatmap and "needs attention" too.
    await qc.invalidateQueries({ queryKey: ['live', cid] });
  };
  return {
    // The settings form starts again from what was saved (it is keyed by the saved version), so
    // the confirmation is shown here rather than by the form.
    save: useMutation({
      mutationFn: (body: CalendarSettingsInput) => putCalendar(cid, body),
      onSuccess: async () => {
        notifications.show({ color: 'green', message: 'The reporting calendar is saved.' });
        await refresh();
      },
    }),
    setOverride: useMutation({ mutationFn: (v: { period: string; dueDate: string }) => putOverride(cid, v.period, v.dueDate), onSuccess: refresh }),
    removeOverride: useMutation({ mutationFn: (period: string) => deleteOverride(cid, period), onSuccess: refresh }),
  };
}
