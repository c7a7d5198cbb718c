import {
  CALENDAR_PERIODICITIES,
  type CalendarPeriodicity,
  type CalendarSettings,
  type DueRule,
  type ErrorDetail,
  type ReminderView,
} from '@constellation/shared';
import { Alert, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useCalendar, useCalendarMutations, useReminders, useUpcomingDueDates } from '../hooks/use-calendar';

const PERIODICITY_LABEL: Record<CalendarPeriodicity, string> = { month: 'Monthly reports', quarter: 'Quarterly reports', year: 'Yearly reports' };
const RULE_OPTIONS: { value: DueRule; label: string }[] = [
  { value: 'end_of_next_month', label: 'By the end of the next month' },
  { value: 'days_after_end', label: 'A number of days after the period ends' },
];
const EMAIL_STATE: Record<string, { label: string; color: string }> = {
  pending: { label: 'Email waiting', color: 'gray' },
  queued: { label: 'Email queued', color: 'blue' },
  sent: { label: 'Email sent', color: 'teal' },
  failed: { label: 'Email not delivered', color: 'red' },
  skipped: { label: 'Email off', color: 'gray' },
  digest: { label: 'In daily digest', color: 'grape' },
};

export const reminderKindLabel = (kind: string) =>
  kind === 'before_due' ? 'Before the due date' : kind.startsWith('overdue_') ? `Overdue, ${kind.slice(8)} day${kind === 'overdue_1' ? '' : 's'} after` : kind;

/** A table wider than a phone scrolls sideways; the region is focusable so keyboards can scroll it. */
function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}

interface Draft {
  rule: DueRule;
  days: number;
  remindDaysBefore: number;
  overdueDays: string;
}
type Drafts = Record<CalendarPeriodicity, Draft>;

const toDrafts = (s: CalendarSettings): Drafts =>
  Object.fromEntries(
    CALENDAR_PERIODICITIES.map((p) => [p, { rule: s[p].rule, days: s[p].days, remindDaysBefore: s[p].remindDaysBefore, overdueDays: s[p].overdueDays.join(', ') }]),
  ) as Drafts;

/** "1, 14" → [1, 14]; anything that is not a list of whole numbers is sent as is for the api to name. */
function parseDays(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((t) => (/^\s*\d+\s*$/.test(t) ? Number(t) : Number.NaN));
}

function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  return Object.fromEntries(error.details.map((d: ErrorDetail) => [d.path.replace(/\.\d+$/, ''), d.message]));
}

