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

export type { ProgressView, TrajectoryView, WinView } from '@constellation/shared';
