import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconChartLine, IconDownload, IconMath, IconPhoto } from '@tabler/icons-react';
import {
  comparePeriods,
  type FiscalYearStartMonth,
  headlineGranularity,
  interpolatedTarget,
  type IndicatorView,
  periodAtIndex,
  periodsBetween,
  requirePeriod,
  toMonthIndex,
} from '@constellation/shared';
import { useMemo, useRef, useState } from 'react';
import type { ChartHandle } from '../../../components/charts/chart';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { formatNumber, labelPeriod } from '../../../lib/periods';
import type { Granularity, ProgressRow, Win } from '../api/dashboards-api';
import { useProgress, useRollups, useWins } from '../hooks/use-dashboards';
import { download, formatValue, granularitiesFor, toCsv, trajectoryOf } from '../model';
import { ContributionsView } from './contributions-view';
import { DisaggregationView } from './disaggregation-view';
import { ExplainDrawer } from './explain-drawer';
import { CommentBody } from '../../comments/components/comment-body';
import { learningPeriodLabel, LearningStory } from '../../learning/components/learning-story';
import { useLearningEntries } from '../../learning/hooks/use-learning';
import { type ChartAnnotation, ProgressChart, type MilestoneState, type ProgressSeries } from './progress-chart';
import { ProgressStatusBadge } from './progress-status-badge';

const G_LABEL: Record<Granularity, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };

/** The period of granularity g in which a target period ends (targets are placed at their last month). */
function periodAt(key: string, g: Granularity, fy: FiscalYearStartMonth): string {
  return periodAtIndex(requirePeriod(key, fy).endIndex, g, fy).key;
}

function buildSeries(
  i: IndicatorView,
  rows: ProgressRow[],
  wins: Win[],
  g: Granularity,
  fy: FiscalYearStartMonth,
): { periods: string[]; series: ProgressSeries; states: Map<string, MilestoneState> } {
  const longTerm = i.targets.find((t) => t.kind === 'long_term');
  const firstData =
    rows.find((r) => r.actual !== null)?.period ?? rows[0]?.period ?? periodAt(i.baseline.period, g, fy);
  const lastRow = rows[rows.length - 1]?.period ?? firstData;
  const end =
    longTerm && comparePeriods(periodAt(longTerm.period, g, fy), lastRow, fy) > 0
      ? periodAt(longTerm.period, g, fy)
      : lastRow;
  const periods = periodsBetween(firstData, end, g, fy);
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const def = { direction: i.direction, baseline: i.baseline, targets: i.targets };
  const now = new Date();
  const current = toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const met = new Set(
    wins.filter((w) => w.status === 'active' && w.indicator.id === i.id).map((w) => w.milestonePeriod),
  );
  const states = new Map<string, MilestoneState>();
  const milestones: ProgressSeries['milestones'] = [];
  for (const t of i.targets.filter((x) => x.kind === 'milestone')) {
    const state: MilestoneState = met.has(t.period)
      ? 'met'
      : requirePeriod(t.period, fy).endIndex < current
        ? 'missed'
        : 'ahead';
    states.set(t.period, state);
    const index = periods.indexOf(periodAt(t.period, g, fy));
    if (index >= 0)
      milestones.push({ index, value: Number(t.value), state, label: labelPeriod(t.period, fy) });
  }
  const ltIndex = longTerm ? periods.indexOf(periodAt(longTerm.period, g, fy)) : -1;
  return {
    periods,
    states,
    series: {
      labels: periods.map((p) => labelPeriod(p, fy)),
      actual: periods.map((p) => {
        const a = byPeriod.get(p)?.actual;
        return a === null || a === undefined ? null : Number(a);
      }),
      target: periods.map((p) => Number(byPeriod.get(p)?.target ?? interpolatedTarget(def, p, fy))),
      baseline: Number(i.baseline.value),
      milestones,
      longTerm:
        longTerm && ltIndex >= 0
          ? {
              index: ltIndex,
              value: Number(longTerm.value),
              label: `${formatValue(longTerm.value, i.unit, i.valueType)} by ${labelPeriod(longTerm.period, fy)}`,
            }
          : null,
    },
  };
}

/**
 * Where the chart opens: a flow (summed over time) at the granularity of its long-term target, so
 * a year's target is compared with a year's total; otherwise at its periodicity (quarters for
 * monthly indicators, to keep the line readable).
 */
function defaultGranularity(i: IndicatorView, fy: FiscalYearStartMonth): Granularity {
  const g = headlineGranularity(i, fy);
  return g === 'month' ? 'quarter' : g;
}

