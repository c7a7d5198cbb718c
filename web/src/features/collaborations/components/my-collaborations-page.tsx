import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconKey, IconPlus, IconStars, IconTarget, IconUsersGroup } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { StatusBadge } from '../../../components/status-badge';
import { plural } from '../../../lib/format';
import { roleLabel } from '../../../lib/labels';
import { useMe } from '../../auth/hooks/use-me';
import type { CollaborationSummary } from '../api/collaborations-api';
import { useCollaborations } from '../hooks/use-collaborations';

function CollaborationCard({ c }: { c: CollaborationSummary }) {
  return (
    <Card component="article" aria-labelledby={`collab-${c.id}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h3" id={`collab-${c.id}`}>
            <Anchor component={Link} to={`/collaborations/${c.id}`} c="inherit" underline="hover" inherit>
              {c.name}
            </Anchor>
          </Title>
          {c.status === 'archived' && <StatusBadge status="archived" />}
        </Group>
        <Text size="sm" c="dimmed" lineClamp={3} style={{ flex: 1 }}>
          {c.vision || 'No vision written yet.'}
        </Text>
        <Group gap="xs">
          <Badge variant="light" color="sky" tt="none" radius="sm">
            {roleLabel(c.role)}
          </Badge>
          <Badge variant="default" tt="none" radius="sm" leftSection={<IconUsersGroup size={12} aria-hidden />}>
            {plural(c.partnerCount, 'partner')}
          </Badge>
          <Badge variant="default" tt="none" radius="sm" leftSection={<IconTarget size={12} aria-hidden />}>
            {plural(c.goalCount, 'goal')}
          </Badge>
        </Group>
        <Button component={Link} to={`/collaborations/${c.id}`} variant="light" aria-label={`Open ${c.name}`}>
          Open
        </Button>
      </Stack>
    </Card>
  );
}

export function MyCollaborationsPage() {
  const me = useMe();
  const list = useCollaborations();
  const firstName = me.data?.user.name.split(/\s+/)[0];

  const actions = (
    <>
      <Button component={Link} to="/join" variant="default" leftSection={<IconKey size={16} aria-hidden />}>
        Join with a code
      </Button>
      <Button component={Link} to="/collaborations/new" leftSection={<IconPlus size={16} aria-hidden />}>
        Create a collaboration
      </Button>
    </>
  );

  return (
    <>
      <PageHeader
        title="My collaborations"
        documentTitle="My collaborations"
        description={firstName ? `Welcome, ${firstName}. These are the collaborations you take part in.` : undefined}
        actions={list.data && list.data.length > 0 ? actions : undefined}
      />
      {list.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading your collaborations">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={200} radius="md" />
          ))}
        </SimpleGrid>
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} what="your collaborations" />
      ) : list.data.length === 0 ? (
        <EmptyStatePanel icon={<IconStars size={28} aria-hidden />} title="You are not in a collaboration yet" actions={actions}>
          <Text size="sm" component="span" display="block" mb="xs">
            A collaboration is a group of organisations working together on one social problem, under a common agenda, with a
            backbone team that coordinates them and shared measures that show progress.
          </Text>
          <Text size="sm" component="span" display="block">
            Starting one as the backbone? Create a collaboration and write its agenda. Were you given a join code by a backbone
            team? Join with the code. Invited by email? Open the link in the invitation.
          </Text>
        </EmptyStatePanel>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {list.data.map((c) => (
            <CollaborationCard key={c.id} c={c} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
