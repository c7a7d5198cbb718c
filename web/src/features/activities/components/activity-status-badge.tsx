import type { ActivityStatus } from '@constellation/shared';
import { Badge } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconCircleX, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { ACTIVITY_STATUS_COLORS, ACTIVITY_STATUS_LABELS } from '../labels';

const ICONS = {
  planned: IconCircleDashed,
  active: IconPlayerPlay,
  paused: IconPlayerPause,
  completed: IconCircleCheck,
  cancelled: IconCircleX,
};

/** An activity's status as an icon and a word. */
export function ActivityStatusBadge({ status, size = 'sm' }: { status: ActivityStatus; size?: 'xs' | 'sm' }) {
  const Icon = ICONS[status];
  return (
    <Badge variant="light" size={size} color={ACTIVITY_STATUS_COLORS[status]} tt="none" radius="sm" fw={600} leftSection={<Icon size={12} aria-hidden />}>
      {ACTIVITY_STATUS_LABELS[status]}
    </Badge>
  );
}
