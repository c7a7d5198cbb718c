import { periodAtIndex } from '../periods/arithmetic';
import { requirePeriod } from '../periods/keys';
import { MAX_YEAR, toMonthIndex } from '../periods/months';
import { Rational } from './rational';
import { longTermTarget, type TargetDefinition } from './targets';

export const DEFAULT_TRAJECTORY_POINTS = 6;

export interface Trajectory {
  /** The period (of the actuals' granularity) in which the long-term target is reached at this pace. */
  period: string;
  /** True when the latest actual has reached it already. */
  reached: boolean;
  /** Slope of the fitted line, per month (a float, for display). */
  perMonth: number;
}

/**
 * Where the recent pace leads: a least-squares line through the last `points` actuals (each placed
 * at its period's last month) gives the first period in which it reaches the long-term target.
 * Null with fewer than two actuals, when the line is flat or heads away from the target, or when
 * it gets there only after the year MAX_YEAR. Actuals must all be of one granularity.
 */
export function trajectory(
  def: TargetDefinition,
  actuals: readonly { period: string; value: string | number }[],
  fiscalYearStartMonth: number,
  options: { points?: number } = {},
): Trajectory | null {
  const parsed = actuals
    .map((a) => ({ period: requirePeriod(a.period, fiscalYearStartMonth), y: Rational.parse(a.value) }))
    .sort((a, b) => a.period.endIndex - b.period.endIndex);
  const granularity = parsed[0]?.period.granularity;
  if (parsed.some((p) => p.period.granularity !== granularity))
    throw new RangeError('actuals must all be of one granularity');
  const recent = parsed.slice(-(options.points ?? DEFAULT_TRAJECTORY_POINTS));
  if (recent.length < 2 || !granularity) return null;

  const target = longTermTarget(def).value;
  const better = def.direction === 'increase' ? 1 : -1;
  const n = Rational.of(recent.length);
  const xs = recent.map((p) => Rational.of(p.period.endIndex));
  const sx = Rational.sum(xs);
  const sy = Rational.sum(recent.map((p) => p.y));
  const sxy = Rational.sum(recent.map((p, i) => xs[i].mul(p.y)));
  const sxx = Rational.sum(xs.map((x) => x.mul(x)));
  const slope = n
    .mul(sxy)
    .sub(sx.mul(sy))
    .div(n.mul(sxx).sub(sx.mul(sx)));
  const last = recent[recent.length - 1];

  if (last.y.sub(target).sign() * better >= 0) {
    return { period: last.period.key, reached: true, perMonth: slope.toNumber() };
  }
  if (slope.sign() * better <= 0) return null;
  const intercept = sy.sub(slope.mul(sx)).div(n);
  // First whole month at which the line reaches the target, and never before the next month.
  const month = Math.max(Number(target.sub(intercept).div(slope).ceil()), last.period.endIndex + 1);
  if (month > toMonthIndex(MAX_YEAR, 12)) return null;
  return {
    period: periodAtIndex(month, granularity, fiscalYearStartMonth).key,
    reached: false,
    perMonth: slope.toNumber(),
  };
}
