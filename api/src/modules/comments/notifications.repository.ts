import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_DIGEST_HOUR, type EmailMode, type NotificationKind, type NotificationView } from '@constellation/shared';

export type { NotificationView };
import type { DataSource, EntityManager } from 'typeorm';
import { EFFECTIVE_TIME_ZONE_SQL } from '../../database/effective-time-zone';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface NotificationWrite {
  userId: string;
  collaborationId: string;
  kind: NotificationKind;
  actorId: string | null;
  title: string;
  body: string;
  link: string;
}


const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** Only notifications from collaborations the person is still a member of are shown. */
const STILL_MEMBER = `EXISTS (SELECT 1 FROM memberships mm WHERE mm.collaboration_id = n.collaboration_id AND mm.user_id = n.user_id)`;

/** SQL for a person's in-app notifications. Every statement is scoped by user_id. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  async insert(m: EntityManager, rows: NotificationWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO notifications (user_id, collaboration_id, kind, actor_id, title, body, link)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[])`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.collaborationId),
        rows.map((r) => r.kind),
        rows.map((r) => r.actorId),
        rows.map((r) => r.title.slice(0, 300)),
        rows.map((r) => r.body.slice(0, 500)),
        rows.map((r) => r.link),
      ],
    );
  }

  list(m: EntityManager, userId: string, unreadOnly: boolean, limit: number): Promise<NotificationView[]> {
    return queryRows<NotificationView>(
      m,
      `SELECT n.id, n.kind, n.collaboration_id AS "collaborationId", c.name AS "collaborationName",
              CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'name', a.name) END AS actor,
              n.title, n.body, n.link, ${ts('n.created_at')} AS "createdAt",
              CASE WHEN n.read_at IS NULL THEN NULL ELSE ${ts('n.read_at')} END AS "readAt",
              n.email_state AS email
         FROM notifications n JOIN collaborations c ON c.id = n.collaboration_id
         LEFT JOIN users a ON a.id = n.actor_id
        WHERE n.user_id = $1 AND ($2 = false OR n.read_at IS NULL) AND ${STILL_MEMBER}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $3`,
      [userId, unreadOnly, limit],
    );
  }

  async unreadCount(m: EntityManager, userId: string): Promise<number> {
    const row = await queryOne<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM notifications n WHERE n.user_id = $1 AND n.read_at IS NULL AND ${STILL_MEMBER}`,
      [userId],
    );
    return row?.n ?? 0;
  }

  /** Marks the person's own notifications read (ids of anyone else's are ignored); how many changed. */
  markRead(m: EntityManager, userId: string, ids: string[] | 'all'): Promise<number> {
    return execute(
      m,
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [userId, ids === 'all' ? null : ids],
    );
  }

  /** The kinds the person set (kinds without a row are emailed immediately). */
  preferences(m: EntityManager, userId: string): Promise<{ kind: NotificationKind; email: EmailMode }[]> {
    return queryRows(m, `SELECT kind, email FROM notification_preferences WHERE user_id = $1`, [userId]);
  }

  /** The person's digest time zone (own choice, and the effective one) and hour. */
  async digestSettings(m: EntityManager, userId: string): Promise<{ timeZone: string | null; effectiveTimeZone: string; digestHour: number }> {
    const row = await queryOne<{ timeZone: string | null; effectiveTimeZone: string; digestHour: number }>(
      m,
      `SELECT u.time_zone AS "timeZone", ${EFFECTIVE_TIME_ZONE_SQL} AS "effectiveTimeZone", u.digest_hour::int AS "digestHour"
         FROM users u WHERE u.id = $1`,
      [userId],
    );
    return row ?? { timeZone: null, effectiveTimeZone: 'UTC', digestHour: DEFAULT_DIGEST_HOUR };
  }

  /** Sets what is given (undefined: unchanged; timeZone null: back to the default). */
  async setDigestSettings(m: EntityManager, userId: string, s: { timeZone?: string | null; digestHour?: number }): Promise<void> {
    await m.query(
      `UPDATE users SET time_zone = CASE WHEN $2 THEN $3::text ELSE time_zone END,
                        digest_hour = COALESCE($4::smallint, digest_hour), updated_at = now()
        WHERE id = $1`,
      [userId, s.timeZone !== undefined, s.timeZone ?? null, s.digestHour ?? null],
    );
  }

  async setPreference(m: EntityManager, userId: string, kind: NotificationKind, email: EmailMode): Promise<void> {
    await m.query(
      `INSERT INTO notification_preferences (user_id, kind, email) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [userId, kind, email],
    );
  }
}
