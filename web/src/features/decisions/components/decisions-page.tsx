import { Alert, Anchor, Button, Paper, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { formatDate } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useDecisions } from '../hooks/use-decisions';
import { DecisionStatusBadge, KIND_LABELS } from './decision-labels';

/** Every proposal and decision of the collaboration, newest first (every member reads it; funders too). */
export function DecisionsPage() {
  const { collaborationId, can } = useCollaborationContext();
  const decisions = useDecisions(collaborationId);
  const base = `/collaborations/${collaborationId}/decisions`;
  return (
    <>
      <PageHeader
        title="Shared decisions"
        description="Proposals to change a shared indicator's definition or targets, or the common agenda: discussed by the partners, decided by the backbone."
        actions={
          can('decisions.propose') ? (
            <Button component={Link} to={`${base}/new`} leftSection={<IconPlus size={16} aria-hidden />}>
              Propose a change
            </Button>
          ) : undefined
        }
      />
      {decisions.isPending ? (
        <PageLoader />
      ) : decisions.isError ? (
        <ErrorState error={decisions.error} onRetry={() => decisions.refetch()} what="the decisions" />
      ) : decisions.data.length === 0 ? (
        <Alert color="gray" variant="light">
          No proposals yet. {can('decisions.propose') ? 'Propose a change to start the discussion.' : ''}
        </Alert>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640} type="native" tabIndex={0} aria-label="Proposals and decisions, scrolls sideways">
            <Table aria-label="Proposals and decisions" striped highlightOnHover data-testid="decisions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">#</Table.Th>
                  <Table.Th scope="col">Proposal</Table.Th>
                  <Table.Th scope="col">Changes</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    Support / object
                  </Table.Th>
                  <Table.Th scope="col">Opened</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {decisions.data.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{d.number}</Table.Td>
                    <Table.Th scope="row" fw={500}>
                      <Anchor component={Link} to={`${base}/${d.id}`}>
                        {d.title}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        by {d.proposedBy.name}
                        {d.proposedBy.organisationName ? ` (${d.proposedBy.organisationName})` : ''}
                      </Text>
                    </Table.Th>
                    <Table.Td>
                      {KIND_LABELS[d.kind]}
                      {d.indicator ? ` · ${d.indicator.code}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <DecisionStatusBadge status={d.status} />
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {d.support} / {d.object}
                    </Table.Td>
                    <Table.Td>
                      {formatDate(d.createdAt)}
                      {d.decidedAt ? ` · decided ${formatDate(d.decidedAt)}` : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
