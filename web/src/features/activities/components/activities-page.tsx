import { ACTIVITY_STATUSES, type ActivitiesQuery, type ActivityStatus } from '@constellation/shared';
import { Anchor, Button, Group, Select, Table, Tabs, Text } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { formatDate } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { usePartners } from '../../partners/hooks/use-partners';
import { useActivities } from '../hooks/use-activities';
import { ACTIVITY_STATUS_LABELS } from '../labels';
import { ActivityFormModal } from './activity-form-modal';
import { ActivityStatusBadge } from './activity-status-badge';
import { MatrixTable } from './matrix-table';

export function ActivitiesPage() {
  const { collaborationId, collaboration, membership, can } = useCollaborationContext();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'matrix' ? 'matrix' : 'list';
  const [filters, setFilters] = useState<Partial<ActivitiesQuery>>({});
  const activities = useActivities(collaborationId, filters);
  const partners = usePartners(collaborationId, can('partners.read'));
  const indicators = useIndicators(collaborationId);
  const [adding, setAdding] = useState(false);
  const canManage = can('activities.manage');
  const isBackbone = membership.partnerKind === 'backbone';
  const base = `/collaborations/${collaborationId}/activities`;
  const strategies = collaboration.goals.flatMap((g) => g.strategies);
  const strategyName = (id: string | null) => strategies.find((s) => s.id === id)?.name ?? '—';
  const partnerOptions = (partners.data ?? []).filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: p.organisation.name }));

  const add = canManage ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
      Log an activity
    </Button>
  ) : undefined;

  let list;
  if (activities.isPending) list = <PageLoader />;
  else if (activities.isError) list = <ErrorState error={activities.error} onRetry={() => activities.refetch()} what="the activities" />;
  else if (activities.data.length === 0)
    list = (
      <EmptyStatePanel icon={<IconChecklist size={28} aria-hidden />} title={Object.values(filters).some(Boolean) ? 'No activities match these filters' : 'No activities yet'} headingOrder={2} actions={add}>
        Activities are partners&apos; programmes and actions, linked to a strategy and the indicators they move. Logging them shows who does
        what, and where the gaps are.
      </EmptyStatePanel>
    );
  else
    list = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Activities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Activity</Table.Th>
              <Table.Th scope="col">Partner</Table.Th>
              <Table.Th scope="col">Strategy</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Dates</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {activities.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`${base}/${a.id}`} fw={600} size="sm">
                    {a.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{a.organisationName}</Table.Td>
                <Table.Td>{strategyName(a.strategyId)}</Table.Td>
                <Table.Td>
                  <ActivityStatusBadge status={a.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.startDate || a.endDate ? `${formatDate(a.startDate) || '…'} – ${formatDate(a.endDate) || 'ongoing'}` : '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <>
      <PageHeader title="Activities" description="Mutually reinforcing activities: who does what toward the shared goals." actions={add} />
      <Tabs value={tab} onChange={(v) => setParams(v === 'matrix' ? { tab: 'matrix' } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="list">All activities</Tabs.Tab>
          <Tabs.Tab value="matrix">Who does what</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list">
          <Group mb="md" gap="sm" align="flex-end">
            <Select
              label="Partner"
              placeholder="All partners"
              clearable
              data={partnerOptions}
              value={filters.partnerId ?? null}
              onChange={(v) => setFilters((f) => ({ ...f, partnerId: v ?? undefined }))}
              w={{ base: '100%', xs: 220 }}
            />
            <Select
              label="Strategy"
              placeholder="All strategies"
              clearable
              data={strategies.map((s) => ({ value: s.id, label: s.name }))}
              value={filters.strategyId ?? null}
              onChange={(v) => setFilters((f) => ({ ...f, strategyId: v ?? undefined }))}
              w={{ base: '100%', xs: 220 }}
            />
            <Select
              label="Status"
              placeholder="Any status"
              clearable
              data={ACTIVITY_STATUSES.map((s) => ({ value: s, label: ACTIVITY_STATUS_LABELS[s] }))}
              value={filters.status ?? null}
              onChange={(v) => setFilters((f) => ({ ...f, status: (v as ActivityStatus) ?? undefined }))}
              w={{ base: '100%', xs: 180 }}
            />
          </Group>
          {list}
        </Tabs.Panel>
        <Tabs.Panel value="matrix">
          <Anchor component={Link} to={`${base}/matrix`} size="sm" mb="sm" display="inline-block">
            Open the matrix on its own page
          </Anchor>
          <MatrixTable collaborationId={collaborationId} />
        </Tabs.Panel>
      </Tabs>
      {canManage && (
        <ActivityFormModal
          opened={adding}
          onClose={() => setAdding(false)}
          collaborationId={collaborationId}
          activity={null}
          goals={collaboration.goals}
          indicators={indicators.data ?? []}
          partners={isBackbone ? partnerOptions.map((p) => ({ id: p.value, name: p.label })) : []}
          defaultPartnerId={isBackbone ? undefined : (membership.partnerId ?? undefined)}
        />
      )}
    </>
  );
}
