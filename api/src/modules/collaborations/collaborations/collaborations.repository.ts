import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CollaborationStatus, Role } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike, execute, queryOne, queryRows } from '../common/sql';

export interface CollaborationRow {
  id: string;
  name: string;
  slug: string;
  status: CollaborationStatus;
  joinCode: string;
  backboneOrganisationId: string;
  backboneOrganisationName: string;
  currentAgendaVersion: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  showContributionsToFunders: boolean;
  /** numeric columns, as text */
  statusBandOnTrack: string;
  statusBandAtRisk: string;
}

/** What a write needs to know about the collaboration it is about to change (row locked). */
export interface LockedCollaboration {
  id: string;
  status: CollaborationStatus;
  currentAgendaVersion: number;
}

export interface CollaborationSummaryRow {
  id: string;
  name: string;
  slug: string;
  status: CollaborationStatus;
  vision: string;
  role: Role;
  partnerCount: number;
  goalCount: number;
}

const SELECT_COLLABORATION = `
  SELECT c.id, c.name, c.slug, c.status, c.join_code AS "joinCode",
         c.backbone_organisation_id AS "backboneOrganisationId", o.name AS "backboneOrganisationName",
         c.current_agenda_version AS "currentAgendaVersion", c.created_by AS "createdBy",
         c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.archived_at AS "archivedAt",
         c.show_contributions_to_funders AS "showContributionsToFunders",
         c.status_band_on_track::text AS "statusBandOnTrack", c.status_band_at_risk::text AS "statusBandAtRisk"
    FROM collaborations c
    JOIN organisations o ON o.id = c.backbone_organisation_id`;

