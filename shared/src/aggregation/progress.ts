import { requirePeriod } from '../periods/keys';
import type { Direction } from '../schemas/indicator';
import { Rational } from './rational';
import { longTermTarget, targetAtMonth, type TargetDefinition } from './targets';

export const PROGRESS_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** Lower bounds of the status ratio for on_track and at_risk (configurable per collaboration). */
export interface StatusBands {
  onTrack: number;
  atRisk: number;
}
export const DEFAULT_STATUS_BANDS: StatusBands = { onTrack: 0.95, atRisk: 0.8 };

/** +1 when an increase is better, -1 when a decrease is. */
const sense = (direction: Direction) => Rational.of(direction === 'increase' ? 1 : -1);

/**
 * Status of an actual against an interpolated target, both measured from the baseline:
 * ratio = (actual − baseline) / (target − baseline), the same formula for `increase` and
 * `decrease` indicators; on_track when ratio ≥ bands.onTrack, at_risk when ≥ bands.atRisk,
 * otherwise off_track; no_data without an actual.
 *
 * Where the target does not ask for movement in the good direction (target = baseline, "hold
 * the line", or a planned step back) the ratio means nothing: on_track when the actual is not on
 * the wrong side of the target, otherwise off_track. An actual at or beyond the target in the
 * good direction is always on_track.
 */
export function progressStatus(
  direction: Direction,
  points: { actual: string | number | null; baseline: string | number; target: string | number },
  bands: StatusBands = DEFAULT_STATUS_BANDS,
): { status: ProgressStatus; ratio: number | null } {
  if (points.actual === null) return { status: 'no_data', ratio: null };
  const s = sense(direction);
  const actual = Rational.parse(points.actual);
  const baseline = Rational.parse(points.baseline);
  const target = Rational.parse(points.target);
  const wanted = target.sub(baseline);
  const ratio = wanted.isZero() ? null : actual.sub(baseline).div(wanted);
  const reached = actual.sub(target).mul(s).sign() >= 0;
  if (reached) return { status: 'on_track', ratio: ratio?.toNumber() ?? null };
  if (wanted.mul(s).sign() <= 0) return { status: 'off_track', ratio: ratio?.toNumber() ?? null };
  const status = !ratio!.lt(Rational.parse(bands.onTrack))
    ? 'on_track'
    : !ratio!.lt(Rational.parse(bands.atRisk))
      ? 'at_risk'
      : 'off_track';
  return { status, ratio: ratio!.toNumber() };
}

export interface Progress {
  period: string;
  actual: string | null;
  baseline: string;
  /** Interpolated target for the period (placed at its last month). */
  target: string;
  longTermTarget: string;
  /** (actual − baseline) / (long-term target − baseline) × 100; null without an actual or when the target is the baseline. */
  percentOfWay: number | null;
  /** (actual − baseline) / (target − baseline); null without an actual or when the target is the baseline. */
  ratio: number | null;
  status: ProgressStatus;
}

/**
 * Progress of one period. `actual` is the all-partner total-cell aggregate of that period (at the
 * period's own granularity), or null when no value counts. For flows (`sum` over time) compare
 * periods of the granularity the targets are set at, since a target is a per-period amount there.
 */
export function progressFor(
  def: TargetDefinition,
  period: string,
  actual: string | number | null,
  fiscalYearStartMonth: number,
  bands: StatusBands = DEFAULT_STATUS_BANDS,
): Progress {
  const baseline = Rational.parse(def.baseline.value);
  const target = targetAtMonth(
    def,
    requirePeriod(period, fiscalYearStartMonth).endIndex,
    fiscalYearStartMonth,
  );
  const longTerm = longTermTarget(def).value;
  const { status, ratio } = progressStatus(
    def.direction,
    { actual, baseline: baseline.toDecimal(), target: target.toDecimal() },
    bands,
  );
  const toGo = longTerm.sub(baseline);
  const percentOfWay =
    actual === null || toGo.isZero()
      ? null
      : Rational.parse(actual).sub(baseline).div(toGo).mul(Rational.of(100)).toNumber();
  return {
    period,
    actual: actual === null ? null : Rational.parse(actual).toDecimal(),
    baseline: baseline.toDecimal(),
    target: target.toDecimal(),
    longTermTarget: longTerm.toDecimal(),
    percentOfWay,
    ratio,
    status,
  };
}
