import { Anchor, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import {
  type FiscalYearStartMonth,
  headlineRow,
  type IndicatorView,
  toMonthIndex,
} from '@constellation/shared';
import { Sparkline } from '../../../components/charts/chart';
import { formatDateTime } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import type { CompletenessResponse, ProgressRow, Win } from '../api/dashboards-api';
import { formatValue, nextMilestone, percentToward } from '../model';
import { ProgressStatusBadge } from './progress-status-badge';

interface IndicatorCardProps {
  collaborationId: string;
  indicator: IndicatorView;
  /** This indicator's progress rows at its headline granularity, in time order. */
  rows: ProgressRow[];
  wins: Win[];
  completeness: CompletenessResponse | undefined;
  fy: number;
  comparePeriods: (a: string, b: string) => number;
}

function Bar({ label, value, testId }: { label: string; value: number | null; testId: string }) {
  return (
    <div>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {label}
        </Text>
        <Text size="xs" fw={600}>
          {value === null ? '—' : `${Math.round(value)}%`}
        </Text>
      </Group>
      <Progress
        value={value ?? 0}
        size="sm"
        aria-label={`${label}: ${value === null ? 'not known' : `${Math.round(value)}%`}`}
        data-testid={testId}
      />
    </div>
  );
}

/** One indicator at a glance: current value, trend, the way to the next milestone and the long-term target, status. */
export function IndicatorCard({
  collaborationId,
  indicator: i,
  rows,
  wins,
  completeness,
  fy,
  comparePeriods,
}: IndicatorCardProps) {
  const now = new Date();
  const latest = headlineRow(
    rows,
    toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1),
    fy as FiscalYearStartMonth,
  );
  const status = latest?.status ?? 'no_data';
  const fmt = (v: string | null) => formatValue(v, i.unit, i.valueType);
  const upTo = latest ? rows.slice(0, rows.indexOf(latest) + 1).slice(-12) : [];
  const metPeriods = new Set(
    wins.filter((w) => w.status === 'active' && w.indicator.id === i.id).map((w) => w.milestonePeriod),
  );
  const milestone = nextMilestone(i.targets, (t) => metPeriods.has(t.period), comparePeriods);
  const longTerm = i.targets.find((t) => t.kind === 'long_term');
  // Completeness of the period the card shows, else of the latest period anyone reported in.
  const filled = completeness?.items.filter((c) => c.reportsExpected > 0) ?? [];
  const lastReported =
    (latest && filled.find((c) => c.period === latest.period)) ??
    [...filled].reverse().find((c) => c.reportsReceived > 0);

  return (
    <Card
      component="article"
      aria-labelledby={`card-${i.id}`}
      className="dashboard-card"
      data-testid="indicator-card"
      data-indicator={i.code}
    >
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Anchor
            component={Link}
            to={`/collaborations/${collaborationId}/indicators/${i.id}`}
            fw={650}
            id={`card-${i.id}`}
            lineClamp={2}
          >
            {i.name}
          </Anchor>
          <ProgressStatusBadge status={status} size="sm" />
        </Group>
        {latest ? (
          <>
            <Group gap={6} align="baseline">
              <Text fz={26} fw={700} lh={1.1} data-testid="card-value">
                {fmt(latest.actual)}
              </Text>
              <Text size="sm" c="dimmed">
                {labelPeriod(latest.period, fy)}
              </Text>
            </Group>
            <Sparkline
              values={upTo.map((r) => (r.actual === null ? null : Number(r.actual)))}
              labels={upTo.map((r) => labelPeriod(r.period, fy))}
              ariaLabel={`${i.name}: ${upTo
                .filter((r) => r.actual !== null)
                .map((r) => `${labelPeriod(r.period, fy)} ${fmt(r.actual)}`)
                .join(', ')}`}
            />
            {milestone && (
              <Bar
                label={`Next milestone ${fmt(milestone.value)} by ${labelPeriod(milestone.period, fy)}`}
                value={percentToward(latest.actual, i.baseline.value, milestone.value)}
                testId="bar-milestone"
              />
            )}
            {longTerm && (
              <Bar
                label={`Long-term target ${fmt(longTerm.value)} by ${labelPeriod(longTerm.period, fy)}`}
                value={percentToward(latest.actual, i.baseline.value, longTerm.value)}
                testId="bar-long-term"
              />
            )}
            <Text size="xs" c="dimmed">
              Baseline {fmt(i.baseline.value)} ({labelPeriod(i.baseline.period, fy)}) · Updated{' '}
              {formatDateTime(latest.computedAt)}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            No data yet. The card fills in when partners submit values for this indicator.
          </Text>
        )}
        {lastReported && (
          <Text size="xs" c="dimmed" data-testid="card-completeness">
            {lastReported.partnersReported} of {lastReported.partnersExpected} partners reported for{' '}
            {labelPeriod(lastReported.period, fy)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
