import { ActionIcon, Button, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconDoorExit, IconMailPlus, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { sectorLabel } from '../../../lib/labels';
import type { Partner } from '../api/partners-api';
import { usePartners, useRemovePartner } from '../hooks/use-partners';

const KIND_LABELS: Record<string, string> = { backbone: 'Backbone', partner: 'Partner', funder: 'Funder' };

function Endorsement({ p }: { p: Partner }) {
  if (p.endorsesCurrentAgenda) return <StatusBadge status="endorsed" />;
  if (p.endorsedAgendaVersion) return <StatusBadge status="outdated" label={`Endorsed version ${p.endorsedAgendaVersion}`} />;
  if (p.kind !== 'partner')
    return (
      <Text size="sm" c="dimmed">
        <span aria-hidden>—</span>
        <VisuallyHidden>Not needed</VisuallyHidden>
      </Text>
    );
  return <StatusBadge status="not_endorsed" />;
}

export function PartnersTab({ collaborationId, canManage, onInvite }: { collaborationId: string; canManage: boolean; onInvite: () => void }) {
  const partners = usePartners(collaborationId);
  const remove = useRemovePartner(collaborationId);
  const [removing, setRemoving] = useState<Partner | null>(null);

  if (partners.isPending) return <PageLoader />;
  if (partners.isError) return <ErrorState error={partners.error} onRetry={() => partners.refetch()} what="the partners" />;

  const list = partners.data;
  const others = list.filter((p) => p.kind !== 'backbone');
  return (
    <>
      {others.length === 0 && (
        <EmptyStatePanel
          icon={<IconUsersGroup size={28} aria-hidden />}
          title="No partner organisations yet"
          headingOrder={3}
          actions={
            canManage ? (
              <Button leftSection={<IconMailPlus size={16} aria-hidden />} onClick={onInvite}>
                Invite an organisation
              </Button>
            ) : undefined
          }
        >
          Partners are the organisations that share the agenda and report on the shared measures. Invite each by email; they read
          the agenda, endorse it, and join.
        </EmptyStatePanel>
      )}
      {list.length > 0 && (
        <Table.ScrollContainer minWidth={760} mt={others.length === 0 ? 'lg' : 0}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Partner organisations" data-testid="partners-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Organisation</Table.Th>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Common agenda</Table.Th>
                <Table.Th scope="col">People</Table.Th>
                <Table.Th scope="col">Joined</Table.Th>
                {canManage && (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((p) => (
                <Table.Tr key={p.id} data-testid={`partner-row-${p.organisation.name}`}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {p.organisation.name}
                    </Text>
                    {p.sector && (
                      <Text size="xs" c="dimmed">
                        {sectorLabel(p.sector)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{KIND_LABELS[p.kind] ?? p.kind}</Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={p.status} />
                  </Table.Td>
                  <Table.Td>
                    <Endorsement p={p} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.memberCount}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.joinedAt ? formatDate(p.joinedAt) : '—'}</Text>
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      {p.kind !== 'backbone' && p.status !== 'left' && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${p.organisation.name}`}>
                              <IconDots size={16} aria-hidden />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item color="red" leftSection={<IconDoorExit size={14} aria-hidden />} onClick={() => setRemoving(p)}>
                              Remove from the collaboration
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {others.length > 0 && canManage && (
        <Group mt="md">
          <Button variant="light" leftSection={<IconMailPlus size={16} aria-hidden />} onClick={onInvite}>
            Invite an organisation
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={!!removing}
        title={`Remove ${removing?.organisation.name ?? ''}?`}
        confirmLabel="Remove partner"
        danger
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `${removing.organisation.name} has left the collaboration.` });
              setRemoving(null);
            },
            onError: (e) => notifications.show({ color: 'red', title: 'Could not remove', message: errorMessage(e) }),
          })
        }
      >
        The organisation will be marked as having left and its people will lose access. Numbers it reported stay in the record.
      </ConfirmModal>
    </>
  );
}
