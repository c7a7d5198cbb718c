import { Alert, Drawer, List, Stack, Table, Text, Title } from '@mantine/core';
import type { IndicatorView } from '@constellation/shared';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { formatDateTime, plural } from '../../../lib/format';
import { formatNumber, labelPeriod } from '../../../lib/periods';
import type { Granularity } from '../api/dashboards-api';
import { useExplain } from '../hooks/use-dashboards';
import { cellLabel, formatValue } from '../model';

/** "Show the math" for one period: the rules, the counting values and the result. */
export function ExplainDrawer({
  collaborationId,
  indicator,
  granularity,
  period,
  fy,
  onClose,
}: {
  collaborationId: string;
  indicator: IndicatorView;
  granularity: Granularity;
  period: string | null;
  fy: number;
  onClose: () => void;
}) {
  const explain = useExplain(
    collaborationId,
    period ? { indicatorId: indicator.id, granularity, period, cell: 'total' } : null,
  );
  const fmt = (v: string | null) => formatValue(v, indicator.unit, indicator.valueType);
  const d = explain.data;
  return (
    <Drawer
      opened={period !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Title order={2} size="h4">{`How ${period ? labelPeriod(period, fy) : ''} was worked out`}</Title>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {explain.isPending ? (
        <PageLoader />
      ) : explain.isError ? (
        <ErrorState error={explain.error} what="the calculation" />
      ) : d ? (
        <Stack gap="md" data-testid="explain">
          <Text size="lg" fw={700}>
            Result: {d.rollup ? fmt(d.rollup.value) : 'no value counts yet'}
          </Text>
          {d.rollup && (
            <Text size="sm" c="dimmed">
              From {plural(d.rollup.valueCount, 'value')} by {plural(d.rollup.partnerCount, 'partner')};
              computed {formatDateTime(d.rollup.computedAt)}
            </Text>
          )}
          <div>
            <Title order={3} size="h5" mb={4}>
              The rules
            </Title>
            <List size="sm" spacing={4} type="ordered">
              {d.rules.steps.map((s) => (
                <List.Item key={s}>{s}</List.Item>
              ))}
            </List>
          </div>
          <div>
            <Title order={3} size="h5" mb={4}>
              The values that count
            </Title>
            {d.values.length === 0 ? (
              <Text size="sm" c="dimmed">
                No value you may see counts in this period.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={420}>
                <Table aria-label="The values that count" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Partner</Table.Th>
                      <Table.Th scope="col">Period</Table.Th>
                      <Table.Th scope="col">Breakdown</Table.Th>
                      <Table.Th scope="col" style={{ textAlign: 'right' }}>
                        Value
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.values.map((v) => (
                      <Table.Tr key={v.id}>
                        <Table.Td>{v.organisationName}</Table.Td>
                        <Table.Td>{labelPeriod(v.period, fy)}</Table.Td>
                        <Table.Td>{cellLabel(v.cell, indicator.dimensions)}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>
                          {v.value !== null
                            ? fmt(v.value)
                            : `${formatNumber(v.numerator)} / ${formatNumber(v.denominator)}`}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {d.otherPartners > 0 && (
              <Alert color="gray" mt="sm" variant="light">
                The values of {plural(d.otherPartners, 'other partner')} also count; they are theirs to see.
              </Alert>
            )}
          </div>
        </Stack>
      ) : null}
    </Drawer>
  );
}
