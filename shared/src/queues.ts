import { z } from 'zod';

/** Queue names and their job payloads: the typed job registry shared by api and worker. */
export const QUEUES = {
  email: 'email',
  rollups: 'rollups',
  imports: 'imports',
  reminders: 'reminders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const emailJobSchema = z.strictObject({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string().min(1),
  html: z.string().optional(),
  /** What kind of email (for logs and metrics), e.g. "invitation", "password_reset". */
  kind: z.string().min(1).max(60),
  /** RFC 8058 one-click unsubscribe headers of notification emails (no other header may be set). */
  headers: z
    .strictObject({
      'List-Unsubscribe': z.string().regex(/^<https?:\/\/[^\s<>]+>$/).max(2000),
      'List-Unsubscribe-Post': z.literal('List-Unsubscribe=One-Click'),
    })
    .optional(),
  /**
   * The notifications this email delivers (one for an immediate email, many for a daily digest):
   * the email job marks them 'sent', or 'failed' once its retries are spent.
   */
  notificationIds: z.array(z.uuid()).min(1).max(1000).optional(),
});
export type EmailJob = z.infer<typeof emailJobSchema>;

/**
 * Send the daily digests that are due (worker/src/digest): enqueued by the worker's job scheduler
 * every DIGEST_INTERVAL_MINUTES. `at` (an ISO instant) replaces "now" (tests and manual runs).
 */
export const digestJobSchema = z.strictObject({
  at: z.iso.datetime().optional(),
});
export type DigestJob = z.infer<typeof digestJobSchema>;

const uuid = z.uuid();

/**
 * Recompute one indicator's rollups for a native period and its parent periods (quarter, year).
 * Enqueued by the outbox relay for 'values_changed' rows; deduplicated per (collaboration,
 * indicator, period) so bursts collapse.
 */
export const rollupPeriodJobSchema = z.strictObject({
  collaborationId: uuid,
  indicatorId: uuid,
  /** A native period key of the indicator, e.g. '2026-03' or 'FY2025-Q1'. */
  period: z.string().min(4).max(10),
});
export type RollupPeriodJob = z.infer<typeof rollupPeriodJobSchema>;

/** Rebuild every rollup of one indicator (after a definition change), or of a whole collaboration. */
export const rollupRebuildJobSchema = z.strictObject({
  collaborationId: uuid,
  indicatorId: uuid.optional(),
});
export type RollupRebuildJob = z.infer<typeof rollupRebuildJobSchema>;

/**
 * Scheduled reconciliation (worker/src/reconcile): rebuild into a scratch table and compare with
 * the live rollups, for one collaboration or (without an id: what the job scheduler enqueues) all.
 */
export const rollupReconcileJobSchema = z.strictObject({
  collaborationId: uuid.optional(),
});
export type RollupReconcileJob = z.infer<typeof rollupReconcileJobSchema>;

/** Redis pub/sub channel the worker publishes to after rollups change (the api forwards it over SSE). */
export const ROLLUP_UPDATED_CHANNEL = 'rollup-updated';
export interface RollupUpdatedMessage {
  collaborationId: string;
  indicatorId: string;
  /** The rollup periods recomputed, or ['*'] after a full rebuild of the indicator. */
  periods: string[];
  computedAt: string;
}

/**
 * Redis pub/sub channel the api publishes to after values were written, submitted, reviewed or
 * deleted (committed), so open pages refresh what does not wait for the worker (values awaiting
 * review, reports received). Nothing partner-level: every member may receive it.
 */
export const VALUES_CHANGED_CHANNEL = 'values-changed';
export interface ValuesChangedMessage {
  collaborationId: string;
  at: string;
}

/**
 * Validate (preview) or commit a large value import whose file is already in its staging table.
 * `audit` carries the request's context for the audit event the commit writes.
 */
export const importJobSchema = z.strictObject({
  collaborationId: uuid,
  importId: uuid,
  userId: uuid,
  audit: z.strictObject({ ip: z.string().nullable(), userAgent: z.string().nullable(), requestId: z.string().nullable() }),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/**
 * Send the reporting reminders that are due (worker/src/reminders): for every collaboration (what
 * the job scheduler enqueues) or the one named. Safe to run twice or in parallel: each reminder
 * is recorded once (reminders' unique key) and only the recording transaction notifies.
 */
export const reminderRunJobSchema = z.strictObject({
  collaborationId: uuid.optional(),
});
export type ReminderRunJob = z.infer<typeof reminderRunJobSchema>;

/** job name -> payload schema, per queue. The worker refuses to start if one has no handler. */
export const JOBS = {
  [QUEUES.email]: { send: emailJobSchema, digest: digestJobSchema },
  [QUEUES.rollups]: { period: rollupPeriodJobSchema, rebuild: rollupRebuildJobSchema, reconcile: rollupReconcileJobSchema },
  [QUEUES.imports]: { validate: importJobSchema, commit: importJobSchema },
  [QUEUES.reminders]: { run: reminderRunJobSchema },
} as const;
export type JobRegistry = typeof JOBS;
