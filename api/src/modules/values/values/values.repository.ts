import { Injectable } from '@nestjs/common';
import type { ValueStatus } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../collaborations/common/sql';

/** A stored value as the service works with it (numbers as PostgreSQL prints numeric). */
export interface ValueRow {
  id: string;
  indicatorId: string;
  partnerId: string;
  period: string;
  cell: string;
  activityId: string | null;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: ValueStatus;
  comment: string;
  returnReason: string | null;
  flagged: boolean;
  flagReason: string | null;
  version: number;
  via: string;
  updatedAt: Date;
}

export const VALUE_COLUMNS = `v.id, v.indicator_id AS "indicatorId", v.partner_id AS "partnerId", v.period, v.cell,
  v.activity_id AS "activityId", v.value::text AS value, v.numerator::text AS numerator, v.denominator::text AS denominator,
  v.status, v.comment, v.return_reason AS "returnReason", v.flagged, v.flag_reason AS "flagReason", v.version, v.via,
  v.updated_at AS "updatedAt"`;

export interface IndicatorRow {
  id: string;
  code: string;
  valueType: 'count' | 'amount' | 'percentage' | 'ratio';
  periodicity: 'month' | 'quarter' | 'year';
  aggregationAcross: 'sum' | 'average' | 'min' | 'max' | 'ratio';
  status: 'active' | 'retired';
  minValue: string | null;
  maxValue: string | null;
}

export interface IndicatorDimensionRow {
  indicatorId: string;
  key: string;
  categories: string[];
}

export interface CommitmentRow {
  partnerId: string;
  indicatorId: string;
  startPeriod: string;
  endPeriod: string | null;
}

export interface ActivityRow {
  id: string;
  partnerId: string;
  indicatorIds: string[];
}

/** A row to write: identity, numbers as canonical decimal strings, and the new state. */
export interface ValueWrite {
  indicatorId: string;
  partnerId: string;
  period: string;
  cell: string;
  activityId: string | null;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: ValueStatus;
  comment: string;
  returnReason: string | null;
  flagged: boolean;
  flagReason: string | null;
}

export interface RevisionWrite {
  valueId: string;
  version: number;
  action: 'create' | 'update' | 'submit' | 'approve' | 'return' | 'delete';
  before: object | null;
  after: object | null;
  reason: string | null;
}

export interface OutboxWrite {
  indicatorId: string;
  period: string;
  partnerIds: string[];
}

const NIL_UUID = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** The only place with SQL for values, their revisions and the outbox. Set-based throughout. */
@Injectable()
export class ValuesRepository {
  indicators(m: EntityManager, collaborationId: string, ids: string[]): Promise<IndicatorRow[]> {
    return queryRows<IndicatorRow>(
      m,
      `SELECT id, code, value_type AS "valueType", periodicity, aggregation_across AS "aggregationAcross", status,
              min_value::text AS "minValue", max_value::text AS "maxValue"
         FROM indicators WHERE collaboration_id = $1 AND id = ANY($2::uuid[])`,
      [collaborationId, ids],
    );
  }

  /** Each indicator's dimensions in order, with their category keys in order. */
  dimensions(m: EntityManager, collaborationId: string, indicatorIds: string[]): Promise<IndicatorDimensionRow[]> {
    return queryRows<IndicatorDimensionRow>(
      m,
      `SELECT idim.indicator_id AS "indicatorId", d.key,
              coalesce(array_agg(c.key ORDER BY c.position, c.key) FILTER (WHERE c.key IS NOT NULL), '{}') AS categories
         FROM indicator_dimensions idim
         JOIN dimensions d ON d.collaboration_id = idim.collaboration_id AND d.id = idim.dimension_id
         LEFT JOIN dimension_categories c ON c.collaboration_id = d.collaboration_id AND c.dimension_id = d.id
        WHERE idim.collaboration_id = $1 AND idim.indicator_id = ANY($2::uuid[])
        GROUP BY idim.indicator_id, d.key, idim.position
        ORDER BY idim.indicator_id, idim.position, d.key`,
      [collaborationId, indicatorIds],
    );
  }

  commitments(m: EntityManager, collaborationId: string, partnerIds: string[], indicatorIds: string[]): Promise<CommitmentRow[]> {
    return queryRows<CommitmentRow>(
      m,
      `SELECT partner_id AS "partnerId", indicator_id AS "indicatorId", start_period AS "startPeriod", end_period AS "endPeriod"
         FROM commitments
        WHERE collaboration_id = $1 AND partner_id = ANY($2::uuid[]) AND indicator_id = ANY($3::uuid[])`,
      [collaborationId, partnerIds, indicatorIds],
    );
  }

