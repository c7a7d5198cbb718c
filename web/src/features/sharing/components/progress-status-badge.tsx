import type { SharedProgressStatus } from '@constellation/shared';
import { Badge, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconHelpCircle } from '@tabler/icons-react';
import type { ComponentType } from 'react';

const STATUS: Record<
  SharedProgressStatus,
  { label: string; color: MantineColor; icon: ComponentType<{ size?: number; stroke?: number }> }
> = {
  on_track: { label: 'On track', color: 'green', icon: IconCircleCheck },
  at_risk: { label: 'At risk', color: 'orange', icon: IconAlertTriangle },
  off_track: { label: 'Off track', color: 'red', icon: IconCircleX },
  no_data: { label: 'No data', color: 'gray', icon: IconHelpCircle },
};

/** Progress against the target as an icon and a word (never colour alone). */
export function ProgressStatusBadge({ status }: { status: SharedProgressStatus }) {
  const s = STATUS[status];
  const Icon = s.icon;
  return (
    <Badge
      variant="light"
      color={s.color}
      leftSection={<Icon size={14} stroke={2} aria-hidden />}
      tt="none"
      fw={600}
      radius="sm"
    >
      {s.label}
    </Badge>
  );
}
