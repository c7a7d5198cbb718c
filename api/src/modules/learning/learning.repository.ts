import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface LearningEntryRow {
  id: string;
  title: string;
  tried: string;
  learned: string;
  willChange: string;
  period: string;
  periodTo: string;
  shareWithFunders: boolean;
  indicators: { id: string; code: string; name: string }[];
  authorId: string;
  authorName: string;
  organisationName: string;
  createdAt: string;
  updatedAt: string;
}

export interface LearningEntryRecord {
  title: string;
  tried: string;
  learned: string;
  willChange: string;
  period: string;
  periodTo: string;
  shareWithFunders: boolean;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SELECT = `
  SELECT e.id, e.title, e.tried, e.learned, e.will_change AS "willChange", e.period_from AS period, e.period_to AS "periodTo",
         e.share_with_funders AS "shareWithFunders", e.author_id AS "authorId", u.name AS "authorName",
         COALESCE((SELECT o.name FROM memberships mm JOIN partners p ON p.collaboration_id = mm.collaboration_id AND p.id = mm.partner_id
                     JOIN organisations o ON o.id = p.organisation_id
                    WHERE mm.collaboration_id = e.collaboration_id AND mm.user_id = e.author_id LIMIT 1), '') AS "organisationName",
         COALESCE((SELECT json_agg(json_build_object('id', i.id, 'code', i.code, 'name', i.name) ORDER BY i.code)
                     FROM learning_entry_indicators li JOIN indicators i ON i.collaboration_id = li.collaboration_id AND i.id = li.indicator_id
                    WHERE li.collaboration_id = e.collaboration_id AND li.entry_id = e.id), '[]') AS indicators,
         ${ts('e.created_at')} AS "createdAt", ${ts('e.updated_at')} AS "updatedAt"
    FROM learning_entries e JOIN users u ON u.id = e.author_id`;

/** SQL for the learning log. Every statement is scoped by collaboration_id. */
@Injectable()
export class LearningRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** Entries, newest period first; `sharedOnly` for funders; `indicatorId` to those linked to it. */
  list(m: EntityManager, cid: string, opts: { indicatorId?: string; sharedOnly: boolean }): Promise<LearningEntryRow[]> {
    return queryRows<LearningEntryRow>(
      m,
      `${SELECT}
        WHERE e.collaboration_id = $1 AND ($2 = false OR e.share_with_funders)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM learning_entry_indicators li
                                            WHERE li.collaboration_id = e.collaboration_id AND li.entry_id = e.id AND li.indicator_id = $3))
        ORDER BY e.created_at DESC, e.id`,
      [cid, opts.sharedOnly, opts.indicatorId ?? null],
    );
  }

  find(m: EntityManager, cid: string, id: string): Promise<LearningEntryRow | null> {
    return queryOne<LearningEntryRow>(m, `${SELECT} WHERE e.collaboration_id = $1 AND e.id = $2`, [cid, id]);
  }

  /** Of these ids, the indicators of this collaboration. */
  async existingIndicators(m: EntityManager, cid: string, ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM indicators WHERE collaboration_id = $1 AND id = ANY($2::uuid[])`, [cid, ids]);
    return new Set(rows.map((r) => r.id));
  }

  async insert(m: EntityManager, cid: string, authorId: string, e: LearningEntryRecord): Promise<string> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO learning_entries (collaboration_id, title, tried, learned, will_change, period_from, period_to, share_with_funders, author_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [cid, e.title, e.tried, e.learned, e.willChange, e.period, e.periodTo, e.shareWithFunders, authorId],
    );
    return row!.id;
  }

  async update(m: EntityManager, cid: string, id: string, e: LearningEntryRecord): Promise<void> {
    await execute(
      m,
      `UPDATE learning_entries SET title = $3, tried = $4, learned = $5, will_change = $6, period_from = $7, period_to = $8,
              share_with_funders = $9, updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [cid, id, e.title, e.tried, e.learned, e.willChange, e.period, e.periodTo, e.shareWithFunders],
    );
  }

  async setIndicators(m: EntityManager, cid: string, id: string, indicatorIds: string[]): Promise<void> {
    await execute(m, `DELETE FROM learning_entry_indicators WHERE collaboration_id = $1 AND entry_id = $2`, [cid, id]);
    await execute(
      m,
      `INSERT INTO learning_entry_indicators (collaboration_id, entry_id, indicator_id) SELECT $1, $2, unnest($3::uuid[])`,
      [cid, id, indicatorIds],
    );
  }

  async delete(m: EntityManager, cid: string, id: string): Promise<void> {
    await execute(m, `DELETE FROM learning_entries WHERE collaboration_id = $1 AND id = $2`, [cid, id]);
  }

  async fiscalYearStartMonth(m: EntityManager, cid: string): Promise<number> {
    const row = await queryOne<{ month: number }>(
      m,
      `SELECT a.fiscal_year_start_month AS month FROM collaborations c
         JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
        WHERE c.id = $1`,
      [cid],
    );
    return row?.month ?? 1;
  }
}
