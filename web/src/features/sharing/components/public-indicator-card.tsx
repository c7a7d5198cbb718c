import { type FiscalYearStartMonth, parsePeriodKey, type PublicIndicator } from '@constellation/shared';
import { Button, Card, Collapse, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartLine, IconTable } from '@tabler/icons-react';
import type { ChartData, ChartOptions } from 'chart.js';
import { useMemo, useState } from 'react';
import { Chart, SERIES_COLOURS } from '../../../components/charts/chart';
import { formatWithUnit, labelPeriod } from '../../../lib/periods';
import { wayToGo } from '../share-text';
import { ProgressStatusBadge } from './progress-status-badge';

const endIndex = (key: string, fy: number) => {
  const p = parsePeriodKey(key, fy as FiscalYearStartMonth);
  return p.ok ? p.period.endIndex : Number.NaN;
};

/** One shared indicator: latest total, status, the way to the long-term target, a chart and its numbers. */
export function PublicIndicatorCard({
  indicator: i,
  fiscalYearStartMonth: fy,
}: {
  indicator: PublicIndicator;
  fiscalYearStartMonth: number;
}) {
  const [showTable, setShowTable] = useState(false);
  const fmt = (v: string | null) => (v === null ? '—' : formatWithUnit(v, i.unit, i.valueType));
  const withData = i.progress.filter((p) => p.actual !== null);
  const latest = withData.at(-1) ?? null;
  const longTerm = i.targets.find((t) => t.kind === 'long_term') ?? null;
  const latestEnd = latest ? endIndex(latest.period, fy) : Number.NEGATIVE_INFINITY;
  const nextMilestone =
    i.targets.filter((t) => t.kind === 'milestone' && endIndex(t.period, fy) > latestEnd)[0] ?? null;
  const percent = latest?.percentToLongTerm ?? null;
  const headingId = `indicator-${i.id}`;

  const labels = useMemo(() => i.progress.map((p) => labelPeriod(p.period, fy)), [i.progress, fy]);
  const data = useMemo<ChartData<'line'>>(
    () => ({
      labels,
      datasets: [
        {
          label: 'Total across partners',
          data: i.progress.map((p) => (p.actual === null ? null : Number(p.actual))),
          borderColor: SERIES_COLOURS[0],
          backgroundColor: SERIES_COLOURS[0],
          pointRadius: 3,
          borderWidth: 2,
          spanGaps: false,
        },
        {
          label: 'Target',
          data: i.progress.map((p) => Number(p.target)),
          borderColor: SERIES_COLOURS[1],
          backgroundColor: SERIES_COLOURS[1],
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 2,
        },
      ],
    }),
    [i.progress, labels],
  );
  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      // Calm and stable: no entry or resize animation on a page people embed and print.
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            label: (ctx) =>
              `${ctx.dataset.label}: ${ctx.parsed.y === null ? 'no data' : formatWithUnit(String(ctx.parsed.y), i.unit, i.valueType)}`,
          },
        },
      },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { beginAtZero: false },
      },
    }),
    [i.unit, i.valueType],
  );

  return (
    <Card component="article" withBorder aria-labelledby={headingId} padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} size="h4" id={headingId} style={{ minWidth: 0 }}>
            {i.name}
          </Title>
          <div style={{ flexShrink: 0 }}>
            <ProgressStatusBadge status={latest?.status ?? 'no_data'} />
          </div>
        </Group>
        {i.definition && (
          <Text size="sm" c="dimmed" lineClamp={3}>
            {i.definition}
          </Text>
        )}
        {latest ? (
          <Group align="baseline" gap="xs">
            <Text fz={28} fw={700} lh={1.1}>
              {fmt(latest.actual)}
            </Text>
            <Text size="sm" c="dimmed">
              in {labelPeriod(latest.period, fy)} · target {fmt(latest.target)}
            </Text>
          </Group>
        ) : (
          <Text size="sm">
            No figures have been reported for this indicator yet. They will appear here as soon as partners
            report.
          </Text>
        )}
        {longTerm && (
          <Stack gap={4}>
            <Text size="sm">
              {wayToGo(
                percent,
                fmt(i.baseline.value),
                labelPeriod(i.baseline.period, fy),
                fmt(longTerm.value),
                labelPeriod(longTerm.period, fy),
              )}
            </Text>
            <Progress.Root size="md" radius="xl">
              <Progress.Section
                value={Math.max(0, Math.min(100, percent ?? 0))}
                aria-label={`Progress of ${i.name} toward its long-term target`}
                aria-valuetext={percent === null ? 'No data yet' : `${Math.round(percent)}% of the way`}
              />
            </Progress.Root>
            {nextMilestone && (
              <Text size="xs" c="dimmed">
                Next milestone: {fmt(nextMilestone.value)} by {labelPeriod(nextMilestone.period, fy)}.
              </Text>
            )}
            {i.trajectory && latest && (
              <Text size="xs" c="dimmed">
                {i.trajectory.reached
                  ? 'The long-term target has been reached.'
                  : i.trajectory.projectedPeriod
                    ? `At the current pace the long-term target is reached in ${labelPeriod(i.trajectory.projectedPeriod, fy)}.`
                    : 'At the current pace the long-term target is not reached.'}
              </Text>
            )}
          </Stack>
        )}
        {withData.length > 0 && (
          <>
            <Chart
              type="line"
              height={200}
              data={data}
              options={options}
              ariaLabel={`${i.name}: the total across partners and the target, by ${i.granularity}. The numbers are in the table.`}
            />
            <Group>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={
                  showTable ? <IconChartLine size={14} aria-hidden /> : <IconTable size={14} aria-hidden />
                }
                onClick={() => setShowTable((v) => !v)}
                aria-expanded={showTable}
                aria-controls={`${headingId}-table`}
              >
                {showTable ? 'Hide the numbers' : 'Show the numbers'}
              </Button>
            </Group>
            <Collapse expanded={showTable} id={`${headingId}-table`}>
              <Table.ScrollContainer minWidth={320}>
                <Table striped withTableBorder fz="sm">
                  <Table.Caption>{i.name}, total across partners by period</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Period</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Total
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Target
                      </Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {i.progress.map((p, n) => (
                      <Table.Tr key={p.period}>
                        <Table.Th scope="row" fw={500}>
                          {labels[n]}
                        </Table.Th>
                        <Table.Td ta="right">{fmt(p.actual)}</Table.Td>
                        <Table.Td ta="right">{fmt(p.target)}</Table.Td>
                        <Table.Td>
                          <ProgressStatusBadge status={p.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Collapse>
          </>
        )}
      </Stack>
    </Card>
  );
}
