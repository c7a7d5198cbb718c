import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconChartLine,
  IconFileDescription,
  IconFlag,
  IconPencil,
  IconPrinter,
  IconTarget,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { formatWithUnit, labelPeriod } from '../../../lib/periods';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useCommitments } from '../../commitments/hooks/use-commitments';
import { IndicatorProgressView } from '../../dashboards/components/indicator-progress-view';
import { useIndicator, useIndicatorMutations, useIndicatorRevisions } from '../hooks/use-indicators';
import {
  ACROSS_LABELS,
  DIRECTION_LABELS,
  MEASURE_LABELS,
  OVER_TIME_LABELS,
  PERIODICITY_LABELS,
  TARGET_KIND_LABELS,
  VALUE_TYPE_LABELS,
} from '../labels';
import { CommentThread } from '../../comments/components/comment-thread';
import { LinkedUpdates } from '../../updates/components/linked-updates';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0}>
        {children || '—'}
      </Text>
    </div>
  );
}

export function IndicatorDetailPage() {
  const { collaborationId, collaboration, can, membership } = useCollaborationContext();
  const [search, setSearch] = useSearchParams();
  const { indicatorId = '' } = useParams();
  const indicator = useIndicator(collaborationId, indicatorId);
  const revisions = useIndicatorRevisions(collaborationId, indicatorId);
  const { setStatus } = useIndicatorMutations(collaborationId);
  const commitments = useCommitments(collaborationId);
  const [confirming, setConfirming] = useState(false);
  const fy = collaboration.agenda.fiscalYearStartMonth;

  if (indicator.isPending) return <PageLoader />;
  if (indicator.isError)
    return <ErrorState error={indicator.error} onRetry={() => indicator.refetch()} what="the indicator" />;
  const i = indicator.data;
  const goal = collaboration.goals.find((g) => g.id === i.goalId);
  const strategy = goal?.strategies.find((s) => s.id === i.strategyId);
  const base = `/collaborations/${collaborationId}/indicators`;
  const canManage = can('indicators.manage');
  const retired = i.status === 'retired';
  const targets = [...i.targets].sort((a, b) =>
    a.kind === b.kind ? a.period.localeCompare(b.period) : a.kind === 'milestone' ? -1 : 1,
  );
  const fmt = (x: string) => formatWithUnit(x, i.unit, i.valueType);
  // Viewers come for the progress; the people who manage indicators land on the definition.
  const view = search.get('view') ?? (canManage ? 'definition' : 'progress');
  const audience = membership.role === 'funder' ? 'funder' : can('values.review') ? 'backbone' : 'partner';
  const canPrint = can('values.review') || membership.role === 'funder';

  return (
    <>
      <PageHeader
        title={i.name}
        documentTitle={`${i.code} ${i.name}`}
        description={
          <Group gap="xs" component="span">
            <Text span ff="monospace" size="sm">
              {i.code}
            </Text>
            <StatusBadge status={retired ? 'archived' : 'active'} label={retired ? 'Retired' : 'Active'} />
            <Text span size="sm">
              Version {i.version}
            </Text>
          </Group>
        }
        actions={
          canManage || canPrint ? (
            <>
              {canPrint && view === 'progress' && (
                <Button
                  variant="default"
                  className="no-print"
                  leftSection={<IconPrinter size={16} aria-hidden />}
                  onClick={() => window.print()}
                >
                  Print report
                </Button>
              )}
              {canManage && (
                <Button
                  variant="default"
                  className="no-print"
                  leftSection={
                    retired ? (
                      <IconArrowBackUp size={16} aria-hidden />
                    ) : (
                      <IconArchive size={16} aria-hidden />
                    )
                  }
                  onClick={() => setConfirming(true)}
                >
                  {retired ? 'Reinstate' : 'Retire'}
                </Button>
              )}
              {canManage && !retired && (
                <Button
                  component={Link}
                  to={`${base}/${i.id}/edit`}
                  leftSection={<IconPencil size={16} aria-hidden />}
                >
                  Edit
                </Button>
              )}
            </>
          ) : undefined
        }
      />
      {retired && (
        <Alert color="gray" icon={<IconArchive aria-hidden />} mb="md" title="This indicator is retired">
          Partners no longer report it. Its history and values are kept.
        </Alert>
      )}
      <Tabs
        value={view}
        onChange={(v) =>
          setSearch(v === (canManage ? 'definition' : 'progress') ? {} : { view: v ?? 'progress' }, {
            replace: true,
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="lg" className="no-print">
          <Tabs.Tab value="progress" leftSection={<IconChartLine size={16} aria-hidden />}>
            Progress
          </Tabs.Tab>
          <Tabs.Tab value="definition" leftSection={<IconFileDescription size={16} aria-hidden />}>
            Definition
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="progress">
          <IndicatorProgressView
            collaborationId={collaborationId}
            indicator={i}
            fy={fy}
            audience={audience}
            canExplain={audience !== 'funder' || collaboration.settings.showContributionsToFunders}
            canWriteLearning={can('learning.write')}
          />
        </Tabs.Panel>
        <Tabs.Panel value="definition">
          <Stack gap="lg">
            <Paper withBorder p="lg" radius="md">
              <Title order={2} size="h3" mb="sm">
                Definition
              </Title>
              <Text size="sm" mb="md" style={{ whiteSpace: 'pre-wrap' }}>
                {i.definition}
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} component="dl" spacing="md" m={0}>
                <Fact label="Goal">{goal?.title}</Fact>
                <Fact label="Strategy">{strategy?.name ?? 'The goal as a whole'}</Fact>
                <Fact label="Unit">{i.unit}</Fact>
                <Fact label="Value type">{VALUE_TYPE_LABELS[i.valueType]}</Fact>
                <Fact label="Direction">{DIRECTION_LABELS[i.direction]}</Fact>
                <Fact label="Reported">{PERIODICITY_LABELS[i.periodicity]}</Fact>
                <Fact label="Across partners">{ACROSS_LABELS[i.aggregationAcrossPartners]}</Fact>
                <Fact label="Over time">{OVER_TIME_LABELS[i.aggregationOverTime]}</Fact>
                <Fact label="Kind of measure">{MEASURE_LABELS[i.measureType]}</Fact>
                <Fact label="Breakdowns">{i.dimensions.map((d) => d.name).join(', ') || 'None'}</Fact>
                <Fact label="Allowed range">
                  {i.minValue || i.maxValue ? `${i.minValue ?? '…'} to ${i.maxValue ?? '…'}` : 'Any'}
                </Fact>
                <Fact label="Data source">{i.dataSource}</Fact>
              </SimpleGrid>
            </Paper>

            <Paper withBorder p="lg" radius="md">
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h3">
                  Baseline and targets
                </Title>
                {can('decisions.propose') && !retired && (
                  <Button
                    size="xs"
                    variant="light"
                    className="no-print"
                    component={Link}
                    to={`/collaborations/${collaborationId}/decisions/new?indicatorId=${i.id}`}
                  >
                    Propose a change
                  </Button>
                )}
              </Group>
              <Table.ScrollContainer minWidth={480}>
                <Table aria-label="Baseline, milestones and long-term target" data-testid="targets-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Kind</Table.Th>
                      <Table.Th scope="col">Period</Table.Th>
                      <Table.Th scope="col" style={{ textAlign: 'right' }}>
                        Value
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Td>Baseline</Table.Td>
                      <Table.Td>{labelPeriod(i.baseline.period, fy)}</Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>{fmt(i.baseline.value)}</Table.Td>
                    </Table.Tr>
                    {targets.map((t) => (
                      <Table.Tr key={t.period}>
                        <Table.Td>
                          <Badge
                            variant="light"
                            color={t.kind === 'long_term' ? 'sky' : 'green'}
                            tt="none"
                            radius="sm"
                            leftSection={
                              t.kind === 'long_term' ? (
                                <IconTarget size={12} aria-hidden />
                              ) : (
                                <IconFlag size={12} aria-hidden />
                              )
                            }
                          >
                            {TARGET_KIND_LABELS[t.kind]}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{labelPeriod(t.period, fy)}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>{fmt(t.value)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {revisions.data?.[0]?.decision && (
                <Text size="sm" mt="sm" data-testid="targets-decision">
                  Version {revisions.data[0].version} was changed by{' '}
                  <Anchor component={Link} to={`/collaborations/${collaborationId}/decisions/${revisions.data[0].decision.id}`}>
                    decision #{revisions.data[0].decision.number}
                  </Anchor>
                  : {revisions.data[0].decision.title}
                </Text>
              )}
            </Paper>

            <Paper withBorder p="lg" radius="md">
              <Title order={2} size="h3" mb="sm">
                Who reports it
              </Title>
              {(() => {
                const reporting = (commitments.data ?? []).filter((c) => c.indicatorId === i.id);
                if (commitments.isPending) return <PageLoader />;
                if (reporting.length === 0)
                  return (
                    <Text size="sm" c="dimmed">
                      No partner has committed to report this indicator yet. Commitments are set on the
                      Partners page.
                    </Text>
                  );
                return (
                  <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {reporting.map((c) => (
                      <Text component="li" size="sm" key={c.partnerId}>
                        {c.organisationName}: from {labelPeriod(c.startPeriod, fy)}
                        {c.endPeriod ? ` until ${labelPeriod(c.endPeriod, fy)}` : ''}
                      </Text>
                    ))}
                  </Stack>
                );
              })()}
            </Paper>

            <Paper withBorder p="lg" radius="md">
              <Title order={2} size="h3" mb="sm">
                Revision history
              </Title>
              {revisions.isPending ? (
                <PageLoader />
              ) : revisions.isError ? (
                <ErrorState error={revisions.error} what="the revisions" />
              ) : (
                <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {revisions.data.map((r) => (
                    <li key={r.version}>
                      <Group gap="xs">
                        <Text size="sm" fw={600}>
                          Version {r.version}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {r.author.name} · {formatDateTime(r.createdAt)}
                        </Text>
                        {r.requiresRecompute && (
                          <Badge variant="light" color="orange" tt="none" radius="sm">
                            Recomputed
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm">{r.changeNote || (r.version === 1 ? 'Created.' : 'No note.')}</Text>
                      {r.decision && (
                        <Text size="sm" data-testid="revision-decision">
                          Changed by{' '}
                          <Anchor component={Link} to={`/collaborations/${collaborationId}/decisions/${r.decision.id}`}>
                            decision #{r.decision.number}
                          </Anchor>
                          : {r.decision.title}
                        </Text>
                      )}
                    </li>
                  ))}
                </Stack>
              )}
            </Paper>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <Paper withBorder p="md" radius="md" mt="lg">
        <LinkedUpdates indicatorId={i.id} />
      </Paper>
      <Paper withBorder p="md" radius="md" mt="lg">
        <CommentThread collaborationId={collaborationId} on="indicator" id={i.id} canMention={can('members.read')} />
      </Paper>
      <ConfirmModal
        opened={confirming}
        title={retired ? 'Reinstate this indicator?' : 'Retire this indicator?'}
        confirmLabel={retired ? 'Reinstate' : 'Retire indicator'}
        danger={!retired}
        loading={setStatus.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          setStatus.mutate(
            { id: i.id, action: retired ? 'reinstate' : 'retire', version: i.version },
            {
              onSuccess: () => {
                setConfirming(false);
                notifications.show({
                  color: 'green',
                  message: retired ? `${i.code} reinstated.` : `${i.code} retired.`,
                });
              },
              onError: (e) => {
                setConfirming(false);
                notifications.show({ color: 'red', title: 'Nothing changed', message: errorMessage(e) });
              },
            },
          )
        }
      >
        {retired
          ? 'Partners will be able to report it again.'
          : 'Partners stop reporting it; its definition, targets, values and history are kept and it can be reinstated later.'}
      </ConfirmModal>
    </>
  );
}
