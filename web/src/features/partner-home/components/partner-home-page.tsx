import { periodAtIndex, requirePeriod, type FiscalYearStartMonth } from '@constellation/shared';
import { Alert, Anchor, Badge, Button, Card, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconCalendarDue,
  IconCircleCheck,
  IconConfetti,
  IconLock,
  IconPencil,
  IconSend,
  IconTable,
} from '@tabler/icons-react';
import type { ComponentType, ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { formatDate, plural } from '../../../lib/format';
import { formatNumber, formatWithUnit, labelPeriod } from '../../../lib/periods';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { REPORT_STATE, ReportStateBadge, stateOfReport } from '../../completeness/components/report-state';
import type { Contribution, PartnerHome, Report } from '../api/partner-home-api';
import { usePartnerHome, useRecentWins } from '../hooks/use-partner-home';

const DAY = 24 * 60 * 60 * 1000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** What a to-do report says: overdue by how long, or due by when. */
function whenText(r: Report, today: string): string {
  if (r.state === 'returned') return 'Returned by the backbone: correct it and submit again';
  if (r.state === 'missing') {
    const late = daysBetween(r.dueDate, today);
    return `Overdue: it was due by ${formatDate(r.dueDate)} (${plural(late, 'day')} ago)`;
  }
  return `Due by ${formatDate(r.dueDate)}${today <= r.dueDate ? ` (in ${plural(daysBetween(today, r.dueDate), 'day')})` : ''}`;
}

function Stat({ label, value, icon: Icon, color, hint }: { label: string; value: number; icon: ComponentType<{ size?: number }>; color: string; hint: string }) {
  return (
    <Paper withBorder p="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={color} size="lg" aria-hidden>
          <Icon size={20} />
        </ThemeIcon>
        <div>
          <Text size="xl" fw={700} lh={1.1}>
            {value}
          </Text>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}

function Section({ title, id, children, description }: { title: string; id: string; children: ReactNode; description?: ReactNode }) {
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <div>
        <Title order={2} id={id}>
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {children}
    </Stack>
  );
}

/** My value beside the all-partner result: contribution, never a ranking. */
function ContributionCard({ c, base }: { c: Contribution; base: string }) {
  const unit = c.indicator.unit;
  const show = (n: { value: string }) => formatWithUnit(n.value, unit, c.indicator.valueType);
  const rule =
    c.indicator.valueType === 'percentage' || c.indicator.valueType === 'ratio'
      ? 'all partners’ numerators over all denominators'
      : c.indicator.aggregationAcross === 'sum'
        ? 'the sum of all partners'
        : `the ${c.indicator.aggregationAcross === 'average' ? 'average' : c.indicator.aggregationAcross === 'min' ? 'lowest' : 'highest'} of all partners`;
  return (
    <Card data-testid={`contribution-${c.indicator.code}`}>
      <Stack gap={6}>
        <Anchor component={Link} to={`${base}/indicators/${c.indicator.id}`} fw={650}>
          {c.indicator.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {c.indicator.code} · {c.periodLabel}
        </Text>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm">Your organisation</Text>
          <Text size="sm" fw={700}>
            {c.mine ? show(c.mine) : 'Not counted yet'}
          </Text>
        </Group>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm">All {plural(c.all.partnerCount, 'partner')}</Text>
          <Text size="sm" fw={700}>
            {show(c.all)}
          </Text>
        </Group>
        {c.share !== null ? (
          <>
            <Progress value={c.share * 100} aria-label={`Your share of ${c.indicator.name}`} size="md" />
            <Text size="xs" c="dimmed">
              You contributed {formatNumber(String(c.share * 100), 1)}% of the shared result.
            </Text>
          </>
        ) : (
          <Text size="xs" c="dimmed">
            {c.mine ? `The shared result is ${rule}; yours is part of it.` : `Your ${c.periodLabel} value is not in the results yet (not sent, or not approved yet).`}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function CommitmentReports({ reports }: { reports: Report[] }) {
  return (
    <Group gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {reports.map((r) => {
        const state = stateOfReport(r.state);
        const s = REPORT_STATE[state];
        const Icon = r.state === 'upcoming' ? IconCalendarDue : s.icon;
        const word = r.state === 'upcoming' ? 'Not ended yet' : r.state === 'due' ? 'Due' : s.label;
        return (
          <li key={r.period}>
            <Badge
              variant="light"
              color={s.color}
              size="sm"
              tt="none"
              radius="sm"
              fw={600}
              title={`${r.periodLabel}: ${word}`}
              leftSection={<Icon size={12} stroke={2} aria-hidden />}
            >
              {r.periodLabel}
              <VisuallyHidden>: {word}</VisuallyHidden>
            </Badge>
          </li>
        );
      })}
    </Group>
  );
}

function Home({ home, isOwn }: { home: PartnerHome; isOwn: boolean }) {
  const { collaborationId, collaboration, can } = useCollaborationContext();
  const fy = collaboration.agenda.fiscalYearStartMonth as FiscalYearStartMonth;
  const base = `/collaborations/${collaborationId}`;
  const wins = useRecentWins(collaborationId);
  const canReport = isOwn && can('values.write');
  const committed = new Set(home.commitments.map((c) => c.indicator.id));
  const reportLink = (r: Report) => {
    const year = periodAtIndex(requirePeriod(r.period, fy).endIndex, 'year', fy).year;
    return `${base}/report?year=${year}`;
  };
  const s = home.summary;

  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label="Overdue" value={s.overdue} icon={IconAlertTriangle} color="red" hint="past the due date" />
        <Stat label="Due now" value={s.due} icon={IconCalendarDue} color="gray" hint="period ended, not late" />
        <Stat label="Returned" value={s.returned} icon={IconArrowBackUp} color="orange" hint="to correct" />
        <Stat label={home.requiresApproval ? 'Awaiting review' : 'Submitted'} value={s.awaitingReview} icon={IconSend} color="sky" hint="sent" />
      </SimpleGrid>

      <Section title="What is due" id="due-heading" description={`${home.dueRule} Today is ${formatDate(home.today)}.`}>
        {home.todo.length === 0 ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title="Nothing due: you are up to date">
            {home.upcoming.length > 0
              ? `Next: ${home.upcoming.map((u) => `${u.code} for ${u.periodLabel} (due by ${formatDate(u.dueDate)})`).join('; ')}.`
              : 'Every report of the last 12 months is in.'}
          </Alert>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="due-list">
            {home.todo.map((r) => (
              <Paper component="li" withBorder p="sm" key={`${r.indicatorId}-${r.period}`}>
                <Group justify="space-between" gap="sm" wrap="wrap">
                  <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
                    <Group gap="xs">
                      <ReportStateBadge state={stateOfReport(r.state)} label={r.state === 'missing' ? 'Overdue' : r.state === 'due' ? 'Due' : undefined} />
                      <Text fw={600} size="sm">
                        {r.name} — {r.periodLabel}
                      </Text>
                    </Group>
                    <Text size="sm" c="dimmed">
                      {r.code} · {whenText(r, home.today)}
                    </Text>
                    {r.draft && (
                      <Text size="xs" c="dimmed">
                        <IconPencil size={12} aria-hidden /> A draft is saved: submit it to count.
                      </Text>
                    )}
                    {r.closed && (
                      <Text size="xs" c="dimmed">
                        <IconLock size={12} aria-hidden /> {labelPeriod(r.period, fy)} is closed: ask the backbone to reopen it.
                      </Text>
                    )}
                  </Stack>
                  {canReport && !r.closed && (
                    <Button component={Link} to={reportLink(r)} variant="light" size="xs" leftSection={<IconTable size={14} aria-hidden />}>
                      Report {r.periodLabel}
                      <VisuallyHidden> for {r.name}</VisuallyHidden>
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
        {home.todo.length > 0 && home.upcoming.length > 0 && (
          <Text size="sm" c="dimmed">
            Coming up: {home.upcoming.map((u) => `${u.code} for ${u.periodLabel} (due by ${formatDate(u.dueDate)})`).join('; ')}.
          </Text>
        )}
      </Section>

      <Section
        title={isOwn ? 'My commitments' : 'Commitments'}
        id="commitments-heading"
        description={`The indicators ${isOwn ? 'your organisation' : home.partner.organisationName} committed to report, and each report of the last 12 months.`}
      >
        {home.commitments.length === 0 ? (
          <EmptyStatePanel icon={<IconTable size={28} aria-hidden />} title="No commitments yet" headingOrder={3}>
            A partner admin chooses which shared indicators the organisation reports, under Partners → Commitments.
          </EmptyStatePanel>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-labelledby="commitments-heading" data-testid="commitments-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Indicator</Table.Th>
                  <Table.Th scope="col">Reports</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {home.commitments.map((c) => {
                  const counts = (st: Report['state']) => c.reports.filter((r) => r.state === st).length;
                  const parts = [
                    counts('approved') && `${counts('approved')} approved`,
                    counts('submitted') && `${counts('submitted')} submitted`,
                    counts('returned') && `${counts('returned')} returned`,
                    counts('missing') && `${counts('missing')} missing`,
                    counts('due') && `${counts('due')} due`,
                  ].filter(Boolean);
                  return (
                    <Table.Tr key={c.indicator.id}>
                      <Table.Th scope="row" fw={500} style={{ verticalAlign: 'top', minWidth: 180 }}>
                        <Anchor component={Link} to={`${base}/indicators/${c.indicator.id}`} size="sm" fw={600}>
                          {c.indicator.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {c.indicator.code} · since {labelPeriod(c.startPeriod, fy)}
                          {c.endPeriod ? ` until ${labelPeriod(c.endPeriod, fy)}` : ''}
                        </Text>
                      </Table.Th>
                      <Table.Td>
                        <CommitmentReports reports={c.reports} />
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Text size="sm">{parts.length ? parts.join(', ') : 'Nothing expected yet'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>

      <Section
        title={isOwn ? 'My contribution to shared results' : 'Contribution to shared results'}
        id="contribution-heading"
        description="Each shared result for its latest period with results, and the part that is yours. Contribution, not a ranking."
      >
        {home.contributions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No results yet for the indicators {isOwn ? 'you report' : 'this partner reports'}: they appear once reports are counted and rolled up.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {home.contributions.map((c) => (
              <ContributionCard key={c.indicator.id} c={c} base={base} />
            ))}
          </SimpleGrid>
        )}
      </Section>

      <Section title="Recent wins" id="wins-heading" description="Milestones the collaboration has met: the short-term wins on the way to the long-term goal.">
        {wins.isPending ? (
          <PageLoader />
        ) : wins.isError ? (
          <ErrorState error={wins.error} onRetry={() => wins.refetch()} what="the wins" />
        ) : wins.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No milestone met yet. Each one reached is celebrated here.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="wins-list">
            {wins.data.map((w) => (
              <Paper component="li" withBorder p="sm" key={w.id}>
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <ThemeIcon variant="light" color="green" aria-hidden>
                    <IconConfetti size={18} />
                  </ThemeIcon>
                  <div>
                    <Text size="sm" fw={600}>
                      {w.kind === 'long_term' ? 'Long-term target reached' : 'Milestone met'}: {w.indicator.name}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {formatNumber(w.metValue)} in {labelPeriod(w.metPeriod, fy)} against {formatNumber(w.milestoneValue)} for {labelPeriod(w.milestonePeriod, fy)}
                      {committed.has(w.indicator.id) ? ` — ${isOwn ? 'you' : home.partner.organisationName} report this indicator` : ''}
                    </Text>
                  </div>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Section>
    </Stack>
  );
}

/**
 * The partner home: what is due and overdue, my commitments and their status, my contribution to
 * each shared result, recent wins. `/home` is my own organisation's; the backbone opens any
 * partner's at `/partners/:partnerId/home`. Funders and other partners get a clear "not available".
 */
export function PartnerHomePage() {
  const { collaborationId, membership } = useCollaborationContext();
  const { partnerId: routePartnerId } = useParams();
  const ownPartnerId = membership.partnerKind === 'partner' ? membership.partnerId : null;
  const partnerId = routePartnerId ?? ownPartnerId;
  const home = usePartnerHome(collaborationId, partnerId);
  const isOwn = !!ownPartnerId && partnerId === ownPartnerId;

  if (!partnerId) return <NotFoundPanel forbidden />;
  if (home.isPending) return <PageLoader />;
  if (home.isError) return <ErrorState error={home.error} onRetry={() => home.refetch()} what="the partner home" />;
  return (
    <>
      <PageHeader
        title={isOwn ? 'My partner home' : `${home.data.partner.organisationName}: partner home`}
        documentTitle={isOwn ? 'My partner home' : `${home.data.partner.organisationName} partner home`}
        description={
          isOwn
            ? `${home.data.partner.organisationName}: what you owe, where your reports stand, and what you contribute to.`
            : 'What this partner owes, where its reports stand, and what it contributes to.'
        }
      />
      <Home home={home.data} isOwn={isOwn} />
    </>
  );
}
