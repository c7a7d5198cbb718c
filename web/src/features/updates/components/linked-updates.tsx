import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useFeed } from '../hooks/use-updates';
import { UpdateCard } from './update-card';

/** A small section on an indicator or activity page: the updates linked to it (newest three). */
export function LinkedUpdates({ indicatorId, activityId }: { indicatorId?: string; activityId?: string }) {
  const { collaborationId, can } = useCollaborationContext();
  const feed = useFeed(collaborationId, indicatorId ? { indicatorId } : { activityId }, 3);
  const items = feed.data?.pages[0]?.items ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="linked-updates-title" data-testid="linked-updates">
      <Group justify="space-between">
        <Title order={2} size="h4" id="linked-updates-title">
          Updates
        </Title>
        <Anchor component={Link} to={`/collaborations/${collaborationId}/updates`} size="sm">
          All updates
        </Anchor>
      </Group>
      {feed.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No updates are linked to this {indicatorId ? 'indicator' : 'activity'} yet.
        </Text>
      ) : (
        items.map((u) => (
          <UpdateCard
            key={u.id}
            collaborationId={collaborationId}
            update={u}
            canReact={can('updates.post')}
            canPin={can('updates.manage')}
            compact
          />
        ))
      )}
    </Stack>
  );
}
