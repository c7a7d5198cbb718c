import { Anchor, Badge, Blockquote, Button, Card, CopyButton, Group, List, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconMailPlus, IconTarget, IconUsersGroup } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { PageHeader } from '../../../components/page-header';
import { formatDate, plural } from '../../../lib/format';
import { roleLabel } from '../../../lib/labels';
import { EndorseBanner } from '../../agenda/components/endorse-banner';
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
                  leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
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
  const others = (partners.data ?? []).filter((p) => p.kind !== 'backbone');
  const active = others.filter((p) => p.status === 'active').length;
  const invited = others.filter((p) => p.status === 'invited').length;
  const base = `/collaborations/${collaborationId}`;

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
      />

      <EndorseBanner currentVersion={c.agenda.version} showReadLink />

      <Stack gap="lg">
        <Card component="section" aria-labelledby="agenda-heading">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h3" id="agenda-heading">
                Our common agenda
              </Title>
              <Badge variant="default" tt="none" radius="sm">
                Version {c.agenda.version}
              </Badge>
            </Group>
            <Blockquote color="sky" p="md" fz="lg" data-testid="agenda-vision">
              {c.agenda.vision}
            </Blockquote>
            <Text size="sm" c="dimmed" lineClamp={2}>
              {c.agenda.problemStatement}
            </Text>
            <Group>
              <Anchor component={Link} to={`${base}/agenda`} size="sm">
                Read the full agenda
              </Anchor>
            </Group>
          </Stack>
        </Card>

        <SimpleGrid cols={{ base: 1, md: c.joinCode ? 2 : 1 }}>
          <Card component="section" aria-labelledby="partners-heading">
            <Stack gap="xs">
              <Group gap="xs">
                <IconUsersGroup size={20} aria-hidden />
                <Title order={2} size="h3" id="partners-heading">
                  Partners
                </Title>
              </Group>
              {partners.isPending ? (
                <Text size="sm" c="dimmed">
                  Counting partners…
                </Text>
              ) : others.length === 0 ? (
                <>
                  <Text size="sm">No partner organisations yet.</Text>
                  <Text size="sm" c="dimmed">
                    A collaboration works when many organisations share the agenda. Invite the first ones: each reads the agenda,
                    endorses it and joins.
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

        <section aria-labelledby="goals-heading">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h3" id="goals-heading">
              Long-term goals
            </Title>
            {can('goals.manage') && c.goals.length > 0 && (
              <Anchor component={Link} to={`${base}/goals`} size="sm">
                Manage goals
              </Anchor>
            )}
          </Group>
          {c.goals.length === 0 ? (
            <EmptyStatePanel
              icon={<IconTarget size={28} aria-hidden />}
              title="No goals yet"
              headingOrder={3}
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
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {c.goals.map((g) => (
                <Card key={g.id} component="article" aria-label={g.title}>
                  <Stack gap="xs">
                    <Group justify="space-between" align="flex-start" wrap="nowrap">
                      <Text fw={650}>{g.title}</Text>
                      <Badge variant="light" color="sky" tt="none" radius="sm" style={{ flexShrink: 0 }}>
                        By {formatDate(g.targetDate)}
                      </Badge>
                    </Group>
                    {g.description && (
                      <Text size="sm" c="dimmed" lineClamp={3}>
                        {g.description}
                      </Text>
                    )}
                    {g.strategies.length > 0 ? (
                      <>
                        <Text size="xs" fw={600} tt="uppercase" c="dimmed" mt={4}>
                          Strategies
                        </Text>
                        <List size="sm" spacing={4}>
                          {g.strategies.map((s) => (
                            <List.Item key={s.id}>{s.name}</List.Item>
                          ))}
                        </List>
                      </>
                    ) : (
                      <Text size="sm" c="dimmed" fs="italic">
                        No strategies yet.
                      </Text>
                    )}
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          )}
        </section>
      </Stack>
    </>
  );
}
