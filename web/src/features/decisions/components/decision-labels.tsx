import { Badge } from '@mantine/core';
import type { DecisionKind, DecisionStatus } from '@constellation/shared';

export const KIND_LABELS: Record<DecisionKind, string> = {
  targets: 'Targets',
  definition: 'Definition',
  agenda: 'Common agenda',
};

const STATUS: Record<DecisionStatus, { label: string; color: string }> = {
  open: { label: 'Open for discussion', color: 'blue' },
  accepted: { label: 'Accepted', color: 'green' },
  rejected: { label: 'Rejected', color: 'gray' },
};

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <Badge variant="light" color={STATUS[status].color} tt="none" radius="sm">
      {STATUS[status].label}
    </Badge>
  );
}
