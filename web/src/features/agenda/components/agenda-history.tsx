import { Badge, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconFileText, IconShieldCheck } from '@tabler/icons-react';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { formatDateTime } from '../../../lib/format';
import { useAgendaVersions } from '../hooks/use-agenda';

/** Every version of the agenda, newest first: who saved it, when, why, and who endorsed it. */
export function AgendaHistory({ collaborationId }: { collaborationId: string }) {
  const versions = useAgendaVersions(collaborationId);
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="history-heading">
      <Title order={2} size="h3" id="history-heading" mb="md">
        Version history
      </Title>
      {versions.isPending ? (
        <PageLoader label="Loading the history…" />
      ) : versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => versions.refetch()} what="the version history" />
      ) : (
        <Timeline active={0} bulletSize={26} lineWidth={2} data-testid="agenda-history">
          {versions.data.map((v, i) => (
            <Timeline.Item
              key={v.version}
              bullet={<IconFileText size={14} aria-hidden />}
              title={
                <Group gap="xs">
                  <Text fw={650} size="sm">
                    Version {v.version}
                  </Text>
                  {i === 0 && (
                    <Badge size="sm" variant="light" color="sky" tt="none" radius="sm">
                      Current
                    </Badge>
                  )}
                </Group>
              }
            >
              <Stack gap={6}>
                <Text size="xs" c="dimmed">
                  Saved by {v.author?.name ?? 'someone no longer here'} on {formatDateTime(v.createdAt)}
                </Text>
                <Text size="sm">{v.changeNote || (v.version === 1 ? 'First version.' : 'No note.')}</Text>
                {v.endorsements && v.endorsements.length > 0 ? (
                  <Group gap={6} aria-label={`Endorsed by ${v.endorsements.length}`}>
                    <Text size="xs" c="dimmed">
                      Endorsed by
                    </Text>
                    {v.endorsements.map((e) => (
                      <Badge
                        key={e.partnerId}
                        size="sm"
                        variant="light"
                        color="green"
                        tt="none"
                        radius="sm"
                        leftSection={<IconShieldCheck size={12} aria-hidden />}
                      >
                        {e.organisationName}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  <Text size="xs" c="dimmed">
                    No partner has endorsed this version.
                  </Text>
                )}
              </Stack>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}
