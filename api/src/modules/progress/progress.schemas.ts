import { GRANULARITIES, periodKeyText, uuid } from '@constellation/shared';
import { z } from 'zod';

/** GET …/progress: one indicator or all, one granularity or all, a period range (any granularity, by last month). */
export const progressQuerySchema = z.strictObject({
  indicatorId: uuid.optional(),
  granularity: z.enum(GRANULARITIES).optional(),
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
});
export type ProgressQuery = z.infer<typeof progressQuerySchema>;

/** GET …/wins: optionally one indicator. */
export const winsQuerySchema = z.strictObject({ indicatorId: uuid.optional() });
export type WinsQuery = z.infer<typeof winsQuerySchema>;

export interface ProgressView {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  period: string;
  actual: string | null;
  baseline: string;
  target: string;
  longTermTarget: string;
  percentToLongTerm: number | null;
  ratio: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | 'no_data';
  computedAt: string;
}

export interface TrajectoryView {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  projectedPeriod: string | null;
  reached: boolean;
  slopePerMonth: number | null;
  computedAt: string;
}

export interface WinView {
  id: string;
  indicator: { id: string; code: string; name: string };
  kind: 'milestone' | 'long_term';
  milestonePeriod: string;
  milestoneValue: string;
  metPeriod: string;
  metValue: string;
  status: 'active' | 'withdrawn';
  firstMetAt: string;
  withdrawnAt: string | null;
  /**
   * The partners whose reports counted toward the total that met it: `count` of all of them;
   * `names` every one for the backbone, a partner's own organisation only for a partner, none for a funder.
   */
  contributors: { count: number; names: string[] };
}
