import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarSettings, ReminderView } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';
import { loadCalendar } from '../reporting/calendar.sql';

/** SQL of the reporting calendar and the reminders sent. Every statement is scoped by collaboration_id. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  calendar(m: EntityManager, collaborationId: string) {
    return loadCalendar(m, collaborationId);
  }

  settings(m: EntityManager, collaborationId: string) {
    return queryOne<{ fiscalYearStartMonth: number; timeZone: string }>(
      m,
      `SELECT av.fiscal_year_start_month AS "fiscalYearStartMonth", av.time_zone AS "timeZone"
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
  }

  async saveSettings(m: EntityManager, collaborationId: string, settings: CalendarSettings, userId: string): Promise<void> {
    await m.query(
      `INSERT INTO reporting_calendars (collaboration_id, settings, updated_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (collaboration_id) DO UPDATE SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [collaborationId, JSON.stringify(settings), userId],
    );
  }

  async setOverride(m: EntityManager, collaborationId: string, period: string, dueDate: string, userId: string): Promise<void> {
    await m.query(
      `INSERT INTO reporting_due_overrides (collaboration_id, period, due_date, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (collaboration_id, period) DO UPDATE SET due_date = EXCLUDED.due_date, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [collaborationId, period, dueDate, userId],
    );
  }

  deleteOverride(m: EntityManager, collaborationId: string, period: string): Promise<number> {
    return execute(m, `DELETE FROM reporting_due_overrides WHERE collaboration_id = $1 AND period = $2`, [collaborationId, period]);
  }

  partnerExists(m: EntityManager, collaborationId: string, partnerId: string) {
    return queryOne<{ id: string }>(m, `SELECT id FROM partners WHERE collaboration_id = $1 AND id = $2 AND kind = 'partner'`, [collaborationId, partnerId]);
  }

  /** Reminders sent, newest first, with the missing indicators and each recipient's email state. */
  reminders(m: EntityManager, collaborationId: string, partnerId: string | null, limit: number): Promise<Omit<ReminderView, 'periodLabel'>[]> {
    return queryRows(
      m,
      `SELECT r.id, json_build_object('id', p.id, 'organisationName', o.name) AS partner,
              r.periodicity, r.period, r.kind, to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate",
              COALESCE((SELECT json_agg(json_build_object('code', i.code, 'name', i.name) ORDER BY i.code)
                          FROM indicators i WHERE i.collaboration_id = r.collaboration_id AND i.id = ANY(r.indicator_ids)), '[]') AS missing,
              to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "sentAt",
              COALESCE((SELECT json_agg(json_build_object('userId', u.id, 'name', u.name, 'email', u.email,
                                                          'emailState', n.email_state, 'emailError', n.email_error) ORDER BY u.name)
                          FROM notifications n JOIN users u ON u.id = n.user_id
                         WHERE n.id = ANY(r.notification_ids) AND n.collaboration_id = r.collaboration_id), '[]') AS recipients
         FROM reminders r
         JOIN partners p ON p.collaboration_id = r.collaboration_id AND p.id = r.partner_id
         JOIN organisations o ON o.id = p.organisation_id
        WHERE r.collaboration_id = $1 AND ($2::uuid IS NULL OR r.partner_id = $2)
        ORDER BY r.sent_at DESC, o.name, r.period
        LIMIT $3`,
      [collaborationId, partnerId, limit],
    );
  }
}
