import { formatNumber } from '../../lib/periods';
import type { Granularity, ProgressStatus, Trajectory } from './api/dashboards-api';

/** Order of granularities from fine to coarse. */
export const GRANULARITY_ORDER: Granularity[] = ['month', 'quarter', 'year'];

/** The switches an indicator allows: its own periodicity and coarser, never finer. */
export function granularitiesFor(periodicity: Granularity): Granularity[] {
  return GRANULARITY_ORDER.slice(GRANULARITY_ORDER.indexOf(periodicity));
}

/** How far (0–100, clamped) a value has moved from the baseline toward a target; null when it cannot be said. */
export function percentToward(
  actual: string | number | null,
  baseline: string | number,
  target: string | number,
): number | null {
  if (actual === null) return null;
  const a = Number(actual);
  const b = Number(baseline);
  const t = Number(target);
  if (![a, b, t].every(Number.isFinite)) return null;
  if (t === b) return a === b ? 100 : null;
  return Math.max(0, Math.min(100, ((a - b) / (t - b)) * 100));
}

/**
 * The first milestone not yet met (by the direction of the indicator), else null. `met` says
 * whether a milestone's period has a win; milestones are compared in period order.
 */
export function nextMilestone<T extends { period: string; value: string; kind: string }>(
  targets: readonly T[],
  isMet: (t: T) => boolean,
  compare: (a: string, b: string) => number,
): T | null {
  const milestones = targets
    .filter((t) => t.kind === 'milestone')
    .sort((a, b) => compare(a.period, b.period));
  return milestones.find((m) => !isMet(m)) ?? null;
}

const STATUS_RANK: Record<ProgressStatus, number> = { off_track: 3, at_risk: 2, on_track: 1, no_data: 0 };

/** A goal's status from its indicators' latest statuses: the worst one with data, else no data. */
export function worstStatus(statuses: readonly ProgressStatus[]): ProgressStatus {
  return statuses.reduce<ProgressStatus>((w, s) => (STATUS_RANK[s] > STATUS_RANK[w] ? s : w), 'no_data');
}

/** The trajectory of one indicator at a granularity, or its first one. */
export function trajectoryOf(
  trajectories: readonly Trajectory[],
  indicatorId: string,
  granularity: Granularity,
): Trajectory | null {
  const mine = trajectories.filter((t) => t.indicatorId === indicatorId);
  return mine.find((t) => t.granularity === granularity) ?? mine[0] ?? null;
}

/** A CSV cell that a spreadsheet will never execute: formula-like text gets a leading apostrophe. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Save text or a data URL as a file. */
export function download(name: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const href = content.startsWith('data:')
    ? content
    : URL.createObjectURL(new Blob(['\ufeff', content], { type }));
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}

/** A cell key ("age=0-4;gender=f") as words, using the indicator's dimension and category names. */
export function cellLabel(
  cell: string,
  dimensions: readonly { key: string; name: string; categories: readonly { key: string; name: string }[] }[],
): string {
  if (cell === 'total') return 'Total';
  return cell
    .split(';')
    .map((part) => {
      const [dk, ck] = part.split('=');
      const d = dimensions.find((x) => x.key === dk);
      const c = d?.categories.find((x) => x.key === ck);
      return c?.name ?? ck ?? part;
    })
    .join(', ');
}

/**
 * A value with its unit as dashboards show it (cards, charts, tables, tooltips alike): percentages
 * with one decimal, everything else with at most two ("11.94 children per worker", "1,661,400 GBP").
 */
export function formatValue(value: string | null | undefined, unit: string, valueType?: string): string {
  if (value === null || value === undefined || value === '') return '';
  if (valueType === 'percentage' || unit === '%') return `${formatNumber(value, 1)}%`;
  return unit ? `${formatNumber(value, 2)} ${unit}` : formatNumber(value, 2);
}
