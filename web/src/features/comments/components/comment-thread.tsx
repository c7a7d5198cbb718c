import { Alert, Avatar, Badge, Button, Group, Paper, Stack, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { IconArrowBackUp, IconMessageCircle } from '@tabler/icons-react';
import { type CommentSubject, MAX_COMMENT_LENGTH, mentionToken } from '@constellation/shared';
import { useId, useRef, useState } from 'react';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, plural } from '../../../lib/format';
import type { CommentView } from '../api/comments-api';
import { useMentionable, usePostComment, useThread } from '../hooks/use-comments';
import { mentionQueryAt } from '../markdown';
import { CommentBody } from './comment-body';

interface ThreadProps {
  collaborationId: string;
  on: CommentSubject;
  id: string;
  /** Whether I may list people to mention (members.read). */
  canMention: boolean;
  /** Heading level of the section title. */
  headingOrder?: 2 | 3;
  /** Read the conversation without taking part (e.g. funders on a decision). */
  readOnly?: boolean;
}

/** A comment box with @mention suggestions (people who may see the subject). */
function Composer({
  collaborationId,
  on,
  id,
  parentId,
  canMention,
  label,
  onDone,
}: Omit<ThreadProps, 'headingOrder'> & { parentId: string | null; label: string; onDone?: () => void }) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const post = usePostComment(collaborationId, on, id);
  const mention = mentionQueryAt(text, caret);
  const people = useMentionable(collaborationId, on, id, mention?.query ?? null, canMention);
  const listId = useId();

  const pick = (name: string, userId: string) => {
    if (!mention) return;
    const token = mentionToken(name, userId) + ' ';
    const next = text.slice(0, mention.start) + token + text.slice(caret);
    setText(next);
    const at = mention.start + token.length;
    setCaret(at);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(at, at);
    });
  };

  const submit = () => {
    setError(null);
    post.mutate(
      { parentId, body: text },
      {
        onSuccess: () => {
          setText('');
          setCaret(0);
          onDone?.();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  const suggestions = mention && people.data && people.data.length > 0 ? people.data : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="xs">
        <Textarea
          ref={ref}
          label={label}
          description={canMention ? 'Type @ to mention someone. **bold**, _italic_, `code`, lists and links work.' : '**bold**, _italic_, `code`, lists and links work.'}
          autosize
          minRows={2}
          maxLength={MAX_COMMENT_LENGTH}
          value={text}
          error={error}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) submit();
          }}
          aria-controls={suggestions ? listId : undefined}
        />
        {suggestions && (
          <Group gap="xs" id={listId} role="group" aria-label="Mention someone">
            {suggestions.map((p) => (
              <Button key={p.userId} size="compact-sm" variant="light" onClick={() => pick(p.name, p.userId)}>
                @{p.name} <Text span size="xs" c="dimmed" ml={4}>{p.organisationName}</Text>
              </Button>
            ))}
          </Group>
        )}
        <Group gap="xs">
          <Button type="submit" size="sm" loading={post.isPending} disabled={!text.trim()}>
            {parentId ? 'Reply' : 'Comment'}
          </Button>
          {onDone && (
            <Button variant="default" size="sm" onClick={onDone}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function CommentItem({ c, props, reply }: { c: CommentView; props: ThreadProps; reply?: boolean }) {
  const [replying, setReplying] = useState(false);
  const returned = c.kind === 'return_reason';
  return (
    <Paper
      component="article"
      withBorder
      p="sm"
      radius="md"
      ml={reply ? 'xl' : 0}
      aria-label={`${returned ? 'Return reason' : reply ? 'Reply' : 'Comment'} by ${c.author.name}`}
      style={returned ? { borderLeft: '4px solid var(--mantine-color-red-6)' } : undefined}
    >
      <Group gap="xs" mb={4} wrap="wrap">
        <Avatar size={24} radius="xl" color="sky" aria-hidden>
          {c.author.name.slice(0, 1).toUpperCase()}
        </Avatar>
        <Text size="sm" fw={600}>
          {c.author.name}
        </Text>
        <Text size="xs" c="dimmed" component="time" dateTime={c.createdAt}>
          {formatDateTime(c.createdAt)}
        </Text>
        {returned && (
          <Badge color="red" variant="light" leftSection={<IconArrowBackUp size={12} aria-hidden />}>
            Returned with this reason
          </Badge>
        )}
      </Group>
      <CommentBody body={c.body} mentions={c.mentions} />
      {!reply && (
        <>
          {c.replies.length > 0 && (
            <Stack gap="xs" mt="xs">
              {c.replies.map((r) => (
                <CommentItem key={r.id} c={r} props={props} reply />
              ))}
            </Stack>
          )}
          {props.readOnly ? null : replying ? (
            <Paper mt="xs" ml="xl">
              <Composer {...props} parentId={c.id} label={`Reply to ${c.author.name}`} onDone={() => setReplying(false)} />
            </Paper>
          ) : (
            <UnstyledButton mt={6} onClick={() => setReplying(true)} aria-label={`Reply to ${c.author.name}`}>
              <Text size="sm" c="sky.7" fw={500}>
                Reply
              </Text>
            </UnstyledButton>
          )}
        </>
      )}
    </Paper>
  );
}

/** The conversation on an indicator, a value or an activity. */
export function CommentThread(props: ThreadProps) {
  const thread = useThread(props.collaborationId, props.on, props.id);
  const count = thread.data ? thread.data.comments.reduce((n, c) => n + 1 + c.replies.length, 0) : 0;
  return (
    <section id="comments" aria-labelledby={`comments-${props.id}`}>
      <Group gap="xs" mb="sm">
        <IconMessageCircle size={20} aria-hidden />
        <Title order={props.headingOrder ?? 2} size="h4" id={`comments-${props.id}`}>
          Conversation{thread.data ? ` (${plural(count, 'comment')})` : ''}
        </Title>
      </Group>
      {thread.isPending ? (
        <PageLoader />
      ) : thread.isError ? (
        <ErrorState error={thread.error} onRetry={() => thread.refetch()} what="the conversation" />
      ) : (
        <Stack gap="sm">
          {thread.data.comments.length === 0 && (
            <Alert color="gray" variant="light">
              No comments yet. Ask a question or note something others should know.
            </Alert>
          )}
          {thread.data.comments.map((c) => (
            <CommentItem key={c.id} c={c} props={props} />
          ))}
          {!props.readOnly && <Composer {...props} parentId={null} label="Add a comment" />}
        </Stack>
      )}
    </section>
  );
}