/** The indicator's story: actuals against the target trajectory, the numbers, breakdowns and contributions. */
export function IndicatorProgressView({
  collaborationId,
  indicator: i,
  fy,
  audience,
  canExplain,
  canWriteLearning = false,
}: {
  collaborationId: string;
  indicator: IndicatorView;
  fy: number;
  audience: 'backbone' | 'partner' | 'funder';
  /** Backbone and partners add learning-log entries ("the story behind the curve"). */
  canWriteLearning?: boolean;
  /** "Show the math" (the values behind a result): not for funders unless the collaboration shows them contributions. */
  canExplain: boolean;
}) {
  const fyc = fy as FiscalYearStartMonth;
  const options = granularitiesFor(i.periodicity);
  const [g, setG] = useState<Granularity>(() => defaultGranularity(i, fyc));
  const progress = useProgress(collaborationId, i.id, g);
  const wins = useWins(collaborationId, i.id);
  const rollups = useRollups(collaborationId, i.id, g, 'all');
  const [explainPeriod, setExplainPeriod] = useState<string | null>(null);
  const chart = useRef<ChartHandle>(null);
  const learning = useLearningEntries(collaborationId, i.id);
  const [openNote, setOpenNote] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);

  const rows = useMemo(
    () => (progress.data?.items ?? []).filter((r) => r.granularity === g),
    [progress.data, g],
  );
  const built = useMemo(() => buildSeries(i, rows, wins.data ?? [], g, fyc), [i, rows, wins.data, g, fyc]);
  const fmt = useMemo(
    () => (n: number) => formatValue(String(n), i.unit, i.valueType),
    [i.unit, i.valueType],
  );
  const fmtS = (v: string | null) => formatValue(v, i.unit, i.valueType);
  const totals = (rollups.data?.items ?? []).filter((r) => r.cell === 'total');
  const withData = rows.filter((r) => r.actual !== null);
  const trajectory = trajectoryOf(progress.data?.trajectories ?? [], i.id, i.periodicity);
  const longTerm = i.targets.find((t) => t.kind === 'long_term');
  const fileBase = `${i.code}-${g}`;
  const entries = useMemo(() => learning.data ?? [], [learning.data]);
  const annotations = useMemo<ChartAnnotation[]>(
    () =>
      entries.flatMap((e) => {
        const index = built.periods.indexOf(periodAt(e.periodTo ?? e.period, g, fyc));
        if (index < 0) return [];
        const when = learningPeriodLabel(e, fy);
        return [
          {
            id: e.id,
            index,
            label: `Learning log: ${e.title} (${when})`,
            content: (
              <Stack gap={6} data-testid="annotation-content">
                <Text fw={650} size="sm">
                  {e.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {when} · {e.author.name}
                </Text>
                <CommentBody body={e.learned} mentions={[]} />
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    setOpenNote(null);
                    setHighlighted(e.id);
                    const el = document.getElementById(`learning-${e.id}`);
                    el?.scrollIntoView({ block: 'center' });
                    el?.focus();
                  }}
                >
                  Read the whole entry
                </Button>
              </Stack>
            ),
          },
        ];
      }),
    [entries, built.periods, g, fyc, fy],
  );

  const exportCsv = () => {
    const header = [
      'Period',
      `Actual (${i.unit})`,
      'Target (interpolated)',
      'Baseline',
      'Status',
      'Partners reporting',
    ];
    const body = rows.map((r) => [
      labelPeriod(r.period, fy),
      r.actual ?? '',
      r.target,
      r.baseline,
      r.status.replace('_', ' '),
      totals.find((t) => t.period === r.period)?.partnerCount ?? '',
    ]);
    download(`${fileBase}.csv`, toCsv(header, body));
  };
  const exportPng = () => {
    const png = chart.current?.toPng();
    if (png) download(`${fileBase}.png`, png);
  };

  return (
    <Stack gap="lg">
      <Paper
        withBorder
        p="lg"
        radius="md"
        component="section"
        aria-labelledby="progress-heading"
        className="dashboard-card"
      >
        <Group justify="space-between" mb="sm" gap="sm">
          <Title order={2} size="h3" id="progress-heading">
            Progress toward the long-term target
          </Title>
          <Group gap="xs" className="no-print">
            {options.length > 1 && (
              <SegmentedControl
                size="xs"
                value={g}
                onChange={(v) => setG(v as Granularity)}
                data={options.map((o) => ({ value: o, label: G_LABEL[o] }))}
                aria-label="Show by"
              />
            )}
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPhoto size={14} aria-hidden />}
              onClick={exportPng}
              disabled={withData.length === 0}
            >
              PNG
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} aria-hidden />}
              onClick={exportCsv}
              disabled={rows.length === 0}
            >
              CSV
            </Button>
          </Group>
        </Group>
        {progress.isSuccess && withData.length === 0 ? (
          <EmptyStatePanel
            icon={<IconChartLine size={28} aria-hidden />}
            title="No data yet"
            headingOrder={3}
          >
            No value counts for this indicator yet. When partners submit values, the actuals appear here
            against the target trajectory from the baseline ({fmtS(i.baseline.value)},{' '}
            {labelPeriod(i.baseline.period, fy)})
            {longTerm
              ? ` to the long-term target (${fmtS(longTerm.value)} by ${labelPeriod(longTerm.period, fy)})`
              : ''}
            .
          </EmptyStatePanel>
        ) : (
          <>
            <Group gap="md" mb="xs">
              {withData.length > 0 && <ProgressStatusBadge status={withData[withData.length - 1]!.status} />}
              <Text size="sm" c="dimmed">
                {trajectory?.reached
                  ? 'The long-term target has been reached.'
                  : trajectory?.projectedPeriod
                    ? `At the current pace the long-term target is reached in ${labelPeriod(trajectory.projectedPeriod, fy)}.`
                    : trajectory
                      ? 'At the current pace the long-term target is not reached.'
                      : ''}
              </Text>
            </Group>
            <ProgressChart
              ref={chart}
              series={built.series}
              format={fmt}
              annotations={annotations}
              openAnnotation={openNote}
              onOpenAnnotation={setOpenNote}
              ariaLabel={`${i.name} by ${G_LABEL[g].toLowerCase()}: actuals against the target trajectory, with the baseline, milestones and long-term target. The numbers are in the table below.`}
            />
          </>
        )}
      </Paper>

      {learning.isSuccess && (
        <LearningStory
          collaborationId={collaborationId}
          indicatorId={i.id}
          entries={entries}
          fy={fy}
          canWrite={canWriteLearning}
          showSharing={audience !== 'funder'}
          highlightedId={highlighted}
          defaultPeriod={withData[withData.length - 1]?.period}
        />
      )}

      {rows.length > 0 && (
        <Paper
          withBorder
          p="lg"
          radius="md"
          component="section"
          aria-labelledby="numbers-heading"
          className="dashboard-card"
        >
          <Title order={2} size="h3" id="numbers-heading" mb="sm">
            The numbers
          </Title>
          <Table.ScrollContainer minWidth={520}>
            <Table
              aria-label={`${i.name} by ${G_LABEL[g].toLowerCase()}`}
              striped
              data-testid="numbers-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Period</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    Actual
                  </Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    Target
                  </Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  {canExplain && (
                    <Table.Th scope="col" className="no-print">
                      <VisuallyHidden>How it was worked out</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.period}>
                    <Table.Th scope="row" fw={500}>
                      {labelPeriod(r.period, fy)}
                    </Table.Th>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {r.actual === null ? '—' : fmtS(r.actual)}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{fmtS(r.target)}</Table.Td>
                    <Table.Td>
                      <ProgressStatusBadge status={r.status} size="sm" />
                    </Table.Td>
                    {canExplain && (
                      <Table.Td className="no-print">
                        {r.actual !== null && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            leftSection={<IconMath size={14} aria-hidden />}
                            onClick={() => setExplainPeriod(r.period)}
                            aria-label={`Show the math for ${labelPeriod(r.period, fy)}`}
                          >
                            Show the math
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {[...built.states].length > 0 && (
            <Text size="sm" mt="sm">
              Milestones:{' '}
              {[...built.states]
                .map(
                  ([p, s]) =>
                    `${labelPeriod(p, fy)} ${fmtS(i.targets.find((t) => t.period === p)?.value ?? null)} (${s})`,
                )
                .join(' · ')}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            Baseline {fmtS(i.baseline.value)} in {labelPeriod(i.baseline.period, fy)}. Targets are read off
            the line from the baseline through the milestones to the long-term target, at the end of each
            period. {formatNumber(String(withData.length))} of {rows.length} periods have data.
          </Text>
        </Paper>
      )}

      {rollups.data && <DisaggregationView indicator={i} rows={rollups.data.items} fy={fy} />}
      {totals.length > 0 && (
        <ContributionsView
          collaborationId={collaborationId}
          indicator={i}
          granularity={g}
          totals={totals}
          fy={fy}
          audience={audience}
        />
      )}
      <ExplainDrawer
        collaborationId={collaborationId}
        indicator={i}
        granularity={g}
        period={explainPeriod}
        fy={fy}
        onClose={() => setExplainPeriod(null)}
      />
    </Stack>
  );
}
