import { z } from 'zod';
import type { Granularity } from '../periods/granularity';
import { uuid } from './common';
import { periodKeyText } from './indicator';

export * from '../commitments/expected';

/** The most indicators one partner can commit to in one collaboration. */
export const MAX_COMMITMENTS = 500;

/**
 * One commitment as sent: report `indicatorId` from `startPeriod` (the indicator's periodicity or
 * coarser, valid for the collaboration's fiscal year) until `endPeriod` (inclusive; null or
 * absent = open-ended). Period keys are checked against the indicator and the fiscal year by the api.
 */
export const commitmentInputSchema = z.strictObject({
  indicatorId: uuid,
  startPeriod: periodKeyText,
  endPeriod: periodKeyText.nullable().optional(),
});
export type CommitmentInput = z.infer<typeof commitmentInputSchema>;

/** PUT …/partners/:partnerId/commitments: the partner's complete set, replacing the previous one. */
export const replaceCommitmentsSchema = z
  .strictObject({
    commitments: z
      .array(commitmentInputSchema, { message: 'must be a list of commitments' })
      .max(MAX_COMMITMENTS, { message: `at most ${MAX_COMMITMENTS} commitments` }),
  })
  .superRefine((input, ctx) => {
    input.commitments.forEach((c, i) => {
      const first = input.commitments.findIndex((o) => o.indicatorId === c.indicatorId);
      if (first !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['commitments', i, 'indicatorId'],
          message: `is already listed in commitments.${first}: commit to each indicator once`,
        });
      }
    });
  });
export type ReplaceCommitmentsInput = z.infer<typeof replaceCommitmentsSchema>;

/** GET …/commitments filters. */
export const commitmentsQuerySchema = z.strictObject({
  partnerId: uuid.optional(),
  indicatorId: uuid.optional(),
});
export type CommitmentsQuery = z.infer<typeof commitmentsQuerySchema>;

/** GET …/partners/:partnerId/expected: the range (period keys, any granularity); defaults to the current year. */
export const expectedQuerySchema = z.strictObject({
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
});
export type ExpectedQuery = z.infer<typeof expectedQuerySchema>;

export interface CommitmentView {
  partnerId: string;
  organisationName: string;
  indicatorId: string;
  indicatorCode: string;
  indicatorName: string;
  periodicity: Granularity;
  startPeriod: string;
  endPeriod: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExpectedReportsView {
  partnerId: string;
  from: string;
  to: string;
  items: Array<{ indicatorId: string; period: string }>;
}
