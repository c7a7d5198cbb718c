import { Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconTrendingUp } from '@tabler/icons-react';
import {
  type FiscalYearStartMonth,
  type GoalView,
  headlineGranularity,
  headlineRow,
  type IndicatorView,
  toMonthIndex,
} from '@constellation/shared';
import { formatDate, plural } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import type { CompletenessResponse, ProgressResponse, ProgressStatus, Win } from '../api/dashboards-api';
import { trajectoryOf, worstStatus } from '../model';
import { IndicatorCard } from './indicator-card';
import { PROGRESS_STATUS, ProgressStatusBadge } from './progress-status-badge';

interface GoalBandProps {
  collaborationId: string;
  goal: GoalView;
  indicators: IndicatorView[];
  progress: ProgressResponse | undefined;
  wins: Win[];
  completeness: Map<string, CompletenessResponse>;
  fy: number;
  comparePeriods: (a: string, b: string) => number;
}

/** A long-term goal as a band: its target date, status, projected date at the current pace, and its indicators as cards. */
export function GoalBand({
  collaborationId,
  goal,
  indicators,
  progress,
  wins,
  completeness,
  fy,
  comparePeriods,
}: GoalBandProps) {
  const fyc = fy as FiscalYearStartMonth;
  const now = new Date();
  const current = toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  // Each indicator's headline granularity (a flow: its long-term target's; else its periodicity).
  const rowsOf = (i: IndicatorView) => {
    const g = headlineGranularity(i, fyc);
    return (progress?.items ?? []).filter((r) => r.indicatorId === i.id && r.granularity === g);
  };
  const headline = (i: IndicatorView) => headlineRow(rowsOf(i), current, fyc);
  const statuses: ProgressStatus[] = indicators.map((i) => headline(i)?.status ?? 'no_data');
  const status = worstStatus(statuses);
  const counts = (['on_track', 'at_risk', 'off_track', 'no_data'] as const)
    .map((s) => [s, statuses.filter((x) => x === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${PROGRESS_STATUS[s].label.toLowerCase()}`)
    .join(', ');

  // Projected: when the last of its indicators reaches its long-term target at the current pace.
  const trajectories = indicators.map((i) => trajectoryOf(progress?.trajectories ?? [], i.id, i.periodicity));
  const withData = indicators.filter((i) => headline(i) !== null);
  let projection: string;
  if (withData.length === 0) projection = 'Not enough data to project yet';
  else if (
    trajectories.some((t, k) => t && !t.reached && t.projectedPeriod === null && headline(indicators[k]!))
  ) {
    projection = 'Not reached at the current pace';
  } else {
    const periods = trajectories.filter((t) => t?.projectedPeriod).map((t) => t!.projectedPeriod!);
    const allReached = trajectories.every((t, k) => !headline(indicators[k]!) || t?.reached);
    if (allReached && periods.length === 0) projection = 'Long-term targets reached';
    else if (periods.length === 0) projection = 'Not enough data to project yet';
    else {
      const last = periods.sort(comparePeriods)[periods.length - 1]!;
      projection = `${labelPeriod(last, fy)} at the current pace`;
    }
  }

  return (
    <section aria-labelledby={`goal-${goal.id}`} className="goal-band" data-testid="goal-band">
      <Stack gap="xs" mb="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={2} size="h3" id={`goal-${goal.id}`} style={{ flex: '1 1 300px' }}>
            {goal.title}
          </Title>
          <ProgressStatusBadge status={status} />
        </Group>
        <Group gap="md">
          <Badge
            variant="light"
            color="sky"
            tt="none"
            radius="sm"
            leftSection={<IconCalendarEvent size={14} aria-hidden />}
          >
            Target date {formatDate(goal.targetDate)}
          </Badge>
          <Text size="sm" c="dimmed" span>
            <IconTrendingUp size={14} aria-hidden style={{ verticalAlign: -2, marginRight: 4 }} />
            Projected: <span data-testid="goal-projection">{projection}</span>
          </Text>
          {indicators.length > 0 && (
            <Text size="sm" c="dimmed" span>
              {plural(indicators.length, 'indicator')}: {counts}
            </Text>
          )}
        </Group>
      </Stack>
      {indicators.length === 0 ? (
        <Text size="sm" c="dimmed">
          No shared indicator measures this goal yet.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {indicators.map((i) => (
            <IndicatorCard
              key={i.id}
              collaborationId={collaborationId}
              indicator={i}
              rows={rowsOf(i)}
              wins={wins}
              completeness={completeness.get(i.id)}
              fy={fy}
              comparePeriods={comparePeriods}
            />
          ))}
        </SimpleGrid>
      )}
    </section>
  );
}
