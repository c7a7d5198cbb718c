import { periodAtIndex, periodLabel, toMonthIndex, type FiscalYearStartMonth } from '@constellation/shared';
import { Alert, Anchor, Group, List, Paper, SegmentedControl, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconGridDots, IconInfoCircle } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { formatDate, plural } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import type { CellState, Granularity, MatrixCell } from '../api/completeness-api';
import { useCompletenessMatrix } from '../hooks/use-completeness';
import { describeCounts, REPORT_STATE } from './report-state';

const GRANULARITY_ORDER: Granularity[] = ['month', 'quarter', 'year'];
const GRANULARITY_LABEL: Record<Granularity, string> = { month: 'Months', quarter: 'Quarters', year: 'Years' };

/** Period choices for the range selects: five years back to one year ahead, newest first. */
function periodOptions(granularity: Granularity, fy: FiscalYearStartMonth) {
  const now = new Date();
  const here = toMonthIndex(now.getFullYear(), now.getMonth() + 1);
  const out: { value: string; label: string }[] = [];
  let index = here + 12;
  const stop = here - 60;
  while (index >= stop) {
    const p = periodAtIndex(index, granularity, fy);
    out.push({ value: p.key, label: periodLabel(p.key, fy) });
    index = p.startIndex - 1;
  }
  return out;
}

/** One heatmap cell: colour, icon and letter, with the full meaning in words for screen readers and on hover. */
function Cell({ cell, header }: { cell: MatrixCell; header: string }) {
  const s = REPORT_STATE[cell.state];
  const Icon = s.icon;
  const text = describeCounts(cell.state, cell);
  return (
    <Table.Td
      data-state={cell.state}
      title={text}
      style={{
        // Holds its visually hidden text inside the scrolling heatmap (else it widens the page on a phone).
        position: 'relative',
        textAlign: 'center',
        background: cell.state === 'not_expected' ? undefined : `var(--mantine-color-${s.color}-light)`,
        color: `var(--mantine-color-${s.color === 'gray' ? 'dimmed' : `${s.color}-light-color`})`,
        whiteSpace: 'nowrap',
      }}
    >
      <span aria-hidden style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 700 }}>
        <Icon size={14} stroke={2} aria-hidden />
        {s.letter}
        {cell.expected > 1 && cell.state !== 'approved' && (
          <Text span size="xs" fw={500}>
            {cell.approved + cell.submitted}/{cell.expected}
          </Text>
        )}
      </span>
      <VisuallyHidden>
        {header}: {text}
      </VisuallyHidden>
    </Table.Td>
  );
}

function Legend() {
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="heatmap-legend">
      <Title order={2} size="h4" id="heatmap-legend" mb={6}>
        Key
      </Title>
      <Group gap="lg" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {(Object.keys(REPORT_STATE) as CellState[]).map((state) => {
          const s = REPORT_STATE[state];
          const Icon = s.icon;
          return (
            <Group key={state} gap={6} component="li" wrap="nowrap">
              <Group
                gap={2}
                px={6}
                py={2}
                wrap="nowrap"
                style={{
                  borderRadius: 4,
                  fontWeight: 700,
                  background: state === 'not_expected' ? undefined : `var(--mantine-color-${s.color}-light)`,
                  color: `var(--mantine-color-${s.color === 'gray' ? 'dimmed' : `${s.color}-light-color`})`,
                }}
                aria-hidden
              >
                <Icon size={14} stroke={2} aria-hidden />
                {s.letter}
              </Group>
              <Text size="sm">
                <strong>{s.label}</strong>: {s.help}
              </Text>
            </Group>
          );
        })}
      </Group>
    </Paper>
  );
}

/**
 * Reporting completeness: partners × periods for one indicator or every committed indicator, each
 * cell approved / submitted / returned / missing / not due yet / not expected. The backbone sees
 * every partner; a partner its own row; a funder the totals only (the api decides).
 */
