import { Paper, Table, Text, Title } from '@mantine/core';
import type { IndicatorView } from '@constellation/shared';
import { useMemo } from 'react';
import { Chart, SERIES_COLOURS } from '../../../components/charts/chart';
import { isApiError } from '../../../lib/api-client';
import { labelPeriod } from '../../../lib/periods';
import type { Granularity, RollupRow } from '../api/dashboards-api';
import { formatValue } from '../model';
import { useRollups } from '../hooks/use-dashboards';

/**
 * Partner contributions over time: contribution, not attribution. Partners appear in alphabetical
 * order beside the shared total, never sorted by size. The api decides who sees which rows (the
 * backbone every partner, a partner its own); a 403 (funders, unless the collaboration opts in)
 * hides the section with a short note.
 */
export function ContributionsView({
  collaborationId,
  indicator: i,
  granularity,
  totals,
  fy,
  audience,
}: {
  collaborationId: string;
  indicator: IndicatorView;
  granularity: Granularity;
  totals: RollupRow[];
  fy: number;
  audience: 'backbone' | 'partner' | 'funder';
}) {
  // Each partner's total only (its breakdown cells would multiply the rows for nothing shown here).
  const q = useRollups(collaborationId, i.id, granularity, 'partners', true, 'total');
  const rows = useMemo(() => (q.data?.items ?? []).filter((r) => r.cell === 'total'), [q.data]);
  const partners = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of rows) m.set(r.scope, r.organisationName ?? 'A partner');
    return [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [rows]);
  const periods = useMemo(() => [...new Set(totals.map((r) => r.period))], [totals]);
  const fmt = (v: string | null | undefined) => formatValue(v ?? null, i.unit, i.valueType);
  const at = (scope: string, p: string) =>
    rows.find((r) => r.scope === scope && r.period === p)?.value ?? null;
  const totalAt = (p: string) => totals.find((r) => r.period === p)?.value ?? null;

  if (q.isError && isApiError(q.error, 403)) {
    return (
      <Paper
        withBorder
        p="lg"
        radius="md"
        component="section"
        aria-labelledby="contrib-heading"
        className="dashboard-card"
      >
        <Title order={2} size="h3" id="contrib-heading" mb="xs">
          Partner contributions
        </Title>
        <Text size="sm" c="dimmed" data-testid="contributions-hidden">
          This collaboration shares results across all partners with funders; individual partners’
          contributions are not shown.
        </Text>
      </Paper>
    );
  }
  if (q.isPending || q.isError || periods.length === 0) return null;

  const series = [
    ...partners.map(([scope, name], k) => ({
      label: audience === 'partner' ? `${name} (your contribution)` : name,
      data: periods.map((p) => {
        const v = at(scope, p);
        return v === null ? null : Number(v);
      }),
      borderColor: SERIES_COLOURS[(k + 2) % SERIES_COLOURS.length],
      backgroundColor: SERIES_COLOURS[(k + 2) % SERIES_COLOURS.length],
      pointRadius: 2,
      borderWidth: 2,
    })),
    {
      label: 'All partners together',
      data: periods.map((p) => {
        const v = totalAt(p);
        return v === null ? null : Number(v);
      }),
      borderColor: SERIES_COLOURS[0],
      backgroundColor: SERIES_COLOURS[0],
      borderWidth: 3,
      pointRadius: 2,
    },
  ];

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="section"
      aria-labelledby="contrib-heading"
      className="dashboard-card"
      data-testid="contributions"
    >
      <Title order={2} size="h3" id="contrib-heading" mb={4}>
        {audience === 'partner' ? 'Your contribution to the shared result' : 'Partner contributions'}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {audience === 'partner'
          ? 'Your organisation’s results beside everyone’s together.'
          : 'What each partner contributes to the shared result, in alphabetical order: a contribution, not a ranking.'}
      </Text>
      {partners.length === 0 ? (
        <Text size="sm">
          {audience === 'partner'
            ? 'Your organisation has no counting values for this indicator yet.'
            : 'No partner has counting values yet.'}
        </Text>
      ) : (
        <>
          <Chart
            type="line"
            data={{ labels: periods.map((p) => labelPeriod(p, fy)), datasets: series }}
            ariaLabel={`Contributions to ${i.name} over time; the numbers are in the table below`}
            options={{
              animation: false,
              plugins: { legend: { position: 'bottom' } },
              scales: { x: { ticks: { maxRotation: 0, autoSkipPadding: 16 } }, y: { beginAtZero: true } },
            }}
          />
          <Table.ScrollContainer minWidth={420} mt="md">
            <Table aria-label={`Contributions to ${i.name}`} striped data-testid="contributions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Period</Table.Th>
                  {partners.map(([scope, name]) => (
                    <Table.Th scope="col" key={scope} style={{ textAlign: 'right' }}>
                      {name}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    All partners
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {periods.map((p) => (
                  <Table.Tr key={p}>
                    <Table.Th scope="row" fw={500}>
                      {labelPeriod(p, fy)}
                    </Table.Th>
                    {partners.map(([scope]) => (
                      <Table.Td key={scope} style={{ textAlign: 'right' }}>
                        {fmt(at(scope, p)) || '—'}
                      </Table.Td>
                    ))}
                    <Table.Td style={{ textAlign: 'right' }}>{fmt(totalAt(p)) || '—'}</Table.Td>
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
