import {
  type CalendarSettings,
  DEFAULT_CALENDAR,
  localNow,
  periodLabel,
  type FiscalYearStartMonth,
  type ReportingCalendar,
  requirePeriod,
} from '@constellation/shared';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../logger';
import { type CommitmentRow, type PlannedReminder, planReminders } from './plan';

export interface ReminderRunSummary {
  collaborations: number;
  /** Reminders recorded (and notified) by this run. */
  sent: number;
  /** Due reminders another run had already recorded. */
  alreadySent: number;
}

async function loadCalendar(client: PoolClient | Pool, cid: string): Promise<ReportingCalendar> {
  const { rows } = await client.query<{ settings: Partial<CalendarSettings> }>(`SELECT settings FROM reporting_calendars WHERE collaboration_id = $1`, [cid]);
  const s = rows[0]?.settings;
  const { rows: overrides } = await client.query<{ period: string; due: string }>(
    `SELECT period, to_char(due_date, 'YYYY-MM-DD') AS due FROM reporting_due_overrides WHERE collaboration_id = $1`,
    [cid],
  );
  return {
    month: s?.month ?? DEFAULT_CALENDAR.month,
    quarter: s?.quarter ?? DEFAULT_CALENDAR.quarter,
    year: s?.year ?? DEFAULT_CALENDAR.year,
    reminderHour: s?.reminderHour ?? DEFAULT_CALENDAR.reminderHour,
    overrides: Object.fromEntries(overrides.map((o) => [o.period, o.due])),
  };
}

/**
 * Record one reminder and notify the partner's people, in one transaction. The unique key
 * (collaboration, partner, period, kind) and INSERT … ON CONFLICT DO NOTHING RETURNING make the
 * insert the decision: a second run (or another worker) inserts nothing and notifies nobody.
 */
async function sendOne(pool: Pool, cid: string, fy: FiscalYearStartMonth, r: PlannedReminder): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO reminders (collaboration_id, partner_id, periodicity, period, kind, due_date, indicator_ids, indicator_codes)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::text[])
       ON CONFLICT (collaboration_id, partner_id, period, kind) DO NOTHING
       RETURNING id`,
      [cid, r.partnerId, r.periodicity, r.period, r.kind, r.dueDate, r.indicators.map((i) => i.id), r.indicators.map((i) => i.code)],
    );
    const id = inserted.rows[0]?.id;
    if (!id) {
      await client.query('COMMIT');
      return false;
    }
    const label = periodLabel(r.period, fy);
    const codes = r.indicators.map((i) => i.code).join(', ');
    const title =
      r.kind === 'before_due'
        ? `Reports for ${label} are due by ${r.dueDate}`
        : `Reports for ${label} are overdue (due ${r.dueDate})`;
    const body = `Still missing (${r.indicators.length}): ${codes}`;
    const link = `/collaborations/${cid}/report?year=${requirePeriod(r.period, fy).year}`;
    const notified = await client.query<{ id: string }>(
      `INSERT INTO notifications (user_id, collaboration_id, kind, title, body, link)
       SELECT m.user_id, m.collaboration_id, 'reminder', $3, $4, $5
         FROM memberships m
        WHERE m.collaboration_id = $1 AND m.partner_id = $2 AND m.role IN ('partner_admin', 'partner_contributor')
       RETURNING id`,
      [cid, r.partnerId, title.slice(0, 300), body.slice(0, 500), link],
    );
    await client.query(`UPDATE reminders SET notification_ids = $3::uuid[] WHERE collaboration_id = $1 AND id = $2`, [
      cid,
      id,
      notified.rows.map((n) => n.id),
    ]);
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Reminders of one collaboration due at `now`; returns how many were sent and already sent. */
export async function remindCollaboration(pool: Pool, cid: string, now: Date, logger: Logger): Promise<{ sent: number; alreadySent: number }> {
  const { rows: settings } = await pool.query<{ fy: number; tz: string; status: string }>(
    `SELECT av.fiscal_year_start_month AS fy, av.time_zone AS tz, c.status
       FROM collaborations c JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
      WHERE c.id = $1`,
    [cid],
  );
  const s = settings[0];
  if (!s || s.status === 'archived') return { sent: 0, alreadySent: 0 };
  const fy = s.fy as FiscalYearStartMonth;
  const calendar = await loadCalendar(pool, cid);
  const { rows: commitments } = await pool.query<CommitmentRow>(
    `SELECT c.partner_id AS "partnerId", c.indicator_id AS "indicatorId", i.code, i.periodicity,
            c.start_period AS "startPeriod", c.end_period AS "endPeriod"
       FROM commitments c
       JOIN partners p ON p.collaboration_id = c.collaboration_id AND p.id = c.partner_id
       JOIN indicators i ON i.collaboration_id = c.collaboration_id AND i.id = c.indicator_id
      WHERE c.collaboration_id = $1 AND p.status = 'active' AND p.kind = 'partner' AND i.status = 'active'`,
    [cid],
  );
  if (commitments.length === 0) return { sent: 0, alreadySent: 0 };
  const { rows: reported } = await pool.query<{ k: string }>(
    `SELECT DISTINCT partner_id || '|' || indicator_id || '|' || period AS k
       FROM indicator_values WHERE collaboration_id = $1 AND status IN ('submitted', 'approved')
        AND indicator_id = ANY($2::uuid[])`,
    [cid, [...new Set(commitments.map((c) => c.indicatorId))]],
  );
  const { rows: locks } = await pool.query<{ period: string }>(`SELECT period FROM period_locks WHERE collaboration_id = $1`, [cid]);
  const planned = planReminders({
    fy,
    calendar,
    local: localNow(s.tz, now),
    commitments,
    reported: new Set(reported.map((r) => r.k)),
    lockedPeriods: locks.map((l) => l.period),
  });
  let sent = 0;
  let alreadySent = 0;
  for (const r of planned) {
    if (await sendOne(pool, cid, fy, r)) sent++;
    else alreadySent++;
  }
  if (sent > 0) logger.info({ collaborationId: cid, sent, alreadySent }, 'reporting reminders sent');
  return { sent, alreadySent };
}

/** Every (non-archived) collaboration, or the one named. */
export async function runReminders(pool: Pool, logger: Logger, collaborationId?: string, now = new Date()): Promise<ReminderRunSummary> {
  const ids = collaborationId
    ? [collaborationId]
    : (await pool.query<{ id: string }>(`SELECT id FROM collaborations WHERE status <> 'archived' ORDER BY id`)).rows.map((r) => r.id);
  const summary: ReminderRunSummary = { collaborations: ids.length, sent: 0, alreadySent: 0 };
  let failed: Error | undefined;
  for (const id of ids) {
    try {
      const r = await remindCollaboration(pool, id, now, logger);
      summary.sent += r.sent;
      summary.alreadySent += r.alreadySent;
    } catch (err) {
      // One collaboration's failure does not stop the others; the job fails at the end and is
      // retried (what was sent is recorded, so the retry sends only the rest).
      logger.error({ collaborationId: id, err: (err as Error).message }, 'reporting reminders failed');
      failed ??= err as Error;
    }
  }
  if (failed) throw failed;
  return summary;
}
