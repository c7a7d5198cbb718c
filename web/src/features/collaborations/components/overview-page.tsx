import {
  Anchor,
  Button,
  Card,
  CopyButton,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconChartLine,
  IconCheck,
  IconCopy,
  IconMailPlus,
  IconPrinter,
  IconTarget,
  IconUsersGroup,
} from '@tabler/icons-react';
import {
  comparePeriods,
  headlineGranularity,
  type FiscalYearStartMonth,
  periodAtIndex,
  toMonthIndex,
} from '@constellation/shared';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { PageHeader } from '../../../components/page-header';
import { plural } from '../../../lib/format';
import { roleLabel } from '../../../lib/labels';
import { EndorseBanner } from '../../agenda/components/endorse-banner';
import type { CompletenessResponse } from '../../dashboards/api/dashboards-api';
import { AttentionPanel } from '../../dashboards/components/attention-panel';
import { GoalBand } from '../../dashboards/components/goal-band';
import { WinsFeed } from '../../dashboards/components/wins-feed';
import {
  useAttention,
  useCompletenessMany,
  useProgress,
  useWins,
} from '../../dashboards/hooks/use-dashboards';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { usePartners } from '../../partners/hooks/use-partners';
import { useCollaborationContext } from '../hooks/use-collaboration-context';

function JoinCodeCard({ code, collaborationId }: { code: string; collaborationId: string }) {
  return (
    <Card>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Join code
        </Title>
        <Text size="sm" c="dimmed">
          Organisations you have not invited can ask to join with this code. You approve each request.
        </Text>
        <Group gap="sm">
          <Text ff="monospace" fz={22} fw={700} lts={2} data-testid="join-code">
            {code}
          </Text>
          <CopyButton value={code}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the code'}>
                <Button
                  size="xs"
                  variant="default"
                  onClick={copy}
                  leftSection={
                    copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                  }
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Anchor component={Link} to={`/collaborations/${collaborationId}/partners?tab=requests`} size="sm">
          See join requests
        </Anchor>
      </Stack>
    </Card>
  );
}