export function CompletenessPage() {
  const { collaborationId, collaboration } = useCollaborationContext();
  const fy = collaboration.agenda.fiscalYearStartMonth as FiscalYearStartMonth;
  const [params, setParams] = useSearchParams();
  const indicators = useIndicators(collaborationId);
  const indicatorId = params.get('indicator') ?? undefined;
  const indicator = indicators.data?.find((i) => i.id === indicatorId);
  const minGranularity: Granularity = indicator?.periodicity ?? 'month';
  const asked = params.get('granularity') as Granularity | null;
  const granularity: Granularity | undefined =
    asked && GRANULARITY_ORDER.includes(asked) && GRANULARITY_ORDER.indexOf(asked) >= GRANULARITY_ORDER.indexOf(minGranularity) ? asked : undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const matrix = useCompletenessMatrix(collaborationId, { indicatorId, granularity, from, to });
  const shownGranularity = matrix.data?.granularity ?? granularity ?? indicator?.periodicity ?? 'quarter';
  const options = periodOptions(shownGranularity, fy);

  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const controls = (
    <Group gap="sm" align="flex-end" mb="md" wrap="wrap">
      <Select
        label="Indicator"
        data={[{ value: '', label: 'All committed indicators' }, ...(indicators.data ?? []).map((i) => ({ value: i.id, label: `${i.code} · ${i.name}` }))]}
        value={indicatorId ?? ''}
        onChange={(v) => update({ indicator: v || null, granularity: null, from: null, to: null })}
        allowDeselect={false}
        searchable
        w={{ base: '100%', sm: 320 }}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="granularity-label">
          Periods
        </Text>
        <SegmentedControl
          aria-labelledby="granularity-label"
          value={shownGranularity}
          onChange={(v) => update({ granularity: v, from: null, to: null })}
          data={GRANULARITY_ORDER.map((g) => ({
            value: g,
            label: GRANULARITY_LABEL[g],
            disabled: GRANULARITY_ORDER.indexOf(g) < GRANULARITY_ORDER.indexOf(minGranularity),
          }))}
        />
      </Stack>
      <Select label="From" data={options} value={matrix.data?.from ?? from ?? null} onChange={(v) => update({ from: v })} allowDeselect={false} w={{ base: '47%', sm: 160 }} />
      <Select label="To" data={options} value={matrix.data?.to ?? to ?? null} onChange={(v) => update({ to: v })} allowDeselect={false} w={{ base: '47%', sm: 160 }} />
    </Group>
  );

  let body;
  if (matrix.isPending) body = <PageLoader />;
  else if (matrix.isError) body = <ErrorState error={matrix.error} onRetry={() => matrix.refetch()} what="reporting completeness" />;
  else {
    const m = matrix.data;
    const noCommitments = m.partners.length === 0 && m.partnersNotListed === 0;
    body = noCommitments ? (
      <EmptyStatePanel icon={<IconGridDots size={28} aria-hidden />} title="Nobody has committed to report this yet" headingOrder={2}>
        Completeness compares what partners committed to report with what they sent. Partners choose their indicators under Partners → Commitments.
      </EmptyStatePanel>
    ) : (
      <Stack gap="md">
        {m.audience === 'funder' && (
          <Alert icon={<IconInfoCircle aria-hidden />} color="sky" variant="light" title="Totals across all partners">
            Funders see how complete reporting is across the collaboration, not which partner reported what.
          </Alert>
        )}
        {m.audience === 'partner' && m.partnersNotListed > 0 && (
          <Text size="sm" c="dimmed">
            Your organisation&apos;s row, and the totals across all {plural(m.partnersNotListed + m.partners.length, 'committed partner')}. Other
            partners&apos; rows are visible only to them and to the backbone.
          </Text>
        )}
        {/* Focusable, so keyboard users can scroll a wide heatmap sideways (its cells hold no links). */}
        <div tabIndex={0} role="region" aria-label="Completeness heatmap, scrolls sideways" style={{ overflowX: 'auto', position: 'relative' }}>
          <Table miw={Math.max(560, 220 + m.periods.length * 84)} withTableBorder withColumnBorders verticalSpacing={6} data-testid="completeness-heatmap" aria-describedby="heatmap-caption">
            <caption id="heatmap-caption" style={{ captionSide: 'top', textAlign: 'left', paddingBottom: 8 }}>
              <Text size="sm" c="dimmed" span>
                {indicator ? `${indicator.code} · ${indicator.name}` : 'All committed indicators'}, {m.periods[0]?.label} to{' '}
                {m.periods[m.periods.length - 1]?.label}.{' '}
                {m.audience === 'funder'
                  ? 'Each column: how many committed partners sent every report expected of them in that period.'
                  : 'Each cell: the expected reports of that partner in that period.'}{' '}
                Due date:{' '}
                {m.dueRule.replace(/^A report is due by /, '').replace(/\.$/, '')}. Today is {formatDate(m.today)}.
              </Text>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}>
                  Partner
                </Table.Th>
                {m.periods.map((p) => (
                  <Table.Th scope="col" key={p.period} style={{ textAlign: 'center', whiteSpace: 'nowrap' }}>
                    {p.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.partners.map((row) => (
                <Table.Tr key={row.partnerId}>
                  <Table.Th scope="row" style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)', zIndex: 1, fontWeight: 500 }}>
                    {m.audience === 'backbone' ? (
                      <Anchor component={Link} to={`/collaborations/${collaborationId}/partners/${row.partnerId}/home`} size="sm" fw={500}>
                        {row.organisationName}
                      </Anchor>
                    ) : (
                      row.organisationName
                    )}
                  </Table.Th>
                  {row.cells.map((c, i) => (
                    <Cell key={c.period} cell={c} header={`${row.organisationName}, ${m.periods[i]!.label}`} />
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row" style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}>
                  All partners
                </Table.Th>
                {m.totals.map((c, i) => (
                  <Table.Td key={c.period} style={{ position: 'relative', textAlign: 'center', whiteSpace: 'nowrap' }} data-testid={`total-${c.period}`}>
                    {c.partnersExpected === 0 ? (
                      <Text size="xs" c="dimmed">
                        Not expected
                      </Text>
                    ) : (
                      <>
                        <Text size="sm" fw={600} span>
                          {c.partnersComplete} of {c.partnersExpected}
                        </Text>
                        <Text size="xs" c="dimmed" display="block">
                          partners complete
                        </Text>
                        <VisuallyHidden>
                          {m.periods[i]!.label}: {describeCounts(c.state, c)}
                        </VisuallyHidden>
                      </>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </div>
        <Legend />
        <List size="sm" c="dimmed" spacing={2}>
          <List.Item>A monthly report counts in the quarter and the year holding its month; a yearly one in the period holding the year&apos;s end.</List.Item>
          <List.Item>A draft does not count as sent: it shows as missing once the report is late.</List.Item>
        </List>
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Reporting completeness"
        description="Who has reported what they committed to, period by period: approved, submitted, returned, missing or not due yet."
      />
      {controls}
      {body}
    </>
  );
}
