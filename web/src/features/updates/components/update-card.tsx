import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  Textarea,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBulb,
  IconConfetti,
  IconDots,
  IconEye,
  IconHeart,
  IconPaperclip,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconThumbUp,
  IconTrash,
} from '@tabler/icons-react';
import {
  MAX_UPDATE_LENGTH,
  UPDATE_AUDIENCE_LABELS,
  UPDATE_REACTION_LABELS,
  type UpdateReaction,
  type UpdateView,
} from '@constellation/shared';
import type { ComponentType } from 'react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, plural } from '../../../lib/format';
import { CommentBody } from '../../comments/components/comment-body';
import { attachmentUrl } from '../api/updates-api';
import { formatBytes } from '../files';
import { useUpdateMutations } from '../hooks/use-updates';

function linkPath(cid: string, link: NonNullable<UpdateView['link']>): string {
  const base = `/collaborations/${cid}`;
  if (link.type === 'goal') return `${base}/goals`;
  return `${base}/${link.type === 'indicator' ? 'indicators' : 'activities'}/${link.id}`;
}

/** Drawn as icons (an emoji font is not on every machine); the api's names map to UPDATE_REACTION_EMOJI. */
const REACTION_ICON: Record<UpdateReaction, ComponentType<{ size?: number; 'aria-hidden'?: boolean }>> = {
  thumbs_up: IconThumbUp,
  heart: IconHeart,
  tada: IconConfetti,
  bulb: IconBulb,
  eyes: IconEye,
};

const LINK_WORD = { goal: 'Goal', indicator: 'Indicator', activity: 'Activity' } as const;

interface Props {
  collaborationId: string;
  update: UpdateView;
  /** updates.post: may react. */
  canReact: boolean;
  /** updates.manage: may pin. */
  canPin: boolean;
  compact?: boolean;
}

/** One post: author, badges, the body (safe markdown subset), attachments, reactions, actions. */
export function UpdateCard({ collaborationId, update: u, canReact, canPin, compact }: Props) {
  const m = useUpdateMutations(collaborationId);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(u.body);
  const fail = (e: unknown) =>
    notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(e) });
  const shown = canReact ? u.reactions : u.reactions.filter((r) => r.count > 0);

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      aria-label={`Update by ${u.author.name}`}
      data-testid="update-card"
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm">
              {u.author.name}
              {u.author.organisationName && (
                <Text span c="dimmed" size="sm" fw={400}>
                  {' '}
                  · {u.author.organisationName}
                </Text>
              )}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(u.createdAt)}
              {u.editedAt && ' · edited'}
            </Text>
          </Stack>
          {(u.canEdit || u.canDelete || canPin) && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label="Update actions">
                  <IconDots size={18} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {canPin && (
                  <Menu.Item
                    leftSection={
                      u.pinned ? <IconPinnedOff size={16} aria-hidden /> : <IconPin size={16} aria-hidden />
                    }
                    onClick={() => m.pin.mutate({ id: u.id, pinned: !u.pinned }, { onError: fail })}
                  >
                    {u.pinned ? 'Unpin' : 'Pin to the top'}
                  </Menu.Item>
                )}
                {u.canEdit && (
                  <Menu.Item
                    leftSection={<IconPencil size={16} aria-hidden />}
                    onClick={() => {
                      setDraft(u.body);
                      setEditing(true);
                    }}
                  >
                    Edit
                  </Menu.Item>
                )}
                {u.canDelete && (
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden />}
                    onClick={() => setConfirming(true)}
                  >
                    Delete
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <Group gap={6} wrap="wrap">
          {u.pinned && (
            <Badge color="orange" variant="light" leftSection={<IconPin size={12} aria-hidden />}>
              Pinned
            </Badge>
          )}
          <Badge color={u.audience === 'members_and_funders' ? 'sky' : 'gray'} variant="light" tt="none">
            {UPDATE_AUDIENCE_LABELS[u.audience]}
          </Badge>
        </Group>

        {editing ? (
          <Stack gap="xs">
            <Textarea
              label="Edit update"
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              autosize
              minRows={3}
              maxLength={MAX_UPDATE_LENGTH}
            />
            <Group gap="xs">
              <Button
                size="xs"
                loading={m.edit.isPending}
                disabled={!draft.trim()}
                onClick={() =>
                  m.edit.mutate(
                    { id: u.id, body: { body: draft } },
                    { onSuccess: () => setEditing(false), onError: fail },
                  )
                }
              >
                Save
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        ) : (
          <CommentBody body={u.body} mentions={[]} />
        )}

        {u.link && !compact && (
          <Text size="xs" c="dimmed">
            {LINK_WORD[u.link.type]}:{' '}
            <Anchor component={Link} to={linkPath(collaborationId, u.link)} size="xs">
              {u.link.label}
            </Anchor>
          </Text>
        )}

        {u.attachments.length > 0 && (
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Attachments">
            {u.attachments.map((a) => (
              <li key={a.id}>
                <Group gap={6} wrap="nowrap">
                  <IconPaperclip size={14} aria-hidden />
                  <Anchor
                    href={attachmentUrl(collaborationId, u.id, a.id)}
                    download={a.fileName}
                    size="sm"
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {a.fileName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatBytes(a.sizeBytes)}
                  </Text>
                </Group>
              </li>
            ))}
          </Stack>
        )}

        {shown.length > 0 && (
          <Group gap={6} aria-label="Reactions" role="group">
            {shown.map((r) => {
              const Icon = REACTION_ICON[r.reaction];
              const label = `${UPDATE_REACTION_LABELS[r.reaction]}: ${plural(r.count, 'reaction')}${r.mine ? ', including yours' : ''}`;
              const content = (
                <>
                  <Icon size={16} aria-hidden />
                  {r.count > 0 && (
                    <span aria-hidden style={{ marginLeft: 4 }}>
                      {r.count}
                    </span>
                  )}
                </>
              );
              return canReact ? (
                <Tooltip key={r.reaction} label={UPDATE_REACTION_LABELS[r.reaction]} withinPortal>
                  <Button
                    size="compact-sm"
                    radius="xl"
                    variant={r.mine ? 'light' : 'default'}
                    aria-pressed={r.mine}
                    aria-label={label}
                    onClick={() =>
                      m.react.mutate({ id: u.id, reaction: r.reaction, on: !r.mine }, { onError: fail })
                    }
                  >
                    {content}
                  </Button>
                </Tooltip>
              ) : (
                <Badge key={r.reaction} variant="default" radius="xl" tt="none" size="lg" fw={500}>
                  {content}
                  <VisuallyHidden>{label}</VisuallyHidden>
                </Badge>
              );
            })}
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Delete this update?"
        confirmLabel="Delete update"
        danger
        loading={m.remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => m.remove.mutate(u.id, { onSuccess: () => setConfirming(false), onError: fail })}
      >
        The post{u.attachments.length > 0 ? ` and its ${plural(u.attachments.length, 'attachment')}` : ''}{' '}
        will be removed for everyone.
      </ConfirmModal>
    </Paper>
  );
}
