import { Alert, Group, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { EMAIL_MODES, type EmailMode, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from '@constellation/shared';
import { useMemo } from 'react';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import type { NotificationPreferencesView, PreferencesChange } from '../api/comments-api';
import { usePreferences, useSetPreferences } from '../hooks/use-comments';

const MODE_LABELS: Record<EmailMode, string> = { immediate: 'Email me', digest: 'Daily digest', off: 'No email' };
const DEFAULT_ZONE = '';
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }));

/** Every IANA zone the browser knows (the api checks it again), UTC included. */
function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** When the daily digest goes out: the person's time zone (or the default) and hour. */
function DigestTiming({ prefs }: { prefs: NotificationPreferencesView }) {
  const save = useSetPreferences();
  const zones = useMemo(
    () => [
      {
        value: DEFAULT_ZONE,
        label: prefs.timeZone === null ? `Default: my first collaboration’s (${prefs.effectiveTimeZone})` : 'Default: my first collaboration’s time zone',
      },
      ...timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    ],
    [prefs.timeZone, prefs.effectiveTimeZone],
  );
  const uses = NOTIFICATION_KINDS.filter((k) => prefs.email[k] === 'digest');
  const change = (c: PreferencesChange, done: string) =>
    save.mutate(c, {
      onSuccess: () => notifications.show({ color: 'green', message: done }),
      onError: (e) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) }),
    });
  return (
    <Paper withBorder radius="md" p="md" mt="md" component="section" aria-labelledby="digest-heading">
      <Title order={2} size="h4" id="digest-heading">
        Daily digest
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Notifications set to “Daily digest” arrive together in one email a day, after the hour you choose in your time zone.
      </Text>
      <Group align="flex-end" gap="md" wrap="wrap">
        <Select
          label="Time zone"
          w={340}
          maw="100%"
          searchable
          allowDeselect={false}
          nothingFoundMessage="No such time zone"
          data={zones}
          value={prefs.timeZone ?? DEFAULT_ZONE}
          disabled={save.isPending}
          onChange={(value) => {
            const tz = value === DEFAULT_ZONE || value === null ? null : value;
            change({ timeZone: tz }, tz ? `Digest time zone: ${tz}.` : 'Digest time zone: your first collaboration’s.');
          }}
        />
        <Select
          label="Send after"
          w={140}
          allowDeselect={false}
          data={HOURS}
          value={String(prefs.digestHour)}
          disabled={save.isPending}
          onChange={(value) => value !== null && change({ digestHour: Number(value) }, `Digest sent after ${hourLabel(Number(value))}.`)}
        />
      </Group>
      <Text size="sm" mt="sm" data-testid="digest-summary">
        {uses.length === 0
          ? 'No kind is set to “Daily digest” yet: choose it above for the ones you want together.'
          : `${uses.map((k) => NOTIFICATION_KIND_LABELS[k]).join(', ')}: one email a day after ${hourLabel(prefs.digestHour)} (${prefs.effectiveTimeZone}).`}
      </Text>
    </Paper>
  );
}

/** Per kind: email at once, in one daily digest, or in-app only; and when the digest goes out. */
export function NotificationSettingsPage() {
  const prefs = usePreferences();
  const save = useSetPreferences();
  if (prefs.isPending) return <PageLoader />;
  if (prefs.isError) return <ErrorState error={prefs.error} onRetry={() => prefs.refetch()} what="your email settings" />;
  return (
    <>
      <PageHeader title="Email settings" description="Notifications always appear under the bell. Choose which ones also reach you by email." />
      <Paper withBorder radius="md" p="md">
        <Table aria-label="Emails by kind of notification" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Notification</Table.Th>
              <Table.Th scope="col">Email</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {NOTIFICATION_KINDS.map((kind) => (
              <Table.Tr key={kind}>
                <Table.Th scope="row" fw={500}>
                  <span id={`pref-${kind}`}>{NOTIFICATION_KIND_LABELS[kind]}</span>
                </Table.Th>
                <Table.Td>
                  <SegmentedControl
                    aria-labelledby={`pref-${kind}`}
                    value={prefs.data.email[kind]}
                    disabled={save.isPending}
                    data={EMAIL_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
                    onChange={(value) =>
                      save.mutate(
                        { email: { [kind]: value as EmailMode } },
                        {
                          onSuccess: () => notifications.show({ color: 'green', message: `${NOTIFICATION_KIND_LABELS[kind]}: ${MODE_LABELS[value as EmailMode].toLowerCase()}.` }),
                          onError: (e) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) }),
                        },
                      )
                    }
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <DigestTiming prefs={prefs.data} />
      <Stack mt="md">
        <Alert color="gray" variant="light">
          <Text size="sm">Every notification email, and every daily digest, has a one-click link to stop that kind of email.</Text>
        </Alert>
      </Stack>
    </>
  );
}
