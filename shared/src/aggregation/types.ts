import type { Granularity } from '../periods/granularity';
import type { AggregationAcrossPartners, AggregationOverTime, ValueType } from '../schemas/indicator';

export const VALUE_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

/** The cell of a value that is not broken down. Any other cell is an opaque category-combination key. */
export const TOTAL_CELL = 'total';
/** The scope of a rollup over all partners (otherwise the scope is a partner id). */
export const ALL_PARTNERS = 'all';

/** What the aggregation needs to know about an indicator. */
export interface AggregationIndicator {
  id: string;
  valueType: ValueType;
  periodicity: Granularity;
  aggregationAcrossPartners: AggregationAcrossPartners;
  aggregationOverTime: AggregationOverTime;
}

/**
 * One stored value: one partner's number for one indicator, one native period and one cell
 * (`total` or a category-combination key that partitions the total), optionally attributed to
 * one of its activities. Numbers are decimal strings (or finite JS numbers); counts and amounts
 * carry `value`, percentages and ratios `numerator` and `denominator`.
 */
export interface IndicatorValue {
  partnerId: string;
  indicatorId: string;
  /** A key of the indicator's periodicity, e.g. '2026-03' for a monthly indicator. */
  period: string;
  cell: string;
  activityId?: string | null;
  value?: string | number | null;
  numerator?: string | number | null;
  denominator?: string | number | null;
  status: ValueStatus;
}

export interface RollupInput {
  indicators: readonly AggregationIndicator[];
  /** The current values: at most one per partner, indicator, period, cell and activity. */
  values: readonly IndicatorValue[];
  requiresApproval: boolean;
  fiscalYearStartMonth: number;
}

/** One aggregate: indicator × granularity × period × cell × scope. */
export interface Rollup {
  indicatorId: string;
  granularity: Granularity;
  period: string;
  cell: string;
  /** `all` or a partner id. */
  scope: string;
  /**
   * The aggregate as a decimal string. For ratio indicators numerator/denominator, and for
   * percentage indicators 100 × numerator/denominator (percent points).
   */
  aggregate: string;
  /** Ratio and percentage indicators only, else null. */
  numerator: string | null;
  denominator: string | null;
  /** Partners that took part (1 in a partner's own rollup). */
  partnerCount: number;
  /** Counting values the aggregate was computed from (for `last`, those of the latest period used). */
  valueCount: number;
}
