import { z } from 'zod';
import { isoDate, nonEmptyText, optionalText, uuid } from './common';

export const ACTIVITY_STATUSES = ['planned', 'active', 'paused', 'completed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const MAX_ACTIVITY_INDICATORS = 50;

const statusField = z.enum(ACTIVITY_STATUSES, { message: `must be one of ${ACTIVITY_STATUSES.join(', ')}` });
const indicatorIds = z
  .array(uuid, { message: 'must be a list of indicator ids' })
  .max(MAX_ACTIVITY_INDICATORS, { message: `at most ${MAX_ACTIVITY_INDICATORS} indicators` });

const activityFields = {
  name: nonEmptyText(200),
  description: optionalText(4000),
  status: statusField,
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  strategyId: uuid.nullable(),
  indicatorIds,
};

type DateRange = { startDate?: string | null; endDate?: string | null; indicatorIds?: string[] };
function activityRules(input: DateRange, ctx: z.RefinementCtx) {
  if (input.startDate && input.endDate && input.endDate < input.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate (${input.startDate})` });
  }
  input.indicatorIds?.forEach((id, i) => {
    if (input.indicatorIds!.indexOf(id) !== i)
      ctx.addIssue({ code: 'custom', path: ['indicatorIds', i], message: 'is listed twice' });
  });
}

/**
 * POST …/activities. `partnerId` defaults to the caller's own organisation; partners may name
 * only their own, the backbone any partner.
 */
export const createActivitySchema = z
  .strictObject({
    partnerId: uuid.optional(),
    name: activityFields.name,
    description: activityFields.description.default(''),
    status: statusField.default('planned'),
    startDate: activityFields.startDate.default(null),
    endDate: activityFields.endDate.default(null),
    strategyId: activityFields.strategyId.default(null),
    indicatorIds: indicatorIds.default([]),
  })
  .superRefine(activityRules);
export type CreateActivityInput = z.infer<typeof createActivitySchema>;

/** PATCH …/activities/:activityId: any of the fields; `indicatorIds` replaces the list. The partner cannot change. */
export const updateActivitySchema = z
  .strictObject({
    name: activityFields.name.optional(),
    description: activityFields.description.optional(),
    status: statusField.optional(),
    startDate: activityFields.startDate.optional(),
    endDate: activityFields.endDate.optional(),
    strategyId: activityFields.strategyId.optional(),
    indicatorIds: indicatorIds.optional(),
  })
  .superRefine(activityRules);
export type UpdateActivityInput = z.infer<typeof updateActivitySchema>;

/** POST …/activities/:activityId/updates: a narrative update. */
export const activityNarrativeSchema = z.strictObject({ body: nonEmptyText(10000) });
export type ActivityNarrativeInput = z.infer<typeof activityNarrativeSchema>;

/** GET …/activities filters. */
export const activitiesQuerySchema = z.strictObject({
  partnerId: uuid.optional(),
  strategyId: uuid.optional(),
  indicatorId: uuid.optional(),
  status: statusField.optional(),
});
export type ActivitiesQuery = z.infer<typeof activitiesQuerySchema>;

export interface ActivitySummary {
  id: string;
  partnerId: string;
  organisationName: string;
  name: string;
  description: string;
  status: ActivityStatus;
  startDate: string | null;
  endDate: string | null;
  strategyId: string | null;
  indicatorIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ActivityNarrativeView {
  id: string;
  body: string;
  author: { id: string; name: string };
  createdAt: string;
}

export interface ActivityDetail extends ActivitySummary {
  strategy: { id: string; name: string; goalId: string } | null;
  indicators: Array<{ id: string; code: string; name: string; status: string }>;
  /** Newest first. */
  updates: ActivityNarrativeView[];
}

/** GET …/activities/matrix: who does what, where the gaps and overlaps are. */
export interface ActivityMatrixView {
  strategies: Array<{ id: string; name: string; goalId: string; goalTitle: string }>;
  partners: Array<{
    partnerId: string;
    organisationName: string;
    /** One cell per strategy, in the order of `strategies`; then activities linked to no strategy. */
    cells: Array<{ strategyId: string; activities: Array<{ id: string; name: string; status: ActivityStatus }> }>;
    unassigned: Array<{ id: string; name: string; status: ActivityStatus }>;
  }>;
}
