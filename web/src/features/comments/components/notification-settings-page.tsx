import { Alert, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { EMAIL_MODES, type EmailMode, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from '@constellation/shared';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { usePreferences, useSetPreferences } from '../hooks/use-comments';

const MODE_LABELS: Record<EmailMode, string> = { immediate: 'Email me', digest: 'Daily digest', off: 'No email' };

/** Per kind: email at once, in one daily digest, or in-app only. */
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
                    value={prefs.data[kind]}
                    disabled={save.isPending}
                    data={EMAIL_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
                    onChange={(value) =>
                      save.mutate(
                        { [kind]: value as EmailMode },
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
      <Stack mt="md">
        <Alert color="gray" variant="light">
          <Text size="sm">Every notification email has a one-click link to stop that kind of email.</Text>
        </Alert>
      </Stack>
    </>
  );
}
