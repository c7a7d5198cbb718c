import { Badge, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { ProgressStatus } from '../api/dashboards-api';

export const PROGRESS_STATUS: Record<
  ProgressStatus,
  { label: string; color: MantineColor; icon: ComponentType<{ size?: number; stroke?: number }> }
> = {
  on_track: { label: 'On track', color: 'green', icon: IconCircleCheck },
  at_risk: { label: 'At risk', color: 'orange', icon: IconAlertTriangle },
  off_track: { label: 'Off track', color: 'red', icon: IconCircleX },
  no_data: { label: 'No data', color: 'gray', icon: IconCircleDashed },
};

/** Progress status as an icon and a word (never colour alone). */
export function ProgressStatusBadge({ status, size = 'md' }: { status: ProgressStatus; size?: 'sm' | 'md' }) {
  const s = PROGRESS_STATUS[status];
  const Icon = s.icon;
  return (
    <Badge
      variant="light"
      color={s.color}
      size={size}
      leftSection={<Icon size={14} stroke={2} aria-hidden />}
      tt="none"
      fw={600}
      radius="sm"
      data-status={status}
      style={{ flexShrink: 0 }}
    >
      {s.label}
    </Badge>
  );
}
