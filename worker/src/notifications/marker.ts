import type { Pool } from 'pg';

/** Writes the outcome of an email job onto the notifications it delivers (email_state etc.). */
export interface NotificationMarker {
  sent(ids: string[]): Promise<void>;
  /** One attempt failed; `final` once its retries are spent (or the failure is permanent). */
  attemptFailed(ids: string[], error: string, final: boolean): Promise<void>;
}

export function createNotificationMarker(pool: Pool): NotificationMarker {
  return {
    async sent(ids) {
      await pool.query(
        `UPDATE notifications SET email_state = 'sent', emailed_at = now(), email_attempts = email_attempts + 1, email_error = NULL
          WHERE id = ANY($1::uuid[])`,
        [ids],
      );
    },
    async attemptFailed(ids, error, final) {
      await pool.query(
        `UPDATE notifications
            SET email_attempts = email_attempts + 1, email_error = left($2, 1000),
                email_state = CASE WHEN $3 THEN 'failed' ELSE email_state END
          WHERE id = ANY($1::uuid[]) AND email_state <> 'sent'`,
        [ids, error, final],
      );
    },
  };
}
