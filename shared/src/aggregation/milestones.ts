import { monthIndexOfKey } from '../periods/months';
import { requirePeriod } from '../periods/keys';
import type { Direction, TargetKind } from '../schemas/indicator';
import { Rational } from './rational';
import { ALL_PARTNERS, TOTAL_CELL, type AggregationIndicator, type Rollup } from './types';
import type { TargetDefinition } from './targets';

/** `met` (a win), `missed` (its period is over and it was not reached), or `pending`. */
export type MilestoneState = 'met' | 'missed' | 'pending';

export interface MilestoneResult {
  period: string;
  kind: TargetKind;
  value: string;
  /** The all-partner total for the period at its own granularity, or null without data. */
  actual: string | null;
  state: MilestoneState;
}

/** What milestone detection needs: direction, baseline and targets, and how the indicator aggregates. */
export type MilestoneDefinition = TargetDefinition &
  Pick<AggregationIndicator, 'valueType' | 'aggregationAcrossPartners' | 'aggregationOverTime'>;

/** The all-partner total-cell aggregates of one indicator, by period key (any granularity). */
export function allPartnerTotals(rollups: readonly Rollup[], indicatorId: string): Map<string, string> {
  return new Map(
    rollups
      .filter((r) => r.indicatorId === indicatorId && r.scope === ALL_PARTNERS && r.cell === TOTAL_CELL)
      .map((r) => [r.period, r.aggregate]),
  );
}

const reaches = (direction: Direction, actual: Rational, value: Rational) =>
  direction === 'increase' ? !actual.lt(value) : !actual.gt(value);

/**
 * Which targets (milestones and the long-term one) are met. A target (period P, value M) is met
 * when the all-partner total for P, at P's own granularity, reaches M: ≥ for `increase`, ≤ for
 * `decrease` indicators.
 *
 * `asOfMonth` (the current month, 'YYYY-MM') says whether P is over. Before P ends a target can
 * already be met only where the running total cannot fall back as more values arrive: a flow
 * (`sum` over time) of counts or amounts, summed (or maxed) across partners, where an increase is
 * better — "year to date". Otherwise (stocks, averages, ratios, decreases) it stays `pending`
 * until P is over, and is then `met` or `missed`. Without `asOfMonth` every period is over.
 */
export function milestoneResults(
  def: TargetDefinition &
    Pick<AggregationIndicator, 'valueType' | 'aggregationAcrossPartners' | 'aggregationOverTime'>,
  totals: ReadonlyMap<string, string>,
  fiscalYearStartMonth: number,
  options: { asOfMonth?: string } = {},
): MilestoneResult[] {
  const asOf = options.asOfMonth === undefined ? null : monthIndexOfKey(options.asOfMonth);
  if (options.asOfMonth !== undefined && asOf === null)
    throw new RangeError(`asOfMonth "${options.asOfMonth}" is not a month key`);
  const canMeetEarly =
    def.aggregationOverTime === 'sum' &&
    def.direction === 'increase' &&
    (def.valueType === 'count' || def.valueType === 'amount') &&
    (def.aggregationAcrossPartners === 'sum' || def.aggregationAcrossPartners === 'max');
  return def.targets.map((t) => {
    const period = requirePeriod(t.period, fiscalYearStartMonth);
    const over = asOf === null || asOf > period.endIndex;
    const actual = totals.get(period.key) ?? null;
    const value = Rational.parse(t.value);
    const hit = actual !== null && reaches(def.direction, Rational.parse(actual), value);
    const state: MilestoneState = hit && (over || canMeetEarly) ? 'met' : over ? 'missed' : 'pending';
    return { period: period.key, kind: t.kind, value: value.toDecimal(), actual, state };
  });
}
