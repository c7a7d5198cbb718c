import { Anchor, Group, Paper, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { isApiError } from '../../../lib/api-client';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useThread } from '../hooks/use-comments';
import { CommentThread } from './comment-thread';

/** The conversation about one reported value (where a returned value is discussed). */
export function ValueThreadPage() {
  const { collaborationId, can } = useCollaborationContext();
  const { valueId = '' } = useParams();
  const thread = useThread(collaborationId, 'value', valueId);
  if (thread.isPending) return <PageLoader />;
  if (thread.isError) return isApiError(thread.error, 404) ? <NotFoundPanel /> : <ErrorState error={thread.error} onRetry={() => thread.refetch()} what="this value" />;
  const back = can('values.review') ? 'review' : 'report';
  return (
    <>
      <PageHeader title="Conversation about a value" description={thread.data.subject.label} />
      <Group mb="md">
        <Anchor component={Link} to={`/collaborations/${collaborationId}/${back}`} size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            {back === 'review' ? 'Back to review' : 'Back to reporting (correct and resubmit there)'}
          </Group>
        </Anchor>
      </Group>
      <Paper withBorder p="md" radius="md">
        <CommentThread collaborationId={collaborationId} on="value" id={valueId} canMention={can('members.read')} />
      </Paper>
      <Text size="xs" c="dimmed" mt="sm">
        Only the value's organisation and the backbone see this conversation.
      </Text>
    </>
  );
}
