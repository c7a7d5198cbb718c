import type { CellState, StateCounts } from '../api/completeness-api';

/** Each state's word, letter and meaning (the icons and colours live in report-state.tsx). */
export const REPORT_STATE_TEXT: Record<CellState, { label: string; letter: string; help: string }> = {
  approved: { label: 'Approved', letter: 'A', help: 'every expected report approved' },
  submitted: { label: 'Submitted', letter: 'S', help: 'sent, waiting for the backbone’s review' },
  returned: { label: 'Returned', letter: 'R', help: 'returned by the backbone to correct' },
  missing: { label: 'Missing', letter: 'M', help: 'not sent and past its due date' },
  not_due: { label: 'Not due yet', letter: 'N', help: 'not sent yet, and not late' },
  not_expected: { label: 'Not expected', letter: '–', help: 'no commitment covers this period' },
};

/** "Missing of 3 reports: 2 approved, 1 missing" — a heatmap cell's full meaning in words. */
export function describeCounts(state: CellState, c: StateCounts): string {
  if (state === 'not_expected') return 'Not expected';
  if (c.expected === 1) return `${REPORT_STATE_TEXT[state].label}${c.draft ? ' (a draft is saved)' : ''}`;
  const parts: string[] = [];
  if (c.approved) parts.push(`${c.approved} approved`);
  if (c.submitted) parts.push(`${c.submitted} submitted`);
  if (c.returned) parts.push(`${c.returned} returned`);
  if (c.missing) parts.push(`${c.missing} missing${c.draft && c.missing ? ` (${Math.min(c.draft, c.missing)} in draft)` : ''}`);
  if (c.notDue) parts.push(`${c.notDue} not due yet`);
  return `${REPORT_STATE_TEXT[state].label} of ${c.expected} reports: ${parts.join(', ')}`;
}
