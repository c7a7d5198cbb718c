import { z } from 'zod';
import { GRANULARITIES } from '../periods/granularity';
import { nonEmptyText, uuid } from './common';
import { type Direction, periodKeyText } from './indicator';

/** Indicators one public dashboard may show. */
export const MAX_SHARED_INDICATORS = 24;

/**
 * POST …/shared-dashboards: the backbone publishes a read-only dashboard of chosen indicators.
 * `granularity` (optional) is the period size the charts use (never finer than an indicator
 * reports; finer falls back to the indicator's own periodicity); `from`/`to` (optional) bound the
 * periods shown.
 */
export const createSharedDashboardSchema = z.strictObject({
  title: nonEmptyText(120),
  indicatorIds: z
    .array(uuid, { message: 'must be a list of indicator ids' })
    .min(1, { message: 'choose at least one indicator' })
    .max(MAX_SHARED_INDICATORS, { message: `choose at most ${MAX_SHARED_INDICATORS} indicators` })
    .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name an indicator twice' }),
  granularity: z.enum(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` }).optional(),
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
});
export type CreateSharedDashboardInput = z.infer<typeof createSharedDashboardSchema>;

export type SharedProgressStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

/** A public link as the backbone sees it in the management list. */
export interface SharedDashboardView {
  id: string;
  title: string;
  /** The token in the public URL `/share/<token>` (a publishable link, re-viewable by the backbone). */
  token: string;
  indicatorIds: string[];
  granularity: (typeof GRANULARITIES)[number] | null;
  from: string | null;
  to: string | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  revokedAt: string | null;
  revokedBy: { id: string; name: string } | null;
}

/** GET /api/public/dashboards/:token — all-partner aggregates only, nothing partner-level or personal. */
export interface PublicDashboard {
  title: string;
  collaboration: { name: string; fiscalYearStartMonth: number };
  granularity: (typeof GRANULARITIES)[number] | null;
  from: string | null;
  to: string | null;
  indicators: PublicIndicator[];
  /** Active wins of the chosen indicators, newest first. */
  wins: PublicWin[];
  /** When the worker last computed the progress shown (null: nothing computed yet). */
  computedAt: string | null;
}

export interface PublicIndicator {
  id: string;
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: string;
  direction: Direction;
  /** The period size of `progress` (the dashboard's granularity, or the indicator's periodicity when coarser). */
  granularity: (typeof GRANULARITIES)[number];
  baseline: { value: string; period: string };
  targets: { period: string; value: string; kind: 'milestone' | 'long_term' }[];
  progress: {
    period: string;
    actual: string | null;
    target: string;
    longTermTarget: string;
    percentToLongTerm: number | null;
    status: SharedProgressStatus;
  }[];
  trajectory: { projectedPeriod: string | null; reached: boolean } | null;
}

export interface PublicWin {
  id: string;
  indicator: { id: string; name: string };
  kind: 'milestone' | 'long_term';
  milestonePeriod: string;
  milestoneValue: string;
  metPeriod: string;
  metValue: string;
  firstMetAt: string;
}
