import { comparePeriods } from '@constellation/shared';
import { Anchor, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { formatWithUnit, labelPeriod } from '../../../lib/periods';
import type { Indicator } from '../../indicators/api/indicators-api';
import { cellLabel } from '../../values/grid-model';
import { useValues } from '../../values/hooks/use-values';
import { ValueStatusBadge } from '../../values/components/value-status-badge';

/**
 * The values the partner attributed to this activity, newest period first (the backbone and the
 * partner itself see them; the values list answers a partner with its own values only).
 */
export function ActivityValues({
  collaborationId,
  activityId,
  partnerId,
  indicators,
  fy,
}: {
  collaborationId: string;
  activityId: string;
  partnerId: string;
  indicators: Indicator[];
  fy: number;
}) {
  const values = useValues(collaborationId, { activityId, partnerId });
  const byId = useMemo(() => new Map(indicators.map((i) => [i.id, i])), [indicators]);
  const rows = useMemo(
    () =>
      [...(values.data ?? [])].sort(
        (a, b) => comparePeriods(b.period, a.period, fy) || (byId.get(a.indicatorId)?.code ?? '').localeCompare(byId.get(b.indicatorId)?.code ?? ''),
      ),
    [values.data, byId, fy],
  );
  return (
    <>
      <Title order={2} size="h3" mb="sm" id="activity-values">
        Values attributed to this activity
      </Title>
      {values.isPending ? (
        <PageLoader />
      ) : values.isError ? (
        <ErrorState error={values.error} onRetry={() => values.refetch()} what="the values" />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet. In the data-entry grid, “Report by activity” under an indicator this activity contributes to gives it a row; a file can name it
          in an activity column.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-labelledby="activity-values">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Period</Table.Th>
                <Table.Th scope="col">Indicator</Table.Th>
                <Table.Th scope="col">Breakdown</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  Value
                </Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((v) => {
                const ind = byId.get(v.indicatorId);
                return (
                  <Table.Tr key={v.id}>
                    <Table.Td>{labelPeriod(v.period, fy)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/collaborations/${collaborationId}/indicators/${v.indicatorId}`} size="sm">
                        {ind ? `${ind.code} · ${ind.name}` : 'An indicator'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{cellLabel(v.cell)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {v.numerator !== null && v.denominator !== null ? `${v.numerator}/${v.denominator}` : formatWithUnit(v.value, ind?.unit ?? '', ind?.valueType)}
                    </Table.Td>
                    <Table.Td>
                      <ValueStatusBadge status={v.status} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