export function OverviewPage() {
  const { collaboration: c, collaborationId, can, membership } = useCollaborationContext();
  const partners = usePartners(collaborationId, can('partners.read'));
  const indicators = useIndicators(collaborationId, 'active');
  const progress = useProgress(collaborationId);
  const wins = useWins(collaborationId);
  const attention = useAttention(collaborationId);
  const fyStart = c.agenda.fiscalYearStartMonth as FiscalYearStartMonth;
  // Completeness of each card's period: at the indicator's headline granularity.
  const headlines = useMemo(
    () => (indicators.data ?? []).map((i) => ({ id: i.id, granularity: headlineGranularity(i, fyStart) })),
    [indicators.data, fyStart],
  );
  const completenessRange = useMemo(() => {
    const now = new Date();
    const month = toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
    return {
      from: periodAtIndex(month - 12, 'year', fyStart).key,
      to: periodAtIndex(month, 'year', fyStart).key,
    };
  }, [fyStart]);
  const completenessQueries = useCompletenessMany(collaborationId, headlines, completenessRange);
  const completeness = new Map<string, CompletenessResponse>();
  for (const q of completenessQueries) if (q.data) completeness.set(q.data.indicatorId, q.data);

  const others = (partners.data ?? []).filter((p) => p.kind !== 'backbone');
  const active = others.filter((p) => p.status === 'active').length;
  const invited = others.filter((p) => p.status === 'invited').length;
  const base = `/collaborations/${collaborationId}`;
  const fy = c.agenda.fiscalYearStartMonth;
  const compare = (a: string, b: string) => comparePeriods(a, b, fy as FiscalYearStartMonth);
  const list = indicators.data ?? [];
  const hasData = (progress.data?.items ?? []).some((r) => r.actual !== null);
  const canPrint = can('values.review') || membership.role === 'funder';

  return (
    <>
      <PageHeader
        title={c.name}
        documentTitle={`${c.name}: overview`}
        description={`Coordinated by ${c.backboneOrganisation.name} · You are ${roleLabel(membership.role).toLowerCase()}${
          membership.organisationName && membership.organisationName !== c.backboneOrganisation.name
            ? ` for ${membership.organisationName}`
            : ''
        }`}
        actions={
          canPrint ? (
            <Button
              variant="default"
              className="no-print"
              leftSection={<IconPrinter size={16} aria-hidden />}
              onClick={() => window.print()}
            >
              Print report
            </Button>
          ) : undefined
        }
      />

      <EndorseBanner currentVersion={c.agenda.version} showReadLink />

      <Stack gap="lg">
        <Card component="section" aria-labelledby="agenda-heading" className="dashboard-card" py="sm">
          <Group gap="xs" wrap="nowrap" align="baseline">
            <Title order={2} size="h5" id="agenda-heading" style={{ flexShrink: 0 }}>
              Our common agenda:
            </Title>
            <Text size="sm" lineClamp={2} data-testid="agenda-vision" title={c.agenda.vision}>
              {c.agenda.vision}
            </Text>
          </Group>
          <Anchor component={Link} to={`${base}/agenda`} size="xs" className="no-print">
            Read the full agenda (version {c.agenda.version})
          </Anchor>
        </Card>

        {list.length > 0 && (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" className="overview-top">
            {attention.data ? (
              <AttentionPanel collaborationId={collaborationId} data={attention.data} fy={fy} />
            ) : (
              <Card className="dashboard-card">
                <Text size="sm" c="dimmed">
                  {attention.isError
                    ? 'What needs attention could not be loaded.'
                    : 'Looking for what needs attention…'}
                </Text>
              </Card>
            )}
            <WinsFeed collaborationId={collaborationId} wins={wins.data ?? []} indicators={list} fy={fy} />
          </SimpleGrid>
        )}

        {indicators.isSuccess && list.length === 0 && c.goals.length > 0 && (
          <EmptyStatePanel
            icon={<IconChartLine size={28} aria-hidden />}
            title="No shared indicators yet"
            headingOrder={2}
            actions={
              can('indicators.manage') ? (
                <Button component={Link} to={`${base}/indicators`}>
                  Add indicators
                </Button>
              ) : undefined
            }
          >
            The dashboard shows progress toward each goal through shared indicators: what is measured, the
            baseline, milestones and the long-term target.{' '}
            {can('indicators.manage')
              ? 'Add the first ones, or start from an example set.'
              : 'The backbone team will add them.'}
          </EmptyStatePanel>
        )}
        {list.length > 0 && progress.isSuccess && !hasData && (
          <EmptyStatePanel
            icon={<IconChartLine size={28} aria-hidden />}
            title="No data yet"
            headingOrder={2}
          >
            Indicators are set up, but no values count yet.{' '}
            {can('values.write')
              ? 'Enter or import your values in Report data; '
              : 'Partners enter or import their values; '}
            the charts fill in within seconds of a submission
            {can('values.review') ? ' (or of your approval, where approval is required)' : ''}.
          </EmptyStatePanel>
        )}

        {c.goals.length === 0 ? (
          <EmptyStatePanel
            icon={<IconTarget size={28} aria-hidden />}
            title="No goals yet"
            headingOrder={2}
            actions={
              can('goals.manage') ? (
                <Button component={Link} to={`${base}/goals`}>
                  Add a goal
                </Button>
              ) : undefined
            }
          >
            Goals are the long-term results the collaboration works toward, each with a target date.
            {can('goals.manage') ? '' : ' The backbone team will add them.'}
          </EmptyStatePanel>
        ) : (
          c.goals.map((g) => (
            <GoalBand
              key={g.id}
              collaborationId={collaborationId}
              goal={g}
              indicators={list.filter((i) => i.goalId === g.id)}
              progress={progress.data}
              wins={wins.data ?? []}
              completeness={completeness}
              fy={fy}
              comparePeriods={compare}
            />
          ))
        )}

        <SimpleGrid cols={{ base: 1, md: c.joinCode ? 2 : 1 }} className="no-print">
          <Card component="section" aria-labelledby="partners-heading">
            <Stack gap="xs">
              <Group gap="xs">
                <IconUsersGroup size={20} aria-hidden />
                <Title order={2} size="h3" id="partners-heading">
                  Partners
                </Title>
              </Group>
              {!can('partners.read') ? (
                <Text size="sm" c="dimmed">
                  The partners work together toward these goals; their combined results are shown above.
                </Text>
              ) : partners.isPending ? (
                <Text size="sm" c="dimmed">
                  Counting partners…
                </Text>
              ) : others.length === 0 ? (
                <>
                  <Text size="sm">No partner organisations yet.</Text>
                  <Text size="sm" c="dimmed">
                    A collaboration works when many organisations share the agenda. Invite the first ones:
                    each reads the agenda, endorses it and joins.
                  </Text>
                  {can('partners.manage') && (
                    <Group>
                      <Button
                        component={Link}
                        to={`${base}/partners?tab=invitations&invite=1`}
                        leftSection={<IconMailPlus size={16} aria-hidden />}
                      >
                        Invite partners
                      </Button>
                    </Group>
                  )}
                </>
              ) : (
                <>
                  <Text fz={28} fw={700} lh={1.1} data-testid="partner-count">
                    {others.length}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {plural(active, 'active partner')}
                    {invited > 0 ? `, ${invited} invited` : ''}
                  </Text>
                  <Group>
                    <Anchor component={Link} to={`${base}/partners`} size="sm">
                      See all partners
                    </Anchor>
                  </Group>
                </>
              )}
            </Stack>
          </Card>
          {c.joinCode && <JoinCodeCard code={c.joinCode} collaborationId={collaborationId} />}
        </SimpleGrid>
      </Stack>
    </>
  );
}
