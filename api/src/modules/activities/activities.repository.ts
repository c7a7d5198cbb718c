import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActivitiesQuery, ActivityNarrativeView, ActivityStatus, ActivitySummary } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface ActivityPartnerRow {
  id: string;
  kind: 'backbone' | 'partner' | 'funder';
  status: string;
  organisationName: string;
}

export interface ActivityFields {
  name: string;
  description: string;
  status: ActivityStatus;
  startDate: string | null;
  endDate: string | null;
  strategyId: string | null;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const SUMMARY_SELECT = `SELECT a.id, a.partner_id AS "partnerId", o.name AS "organisationName", a.name, a.description,
       a.status, a.start_date::text AS "startDate", a.end_date::text AS "endDate", a.strategy_id AS "strategyId",
       COALESCE((SELECT array_agg(ai.indicator_id::text ORDER BY ai.indicator_id) FROM activity_indicators ai
                  WHERE ai.collaboration_id = a.collaboration_id AND ai.activity_id = a.id), '{}') AS "indicatorIds",
       ${ts('a.created_at')} AS "createdAt", ${ts('a.updated_at')} AS "updatedAt"
  FROM activities a
  JOIN partners p ON p.collaboration_id = a.collaboration_id AND p.id = a.partner_id
  JOIN organisations o ON o.id = p.organisation_id`;

/** SQL for activities, their indicators and narrative updates. Every statement is scoped by collaboration_id. */
@Injectable()
export class ActivitiesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  list(m: EntityManager, collaborationId: string, q: ActivitiesQuery): Promise<ActivitySummary[]> {
    return queryRows<ActivitySummary>(
      m,
      `${SUMMARY_SELECT}
        WHERE a.collaboration_id = $1
          AND ($2::uuid IS NULL OR a.partner_id = $2)
          AND ($3::uuid IS NULL OR a.strategy_id = $3)
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM activity_indicators ai
                WHERE ai.collaboration_id = a.collaboration_id AND ai.activity_id = a.id AND ai.indicator_id = $4))
          AND ($5::text IS NULL OR a.status = $5)
        ORDER BY lower(o.name), lower(a.name), a.id`,
      [collaborationId, q.partnerId ?? null, q.strategyId ?? null, q.indicatorId ?? null, q.status ?? null],
    );
  }

  /** One activity, optionally locked FOR UPDATE for a write. */
  async find(m: EntityManager, collaborationId: string, id: string, lock = false): Promise<ActivitySummary | null> {
    if (lock) {
      const locked = await queryOne<{ id: string }>(
        m,
        `SELECT id FROM activities WHERE collaboration_id = $1 AND id = $2 FOR UPDATE`,
        [collaborationId, id],
      );
      if (!locked) return null;
    }
    return queryOne<ActivitySummary>(m, `${SUMMARY_SELECT} WHERE a.collaboration_id = $1 AND a.id = $2`, [
      collaborationId,
      id,
    ]);
  }

  findPartner(m: EntityManager, collaborationId: string, partnerId: string): Promise<ActivityPartnerRow | null> {
    return queryOne<ActivityPartnerRow>(
      m,
      `SELECT p.id, p.kind, p.status, o.name AS "organisationName"
         FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.id = $2`,
      [collaborationId, partnerId],
    );
  }

  strategy(
    m: EntityManager,
    collaborationId: string,
    strategyId: string,
  ): Promise<{ id: string; name: string; goalId: string } | null> {
    return queryOne(
      m,
      `SELECT id, name, goal_id AS "goalId" FROM strategies WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, strategyId],
    );
  }

  /** The indicators of the collaboration among `ids`, in the order of their code. */
  indicators(
    m: EntityManager,
    collaborationId: string,
    ids: string[],
  ): Promise<Array<{ id: string; code: string; name: string; status: string }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows(
      m,
      `SELECT id, code, name, status FROM indicators WHERE collaboration_id = $1 AND id = ANY($2::uuid[]) ORDER BY code, id`,
      [collaborationId, ids],
    );
  }

  updates(m: EntityManager, collaborationId: string, activityId: string): Promise<ActivityNarrativeView[]> {
    return queryRows<ActivityNarrativeView>(
      m,
      `SELECT u.id, u.body, json_build_object('id', us.id, 'name', us.name) AS author, ${ts('u.created_at')} AS "createdAt"
         FROM activity_updates u JOIN users us ON us.id = u.author_id
        WHERE u.collaboration_id = $1 AND u.activity_id = $2
        ORDER BY u.created_at DESC, u.id DESC`,
      [collaborationId, activityId],
    );
  }

  async insert(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
    f: ActivityFields,
    userId: string,
  ): Promise<string> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO activities (collaboration_id, partner_id, name, description, status, start_date, end_date, strategy_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9) RETURNING id`,
      [collaborationId, partnerId, f.name, f.description, f.status, f.startDate, f.endDate, f.strategyId, userId],
    );
    return row!.id;
  }

