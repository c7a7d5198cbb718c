import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommitmentView, Granularity } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface PartnerRow {
  id: string;
  kind: 'backbone' | 'partner' | 'funder';
  status: string;
  organisationName: string;
}

export interface IndicatorRow {
  id: string;
  code: string;
  name: string;
  periodicity: Granularity;
  status: 'active' | 'retired';
}

export interface CommitmentRow {
  indicatorId: string;
  startPeriod: string;
  endPeriod: string | null;
}

/** A commitment with its indicator's periodicity (what the expansion of expected reports needs). */
export interface CommitmentSpanRow extends CommitmentRow {
  periodicity: Granularity;
}

const VIEW_COLUMNS = `c.partner_id AS "partnerId", o.name AS "organisationName", c.indicator_id AS "indicatorId",
  i.code AS "indicatorCode", i.name AS "indicatorName", i.periodicity, c.start_period AS "startPeriod",
  c.end_period AS "endPeriod", to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;
const VIEW_FROM = `commitments c
  JOIN partners p ON p.collaboration_id = c.collaboration_id AND p.id = c.partner_id
  JOIN organisations o ON o.id = p.organisation_id
  JOIN indicators i ON i.collaboration_id = c.collaboration_id AND i.id = c.indicator_id`;

/** SQL for partner commitments. Every statement is scoped by collaboration_id. */
@Injectable()
export class CommitmentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** The fiscal-year start month of the collaboration's current agenda version. */
  async fiscalYearStartMonth(m: EntityManager, collaborationId: string): Promise<number | null> {
    const row = await queryOne<{ month: number }>(
      m,
      `SELECT a.fiscal_year_start_month AS month
         FROM collaborations c
         JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
    return row?.month ?? null;
  }

  /** The partner, optionally locked FOR UPDATE (serialises replacements of its set). */
  findPartner(m: EntityManager, collaborationId: string, partnerId: string, lock = false): Promise<PartnerRow | null> {
    return queryOne<PartnerRow>(
      m,
      `SELECT p.id, p.kind, p.status, o.name AS "organisationName"
         FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.id = $2 ${lock ? 'FOR UPDATE OF p' : ''}`,
      [collaborationId, partnerId],
    );
  }

  indicators(m: EntityManager, collaborationId: string, ids: string[]): Promise<IndicatorRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<IndicatorRow>(
      m,
      `SELECT id, code, name, periodicity, status FROM indicators WHERE collaboration_id = $1 AND id = ANY($2::uuid[])`,
      [collaborationId, ids],
    );
  }

  list(
    m: EntityManager,
    collaborationId: string,
    filters: { partnerId?: string; indicatorId?: string },
  ): Promise<CommitmentView[]> {
    return queryRows<CommitmentView>(
      m,
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
        WHERE c.collaboration_id = $1 AND ($2::uuid IS NULL OR c.partner_id = $2) AND ($3::uuid IS NULL OR c.indicator_id = $3)
        ORDER BY lower(o.name), c.partner_id, i.code, c.indicator_id`,
      [collaborationId, filters.partnerId ?? null, filters.indicatorId ?? null],
    );
  }

  /** A partner's commitments with each indicator's periodicity, ordered by indicator code. */
  spans(m: EntityManager, collaborationId: string, partnerId: string): Promise<CommitmentSpanRow[]> {
    return queryRows<CommitmentSpanRow>(
      m,
      `SELECT c.indicator_id AS "indicatorId", c.start_period AS "startPeriod", c.end_period AS "endPeriod", i.periodicity
         FROM commitments c JOIN indicators i ON i.collaboration_id = c.collaboration_id AND i.id = c.indicator_id
        WHERE c.collaboration_id = $1 AND c.partner_id = $2
        ORDER BY i.code, c.indicator_id`,
      [collaborationId, partnerId],
    );
  }

  /** Drop the partner's commitments to indicators not in `keep`. Values already entered stay. */
  async deleteExcept(m: EntityManager, collaborationId: string, partnerId: string, keep: string[]): Promise<number> {
    return execute(
      m,
      `DELETE FROM commitments WHERE collaboration_id = $1 AND partner_id = $2 AND NOT (indicator_id = ANY($3::uuid[]))`,
      [collaborationId, partnerId, keep],
    );
  }

  /** Insert or update commitments; unchanged rows keep their timestamps. */
  async upsert(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
    rows: CommitmentRow[],
    userId: string,
  ): Promise<void> {
    if (rows.length === 0) return;
    await execute(
      m,
      `INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period, end_period, created_by)
       SELECT $1, $2, v.indicator_id, v.start_period, v.end_period, $6
         FROM unnest($3::uuid[], $4::text[], $5::text[]) AS v(indicator_id, start_period, end_period)
       ON CONFLICT (collaboration_id, partner_id, indicator_id) DO UPDATE
          SET start_period = EXCLUDED.start_period, end_period = EXCLUDED.end_period, updated_at = now()
        WHERE (commitments.start_period, commitments.end_period) IS DISTINCT FROM (EXCLUDED.start_period, EXCLUDED.end_period)`,
      [
        collaborationId,
        partnerId,
        rows.map((r) => r.indicatorId),
        rows.map((r) => r.startPeriod),
        rows.map((r) => r.endPeriod),
        userId,
      ],
    );
  }
}
