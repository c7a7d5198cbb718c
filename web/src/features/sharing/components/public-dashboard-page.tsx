import type { PublicDashboard } from '@constellation/shared';
import {
  Alert,
  Box,
  Button,
  Container,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconChartDots, IconLinkOff, IconRefresh, IconTrophy } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { LogoMark } from '../../../components/logo';
import { useDocumentTitle } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { formatWithUnit, labelPeriod } from '../../../lib/periods';
import { usePublicDashboard } from '../hooks/use-sharing';
import { PublicIndicatorCard } from './public-indicator-card';

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Box component="main" id="main" py={{ base: 'md', sm: 'xl' }}>
      <Container size="lg" px={{ base: 'sm', sm: 'md' }}>
        {children}
        <Group gap={6} mt="xl" justify="center" c="dimmed">
          <LogoMark size={18} />
          <Text size="xs" c="dimmed">
            Shared with Constellation, a shared-measurement platform for collective impact.
          </Text>
        </Group>
      </Container>
    </Box>
  );
}

function NoLongerShared({ gone }: { gone: boolean }) {
  useDocumentTitle('No longer shared');
  return (
    <Frame>
      <EmptyStatePanel
        icon={<IconLinkOff size={28} aria-hidden />}
        title="This dashboard is no longer shared"
        headingOrder={1}
      >
        {gone
          ? 'The people who published it have stopped sharing it. Ask them for a new link if you need the figures.'
          : 'The link may be incomplete or mistyped, or the dashboard has been withdrawn. Ask whoever gave you the link for a new one.'}
      </EmptyStatePanel>
    </Frame>
  );
}

function Wins({ dashboard }: { dashboard: PublicDashboard }) {
  const fy = dashboard.collaboration.fiscalYearStartMonth;
  const byId = new Map(dashboard.indicators.map((i) => [i.id, i]));
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="wins-heading">
      <Title order={2} size="h4" id="wins-heading" mb="sm">
        Milestones met
      </Title>
      {dashboard.wins.length === 0 ? (
        <Text size="sm" c="dimmed">
          No milestone has been met yet. Each one will be celebrated here when the totals reach it.
        </Text>
      ) : (
        <List
          spacing="sm"
          center
          icon={
            <ThemeIcon color="yellow" variant="light" radius="xl" size={26}>
              <IconTrophy size={16} aria-hidden />
            </ThemeIcon>
          }
        >
          {dashboard.wins.map((w) => {
            const i = byId.get(w.indicator.id);
            const fmt = (v: string) => (i ? formatWithUnit(v, i.unit, i.valueType) : v);
            return (
              <List.Item key={w.id}>
                <Text size="sm">
                  <Text span fw={600}>
                    {w.indicator.name}:
                  </Text>{' '}
                  {w.kind === 'long_term' ? 'the long-term target' : 'the milestone'} of{' '}
                  {fmt(w.milestoneValue)} for {labelPeriod(w.milestonePeriod, fy)} was met with{' '}
                  {fmt(w.metValue)} in {labelPeriod(w.metPeriod, fy)}.
                </Text>
              </List.Item>
            );
          })}
        </List>
      )}
    </Paper>
  );
}

/**
 * The public, read-only dashboard behind a share link (/share/:token): no sign-in, no app chrome,
 * embeddable in an iframe. Only totals across all partners; a revoked link says so.
 */
export function PublicDashboardPage() {
  const { token = '' } = useParams();
  const q = usePublicDashboard(token);
  useDocumentTitle(q.data?.title);

  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    if (isApiError(q.error, 404) || isApiError(q.error, 410))
      return <NoLongerShared gone={isApiError(q.error, 410)} />;
    return (
      <Frame>
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle aria-hidden />}
          title="We could not load this dashboard"
          role="alert"
        >
          <Stack gap="sm">
            <Text size="sm">{errorMessage(q.error)}</Text>
            <Group>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={14} aria-hidden />}
                onClick={() => q.refetch()}
              >
                Try again
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Frame>
    );
  }
  const d = q.data;
  return (
    <Frame>
      <Stack gap="lg">
        <Stack gap={4}>
          <Text size="sm" c="dimmed" fw={600}>
            {d.collaboration.name}
          </Text>
          <Title order={1}>{d.title}</Title>
          <Text size="sm" c="dimmed">
            Totals across all partners.{d.computedAt ? ` Figures as of ${formatDateTime(d.computedAt)}.` : ''}
          </Text>
        </Stack>
        {d.indicators.length === 0 ? (
          <EmptyStatePanel icon={<IconChartDots size={28} aria-hidden />} title="Nothing to show yet">
            The indicators chosen for this dashboard are no longer measured. Ask whoever shared it for an
            updated link.
          </EmptyStatePanel>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {d.indicators.map((i) => (
              <PublicIndicatorCard
                key={i.id}
                indicator={i}
                fiscalYearStartMonth={d.collaboration.fiscalYearStartMonth}
              />
            ))}
          </SimpleGrid>
        )}
        {d.indicators.length > 0 && <Wins dashboard={d} />}
      </Stack>
    </Frame>
  );
}
