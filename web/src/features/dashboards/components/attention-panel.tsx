import { Anchor, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconBellRinging, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { plural } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import type { AttentionResponse } from '../api/dashboards-api';
import { formatValue } from '../model';
import { ProgressStatusBadge } from './progress-status-badge';

const MAX_LISTED = 6;

/** What needs attention this week, shaped by role by the api (funders: indicators only). */
export function AttentionPanel({
  collaborationId,
  data,
  fy,
}: {
  collaborationId: string;
  data: AttentionResponse;
  fy: number;
}) {
  const base = `/collaborations/${collaborationId}`;
  const overdue = data.overdueReports ?? [];
  const review = data.awaitingReview;
  const nothing = data.indicators.length === 0 && overdue.length === 0 && (!review || review.values === 0);

  // The backbone: overdue reports by partner; a partner: its own, one line each.
  const byPartner = new Map<string, { name: string; count: number }>();
  for (const r of overdue) {
    const e = byPartner.get(r.partnerId) ?? { name: r.organisationName, count: 0 };
    e.count += 1;
    byPartner.set(r.partnerId, e);
  }

  return (
    <Card
      component="section"
      aria-labelledby="attention-heading"
      className="dashboard-card"
      data-testid="attention"
    >
      <Group gap="xs" mb="sm">
        <IconBellRinging size={20} aria-hidden />
        <Title order={2} size="h3" id="attention-heading">
          What needs attention
        </Title>
      </Group>
      {nothing ? (
        <Group gap="xs">
          <IconCircleCheck size={18} aria-hidden color="var(--mantine-color-green-7)" />
          <Text size="sm">
            Nothing needs attention: every indicator with data is on track
            {data.audience !== 'funder' ? ' and no report is overdue' : ''}.
          </Text>
        </Group>
      ) : (
        <Stack gap="md">
          {data.indicators.length > 0 && (
            <div>
              <Text size="sm" fw={600} mb={4}>
                {plural(data.indicators.length, 'indicator')} behind the trajectory
              </Text>
              <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {data.indicators.slice(0, MAX_LISTED).map((i) => (
                  <Group component="li" key={i.indicatorId} gap="xs" wrap="nowrap" align="flex-start">
                    <ProgressStatusBadge status={i.status} size="sm" />
                    <Text size="sm">
                      <Anchor component={Link} to={`${base}/indicators/${i.indicatorId}`} inherit>
                        {i.name}
                      </Anchor>
                      : {formatValue(i.actual, i.unit, i.valueType)} in {labelPeriod(i.period, fy)}, target{' '}
                      {formatValue(i.target, i.unit, i.valueType)}
                    </Text>
                  </Group>
                ))}
              </Stack>
              {data.indicators.length > MAX_LISTED && (
                <Text size="xs" c="dimmed">
                  and {plural(data.indicators.length - MAX_LISTED, 'more')}
                </Text>
              )}
            </div>
          )}
          {overdue.length > 0 && data.audience === 'backbone' && (
            <div>
              <Text size="sm" fw={600} mb={4}>
                {plural(overdue.length, 'overdue report')} from {plural(byPartner.size, 'partner')}
              </Text>
              <List size="sm" spacing={2}>
                {[...byPartner.values()].slice(0, MAX_LISTED).map((p) => (
                  <List.Item key={p.name}>
                    {p.name}: {plural(p.count, 'report')}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          {overdue.length > 0 && data.audience === 'partner' && (
            <div>
              <Text size="sm" fw={600} mb={4}>
                You have {plural(overdue.length, 'overdue report')}
              </Text>
              <List size="sm" spacing={2}>
                {overdue.slice(0, MAX_LISTED).map((r) => (
                  <List.Item key={`${r.indicatorId}|${r.period}`}>
                    {r.name}, {labelPeriod(r.period, fy)}
                  </List.Item>
                ))}
              </List>
              <Anchor component={Link} to={`${base}/report`} size="sm">
                Enter values
              </Anchor>
            </div>
          )}
          {review && review.values > 0 && (
            <Text size="sm">
              {data.audience === 'backbone' ? (
                <>
                  {plural(review.values, 'value')} from {plural(review.partners, 'partner')} waiting for
                  review.{' '}
                  <Anchor component={Link} to={`${base}/review`} inherit>
                    Review them
                  </Anchor>
                </>
              ) : (
                <>
                  {plural(review.values, 'of your values', 'of your values')} waiting for the backbone’s
                  review.
                </>
              )}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
