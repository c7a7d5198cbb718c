import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconAlarm,
  IconArrowBackUp,
  IconAt,
  IconBell,
  IconCircleCheck,
  IconGavel,
  IconTrophy,
} from '@tabler/icons-react';
import type { NotificationKind } from '@constellation/shared';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useMe } from '../../auth/hooks/use-me';
import type { NotificationView } from '../api/comments-api';
import { useMarkNotificationsRead, useNotifications } from '../hooks/use-comments';
import { useNotificationEvents } from '../hooks/use-notification-events';

const KIND: Record<NotificationKind, { label: string; icon: typeof IconAt }> = {
  mention: { label: 'Mention', icon: IconAt },
  value_returned: { label: 'Value returned', icon: IconArrowBackUp },
  value_approved: { label: 'Value approved', icon: IconCircleCheck },
  milestone_met: { label: 'Milestone met', icon: IconTrophy },
  reminder: { label: 'Reminder', icon: IconAlarm },
  decision: { label: 'Decision', icon: IconGavel },
};

function Item({ n, onOpen }: { n: NotificationView; onOpen: (n: NotificationView) => void }) {
  const kind = KIND[n.kind];
  const Icon = kind.icon;
  const unread = !n.readAt;
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      p="xs"
      style={{
        borderRadius: 6,
        background: unread ? 'var(--mantine-color-sky-light)' : undefined,
        width: '100%',
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Icon size={18} aria-hidden style={{ flex: 'none', marginTop: 2 }} />
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
            <VisuallyHidden>
              {unread ? 'Unread. ' : ''}
              {kind.label}:{' '}
            </VisuallyHidden>
            {n.title}
          </Text>
          {n.body && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {n.body}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {n.collaborationName} · {formatDateTime(n.createdAt)}
          </Text>
          {n.email === 'failed' && (
            <Text size="xs" c="red.8">
              Email not delivered (the in-app notification is here)
            </Text>
          )}
        </div>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The bell in the header: unread count (live: /api/me/events; a slow poll and focus as fallback),
 * the newest notifications, mark read. A polite live region announces new unread notifications
 * to screen readers.
 */
export function NotificationsBell() {
  const me = useMe();
  const [opened, setOpened] = useState(false);
  const list = useNotifications(Boolean(me.data));
  useNotificationEvents(Boolean(me.data));
  const unreadNow = list.data?.unread;
  const previous = useRef<number | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    // Announce news (the count going up), not the count found when the page opens.
    if (unreadNow !== undefined && previous.current !== undefined && unreadNow > previous.current) {
      const n = unreadNow - previous.current;
      setAnnouncement(`${n} new notification${n === 1 ? '' : 's'}, ${unreadNow} unread`);
    }
    if (unreadNow !== undefined) previous.current = unreadNow;
  }, [unreadNow]);
  const mark = useMarkNotificationsRead();
  const navigate = useNavigate();
  if (!me.data) return null;
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const open = (n: NotificationView) => {
    if (!n.readAt) mark.mutate({ ids: [n.id] });
    setOpened(false);
    const [path, hash] = n.link.split('#');
    void navigate({ pathname: path, hash: hash ? `#${hash}` : '' });
  };

  return (
    <>
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="notifications-live">
        {announcement}
      </VisuallyHidden>
      <Indicator
        label={unread > 99 ? '99+' : unread}
        size={18}
        disabled={unread === 0}
        offset={4}
        color="red"
      >
        <Popover
          opened={opened}
          onChange={setOpened}
          position="bottom-end"
          width={360}
          withinPortal
          trapFocus
          shadow="md"
        >
          <Popover.Target>
            <ActionIcon
              variant="default"
              size="lg"
              radius="md"
              onClick={() => setOpened((o) => !o)}
              aria-label={unread > 0 ? `Notifications: ${unread} unread` : 'Notifications: none unread'}
            >
              <IconBell size={18} aria-hidden />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown aria-label="Notifications">
            <Group justify="space-between" mb="xs">
              <Text fw={600} size="sm">
                Notifications
              </Text>
              <Group gap={4}>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  component={Link}
                  to="/settings/notifications"
                  onClick={() => setOpened(false)}
                >
                  Email settings
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  disabled={unread === 0}
                  loading={mark.isPending}
                  onClick={() => mark.mutate({ all: true })}
                >
                  Mark all read
                </Button>
              </Group>
            </Group>
            {items.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing yet. Mentions and review decisions on your values appear here.
              </Text>
            ) : (
              <ScrollArea.Autosize mah={420}>
                <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {items.map((n) => (
                    <li key={n.id}>
                      <Item n={n} onOpen={open} />
                    </li>
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            )}
          </Popover.Dropdown>
        </Popover>
      </Indicator>
    </>
  );
}
