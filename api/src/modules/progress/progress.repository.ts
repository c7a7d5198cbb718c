import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryOne, queryRows } from '../collaborations/common/sql';
import type { ProgressView, TrajectoryView, WinView } from './progress.schemas';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Reads of the worker's progress, wins and trajectory tables. Every statement is scoped by collaboration_id. */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async fiscalYearStartMonth(collaborationId: string): Promise<number> {
    const row = await queryOne<{ fy: number }>(
      this.ds.manager,
      `SELECT av.fiscal_year_start_month AS fy
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
    return Number(row?.fy ?? 1);
  }

  progress(collaborationId: string, indicatorId?: string, granularity?: string): Promise<ProgressView[]> {
    return queryRows<ProgressView>(
      this.ds.manager,
      `SELECT indicator_id AS "indicatorId", granularity, period, actual::text AS actual, baseline::text AS baseline,
              target::text AS target, long_term_target::text AS "longTermTarget",
              percent_to_long_term AS "percentToLongTerm", ratio, status, ${ISO('computed_at')} AS "computedAt"
         FROM progress
        WHERE collaboration_id = $1
          AND ($2::uuid IS NULL OR indicator_id = $2::uuid)
          AND ($3::text IS NULL OR granularity = $3::text)
        ORDER BY indicator_id, granularity, period`,
      [collaborationId, indicatorId ?? null, granularity ?? null],
    );
  }

  trajectories(collaborationId: string, indicatorId?: string): Promise<TrajectoryView[]> {
    return queryRows<TrajectoryView>(
      this.ds.manager,
      `SELECT indicator_id AS "indicatorId", granularity, projected_period AS "projectedPeriod", reached,
              slope_per_month AS "slopePerMonth", ${ISO('computed_at')} AS "computedAt"
         FROM indicator_trajectory
        WHERE collaboration_id = $1 AND ($2::uuid IS NULL OR indicator_id = $2::uuid)
        ORDER BY indicator_id`,
      [collaborationId, indicatorId ?? null],
    );
  }

  /** Wins with the ids and names of every partner whose report counted toward them (the service filters by audience). */
  async wins(
    collaborationId: string,
    indicatorId?: string,
  ): Promise<(Omit<WinView, 'contributors'> & { contributorIds: string[]; contributorNames: string[] })[]> {
    const rows = await queryRows<
      Omit<WinView, 'indicator' | 'contributors'> & { indicatorId: string; code: string; name: string; contributorIds: string[]; contributorNames: string[] }
    >(
      this.ds.manager,
      `SELECT w.id, w.indicator_id AS "indicatorId", i.code, i.name, w.kind, w.milestone_period AS "milestonePeriod",
              w.milestone_value::text AS "milestoneValue", w.met_period AS "metPeriod", w.met_value::text AS "metValue",
              w.status, ${ISO('w.first_met_at')} AS "firstMetAt", ${ISO('w.withdrawn_at')} AS "withdrawnAt",
              coalesce(c.ids, '{}') AS "contributorIds", coalesce(c.names, '{}') AS "contributorNames"
         FROM wins w
         JOIN indicators i ON i.collaboration_id = w.collaboration_id AND i.id = w.indicator_id
         LEFT JOIN LATERAL (
           -- The partners whose reports are in the all-partner total that met the milestone.
           SELECT array_agg(p.id::text ORDER BY lower(o.name), p.id)::text[] AS ids,
                  array_agg(o.name ORDER BY lower(o.name), p.id)::text[] AS names
             FROM rollups r
             JOIN partners p ON p.collaboration_id = r.collaboration_id AND p.id::text = r.scope
             JOIN organisations o ON o.id = p.organisation_id
            WHERE r.collaboration_id = w.collaboration_id AND r.indicator_id = w.indicator_id
              AND r.period = w.met_period AND r.cell = 'total' AND r.scope <> 'all'
         ) c ON true
        WHERE w.collaboration_id = $1 AND ($2::uuid IS NULL OR w.indicator_id = $2::uuid)
        ORDER BY w.first_met_at DESC, w.id`,
      [collaborationId, indicatorId ?? null],
    );
    return rows.map(({ indicatorId: id, code, name, ...w }) => ({ ...w, indicator: { id, code, name } }));
  }
}
