import { GRANULARITIES, periodKeyText, uuid } from '@constellation/shared';
export type { CompletenessMatrixView, MatrixCell, PartnerHomeView, ReportView } from '@constellation/shared';
import { z } from 'zod';

/** Query of GET …/completeness/matrix (kept beside the route, as the rollups schemas are). */
export const completenessMatrixQuerySchema = z.strictObject({
  /** One indicator; omitted: every indicator partners have committed to. */
  indicatorId: uuid.optional(),
  granularity: z.enum(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` }).optional(),
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
});
export type CompletenessMatrixQuery = z.infer<typeof completenessMatrixQuerySchema>;