function SettingsForm({ cid, settings }: { cid: string; settings: CalendarSettings }) {
  const { save } = useCalendarMutations(cid);
  const [drafts, setDrafts] = useState<Drafts>(() => toDrafts(settings));
  const [hour, setHour] = useState<number>(settings.reminderHour);
  const errors = fieldErrors(save.error);
  const set = (p: CalendarPeriodicity, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [p]: { ...d[p], ...patch } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(
      CALENDAR_PERIODICITIES.map((p) => [
        p,
        { rule: drafts[p].rule, days: drafts[p].days, remindDaysBefore: drafts[p].remindDaysBefore, overdueDays: parseDays(drafts[p].overdueDays) },
      ]),
    );
    save.mutate({ ...body, reminderHour: hour });
  };

  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="calendar-settings-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="calendar-settings-title">
          When reports are due, and reminders
        </Title>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          {CALENDAR_PERIODICITIES.map((p) => (
            <Stack key={p} gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Text component="legend" fw={600} size="sm">
                {PERIODICITY_LABEL[p]}
              </Text>
              <Select
                label="Due"
                data={RULE_OPTIONS}
                value={drafts[p].rule}
                onChange={(v) => v && set(p, { rule: v as DueRule })}
                allowDeselect={false}
                error={errors[`${p}.rule`]}
              />
              {drafts[p].rule === 'days_after_end' && (
                <NumberInput
                  label="Days after the period ends"
                  min={0}
                  max={365}
                  value={drafts[p].days}
                  onChange={(v) => set(p, { days: typeof v === 'number' ? v : Number(v) })}
                  error={errors[`${p}.days`]}
                />
              )}
              <NumberInput
                label="Reminder, days before the due date (0 = none)"
                min={0}
                max={90}
                value={drafts[p].remindDaysBefore}
                onChange={(v) => set(p, { remindDaysBefore: typeof v === 'number' ? v : Number(v) })}
                error={errors[`${p}.remindDaysBefore`]}
              />
              <TextInput
                label="Overdue reminders, days after the due date"
                description="Comma-separated, e.g. 1, 14 (empty = none)"
                value={drafts[p].overdueDays}
                onChange={(e) => set(p, { overdueDays: e.currentTarget.value })}
                error={errors[`${p}.overdueDays`]}
              />
            </Stack>
          ))}
        </SimpleGrid>
        <NumberInput
          label="Send a reminder day's reminders from (hour, collaboration time)"
          min={0}
          max={23}
          value={hour}
          onChange={(v) => setHour(typeof v === 'number' ? v : Number(v))}
          error={errors.reminderHour}
          maw={360}
        />
        {save.error && !Object.keys(errors).length ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save the calendar
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function OverridesCard({ cid, overrides }: { cid: string; overrides: { period: string; periodLabel: string; dueDate: string; ruleDueDate: string }[] }) {
  const { setOverride, removeOverride } = useCalendarMutations(cid);
  const [period, setPeriod] = useState('');
  const [dueDate, setDueDate] = useState('');
  const errors = fieldErrors(setOverride.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOverride.mutate(
      { period: period.trim(), dueDate },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Reports for ${period.trim()} are now due on ${dueDate}.` });
          setPeriod('');
          setDueDate('');
        },
      },
    );
  };
  return (
    <Card withBorder aria-labelledby="overrides-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="overrides-title">
          Due dates for one period
        </Title>
        {overrides.length === 0 ? (
          <Text size="sm" c="dimmed">
            Every period follows the rules above.
          </Text>
        ) : (
          <ScrollRegion label="Due dates for one period">
            <Table miw={420}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Period</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>By the rule</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {overrides.map((o) => (
                  <Table.Tr key={o.period}>
                    <Table.Td>{o.periodLabel}</Table.Td>
                    <Table.Td>{o.dueDate}</Table.Td>
                    <Table.Td>{o.ruleDueDate}</Table.Td>
                    <Table.Td>
                      <Button
                        variant="subtle"
                        color="red"
                        size="xs"
                        leftSection={<IconTrash size={14} aria-hidden />}
                        onClick={() => removeOverride.mutate(o.period)}
                        aria-label={`Use the rule again for ${o.periodLabel}`}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
        <Group component="form" onSubmit={submit} align="flex-end" wrap="wrap">
          <TextInput
            label="Period"
            placeholder="2026-03, 2026-Q1 or 2026"
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={errors['params.period']}
            required
          />
          <TextInput label="Due date" type="date" value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} error={errors.dueDate} required />
          <Button type="submit" variant="light" loading={setOverride.isPending}>
            Set the due date
          </Button>
        </Group>
        {setOverride.error && !Object.keys(errors).length ? <Alert color="red">{errorMessage(setOverride.error)}</Alert> : null}
      </Stack>
    </Card>
  );
}

function RemindersCard({ items, showPartner }: { items: ReminderView[]; showPartner: boolean }) {
  return (
    <Card withBorder aria-labelledby="reminders-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="reminders-title">
          Reminders sent
        </Title>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No reminder has been sent yet. Partners with missing reports are reminded on the days set above.
          </Text>
        ) : (
          <ScrollRegion label="Reminders sent">
            <Table verticalSpacing="xs" miw={720}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sent</Table.Th>
                  {showPartner && <Table.Th>Partner</Table.Th>}
                  <Table.Th>Period</Table.Th>
                  <Table.Th>Reminder</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Missing</Table.Th>
                  <Table.Th>Reminded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{formatDateTime(r.sentAt)}</Table.Td>
                    {showPartner && <Table.Td>{r.partner.organisationName}</Table.Td>}
                    <Table.Td>{r.periodLabel}</Table.Td>
                    <Table.Td>{reminderKindLabel(r.kind)}</Table.Td>
                    <Table.Td>{r.dueDate}</Table.Td>
                    <Table.Td>{r.missing.map((m) => m.code).join(', ')}</Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        {r.recipients.length === 0 && (
                          <Text size="sm" c="dimmed">
                            Nobody (no member of this organisation)
                          </Text>
                        )}
                        {r.recipients.map((p) => {
                          const state = EMAIL_STATE[p.emailState] ?? { label: p.emailState, color: 'gray' };
                          return (
                            <Group key={p.userId} gap={6} wrap="nowrap">
                              <Text size="sm">{p.name}</Text>
                              <Badge color={state.color} variant="light" title={p.emailError ?? undefined}>
                                {state.label}
                              </Badge>
                            </Group>
                          );
                        })}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
      </Stack>
    </Card>
  );
}

/** The reporting calendar: due dates for everyone; settings, per-period dates and reminders sent for the backbone. */
export function ReportingCalendarPage() {
  const { collaborationId: cid, can, membership } = useCollaborationContext();
  const manage = can('values.review');
  const seesReminders = can('values.read');
  const calendar = useCalendar(cid);
  const upcoming = useUpcomingDueDates(cid);
  const reminders = useReminders(cid, seesReminders);

  if (calendar.isPending) return <PageLoader />;
  if (calendar.isError) return <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} what="the reporting calendar" />;
  const cal = calendar.data;
  const showCounts = membership.role !== 'funder';

  return (
    <Stack gap="lg">
      <PageHeader
        title="Reporting calendar"
        description={`${cal.description} Time zone: ${cal.timeZone}.`}
      />
      <Card withBorder aria-labelledby="upcoming-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="upcoming-title">
            Next due dates
          </Title>
          {upcoming.isError ? (
            <ErrorState error={upcoming.error} onRetry={() => void upcoming.refetch()} what="the due dates" />
          ) : !upcoming.data ? (
            <Text size="sm" c="dimmed">
              Loading…
            </Text>
          ) : (
            <ScrollRegion label="Next due dates">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Period</Table.Th>
                    <Table.Th>Due</Table.Th>
                    {showCounts && <Table.Th>{manage ? 'Reports not sent yet' : 'Your reports not sent yet'}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {upcoming.data.items.map((i) => (
                    <Table.Tr key={i.period}>
                      <Table.Td>{i.periodLabel}</Table.Td>
                      <Table.Td>
                        {i.dueDate}
                        {i.overridden && (
                          <Badge ml="xs" variant="light" color="grape">
                            set for this period
                          </Badge>
                        )}
                      </Table.Td>
                      {showCounts && <Table.Td>{i.expectedReports === null ? '—' : `${i.missingReports} of ${i.expectedReports}`}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
        </Stack>
      </Card>
      {/* Keyed by the saved version: the form starts again from what was saved. */}
      {manage && <SettingsForm key={cal.updatedAt ?? 'default'} cid={cid} settings={cal.settings} />}
      {manage && <OverridesCard cid={cid} overrides={cal.overrides} />}
      {seesReminders && reminders.data && <RemindersCard items={reminders.data.items} showPartner={manage} />}
      {seesReminders && reminders.isError && <ErrorState error={reminders.error} onRetry={() => void reminders.refetch()} what="the reminders" />}
    </Stack>
  );
}
