import { Group, Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import type { IndicatorView } from '@constellation/shared';
import { useMemo, useState } from 'react';
import { Chart, SERIES_COLOURS } from '../../../components/charts/chart';
import { labelPeriod } from '../../../lib/periods';
import type { RollupRow } from '../api/dashboards-api';
import { cellLabel, formatValue } from '../model';

const MAX_PERIODS = 12;

/** The breakdown cells over the latest periods: stacked (parts of a sum) or grouped bars, and a table. */
export function DisaggregationView({
  indicator: i,
  rows,
  fy,
}: {
  indicator: IndicatorView;
  rows: RollupRow[];
  fy: number;
}) {
  // Stacking only makes sense where the parts add up to the whole.
  const additive =
    i.aggregationAcrossPartners === 'sum' && (i.valueType === 'count' || i.valueType === 'amount');
  const [mode, setMode] = useState<'stacked' | 'grouped'>(additive ? 'stacked' : 'grouped');
  const cells = useMemo(
    () => [...new Set(rows.filter((r) => r.cell !== 'total').map((r) => r.cell))].sort(),
    [rows],
  );
  const periods = useMemo(
    () => [...new Set(rows.filter((r) => r.cell !== 'total').map((r) => r.period))].slice(-MAX_PERIODS),
    [rows],
  );
  const value = (cell: string, period: string) =>
    rows.find((r) => r.cell === cell && r.period === period)?.value ?? null;
  const fmt = (v: string | null) => formatValue(v, i.unit, i.valueType);
  const stacked = additive && mode === 'stacked';

  const data = useMemo(
    () => ({
      labels: periods.map((p) => labelPeriod(p, fy)),
      datasets: cells.map((c, k) => ({
        label: cellLabel(c, i.dimensions),
        data: periods.map((p) => {
          const v = value(c, p);
          return v === null ? null : Number(v);
        }),
        backgroundColor: SERIES_COLOURS[k % SERIES_COLOURS.length],
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- value() reads rows
    [cells, periods, rows, fy, i.dimensions],
  );

  if (i.dimensions.length === 0) return null;
  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="section"
      aria-labelledby="breakdown-heading"
      className="dashboard-card"
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="breakdown-heading">
          Breakdown by {i.dimensions.map((d) => d.name.toLowerCase()).join(' and ')}
        </Title>
        {additive && cells.length > 0 && (
          <SegmentedControl
            className="no-print"
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as 'stacked' | 'grouped')}
            data={[
              { value: 'stacked', label: 'Stacked' },
              { value: 'grouped', label: 'Side by side' },
            ]}
            aria-label="Bar layout"
          />
        )}
      </Group>
      {cells.length === 0 ? (
        <Text size="sm" c="dimmed">
          No partner has reported a breakdown yet: totals count, and breakdowns appear here once partners send
          them.
        </Text>
      ) : (
        <>
          <Chart
            type="bar"
            data={data}
            ariaLabel={`${i.name} by ${i.dimensions.map((d) => d.name).join(' and ')}, the numbers are in the table below`}
            options={{
              animation: false,
              plugins: { legend: { position: 'bottom' } },
              scales: {
                x: { stacked, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
                y: { stacked, beginAtZero: true },
              },
            }}
          />
          {/* Native scrolling, focusable, so a keyboard can scroll a wide breakdown (axe: scrollable-region-focusable). */}
          <Table.ScrollContainer minWidth={400} mt="md" type="native" tabIndex={0} aria-label={`Breakdown of ${i.name}, scrolls sideways`}>
            <Table aria-label={`Breakdown of ${i.name}`} data-testid="breakdown-table" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Period</Table.Th>
                  {cells.map((c) => (
                    <Table.Th scope="col" key={c} style={{ textAlign: 'right' }}>
                      {cellLabel(c, i.dimensions)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {periods.map((p) => (
                  <Table.Tr key={p}>
                    <Table.Th scope="row" fw={500}>
                      {labelPeriod(p, fy)}
                    </Table.Th>
                    {cells.map((c) => (
                      <Table.Td key={c} style={{ textAlign: 'right' }}>
                        {fmt(value(c, p)) || '—'}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Paper>
  );
}
