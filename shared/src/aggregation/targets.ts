import { requirePeriod } from '../periods/keys';
import type { Direction, TargetKind } from '../schemas/indicator';
import { Rational } from './rational';

/** What progress needs to know about an indicator: its direction, baseline and targets. */
export interface TargetDefinition {
  direction: Direction;
  baseline: { value: string | number; period: string };
  targets: readonly { period: string; value: string | number; kind: TargetKind }[];
}

/** A baseline or target placed on the month line, at its period's LAST month. */
export interface TargetPoint {
  kind: 'baseline' | TargetKind;
  period: string;
  monthIndex: number;
  value: Rational;
}

/** The baseline and the targets, placed at the last month of their periods, in month order. */
export function targetLine(def: TargetDefinition, fiscalYearStartMonth: number): TargetPoint[] {
  const place = (kind: TargetPoint['kind'], period: string, value: string | number): TargetPoint => ({
    kind,
    period,
    monthIndex: requirePeriod(period, fiscalYearStartMonth).endIndex,
    value: Rational.parse(value),
  });
  const targets = def.targets
    .map((t) => place(t.kind, t.period, t.value))
    .sort(
      (a, b) =>
        a.monthIndex - b.monthIndex || (a.kind === 'long_term' ? 1 : 0) - (b.kind === 'long_term' ? 1 : 0),
    );
  return [place('baseline', def.baseline.period, def.baseline.value), ...targets];
}

/** The long-term target (the one target of kind long_term). */
export function longTermTarget(def: TargetDefinition): { period: string; value: Rational } {
  const found = def.targets.find((t) => t.kind === 'long_term');
  if (!found) throw new RangeError('the indicator has no long-term target');
  return { period: found.period, value: Rational.parse(found.value) };
}

/**
 * The target for a month on the month line: linear between the baseline and the targets on
 * either side; the baseline before (and at) the baseline; the last target after the last target.
 */
export function targetAtMonth(
  def: TargetDefinition,
  monthIndex: number,
  fiscalYearStartMonth: number,
): Rational {
  const line = targetLine(def, fiscalYearStartMonth);
  const [baseline] = line;
  if (monthIndex <= baseline.monthIndex) return baseline.value;
  // The last point at or before the month (targets are validated to come after the baseline).
  let i = 0;
  for (let k = 1; k < line.length; k++) if (line[k].monthIndex <= monthIndex) i = k;
  if (i === line.length - 1) return line[i].value;
  const [a, b] = [line[i], line[i + 1]];
  const share = Rational.of(monthIndex - a.monthIndex, b.monthIndex - a.monthIndex);
  return a.value.add(b.value.sub(a.value).mul(share));
}

/**
 * The interpolated target for a period (a decimal string): what should be reached by the END
 * of the period, so the period is placed at its last month. Targets are never summed: a
 * period's target is read off the line, whatever the targets before it were.
 */
export function interpolatedTarget(
  def: TargetDefinition,
  period: string,
  fiscalYearStartMonth: number,
): string {
  return targetAtMonth(
    def,
    requirePeriod(period, fiscalYearStartMonth).endIndex,
    fiscalYearStartMonth,
  ).toDecimal();
}
