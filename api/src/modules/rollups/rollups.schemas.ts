import { GRANULARITIES, periodKeyText, uuid } from '@constellation/shared';
import { z } from 'zod';

/**
 * Query schemas of the dashboard read routes. They belong in `shared` with the other request
 * schemas once the web dashboards use them (kept here while `shared` is owned by another change).
 */
const granularity = z.enum(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` });
const cell = z
  .string()
  .min(1)
  .max(400)
  .regex(/^(total|[a-z0-9][a-z0-9_-]*=[a-z0-9][a-z0-9_-]*(;[a-z0-9][a-z0-9_-]*=[a-z0-9][a-z0-9_-]*)*)$/, {
    message: "must be 'total' or 'dimension=category;…'",
  });

export const rollupsQuerySchema = z.strictObject({
  indicatorId: uuid.optional(),
  granularity: granularity.optional(),
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
  cell: cell.optional(),
  /** 'all' (default): the aggregate across partners; 'partners': the per-partner rows the caller may see. */
  scope: z.enum(['all', 'partners']).default('all'),
});
export type RollupsQuery = z.infer<typeof rollupsQuerySchema>;

export const completenessQuerySchema = z.strictObject({
  indicatorId: uuid,
  granularity: granularity.optional(),
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
});
export type CompletenessQuery = z.infer<typeof completenessQuerySchema>;

export const explainQuerySchema = z.strictObject({
  indicatorId: uuid,
  granularity,
  period: periodKeyText,
  cell: cell.default('total'),
});
export type ExplainQuery = z.infer<typeof explainQuerySchema>;

export type { CompletenessPeriod, RollupsResponse, RollupView } from '@constellation/shared';