  async update(m: EntityManager, collaborationId: string, id: string, f: ActivityFields): Promise<void> {
    await execute(
      m,
      `UPDATE activities SET name = $3, description = $4, status = $5, start_date = $6::date, end_date = $7::date,
                             strategy_id = $8, updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, id, f.name, f.description, f.status, f.startDate, f.endDate, f.strategyId],
    );
  }

  async touch(m: EntityManager, collaborationId: string, id: string): Promise<void> {
    await execute(m, `UPDATE activities SET updated_at = now() WHERE collaboration_id = $1 AND id = $2`, [
      collaborationId,
      id,
    ]);
  }

  /** Replace the activity's indicator links. */
  async setIndicators(m: EntityManager, collaborationId: string, id: string, indicatorIds: string[]): Promise<void> {
    await execute(
      m,
      `DELETE FROM activity_indicators WHERE collaboration_id = $1 AND activity_id = $2 AND NOT (indicator_id = ANY($3::uuid[]))`,
      [collaborationId, id, indicatorIds],
    );
    if (indicatorIds.length === 0) return;
    await execute(
      m,
      `INSERT INTO activity_indicators (collaboration_id, activity_id, indicator_id)
       SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [collaborationId, id, indicatorIds],
    );
  }

  async countValues(m: EntityManager, collaborationId: string, id: string): Promise<number> {
    const row = await queryOne<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM indicator_values WHERE collaboration_id = $1 AND activity_id = $2`,
      [collaborationId, id],
    );
    return row?.n ?? 0;
  }

  /** Deletes the activity with (by cascade) its indicator links and narrative updates. */
  async delete(m: EntityManager, collaborationId: string, id: string): Promise<void> {
    await execute(m, `DELETE FROM activities WHERE collaboration_id = $1 AND id = $2`, [collaborationId, id]);
  }

  async insertUpdate(
    m: EntityManager,
    collaborationId: string,
    activityId: string,
    authorId: string,
    body: string,
  ): Promise<string> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO activity_updates (collaboration_id, activity_id, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id`,
      [collaborationId, activityId, authorId, body],
    );
    return row!.id;
  }

  /** Strategies in agenda order (goal position, then strategy position). */
  matrixStrategies(
    m: EntityManager,
    collaborationId: string,
  ): Promise<Array<{ id: string; name: string; goalId: string; goalTitle: string }>> {
    return queryRows(
      m,
      `SELECT s.id, s.name, s.goal_id AS "goalId", g.title AS "goalTitle"
         FROM strategies s JOIN goals g ON g.collaboration_id = s.collaboration_id AND g.id = s.goal_id
        WHERE s.collaboration_id = $1
        ORDER BY g.position, g.id, s.position, s.id`,
      [collaborationId],
    );
  }

  /** Active partner organisations, and the backbone when it runs activities itself. */
  matrixPartners(m: EntityManager, collaborationId: string): Promise<Array<{ partnerId: string; organisationName: string }>> {
    return queryRows(
      m,
      `SELECT p.id AS "partnerId", o.name AS "organisationName"
         FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.status = 'active'
          AND (p.kind = 'partner'
               OR (p.kind = 'backbone' AND EXISTS (SELECT 1 FROM activities a WHERE a.collaboration_id = p.collaboration_id AND a.partner_id = p.id)))
        ORDER BY (p.kind = 'backbone'), lower(o.name), p.id`,
      [collaborationId],
    );
  }

  matrixActivities(
    m: EntityManager,
    collaborationId: string,
  ): Promise<Array<{ id: string; name: string; status: ActivityStatus; partnerId: string; strategyId: string | null }>> {
    return queryRows(
      m,
      `SELECT id, name, status, partner_id AS "partnerId", strategy_id AS "strategyId"
         FROM activities WHERE collaboration_id = $1 ORDER BY lower(name), id`,
      [collaborationId],
    );
  }
}
