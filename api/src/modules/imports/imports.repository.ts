import { Injectable } from '@nestjs/common';
import type { ImportCounts, ImportError, ImportFormat, ImportProgress, ImportStatus } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '../collaborations/common/sql';

export interface ImportRow {
  id: string;
  partnerId: string;
  fileName: string;
  format: ImportFormat;
  sizeBytes: string;
  decimalComma: boolean;
  submit: boolean;
  status: ImportStatus;
  counts: ImportCounts;
  createdBy: string;
  createdAt: Date;
  committedAt: Date | null;
}

export interface DimensionRef {
  key: string;
  name: string;
  categories: Array<{ key: string; name: string }>;
}

export interface PartnerRef {
  id: string;
  kind: string;
  status: string;
  organisationName: string;
}

/** The only SQL of imports and exports. */
@Injectable()
export class ImportsRepository {
  insert(
    m: EntityManager,
    cid: string,
    row: {
      id: string;
      partnerId: string;
      fileName: string;
      format: ImportFormat;
      sizeBytes: number;
      decimalComma: boolean;
      submit: boolean;
      status: ImportStatus;
      counts: ImportCounts;
      createdBy: string;
      /** The file's column map and the header's own errors (null when the header is unusable). */
      header: object | null;
      errors: ImportError[];
      progress: ImportProgress | null;
    },
  ): Promise<ImportRow | null> {
    return queryOne<ImportRow>(
      m,
      `INSERT INTO imports (collaboration_id, id, partner_id, file_name, format, size_bytes, decimal_comma, submit, status, counts, created_by,
                            header, errors, progress)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       RETURNING created_at AS "createdAt"`,
      [
        cid,
        row.id,
        row.partnerId,
        row.fileName,
        row.format,
        row.sizeBytes,
        row.decimalComma,
        row.submit,
        row.status,
        JSON.stringify(row.counts),
        row.createdBy,
        row.header ? JSON.stringify(row.header) : null,
        JSON.stringify(row.errors),
        row.progress ? JSON.stringify(row.progress) : null,
      ],
    );
  }

  partner(m: EntityManager, cid: string, partnerId: string): Promise<PartnerRef | null> {
    return queryOne<PartnerRef>(
      m,
      `SELECT p.id, p.kind, p.status, o.name AS "organisationName"
         FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.id = $2`,
      [cid, partnerId],
    );
  }

  /** Every indicator of the collaboration: id, code and name. */
  indicatorCodes(m: EntityManager, cid: string): Promise<Array<{ id: string; code: string; name: string }>> {
    return queryRows(m, `SELECT id, code, name FROM indicators WHERE collaboration_id = $1 ORDER BY code`, [cid]);
  }

  /** Every dimension of the collaboration with its categories in order. */
  dimensions(m: EntityManager, cid: string): Promise<DimensionRef[]> {
    return queryRows<DimensionRef>(
      m,
      `SELECT d.key, d.name,
              coalesce(json_agg(json_build_object('key', c.key, 'name', c.name) ORDER BY c.position, c.key)
                       FILTER (WHERE c.key IS NOT NULL), '[]') AS categories
         FROM dimensions d
         LEFT JOIN dimension_categories c ON c.collaboration_id = d.collaboration_id AND c.dimension_id = d.id
        WHERE d.collaboration_id = $1
        GROUP BY d.id, d.key, d.name
        ORDER BY d.name, d.key`,
      [cid],
    );
  }

  /** The partner's commitments with each indicator's periodicity (for the template). */
  commitmentSpans(m: EntityManager, cid: string, partnerId: string) {
    return queryRows<{ indicatorId: string; periodicity: 'month' | 'quarter' | 'year'; startPeriod: string; endPeriod: string | null }>(
      m,
      `SELECT c.indicator_id AS "indicatorId", i.periodicity, c.start_period AS "startPeriod", c.end_period AS "endPeriod"
         FROM commitments c JOIN indicators i ON i.collaboration_id = c.collaboration_id AND i.id = c.indicator_id
        WHERE c.collaboration_id = $1 AND c.partner_id = $2 AND i.status = 'active'
        ORDER BY i.code`,
      [cid, partnerId],
    );
  }

  /** Whether the partner has activities (the template then has an activity column). */
  async hasActivities(m: EntityManager, cid: string, partnerId: string): Promise<boolean> {
    return (await queryRows(m, `SELECT 1 FROM activities WHERE collaboration_id = $1 AND partner_id = $2 LIMIT 1`, [cid, partnerId])).length > 0;
  }

  /** The SQL and parameters of an export (streamed with a cursor by the caller). */
  exportQuery(cid: string, filter: { partnerId: string | null; indicatorId: string | null; periods: string[] | null }) {
    return {
      sql: `SELECT i.code AS "indicatorCode", i.name AS "indicatorName", o.name AS "partnerName", v.period, v.cell, a.name AS "activityName",
                   v.value::text AS value, v.numerator::text AS numerator, v.denominator::text AS denominator,
                   v.comment, v.status, v.version, v.updated_at AS "updatedAt"
              FROM indicator_values v
              JOIN indicators i ON i.collaboration_id = v.collaboration_id AND i.id = v.indicator_id
              JOIN partners p ON p.collaboration_id = v.collaboration_id AND p.id = v.partner_id
              JOIN organisations o ON o.id = p.organisation_id
              LEFT JOIN activities a ON a.collaboration_id = v.collaboration_id AND a.id = v.activity_id
             WHERE v.collaboration_id = $1
               AND ($2::uuid IS NULL OR v.partner_id = $2)
               AND ($3::uuid IS NULL OR v.indicator_id = $3)
               AND ($4::text[] IS NULL OR v.period = ANY($4::text[]))
             ORDER BY i.code, o.name, v.partner_id, v.period, v.cell, v.activity_id NULLS FIRST`,
      params: [cid, filter.partnerId, filter.indicatorId, filter.periods],
    };
  }
}
