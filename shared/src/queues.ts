import { z } from 'zod';

/** Queue names and their job payloads: the typed job registry shared by api and worker. */
export const QUEUES = {
  email: 'email',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const emailJobSchema = z.strictObject({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string().min(1),
  html: z.string().optional(),
  /** What kind of email (for logs and metrics), e.g. "invitation", "password_reset". */
  kind: z.string().min(1).max(60),
});
export type EmailJob = z.infer<typeof emailJobSchema>;

/** job name -> payload schema, per queue. The worker refuses to start if one has no handler. */
export const JOBS = {
  [QUEUES.email]: { send: emailJobSchema },
} as const;
export type JobRegistry = typeof JOBS;
