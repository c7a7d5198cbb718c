import { Button, Stack, Text } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useFeed } from '../hooks/use-updates';
import { UpdateComposer } from './update-composer';
import { UpdateCard } from './update-card';

/** The collaboration's updates feed: composer (members who may post), then pinned and newest posts. */
export function UpdatesPage() {
  const { collaborationId, can } = useCollaborationContext();
  const feed = useFeed(collaborationId);
  const canPost = can('updates.post');
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Updates"
        description={
          canPost
            ? 'News, progress and lessons from the backbone and the partners. Choose who reads each post: members only, or members and funders.'
            : 'News and progress the collaboration shares with its funders.'
        }
      />
      <Stack gap="md" maw={820}>
        {canPost && <UpdateComposer />}
        {feed.isPending ? (
          <PageLoader />
        ) : feed.isError ? (
          <ErrorState error={feed.error} onRetry={() => feed.refetch()} what="the updates" />
        ) : items.length === 0 ? (
          <EmptyStatePanel icon={<IconSpeakerphone aria-hidden />} title="No updates yet">
            {canPost ? 'Post the first one above.' : 'Posts shared with funders will appear here.'}
          </EmptyStatePanel>
        ) : (
          <Stack gap="sm" component="section" aria-label="Updates feed">
            {items.map((u) => (
              <UpdateCard
                key={u.id}
                collaborationId={collaborationId}
                update={u}
                canReact={canPost}
                canPin={can('updates.manage')}
              />
            ))}
            {feed.hasNextPage && (
              <Button
                variant="default"
                onClick={() => feed.fetchNextPage()}
                loading={feed.isFetchingNextPage}
                style={{ alignSelf: 'center' }}
              >
                Show older updates
              </Button>
            )}
            {!feed.hasNextPage && items.length > 5 && (
              <Text size="xs" c="dimmed" ta="center">
                That is every update.
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </>
  );
}
