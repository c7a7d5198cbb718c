import { Badge, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconClock, IconMinus, IconSend } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { CellState, StateCounts } from '../api/completeness-api';

/** A report's or a heatmap cell's state: a colour, an icon, a letter and a word (never colour alone). */
export const REPORT_STATE: Record<
  CellState,
  { label: string; letter: string; color: MantineColor; icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>; help: string }
> = {
  approved: { label: 'Approved', letter: 'A', color: 'green', icon: IconCircleCheck, help: 'every expected report approved' },
  submitted: { label: 'Submitted', letter: 'S', color: 'sky', icon: IconSend, help: 'sent, waiting for the backbone’s review' },
  returned: { label: 'Returned', letter: 'R', color: 'orange', icon: IconArrowBackUp, help: 'returned by the backbone to correct' },
  missing: { label: 'Missing', letter: 'M', color: 'red', icon: IconAlertTriangle, help: 'not sent and past its due date' },
  not_due: { label: 'Not due yet', letter: 'N', color: 'gray', icon: IconClock, help: 'not sent yet, and not late' },
  not_expected: { label: 'Not expected', letter: '–', color: 'gray', icon: IconMinus, help: 'no commitment covers this period' },
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

/** "Missing: 1 of 3 (2 approved)" — the cell's full meaning in words. */
export function describeCounts(state: CellState, c: StateCounts): string {
  if (state === 'not_expected') return 'Not expected';
  if (c.expected === 1) return `${REPORT_STATE[state].label}${c.draft ? ' (a draft is saved)' : ''}`;
  const parts: string[] = [];
  if (c.approved) parts.push(`${c.approved} approved`);
  if (c.submitted) parts.push(`${c.submitted} submitted`);
  if (c.returned) parts.push(`${c.returned} returned`);
  if (c.missing) parts.push(`${c.missing} missing${c.draft && c.missing ? ` (${Math.min(c.draft, c.missing)} in draft)` : ''}`);
  if (c.notDue) parts.push(`${c.notDue} not due yet`);
  const of = c.expected === 1 ? '' : ` of ${c.expected} reports`;
  return `${REPORT_STATE[state].label}${of}: ${parts.join(', ')}`;
}
