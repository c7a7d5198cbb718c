import { Anchor, Button, Group, SegmentedControl, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconChartDots, IconPlus, IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { plural } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import type { Indicator, IndicatorStatusFilter } from '../api/indicators-api';
import { useIndicators } from '../hooks/use-indicators';
import { PERIODICITY_LABELS, VALUE_TYPE_LABELS } from '../labels';
import { DimensionsPanel } from './dimensions-panel';
import { ExampleSetModal } from './example-set-modal';

function IndicatorTable({ items, base, caption }: { items: Indicator[]; base: string; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" highlightOnHover aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
              Code
            </Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Unit</Table.Th>
            <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
              Value type
            </Table.Th>
            <Table.Th scope="col">Reported</Table.Th>
            <Table.Th scope="col" style={{ minWidth: 100 }}>
              Status
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid={`indicator-row-${i.code}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" ff="monospace">
                  {i.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`${base}/${i.id}`} size="sm" fw={600}>
                  {i.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{i.unit}</Table.Td>
              <Table.Td>{VALUE_TYPE_LABELS[i.valueType]}</Table.Td>
              <Table.Td>{PERIODICITY_LABELS[i.periodicity]}</Table.Td>
              <Table.Td>
                <StatusBadge status={i.status === 'active' ? 'active' : 'archived'} label={i.status === 'active' ? 'Active' : 'Retired'} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function IndicatorsPage() {
  const { collaborationId, collaboration, can } = useCollaborationContext();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'dimensions' ? 'dimensions' : 'indicators';
  const [status, setStatus] = useState<IndicatorStatusFilter>('active');
  const indicators = useIndicators(collaborationId, status);
  const [examplesOpen, setExamplesOpen] = useState(false);
  const canManage = can('indicators.manage');
  const base = `/collaborations/${collaborationId}/indicators`;
  const goals = collaboration.goals;

  const actions = canManage ? (
    <>
      <Button variant="default" leftSection={<IconSparkles size={16} aria-hidden />} onClick={() => setExamplesOpen(true)} disabled={goals.length === 0}>
        Start from an example set
      </Button>
      <Button component={Link} to={`${base}/new`} leftSection={<IconPlus size={16} aria-hidden />} disabled={goals.length === 0}>
        Add an indicator
      </Button>
    </>
  ) : undefined;

  let body;
  if (indicators.isPending) body = <PageLoader />;
  else if (indicators.isError) body = <ErrorState error={indicators.error} onRetry={() => indicators.refetch()} what="the indicators" />;
  else if (goals.length === 0)
    body = (
      <EmptyStatePanel icon={<IconChartDots size={28} aria-hidden />} title="Add a goal first" headingOrder={2}
        actions={<Button component={Link} to={`/collaborations/${collaborationId}/goals`}>Go to goals</Button>}>
        Every shared indicator measures progress toward one of the collaboration&apos;s long-term goals.
      </EmptyStatePanel>
    );
  else if (indicators.data.length === 0)
    body = (
      <EmptyStatePanel icon={<IconChartDots size={28} aria-hidden />} title={status === 'retired' ? 'No retired indicators' : 'No shared indicators yet'} headingOrder={2} actions={status !== 'retired' ? actions : undefined}>
        {canManage
          ? 'Define the measures every partner will report the same way: add one, or start from the cradle-to-career example set and adapt it.'
          : 'The backbone has not defined the shared indicators yet. They will appear here once it has.'}
      </EmptyStatePanel>
    );
  else {
    const byGoal = goals.map((g) => ({ goal: g, items: indicators.data.filter((i) => i.goalId === g.id) }));
    body = (
      <Stack gap="xl">
        {byGoal.map(({ goal, items }) => (
          <section key={goal.id} aria-labelledby={`goal-${goal.id}`}>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h3" id={`goal-${goal.id}`}>
                {goal.title}
              </Title>
              <Text size="sm" c="dimmed">
                {plural(items.length, 'indicator')}
              </Text>
            </Group>
            {items.length > 0 ? (
              <IndicatorTable items={items} base={base} caption={`Indicators for ${goal.title}`} />
            ) : (
              <Text size="sm" c="dimmed">
                No indicators for this goal yet{canManage ? ': add one to measure it.' : '.'}
              </Text>
            )}
          </section>
        ))}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader title="Indicators" description="The shared measures: defined once, reported the same way by every partner." actions={actions} />
      <Tabs value={tab} onChange={(v) => setParams(v === 'dimensions' ? { tab: 'dimensions' } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="indicators">Indicators</Tabs.Tab>
          <Tabs.Tab value="dimensions">Breakdowns (dimensions)</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="indicators">
          <SegmentedControl
            mb="md"
            aria-label="Which indicators"
            value={status}
            onChange={(v) => setStatus(v as IndicatorStatusFilter)}
            data={[
              { value: 'active', label: 'Active' },
              { value: 'retired', label: 'Retired' },
              { value: 'all', label: 'All' },
            ]}
          />
          {body}
        </Tabs.Panel>
        <Tabs.Panel value="dimensions">
          <DimensionsPanel collaborationId={collaborationId} canManage={canManage} />
        </Tabs.Panel>
      </Tabs>
      {canManage && <ExampleSetModal opened={examplesOpen} onClose={() => setExamplesOpen(false)} collaborationId={collaborationId} goals={goals} />}
    </>
  );
}
