import { z } from 'zod';
import { VALUE_STATUSES } from '../aggregation/types';
import { nonEmptyText, optionalText, uuid } from './common';

/** Rows one batch may carry. */
export const MAX_VALUES_PER_BATCH = 1000;
/** Ids one submit or review request may name. */
export const MAX_IDS_PER_REQUEST = 1000;

/**
 * A number as entered: a JSON number or a string. Read per row by `parseNumberInput` against the
 * indicator's value type, so every odd spelling ('', 'NaN', '1e309', '12%') gets its sentence
 * under the row's path (`values.3.value`).
 */
const numberInput = z.union(
  [
    // Any JSON number, even one JSON.parse turned into Infinity (1e309): parseNumberInput explains it.
    z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' }),
    z.string().max(100, { message: 'must be at most 100 characters' }),
    z.null(),
  ],
  { message: 'must be a number or a string holding one' },
);

/** `'total'` or a breakdown cell as `{dimensionKey: categoryKey}` (canonicalised in the indicator's dimension order). */
export const valueCellInput = z.union(
  [
    z.literal('total'),
    z
      .record(
        z.string().max(40, { message: 'must be a dimension key' }),
        z.string({ message: 'must be a category key' }).max(40, { message: 'must be a category key' }),
      )
      .refine((o) => Object.keys(o).length > 0, { message: 'must name at least one dimension, or be "total"' }),
  ],
  { message: 'must be "total" or an object of dimension keys to category keys' },
);
export type ValueCellInput = z.infer<typeof valueCellInput>;

export const valueRowSchema = z.strictObject({
  indicatorId: uuid,
  partnerId: uuid,
  /** A period key of the indicator's periodicity: 2026-03, 2026-Q1, 2026, FY2025-Q1, FY2025. */
  period: z.string({ message: 'must be a period key' }).max(20, { message: 'must be a period key' }),
  cell: valueCellInput.optional(),
  value: numberInput.optional(),
  numerator: numberInput.optional(),
  denominator: numberInput.optional(),
  /** Stored as typed (a leading '=' stays text; exports escape it). */
  comment: optionalText(2000).optional(),
  activityId: uuid.nullable().optional(),
  /** The version this write revises; 0 means "must not exist yet". Stale → 409. */
  expectedVersion: z.number().int().min(0).max(2_000_000_000).optional(),
});
export type ValueRowInput = z.infer<typeof valueRowSchema>;

export const valuesBatchSchema = z.strictObject({
  values: z
    .array(valueRowSchema)
    .min(1, { message: 'must hold at least one value' })
    .max(MAX_VALUES_PER_BATCH, { message: `must hold at most ${MAX_VALUES_PER_BATCH} values; split the batch` }),
  /** Submit the rows as well (draft → submitted). */
  submit: z.boolean().optional(),
});
export type ValuesBatchInput = z.infer<typeof valuesBatchSchema>;

const ids = z
  .array(uuid)
  .min(1, { message: 'must name at least one value' })
  .max(MAX_IDS_PER_REQUEST, { message: `must name at most ${MAX_IDS_PER_REQUEST} values` });

export const submitValuesSchema = z.strictObject({ ids });
export type SubmitValuesInput = z.infer<typeof submitValuesSchema>;

export const REVIEW_DECISIONS = ['approve', 'return'] as const;
export const reviewValuesSchema = z
  .strictObject({
    ids,
    decision: z.enum(REVIEW_DECISIONS, { message: 'must be approve or return' }),
    reason: optionalText(2000).optional(),
  })
  .refine((b) => b.decision !== 'return' || (b.reason !== undefined && b.reason !== ''), {
    path: ['reason'],
    message: 'is required when returning values: tell the partner what to fix',
  });
export type ReviewValuesInput = z.infer<typeof reviewValuesSchema>;

/** GET …/values/review-queue/previous: one group of the queue (a partner × period). */
export const reviewPreviousQuerySchema = z.strictObject({
  partnerId: uuid,
  period: z.string({ message: 'must be a period key' }).max(20, { message: 'must be a period key' }),
});
export type ReviewPreviousQuery = z.infer<typeof reviewPreviousQuerySchema>;

export const valuesQuerySchema = z.strictObject({
  partnerId: uuid.optional(),
  indicatorId: uuid.optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  /** Values attributed to this activity only. */
  activityId: uuid.optional(),
  /** One period exactly (a month, quarter or year key), where from/to take every period inside a range. */
  period: z.string().max(20).optional(),
  status: z.enum(VALUE_STATUSES, { message: `must be one of ${VALUE_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Values to skip, for the next page (the order is fixed: indicator, partner, period, cell, activity). */
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
});
export type ValuesQuery = z.infer<typeof valuesQuerySchema>;

export const periodLockSchema = z.strictObject({
  period: z.string({ message: 'must be a period key' }).max(20, { message: 'must be a period key' }),
});
export type PeriodLockInput = z.infer<typeof periodLockSchema>;

export const createApiTokenSchema = z.strictObject({ name: nonEmptyText(100) });
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

/** The header a client sends to make a POST safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface ValueView {
  id: string;
  indicatorId: string;
  partnerId: string;
  period: string;
  cell: string;
  activityId: string | null;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: (typeof VALUE_STATUSES)[number];
  comment: string;
  returnReason: string | null;
  flagged: boolean;
  flagReason: string | null;
  version: number;
  via: string;
  updatedAt: string;
}

export interface ValuesBatchResult {
  created: number;
  updated: number;
  unchanged: number;
  values: ValueView[];
}
