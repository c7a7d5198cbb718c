import { Anchor, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconConfetti, IconTrophy } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { IndicatorView } from '@constellation/shared';
import { formatDate, plural } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import type { Win } from '../api/dashboards-api';
import { formatValue } from '../model';

function byWhom(w: Win): string | null {
  const c = w.contributors;
  if (!c || c.count === 0) return null;
  if (c.names.length === c.count) return `From the reports of ${c.names.join(', ')}`;
  if (c.names.length > 0)
    return `From the reports of ${c.names.join(', ')} and ${plural(c.count - c.names.length, 'other partner')}`;
  return `From the reports of ${plural(c.count, 'partner')}`;
}

/** Milestones met, newest first: the short-term wins, celebrated where people look. */
export function WinsFeed({
  collaborationId,
  wins,
  indicators,
  fy,
  limit = 6,
}: {
  collaborationId: string;
  wins: Win[];
  indicators: IndicatorView[];
  fy: number;
  limit?: number;
}) {
  const active = wins.filter((w) => w.status === 'active').slice(0, limit);
  return (
    <Card component="section" aria-labelledby="wins-heading" className="dashboard-card">
      <Group gap="xs" mb="sm">
        <IconTrophy size={20} aria-hidden />
        <Title order={2} size="h3" id="wins-heading">
          Wins
        </Title>
      </Group>
      {active.length === 0 ? (
        <Text size="sm" c="dimmed">
          No milestone met yet. When the partners’ combined results reach a milestone, it is celebrated here.
        </Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
          data-testid="wins-feed"
        >
          {active.map((w) => {
            const ind = indicators.find((i) => i.id === w.indicator.id);
            const fmt = (v: string) => formatValue(v, ind?.unit ?? '', ind?.valueType);
            const who = byWhom(w);
            return (
              <Group component="li" key={w.id} gap="sm" align="flex-start" wrap="nowrap">
                <ThemeIcon variant="light" color="green" radius="xl" aria-hidden>
                  <IconConfetti size={16} />
                </ThemeIcon>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {w.kind === 'long_term' ? 'Long-term target reached' : 'Milestone met'}:{' '}
                    <Anchor
                      component={Link}
                      to={`/collaborations/${collaborationId}/indicators/${w.indicator.id}`}
                      inherit
                    >
                      {w.indicator.name}
                    </Anchor>
                  </Text>
                  <Text size="sm">
                    {fmt(w.metValue)} in {labelPeriod(w.metPeriod, fy)}, against {fmt(w.milestoneValue)} by{' '}
                    {labelPeriod(w.milestonePeriod, fy)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(w.firstMetAt)}
                    {who ? ` · ${who}` : ''}
                  </Text>
                </div>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
