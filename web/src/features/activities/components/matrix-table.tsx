import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconChecklist, IconUsersGroup, IconUserOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { plural } from '../../../lib/format';
import { useActivityMatrix } from '../hooks/use-activities';
import { ActivityStatusBadge } from './activity-status-badge';
import { analyseMatrix } from './matrix-model';

function Finding({ title, icon, color, items, empty }: { title: string; icon: ReactNode; color: string; items: string[]; empty: string }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Group gap={6} mb={4} wrap="nowrap">
        <Text c={color} component="span" aria-hidden style={{ display: 'inline-flex' }}>
          {icon}
        </Text>
        <Title order={3} size="h5">
          {title} ({items.length})
        </Title>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {items.map((i) => (
            <List.Item key={i}>{i}</List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

/**
 * Mutually reinforcing activities: partners × strategies with the activities in each cell, and
 * the gaps (strategies nobody works on, partners with no activity) and overlaps (several partners
 * on one strategy). A plain table: every cell is reachable by keyboard through its links, and read
 * by a screen reader with its row and column headers.
 */
export function MatrixTable({ collaborationId }: { collaborationId: string }) {
  const matrix = useActivityMatrix(collaborationId);
  const base = `/collaborations/${collaborationId}/activities`;
  if (matrix.isPending) return <PageLoader />;
  if (matrix.isError) return <ErrorState error={matrix.error} onRetry={() => matrix.refetch()} what="who does what" />;
  const { strategies, partners } = matrix.data;
  if (strategies.length === 0 || partners.length === 0)
    return (
      <EmptyStatePanel icon={<IconChecklist size={28} aria-hidden />} title="Nothing to map yet" headingOrder={2}>
        The map shows each partner&apos;s activities against the strategies of the plan. It needs strategies (under Goals) and active partners.
      </EmptyStatePanel>
    );
  const { gaps, overlaps, idlePartners, partnersByStrategy } = analyseMatrix(matrix.data);

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" data-testid="matrix-findings">
        <Finding
          title="Gaps: strategies nobody works on"
          icon={<IconAlertTriangle size={18} />}
          color="orange"
          items={gaps.map((g) => g.name)}
          empty="Every strategy has at least one partner."
        />
        <Finding
          title="Overlaps: strategies with several partners"
          icon={<IconUsersGroup size={18} />}
          color="sky"
          items={overlaps.map((s) => `${s.name}: ${partnersByStrategy.get(s.id)!.join(', ')}`)}
          empty="No strategy has more than one partner yet."
        />
        <Finding
          title="Partners with no activity yet"
          icon={<IconUserOff size={18} />}
          color="gray"
          items={idlePartners.map((p) => p.organisationName)}
          empty="Every partner has logged an activity."
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Rows are partners, columns are strategies. An empty cell says “No activity”. Cancelled activities are listed but do not count as working on a
        strategy.
      </Text>
      <Table.ScrollContainer minWidth={Math.max(640, 200 + strategies.length * 180)}>
        <Table withTableBorder withColumnBorders aria-label="Who does what: partners by strategy" data-testid="activity-matrix" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Partner</Table.Th>
              {strategies.map((s) => {
                const n = partnersByStrategy.get(s.id)?.length ?? 0;
                return (
                  <Table.Th scope="col" key={s.id} style={{ verticalAlign: 'top' }}>
                    <Text size="sm" fw={600}>
                      {s.name}
                    </Text>
                    <Text size="xs" c="dimmed" fw={400}>
                      {s.goalTitle}
                    </Text>
                    {n === 0 ? (
                      <Badge size="xs" variant="light" color="orange" tt="none" radius="sm" mt={4} leftSection={<IconAlertTriangle size={10} aria-hidden />}>
                        Gap: nobody yet
                      </Badge>
                    ) : (
                      <Badge
                        size="xs"
                        variant="light"
                        color={n > 1 ? 'sky' : 'gray'}
                        tt="none"
                        radius="sm"
                        mt={4}
                        leftSection={<IconUsersGroup size={10} aria-hidden />}
                      >
                        {plural(n, 'partner')}
                        {n > 1 ? ' (overlap)' : ''}
                      </Badge>
                    )}
                  </Table.Th>
                );
              })}
              <Table.Th scope="col" style={{ verticalAlign: 'top' }}>
                No strategy
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {partners.map((p) => (
              <Table.Tr key={p.partnerId}>
                <Table.Th scope="row" style={{ verticalAlign: 'top' }}>
                  {p.organisationName}
                  {idlePartners.includes(p) && (
                    <div>
                      <Badge size="xs" variant="light" color="gray" tt="none" radius="sm" mt={4} leftSection={<IconUserOff size={10} aria-hidden />}>
                        No activity yet
                      </Badge>
                    </div>
                  )}
                </Table.Th>
                {strategies.map((s) => {
                  const acts = p.cells.find((c) => c.strategyId === s.id)?.activities ?? [];
                  return (
                    <Table.Td key={s.id} style={{ verticalAlign: 'top' }}>
                      {acts.length === 0 ? (
                        <Text size="xs" c="dimmed" fs="italic">
                          No activity
                        </Text>
                      ) : (
                        <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                          {acts.map((a) => (
                            <li key={a.id}>
                              <Anchor component={Link} to={`${base}/${a.id}`} size="sm">
                                {a.name}
                              </Anchor>
                              <div>
                                <ActivityStatusBadge status={a.status} size="xs" />
                              </div>
                            </li>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                  );
                })}
                <Table.Td style={{ verticalAlign: 'top' }}>
                  {p.unassigned.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      <span aria-hidden>—</span>
                      <VisuallyHidden>None</VisuallyHidden>
                    </Text>
                  ) : (
                    <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                      {p.unassigned.map((a) => (
                        <li key={a.id}>
                          <Anchor component={Link} to={`${base}/${a.id}`} size="sm">
                            {a.name}
                          </Anchor>
                        </li>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
