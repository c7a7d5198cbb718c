import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DecisionChange, DecisionKind, DecisionStatus, Stance } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface DecisionRow {
  id: string;
  number: number;
  title: string;
  rationale: string;
  kind: DecisionKind;
  status: DecisionStatus;
  indicator: { id: string; code: string; name: string; version: number } | null;
  change: DecisionChange;
  base: Record<string, unknown>;
  baseVersion: number;
  proposedBy: { userId: string; name: string; organisationName: string };
  createdAt: string;
  decidedBy: { userId: string; name: string; organisationName: string } | null;
  decidedAt: string | null;
  decisionRationale: string | null;
  appliedVersion: number | null;
  support: number;
  object: number;
}

export interface StanceRow {
  userId: string;
  name: string;
  organisationName: string;
  stance: Stance;
  reason: string;
  updatedAt: string;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const person = (col: string) => `
  (SELECT json_build_object('userId', u.id, 'name', u.name, 'organisationName',
            COALESCE((SELECT o.name FROM memberships mm JOIN partners p ON p.collaboration_id = mm.collaboration_id AND p.id = mm.partner_id
                        JOIN organisations o ON o.id = p.organisation_id
                       WHERE mm.collaboration_id = d.collaboration_id AND mm.user_id = u.id LIMIT 1), ''))
     FROM users u WHERE u.id = ${col})`;

const SELECT = `
  SELECT d.id, d.number, d.title, d.rationale, d.kind, d.status, d.change, d.base, d.base_version AS "baseVersion",
         CASE WHEN i.id IS NULL THEN NULL ELSE json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'version', i.version) END AS indicator,
         ${person('d.proposed_by')} AS "proposedBy", ${ts('d.created_at')} AS "createdAt",
         CASE WHEN d.decided_by IS NULL THEN NULL ELSE ${person('d.decided_by')} END AS "decidedBy",
         CASE WHEN d.decided_at IS NULL THEN NULL ELSE ${ts('d.decided_at')} END AS "decidedAt",
         d.decision_rationale AS "decisionRationale", d.applied_version AS "appliedVersion",
         (SELECT count(*)::int FROM decision_stances s WHERE s.collaboration_id = d.collaboration_id AND s.decision_id = d.id AND s.stance = 'support') AS support,
         (SELECT count(*)::int FROM decision_stances s WHERE s.collaboration_id = d.collaboration_id AND s.decision_id = d.id AND s.stance = 'object') AS object
    FROM decisions d
    LEFT JOIN indicators i ON i.collaboration_id = d.collaboration_id AND i.id = d.indicator_id`;

/** SQL for shared decisions and the stances on them. Every statement is scoped by collaboration_id. */
@Injectable()
export class DecisionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  list(m: EntityManager, cid: string, f: { status?: DecisionStatus; indicatorId?: string }): Promise<DecisionRow[]> {
    return queryRows<DecisionRow>(
      m,
      `${SELECT} WHERE d.collaboration_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::uuid IS NULL OR d.indicator_id = $3)
        ORDER BY d.number DESC`,
      [cid, f.status ?? null, f.indicatorId ?? null],
    );
  }

  find(m: EntityManager, cid: string, id: string, forUpdate = false): Promise<DecisionRow | null> {
    return queryOne<DecisionRow>(m, `${SELECT} WHERE d.collaboration_id = $1 AND d.id = $2${forUpdate ? ' FOR UPDATE OF d' : ''}`, [cid, id]);
  }

  stances(m: EntityManager, cid: string, id: string): Promise<StanceRow[]> {
    return queryRows<StanceRow>(
      m,
      `SELECT s.user_id AS "userId", u.name, s.stance, s.reason, ${ts('s.updated_at')} AS "updatedAt",
              COALESCE((SELECT o.name FROM memberships mm JOIN partners p ON p.collaboration_id = mm.collaboration_id AND p.id = mm.partner_id
                          JOIN organisations o ON o.id = p.organisation_id
                         WHERE mm.collaboration_id = s.collaboration_id AND mm.user_id = s.user_id LIMIT 1), '') AS "organisationName"
         FROM decision_stances s JOIN users u ON u.id = s.user_id
        WHERE s.collaboration_id = $1 AND s.decision_id = $2
        ORDER BY s.stance DESC, s.updated_at, u.name`,
      [cid, id],
    );
  }

  async insert(
    m: EntityManager,
    cid: string,
    d: { title: string; rationale: string; kind: DecisionKind; indicatorId: string | null; change: DecisionChange; base: object; baseVersion: number; proposedBy: string },
  ): Promise<string> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO decisions (collaboration_id, number, title, rationale, kind, indicator_id, change, base, base_version, proposed_by)
       VALUES ($1, (SELECT COALESCE(max(number), 0) + 1 FROM decisions WHERE collaboration_id = $1), $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)
       RETURNING id`,
      [cid, d.title, d.rationale, d.kind, d.indicatorId, JSON.stringify(d.change), JSON.stringify(d.base), d.baseVersion, d.proposedBy],
    );
    return row!.id;
  }

  async setStance(m: EntityManager, cid: string, id: string, userId: string, stance: Stance, reason: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO decision_stances (collaboration_id, decision_id, user_id, stance, reason) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (collaboration_id, decision_id, user_id) DO UPDATE SET stance = EXCLUDED.stance, reason = EXCLUDED.reason, updated_at = now()`,
      [cid, id, userId, stance, reason],
    );
  }

  async removeStance(m: EntityManager, cid: string, id: string, userId: string): Promise<number> {
    return execute(m, `DELETE FROM decision_stances WHERE collaboration_id = $1 AND decision_id = $2 AND user_id = $3`, [cid, id, userId]);
  }

  async decide(
    m: EntityManager,
    cid: string,
    id: string,
    d: { status: 'accepted' | 'rejected'; decidedBy: string; rationale: string; appliedVersion: number | null },
  ): Promise<void> {
    await execute(
      m,
      `UPDATE decisions SET status = $3, decided_by = $4, decided_at = now(), decision_rationale = $5, applied_version = $6
        WHERE collaboration_id = $1 AND id = $2 AND status = 'open'`,
      [cid, id, d.status, d.decidedBy, d.rationale, d.appliedVersion],
    );
  }

  /** Every member of the collaboration (to tell them a proposal opened or was decided). */
  members(m: EntityManager, cid: string): Promise<{ userId: string }[]> {
    return queryRows<{ userId: string }>(m, `SELECT DISTINCT user_id AS "userId" FROM memberships WHERE collaboration_id = $1`, [cid]);
  }
}