  activities(m: EntityManager, collaborationId: string, ids: string[]): Promise<ActivityRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<ActivityRow>(
      m,
      `SELECT a.id, a.partner_id AS "partnerId",
              coalesce(array_agg(ai.indicator_id) FILTER (WHERE ai.indicator_id IS NOT NULL), '{}')::text[] AS "indicatorIds"
         FROM activities a
         LEFT JOIN activity_indicators ai ON ai.collaboration_id = a.collaboration_id AND ai.activity_id = a.id
        WHERE a.collaboration_id = $1 AND a.id = ANY($2::uuid[])
        GROUP BY a.id, a.partner_id`,
      [collaborationId, ids],
    );
  }

  /**
   * Every stored value in the (indicator, partner, period, activity) groups a batch touches,
   * locked for the transaction: the rows it revises and the cells a total must agree with.
   */
  groupsForUpdate(
    m: EntityManager,
    collaborationId: string,
    groups: Array<{ indicatorId: string; partnerId: string; period: string; activityId: string | null }>,
  ): Promise<ValueRow[]> {
    if (groups.length === 0) return Promise.resolve([]);
    return queryRows<ValueRow>(
      m,
      `SELECT ${VALUE_COLUMNS}
         FROM indicator_values v
         JOIN (SELECT DISTINCT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[]) AS k(indicator_id, partner_id, period, activity_id)) k
           ON v.indicator_id = k.indicator_id AND v.partner_id = k.partner_id AND v.period = k.period
          AND COALESCE(v.activity_id, ${NIL_UUID}) = COALESCE(k.activity_id, ${NIL_UUID})
        WHERE v.collaboration_id = $1
        FOR UPDATE OF v`,
      [
        collaborationId,
        groups.map((g) => g.indicatorId),
        groups.map((g) => g.partnerId),
        groups.map((g) => g.period),
        groups.map((g) => g.activityId),
      ],
    );
  }

  /**
   * The last 12 counting values of each (partner, indicator, cell), excluding the periods being
   * written: the partner's own history an outlier is judged against.
   */
  history(
    m: EntityManager,
    collaborationId: string,
    keys: Array<{ indicatorId: string; partnerId: string; cell: string; period: string }>,
    countingStatuses: string[],
  ): Promise<Array<{ indicatorId: string; partnerId: string; cell: string; period: string; value: string | null; numerator: string | null; denominator: string | null }>> {
    if (keys.length === 0) return Promise.resolve([]);
    return queryRows(
      m,
      `WITH k AS (SELECT DISTINCT * FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS k(indicator_id, partner_id, cell)),
            ranked AS (
              SELECT v.indicator_id, v.partner_id, v.cell, v.period, v.value, v.numerator, v.denominator,
                     row_number() OVER (PARTITION BY v.indicator_id, v.partner_id, v.cell ORDER BY v.period DESC) AS n
                FROM indicator_values v
                JOIN k ON k.indicator_id = v.indicator_id AND k.partner_id = v.partner_id AND k.cell = v.cell
               WHERE v.collaboration_id = $1 AND v.status = ANY($5::text[]) AND NOT (v.period = ANY($6::text[])))
       SELECT indicator_id AS "indicatorId", partner_id AS "partnerId", cell, period,
              value::text AS value, numerator::text AS numerator, denominator::text AS denominator
         FROM ranked WHERE n <= 12`,
      [
        collaborationId,
        keys.map((k) => k.indicatorId),
        keys.map((k) => k.partnerId),
        keys.map((k) => k.cell),
        countingStatuses,
        [...new Set(keys.map((k) => k.period))],
      ],
    );
  }

  /** One INSERT … ON CONFLICT for the whole batch; a revision bumps the version. */
  async upsert(m: EntityManager, collaborationId: string, rows: ValueWrite[], userId: string | null, via: string): Promise<Array<ValueRow & { inserted: boolean }>> {
    if (rows.length === 0) return [];
    const col = <K extends keyof ValueWrite>(k: K) => rows.map((r) => r[k]);
    return queryRows(
      m,
      `WITH r AS (
         SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::numeric[], $8::numeric[],
                              $9::numeric[], $10::text[], $11::text[], $12::text[], $13::boolean[], $14::text[])
           AS r(indicator_id, partner_id, period, cell, activity_id, value, numerator, denominator, status, comment,
                return_reason, flagged, flag_reason)),
       w AS (
         INSERT INTO indicator_values AS v (collaboration_id, indicator_id, partner_id, period, cell, activity_id, value,
                                            numerator, denominator, status, comment, return_reason, flagged, flag_reason,
                                            created_by, updated_by, via, submitted_at)
         SELECT $1, indicator_id, partner_id, period, cell, activity_id, value, numerator, denominator, status, comment,
                return_reason, flagged, flag_reason, $15::uuid, $15::uuid, $16, CASE WHEN status = 'submitted' THEN now() END
           FROM r
         ON CONFLICT (collaboration_id, indicator_id, partner_id, period, cell, (COALESCE(activity_id, ${NIL_UUID})))
         DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
                       status = EXCLUDED.status, comment = EXCLUDED.comment, return_reason = EXCLUDED.return_reason,
                       flagged = EXCLUDED.flagged, flag_reason = EXCLUDED.flag_reason, updated_by = EXCLUDED.updated_by,
                       via = EXCLUDED.via, version = v.version + 1, updated_at = now(),
                       submitted_at = CASE WHEN EXCLUDED.status = 'submitted' THEN now() ELSE v.submitted_at END
         RETURNING v.*, (xmax = 0) AS inserted)
       SELECT ${VALUE_COLUMNS}, v.inserted FROM w v`,
      [
        collaborationId,
        col('indicatorId'),
        col('partnerId'),
        col('period'),
        col('cell'),
        col('activityId'),
        col('value'),
        col('numerator'),
        col('denominator'),
        col('status'),
        col('comment'),
        col('returnReason'),
        col('flagged'),
        col('flagReason'),
        userId,
        via,
      ],
    );
  }

  async insertRevisions(m: EntityManager, collaborationId: string, revisions: RevisionWrite[], actorId: string | null, via: string): Promise<void> {
    if (revisions.length === 0) return;
    await m.query(
      `INSERT INTO value_revisions (collaboration_id, value_id, version, action, before, after, reason, actor_id, via)
       SELECT $1, value_id, version, action, before, after, reason, $8::uuid, $9
         FROM unnest($2::uuid[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[])
           AS r(value_id, version, action, before, after, reason)`,
      [
        collaborationId,
        revisions.map((r) => r.valueId),
        revisions.map((r) => r.version),
        revisions.map((r) => r.action),
        revisions.map((r) => (r.before ? JSON.stringify(r.before) : null)),
        revisions.map((r) => (r.after ? JSON.stringify(r.after) : null)),
        revisions.map((r) => r.reason),
        actorId,
        via,
      ],
    );
  }

  async insertOutbox(m: EntityManager, collaborationId: string, rows: OutboxWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, period, payload)
       SELECT $1, 'values_changed', indicator_id, period, payload
         FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) AS r(indicator_id, period, payload)`,
      [
        collaborationId,
        rows.map((r) => r.indicatorId),
        rows.map((r) => r.period),
        rows.map((r) => JSON.stringify({ partnerIds: r.partnerIds })),
      ],
    );
  }

  /** These values, locked for the transaction; with `partnerId`, only that partner's (others are neither read nor locked). */
  byIdsForUpdate(m: EntityManager, collaborationId: string, ids: string[], partnerId?: string): Promise<ValueRow[]> {
    return queryRows<ValueRow>(
      m,
      `SELECT ${VALUE_COLUMNS} FROM indicator_values v
        WHERE v.collaboration_id = $1 AND v.id = ANY($2::uuid[]) AND ($3::uuid IS NULL OR v.partner_id = $3)
        FOR UPDATE OF v`,
      [collaborationId, ids, partnerId ?? null],
    );
  }

  /** Set a new status on many values at once (submit, approve, return); bumps versions. */
  setStatus(
    m: EntityManager,
    collaborationId: string,
    ids: string[],
    change: { status: 'submitted' | 'approved' | 'returned'; returnReason: string | null; userId: string | null; via: string },
  ): Promise<ValueRow[]> {
    return queryRows<ValueRow>(
      m,
      `UPDATE indicator_values v
          SET status = $3, return_reason = $4, version = v.version + 1, updated_at = now(),
              submitted_at = CASE WHEN $3 = 'submitted' THEN now() ELSE v.submitted_at END,
              reviewed_at = CASE WHEN $3 IN ('approved', 'returned') THEN now() ELSE v.reviewed_at END,
              reviewed_by = CASE WHEN $3 IN ('approved', 'returned') THEN $5::uuid ELSE v.reviewed_by END,
              updated_by = CASE WHEN $3 = 'submitted' THEN $5::uuid ELSE v.updated_by END,
              via = CASE WHEN $3 = 'submitted' THEN $6 ELSE v.via END
        WHERE v.collaboration_id = $1 AND v.id = ANY($2::uuid[])
        RETURNING ${VALUE_COLUMNS}`,
      [collaborationId, ids, change.status, change.returnReason, change.userId, change.via],
    );
  }

  async delete(m: EntityManager, collaborationId: string, id: string): Promise<void> {
    await m.query(`DELETE FROM indicator_values WHERE collaboration_id = $1 AND id = $2`, [collaborationId, id]);
  }

  list(
    m: EntityManager,
    collaborationId: string,
    filter: { partnerId?: string; indicatorId?: string; activityId?: string; status?: string; periods?: string[]; limit: number; offset: number },
  ): Promise<ValueRow[]> {
    return queryRows<ValueRow>(
      m,
      `SELECT ${VALUE_COLUMNS} FROM indicator_values v
        WHERE v.collaboration_id = $1
          AND ($2::uuid IS NULL OR v.partner_id = $2)
          AND ($3::uuid IS NULL OR v.indicator_id = $3)
          AND ($4::text IS NULL OR v.status = $4)
          AND ($5::text[] IS NULL OR v.period = ANY($5::text[]))
          AND ($8::uuid IS NULL OR v.activity_id = $8)
        ORDER BY v.indicator_id, v.partner_id, v.period, v.cell, v.activity_id NULLS FIRST
        LIMIT $6 OFFSET $7`,
      [
        collaborationId,
        filter.partnerId ?? null,
        filter.indicatorId ?? null,
        filter.status ?? null,
        filter.periods ?? null,
        filter.limit,
        filter.offset,
        filter.activityId ?? null,
      ],
    );
  }

  /** The partner a value belongs (or, once deleted, belonged) to; null when the id is unknown here. */
  async ownerOf(m: EntityManager, collaborationId: string, valueId: string): Promise<string | null> {
    const rows = await queryRows<{ partnerId: string | null }>(
      m,
      `SELECT partner_id::text AS "partnerId" FROM indicator_values WHERE collaboration_id = $1 AND id = $2
       UNION ALL
       (SELECT coalesce(after->>'partnerId', before->>'partnerId') FROM value_revisions
         WHERE collaboration_id = $1 AND value_id = $2 ORDER BY id DESC LIMIT 1)`,
      [collaborationId, valueId],
    );
    return rows.find((r) => r.partnerId)?.partnerId ?? null;
  }

  revisions(m: EntityManager, collaborationId: string, valueId: string) {
    return queryRows<{
      version: number;
      action: string;
      before: object | null;
      after: object | null;
      reason: string | null;
      via: string;
      createdAt: Date;
      actor: { id: string; name: string } | null;
    }>(
      m,
      `SELECT r.version, r.action, r.before, r.after, r.reason, r.via, r.created_at AS "createdAt",
              CASE WHEN u.id IS NOT NULL THEN json_build_object('id', u.id, 'name', u.name) END AS actor
         FROM value_revisions r LEFT JOIN users u ON u.id = r.actor_id
        WHERE r.collaboration_id = $1 AND r.value_id = $2
        ORDER BY r.id`,
      [collaborationId, valueId],
    );
  }

  reviewQueue(m: EntityManager, collaborationId: string) {
    return queryRows<{ partnerId: string; organisationName: string; period: string; count: number; flagged: number; valueIds: string[] }>(
      m,
      `SELECT v.partner_id AS "partnerId", o.name AS "organisationName", v.period, count(*)::int AS count,
              count(*) FILTER (WHERE v.flagged)::int AS flagged, array_agg(v.id ORDER BY v.indicator_id, v.cell)::text[] AS "valueIds"
         FROM indicator_values v
         JOIN partners p ON p.collaboration_id = v.collaboration_id AND p.id = v.partner_id
         JOIN organisations o ON o.id = p.organisation_id
        WHERE v.collaboration_id = $1 AND v.status = 'submitted'
        GROUP BY v.partner_id, o.name, v.period
        ORDER BY lower(o.name), v.partner_id, v.period`,
      [collaborationId],
    );
  }

  /**
   * For each value of one partner and period waiting for review, the same partner's value for the
   * same indicator, cell and activity in the latest earlier period that was reported (submitted or
   * approved), so a reviewer sees the number beside the one it follows. Periods of one indicator
   * share its periodicity, so their keys sort in time order.
   */
  previousOfSubmitted(m: EntityManager, collaborationId: string, partnerId: string, period: string) {
    return queryRows<{ valueId: string; period: string; value: string | null; numerator: string | null; denominator: string | null; status: string }>(
      m,
      `SELECT v.id AS "valueId", p.period, p.value::text AS value, p.numerator::text AS numerator, p.denominator::text AS denominator, p.status
         FROM indicator_values v
         CROSS JOIN LATERAL (
           SELECT w.period, w.value, w.numerator, w.denominator, w.status
             FROM indicator_values w
            WHERE w.collaboration_id = v.collaboration_id AND w.indicator_id = v.indicator_id AND w.partner_id = v.partner_id
              AND w.period < v.period AND w.cell = v.cell
              AND COALESCE(w.activity_id, ${NIL_UUID}) = COALESCE(v.activity_id, ${NIL_UUID})
              AND w.status IN ('submitted', 'approved')
            ORDER BY w.period DESC LIMIT 1) p
        WHERE v.collaboration_id = $1 AND v.partner_id = $2 AND v.period = $3 AND v.status = 'submitted'`,
      [collaborationId, partnerId, period],
    );
  }
}
