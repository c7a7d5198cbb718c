import { Badge, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconClock, IconMinus, IconSend } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { CellState } from '../api/completeness-api';
import { REPORT_STATE_TEXT } from './report-state-text';

export { describeCounts } from './report-state-text';

/** A report's or a heatmap cell's state: a colour, an icon, a letter and a word (never colour alone). */
export const REPORT_STATE: Record<
  CellState,
  { label: string; letter: string; color: MantineColor; icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>; help: string }
> = {
  approved: { ...REPORT_STATE_TEXT.approved, color: 'green', icon: IconCircleCheck },
  submitted: { ...REPORT_STATE_TEXT.submitted, color: 'sky', icon: IconSend },
  returned: { ...REPORT_STATE_TEXT.returned, color: 'orange', icon: IconArrowBackUp },
  missing: { ...REPORT_STATE_TEXT.missing, color: 'red', icon: IconAlertTriangle },
  not_due: { ...REPORT_STATE_TEXT.not_due, color: 'gray', icon: IconClock },
  not_expected: { ...REPORT_STATE_TEXT.not_expected, color: 'gray', icon: IconMinus },
};

/** Partner home report states map onto the same vocabulary. */
export function stateOfReport(state: 'approved' | 'submitted' | 'returned' | 'missing' | 'due' | 'upcoming'): CellState {
  return state === 'due' || state === 'upcoming' ? 'not_due' : state;
}

export function ReportStateBadge({ state, label, size = 'sm' }: { state: CellState; label?: string; size?: 'xs' | 'sm' }) {
  const s = REPORT_STATE[state];
  const Icon = s.icon;
  return (
    <Badge variant="light" color={s.color} size={size} tt="none" radius="sm" fw={600} leftSection={<Icon size={12} stroke={2} aria-hidden />}>
      {label ?? s.label}
    </Badge>
  );
}
