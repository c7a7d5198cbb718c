import { Button, Card, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconInbox, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { sectorLabel } from '../../../lib/labels';
import type { JoinRequest } from '../api/partners-api';
import { useDecideJoinRequest, useJoinRequests } from '../hooks/use-partners';

export function JoinRequestsTab({ collaborationId, joinCode }: { collaborationId: string; joinCode?: string | null }) {
  const requests = useJoinRequests(collaborationId);
  const decide = useDecideJoinRequest(collaborationId);
  const [declining, setDeclining] = useState<JoinRequest | null>(null);
  const [reason, setReason] = useState('');

  if (requests.isPending) return <PageLoader />;
  if (requests.isError) return <ErrorState error={requests.error} onRetry={() => requests.refetch()} what="the join requests" />;

  const act = (r: JoinRequest, decision: 'approve' | 'reject', why?: string) =>
    decide.mutate(
      { partnerId: r.partnerId, decision, reason: why?.trim() || undefined },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: decision === 'approve' ? `${r.organisation.name} is now a partner.` : `The request from ${r.organisation.name} was declined.`,
          });
          setDeclining(null);
          setReason('');
        },
        onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
      },
    );

  if (requests.data.length === 0)
    return (
      <EmptyStatePanel icon={<IconInbox size={28} aria-hidden />} title="No requests waiting" headingOrder={3}>
        Organisations can ask to join with the collaboration's join code
        {joinCode ? (
          <>
            {' '}
            (<strong style={{ fontFamily: 'monospace' }}>{joinCode}</strong>)
          </>
        ) : null}
        . Their requests appear here for you to approve or decline.
      </EmptyStatePanel>
    );

  return (
    <Stack>
      {requests.data.map((r) => (
        <Card key={r.partnerId} component="article" aria-label={`Request from ${r.organisation.name}`}>
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
            <Stack gap={4} style={{ flex: '1 1 300px' }}>
              <Text fw={650}>{r.organisation.name}</Text>
              <Text size="sm" c="dimmed">
                {[sectorLabel(r.sector), r.requestedBy ? `asked by ${r.requestedBy.name} (${r.requestedBy.email})` : '', formatDateTime(r.createdAt)]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {r.message && (
                <Text size="sm" className="preserve-lines" mt={4}>
                  “{r.message}”
                </Text>
              )}
            </Stack>
            <Group gap="xs">
              <Button
                variant="default"
                leftSection={<IconX size={16} aria-hidden />}
                onClick={() => setDeclining(r)}
                aria-label={`Decline the request from ${r.organisation.name}`}
              >
                Decline
              </Button>
              <Button
                leftSection={<IconCheck size={16} aria-hidden />}
                loading={decide.isPending && decide.variables?.partnerId === r.partnerId && decide.variables.decision === 'approve'}
                onClick={() => act(r, 'approve')}
                aria-label={`Approve the request from ${r.organisation.name}`}
              >
                Approve
              </Button>
            </Group>
          </Group>
        </Card>
      ))}
      <Modal opened={!!declining} onClose={() => setDeclining(null)} title={`Decline ${declining?.organisation.name ?? ''}?`}>
        <Stack>
          <Textarea
            label="Reason (optional)"
            description="Shared with the person who asked."
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeclining(null)}>
              Cancel
            </Button>
            <Button color="red" loading={decide.isPending} onClick={() => declining && act(declining, 'reject', reason)}>
              Decline request
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
