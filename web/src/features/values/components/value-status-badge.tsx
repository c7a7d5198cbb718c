import type { ValueStatus } from '@constellation/shared';
import { Badge, type MantineColor } from '@mantine/core';
import { IconArrowBackUp, IconCircleCheck, IconPencil, IconSend } from '@tabler/icons-react';

export const VALUE_STATUS: Record<ValueStatus, { label: string; color: MantineColor; icon: typeof IconPencil }> = {
  draft: { label: 'Draft', color: 'gray', icon: IconPencil },
  submitted: { label: 'Submitted', color: 'sky', icon: IconSend },
  approved: { label: 'Approved', color: 'green', icon: IconCircleCheck },
  returned: { label: 'Returned', color: 'red', icon: IconArrowBackUp },
};

/** A value's workflow state as an icon and a word. */
export function ValueStatusBadge({ status, size = 'xs' }: { status: ValueStatus; size?: 'xs' | 'sm' }) {
  const s = VALUE_STATUS[status];
  const Icon = s.icon;
  return (
    <Badge variant="light" color={s.color} size={size} tt="none" radius="sm" fw={600} leftSection={<Icon size={11} aria-hidden />}>
      {s.label}
    </Badge>
  );
}
