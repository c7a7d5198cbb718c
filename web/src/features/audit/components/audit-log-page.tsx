import type { AuditQuery } from '@constellation/shared';
import { Badge, Button, Code, Group, Pagination, Paper, Select, SimpleGrid, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconFilterOff, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { formatDateTime } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useAuditLog } from '../hooks/use-audit';

const PAGE_SIZE = 25;
const ENTITIES = ['collaboration', 'agenda', 'goal', 'strategy', 'partner', 'invitation', 'membership', 'join_request'];

interface Filters {
  entity: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { entity: '', action: '', outcome: '', from: '', to: '' };

/** A local calendar day's start (or end) as an ISO timestamp with offset. */
function dayBoundary(date: string, end: boolean): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function humanize(s: string): string {
  return s.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function AuditLogPage() {
  const { collaborationId, can } = useCollaborationContext();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const query: Partial<AuditQuery> = {
    entity: filters.entity || undefined,
    action: filters.action.trim() || undefined,
    outcome: (filters.outcome || undefined) as AuditQuery['outcome'],
    from: dayBoundary(filters.from, false),
    to: dayBoundary(filters.to, true),
    page,
    pageSize: PAGE_SIZE,
  };
  const allowed = can('audit.read');
  const audit = useAuditLog(collaborationId, query, allowed);
  if (!allowed) return <NotFoundPanel forbidden />;

  const set = (k: keyof Filters) => (v: string | null) => {
    setFilters((f) => ({ ...f, [k]: v ?? '' }));
    setPage(1);
  };
  const filtered = Object.values(filters).some(Boolean);
  const pages = audit.data ? Math.max(1, Math.ceil(audit.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader title="Audit log" description="Who did what, and when. Every change in this collaboration is recorded here." />
      <Paper withBorder p="md" mb="lg" component="form" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
          <Select
            label="Entity"
            placeholder="Any"
            data={ENTITIES.map((e) => ({ value: e, label: humanize(e) }))}
            clearable
            value={filters.entity || null}
            onChange={set('entity')}
          />
          <TextInput
            label="Action"
            placeholder="e.g. agenda.save"
            value={filters.action}
            onChange={(e) => set('action')(e.currentTarget.value)}
          />
          <Select
            label="Outcome"
            placeholder="Any"
            data={[
              { value: 'success', label: 'Success' },
              { value: 'denied', label: 'Denied' },
            ]}
            clearable
            value={filters.outcome || null}
            onChange={set('outcome')}
          />
          <TextInput label="From" type="date" value={filters.from} onChange={(e) => set('from')(e.currentTarget.value)} />
          <TextInput label="To" type="date" value={filters.to} onChange={(e) => set('to')(e.currentTarget.value)} />
        </SimpleGrid>
        {filtered && (
          <Group mt="sm">
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconFilterOff size={14} aria-hidden />}
              onClick={() => {
                setFilters(NO_FILTERS);
                setPage(1);
              }}
            >
              Clear filters
            </Button>
          </Group>
        )}
      </Paper>

      {audit.isPending ? (
        <PageLoader />
      ) : audit.isError ? (
        <ErrorState error={audit.error} onRetry={() => audit.refetch()} what="the audit log" />
      ) : audit.data.items.length === 0 ? (
        <EmptyStatePanel icon={<IconHistory size={28} aria-hidden />} title={filtered ? 'Nothing matches these filters' : 'Nothing recorded yet'} headingOrder={2}>
          {filtered ? 'Try a wider date range or clear the filters.' : 'Changes to the agenda, goals, partners and people will appear here.'}
        </EmptyStatePanel>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs" aria-live="polite">
            {audit.data.total} event{audit.data.total === 1 ? '' : 's'}
            {audit.isPlaceholderData ? ' · updating…' : ''}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" striped aria-label="Audit events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Who</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Entity</Table.Th>
                  <Table.Th scope="col">Outcome</Table.Th>
                  <Table.Th scope="col">From</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {audit.data.items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(e.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.actor?.name ?? 'System'}</Text>
                      {e.actor && (
                        <Text size="xs" c="dimmed">
                          {e.actor.email}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Badge variant="default" tt="none" radius="sm">
                          {humanize(e.entity)}
                        </Badge>
                        {e.entityId && (
                          <Tooltip label={e.entityId}>
                            <Text size="xs" c="dimmed" ff="monospace" tabIndex={0} aria-label={`Id ${e.entityId}`}>
                              {e.entityId.slice(0, 8)}
                            </Text>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={e.outcome} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {e.ip ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Group justify="center" mt="md">
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
              />
            </Group>
          )}
        </>
      )}
    </>
  );
}
