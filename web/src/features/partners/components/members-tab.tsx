import { BACKBONE_ROLES, PARTNER_ROLES, ROLES, type Role } from '@constellation/shared';
import { ActionIcon, Button, Group, Select, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { roleLabel } from '../../../lib/labels';
import type { Membership } from '../../auth/api/auth-api';
import type { Member } from '../api/partners-api';
import { useMembers, useRemoveMember, useUpdateMember } from '../hooks/use-partners';

/** Which roles I may give this member (empty: I cannot change it). Mirrors the api's rules. */
function assignableRoles(member: Member, me: Membership): Role[] {
  if (me.permissions.includes('members.manage')) {
    const kind = member.partner?.kind;
    if (kind === 'backbone') return [...BACKBONE_ROLES];
    if (kind === 'partner') return [...PARTNER_ROLES];
    if (kind === 'funder') return ['funder'];
    return [...ROLES];
  }
  if (me.permissions.includes('members.manage_own_org') && member.partner && member.partner.id === me.partnerId) {
    return PARTNER_ROLES.includes(member.role) ? [...PARTNER_ROLES] : [];
  }
  return [];
}

interface MembersTabProps {
  collaborationId: string;
  membership: Membership;
  myUserId: string;
  onInviteColleague?: () => void;
}

export function MembersTab({ collaborationId, membership, myUserId, onInviteColleague }: MembersTabProps) {
  const members = useMembers(collaborationId);
  const update = useUpdateMember(collaborationId);
  const remove = useRemoveMember(collaborationId);
  const [removing, setRemoving] = useState<Member | null>(null);

  if (members.isPending) return <PageLoader />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => members.refetch()} what="the members" />;

  const changeRole = (m: Member, role: Role) =>
    update.mutate(
      { membershipId: m.membershipId, body: { role } },
      {
        onSuccess: () => notifications.show({ color: 'green', message: `${m.user.name} is now ${roleLabel(role).toLowerCase()}.` }),
        onError: (e) => notifications.show({ color: 'red', title: 'Role not changed', message: errorMessage(e) }),
      },
    );

  return (
    <>
      {onInviteColleague && (
        <Group justify="flex-end" mb="md">
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={onInviteColleague}>
            Invite a colleague
          </Button>
        </Group>
      )}
      <Table.ScrollContainer minWidth={700}>
        <Table verticalSpacing="sm" aria-label="People in this collaboration">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Person</Table.Th>
              <Table.Th scope="col">Organisation</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Since</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.map((m) => {
              const isMe = m.user.id === myUserId;
              // People do not change or remove their own access here (another admin does).
              const roles = isMe ? [] : assignableRoles(m, membership);
              return (
                <Table.Tr key={m.membershipId}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {m.user.name}
                      {isMe && (
                        <Text span size="xs" c="dimmed" fw={400}>
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.partner?.organisationName ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    {roles.length > 1 ? (
                      <Select
                        aria-label={`Role of ${m.user.name}`}
                        size="xs"
                        w={200}
                        data={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
                        value={m.role}
                        allowDeselect={false}
                        disabled={update.isPending && update.variables?.membershipId === m.membershipId}
                        onChange={(v) => v && v !== m.role && changeRole(m, v as Role)}
                      />
                    ) : (
                      <Text size="sm">{roleLabel(m.role)}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(m.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {roles.length > 0 && (
                      <Tooltip label={`Remove ${m.user.name}`}>
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${m.user.name}`} onClick={() => setRemoving(m)}>
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={!!removing}
        title={`Remove ${removing?.user.name ?? ''}?`}
        confirmLabel="Remove person"
        danger
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.membershipId, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `${removing.user.name} no longer has access.` });
              setRemoving(null);
            },
            onError: (e) => notifications.show({ color: 'red', title: 'Could not remove', message: errorMessage(e) }),
          })
        }
      >
        They will lose access to this collaboration. Their past work stays in the record.
      </ConfirmModal>
    </>
  );
}