/** SQL for collaborations and the rows created with one (organisation, backbone partner, membership). */
@Injectable()
export class CollaborationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string, m: EntityManager = this.ds.manager): Promise<CollaborationRow | null> {
    return queryOne<CollaborationRow>(m, `${SELECT_COLLABORATION} WHERE c.id = $1`, [id]);
  }

  /**
   * Lock the collaboration row for the rest of the transaction. Writes to one collaboration are
   * serialised this way (FOR NO KEY UPDATE does not block foreign-key checks of other tables).
   */
  lockForWrite(m: EntityManager, id: string): Promise<LockedCollaboration | null> {
    return queryOne<LockedCollaboration>(
      m,
      `SELECT id, status, current_agenda_version AS "currentAgendaVersion"
         FROM collaborations WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
  }

  /**
   * Lock for a write to one partner's values: the collaboration row FOR SHARE (conflicts with
   * lockForWrite's FOR NO KEY UPDATE, not with other shares) and the partner's row FOR NO KEY UPDATE.
   * Always in this order (collaboration, then partner), as lockForWrite takes only the first.
   */
  async lockForPartnerWrite(m: EntityManager, id: string, partnerId: string): Promise<LockedCollaboration | null> {
    const row = await queryOne<LockedCollaboration>(
      m,
      `SELECT id, status, current_agenda_version AS "currentAgendaVersion"
         FROM collaborations WHERE id = $1 FOR SHARE`,
      [id],
    );
    if (row) await m.query(`SELECT 1 FROM partners WHERE collaboration_id = $1 AND id = $2 FOR NO KEY UPDATE`, [id, partnerId]);
    return row;
  }

  /** Collaborations the user is an active member of, with the role held in each. */
  listForUser(userId: string): Promise<CollaborationSummaryRow[]> {
    return queryRows<CollaborationSummaryRow>(
      this.ds.manager,
      `SELECT c.id, c.name, c.slug, c.status, a.vision, m.role,
              (SELECT count(*)::int FROM partners pp
                WHERE pp.collaboration_id = c.id AND pp.status = 'active') AS "partnerCount",
              (SELECT count(*)::int FROM goals g WHERE g.collaboration_id = c.id) AS "goalCount"
         FROM memberships m
         JOIN partners p ON p.collaboration_id = m.collaboration_id AND p.id = m.partner_id AND p.status = 'active'
         JOIN collaborations c ON c.id = m.collaboration_id
         JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
        WHERE m.user_id = $1
        ORDER BY (c.status = 'archived'), lower(c.name), c.id`,
      [userId],
    );
  }

  /** Slugs already taken that are `base` or `base-…` (for de-duplication). */
  async slugsStartingWith(m: EntityManager, base: string): Promise<string[]> {
    const rows = await queryRows<{ slug: string }>(
      m,
      `SELECT slug FROM collaborations WHERE slug = $1 OR slug LIKE $2`,
      [base, escapeLike(base) + '-%'],
    );
    return rows.map((r) => r.slug);
  }

  async slugTaken(m: EntityManager, slug: string, exceptId?: string): Promise<boolean> {
    const row = await queryOne(m, `SELECT 1 FROM collaborations WHERE slug = $1 AND id IS DISTINCT FROM $2`, [
      slug,
      exceptId ?? null,
    ]);
    return row !== null;
  }

  async insertOrganisation(m: EntityManager, name: string): Promise<{ id: string; name: string }> {
    const row = await queryOne<{ id: string; name: string }>(
      m,
      `INSERT INTO organisations (name) VALUES ($1) RETURNING id, name`,
      [name],
    );
    return row!;
  }

  async insertCollaboration(
    m: EntityManager,
    c: { name: string; slug: string; joinCode: string; backboneOrganisationId: string; createdBy: string },
  ): Promise<{ id: string }> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO collaborations (name, slug, join_code, backbone_organisation_id, current_agenda_version, created_by)
       VALUES ($1, $2, $3, $4, 1, $5) RETURNING id`,
      [c.name, c.slug, c.joinCode, c.backboneOrganisationId, c.createdBy],
    );
    return row!;
  }

  /** The backbone organisation's partner row: active, endorsing the first agenda version. */
  async insertBackbonePartner(
    m: EntityManager,
    p: { collaborationId: string; organisationId: string; endorsedBy: string },
  ): Promise<{ id: string }> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO partners (collaboration_id, organisation_id, kind, status, endorsed_agenda_version, endorsed_at,
                             endorsed_by, joined_at)
       VALUES ($1, $2, 'backbone', 'active', 1, now(), $3, now()) RETURNING id`,
      [p.collaborationId, p.organisationId, p.endorsedBy],
    );
    return row!;
  }

  async insertMembership(
    m: EntityManager,
    mb: { collaborationId: string; userId: string; partnerId: string; role: Role },
  ): Promise<{ id: string }> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, $4) RETURNING id`,
      [mb.collaborationId, mb.userId, mb.partnerId, mb.role],
    );
    return row!;
  }

  async update(m: EntityManager, id: string, changes: { name?: string; slug?: string }): Promise<void> {
    await execute(
      m,
      `UPDATE collaborations SET name = COALESCE($2, name), slug = COALESCE($3, slug), updated_at = now() WHERE id = $1`,
      [id, changes.name ?? null, changes.slug ?? null],
    );
  }

  async updateSettings(
    m: EntityManager,
    id: string,
    changes: { showContributionsToFunders?: boolean; statusBands?: { onTrack: number; atRisk: number } },
  ): Promise<void> {
    await execute(
      m,
      `UPDATE collaborations
          SET show_contributions_to_funders = COALESCE($2, show_contributions_to_funders),
              status_band_on_track = COALESCE($3::numeric, status_band_on_track),
              status_band_at_risk = COALESCE($4::numeric, status_band_at_risk),
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        changes.showContributionsToFunders ?? null,
        changes.statusBands ? String(changes.statusBands.onTrack) : null,
        changes.statusBands ? String(changes.statusBands.atRisk) : null,
      ],
    );
  }

  /**
   * Ask the worker to recompute every indicator of the collaboration (its progress depends on the
   * status bands): one 'rebuild_requested' outbox row per indicator, in the caller's transaction.
   */
  async requestRebuildOfEveryIndicator(m: EntityManager, id: string, reason: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      m,
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, payload)
       SELECT collaboration_id, 'rebuild_requested', id, jsonb_build_object('reason', $2::text)
         FROM indicators WHERE collaboration_id = $1
       RETURNING id`,
      [id, reason],
    );
    return rows.length;
  }

  async setStatus(m: EntityManager, id: string, status: CollaborationStatus): Promise<void> {
    await execute(
      m,
      `UPDATE collaborations
          SET status = $2, archived_at = CASE WHEN $2 = 'archived' THEN now() ELSE NULL END, updated_at = now()
        WHERE id = $1`,
      [id, status],
    );
  }
}
