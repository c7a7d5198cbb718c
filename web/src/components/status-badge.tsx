import { Badge, type MantineColor } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconClock,
  IconDoorExit,
  IconMailForward,
  IconBan,
  IconHourglassEmpty,
  IconArchive,
  IconShieldCheck,
  IconShieldOff,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

export type StatusKind =
  | 'active'
  | 'invited'
  | 'pending'
  | 'left'
  | 'rejected'
  | 'accepted'
  | 'revoked'
  | 'expired'
  | 'archived'
  | 'success'
  | 'denied'
  | 'endorsed'
  | 'not_endorsed'
  | 'outdated';

const STATUS: Record<StatusKind, { label: string; color: MantineColor; icon: ComponentType<{ size?: number; stroke?: number }> }> = {
  active: { label: 'Active', color: 'green', icon: IconCircleCheck },
  invited: { label: 'Invited', color: 'sky', icon: IconMailForward },
  pending: { label: 'Waiting for approval', color: 'orange', icon: IconClock },
  left: { label: 'Left', color: 'gray', icon: IconDoorExit },
  rejected: { label: 'Declined', color: 'red', icon: IconCircleX },
  accepted: { label: 'Accepted', color: 'green', icon: IconCircleCheck },
  revoked: { label: 'Revoked', color: 'gray', icon: IconBan },
  expired: { label: 'Expired', color: 'orange', icon: IconHourglassEmpty },
  archived: { label: 'Archived', color: 'gray', icon: IconArchive },
  success: { label: 'Success', color: 'green', icon: IconCircleCheck },
  denied: { label: 'Denied', color: 'red', icon: IconAlertTriangle },
  endorsed: { label: 'Endorses current agenda', color: 'green', icon: IconShieldCheck },
  not_endorsed: { label: 'Not endorsed yet', color: 'gray', icon: IconShieldOff },
  outdated: { label: 'Endorsed an earlier version', color: 'orange', icon: IconAlertTriangle },
};

export function isStatusKind(value: string): value is StatusKind {
  return value in STATUS;
}

/** A status as an icon and a word (never colour alone). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const s = isStatusKind(status) ? STATUS[status] : { label: status, color: 'gray', icon: IconClock };
  const Icon = s.icon;
  return (
    <Badge variant="light" color={s.color} leftSection={<Icon size={14} stroke={2} aria-hidden />} tt="none" fw={600} radius="sm">
      {label ?? s.label}
    </Badge>
  );
}
