import { Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailPlus, IconMailbox } from '@tabler/icons-react';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { roleLabel } from '../../../lib/labels';
import { useInvitations, useRevokeInvitation } from '../hooks/use-partners';

export function InvitationsTab({ collaborationId, onInvite }: { collaborationId: string; onInvite: () => void }) {
  const invitations = useInvitations(collaborationId);
  const revoke = useRevokeInvitation(collaborationId);

  if (invitations.isPending) return <PageLoader />;
  if (invitations.isError) return <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} what="the invitations" />;

  const inviteButton = (
    <Button leftSection={<IconMailPlus size={16} aria-hidden />} onClick={onInvite}>
      Invite an organisation
    </Button>
  );

  if (invitations.data.length === 0)
    return (
      <EmptyStatePanel icon={<IconMailbox size={28} aria-hidden />} title="No invitations yet" headingOrder={3} actions={inviteButton}>
        Invite a contact at each partner organisation, funder or backbone colleague by email. They get a link to read the common
        agenda and join.
      </EmptyStatePanel>
    );

  return (
    <>
      <Group justify="flex-end" mb="md">
        {inviteButton}
      </Group>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" aria-label="Invitations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Organisation</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Invited by</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Text size="sm">{i.email}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.organisation?.name ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{roleLabel(i.role)}</Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={i.status === 'pending' ? 'invited' : i.status} label={i.status === 'pending' ? 'Waiting' : undefined} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.invitedBy?.name ?? '—'}</Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(i.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.status === 'pending' ? formatDate(i.expiresAt) : '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {i.status === 'pending' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={revoke.isPending && revoke.variables === i.id}
                      aria-label={`Revoke the invitation to ${i.email}`}
                      onClick={() =>
                        revoke.mutate(i.id, {
                          onSuccess: () => notifications.show({ color: 'green', message: `The invitation to ${i.email} no longer works.` }),
                          onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
                        })
                      }
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
