import { Injectable } from '@nestjs/common';
import type { PartnerView } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import type { PartnerKind, PartnerStatus } from '../../../database/entities/partner.entity';
import { sqlOne, sqlRows } from '../common/sql';

export interface CollaborationRow {
  id: string;
  name: string;
  slug: string;
  status: 'active' | 'archived';
  currentAgendaVersion: number;
}

export interface OrganisationRow {
  id: string;
  name: string;
  sector: string | null;
}

/** A partner with its organisation's name: what the services reason about. */
export interface PartnerRow {
  collaborationId: string;
  id: string;
  organisationId: string;
  organisationName: string;
  kind: PartnerKind;
  status: PartnerStatus;
  sector: string | null;
  endorsedAgendaVersion: number | null;
  endorsedAt: Date | null;
  endorsedBy: string | null;
  joinedAt: Date | null;
  requestedBy: string | null;
  requestMessage: string | null;
  createdAt: Date;
}

const COLLABORATION_COLUMNS = `c.id, c.name, c.slug, c.status, c.current_agenda_version AS "currentAgendaVersion"`;

const PARTNER_COLUMNS = `
  p.collaboration_id AS "collaborationId", p.id, p.organisation_id AS "organisationId", o.name AS "organisationName",
  p.kind, p.status, COALESCE(p.sector, o.sector) AS sector,
  p.endorsed_agenda_version AS "endorsedAgendaVersion", p.endorsed_at AS "endorsedAt", p.endorsed_by AS "endorsedBy",
  p.joined_at AS "joinedAt", p.requested_by AS "requestedBy", p.request_message AS "requestMessage", p.created_at AS "createdAt"`;

interface PartnerViewRow {
  id: string;
  organisationId: string;
  organisationName: string;
  kind: PartnerKind;
  status: PartnerStatus;
  sector: string | null;
  endorsedAgendaVersion: number | null;
  endorsedAt: Date | null;
  endorsesCurrentAgenda: boolean;
  joinedAt: Date | null;
  memberCount: number;
}

const toView = (r: PartnerViewRow): PartnerView => ({
  id: r.id,
  organisation: { id: r.organisationId, name: r.organisationName },
  kind: r.kind,
  status: r.status,
  sector: r.sector,
  endorsedAgendaVersion: r.endorsedAgendaVersion,
  endorsedAt: r.endorsedAt ? r.endorsedAt.toISOString() : null,
  endorsesCurrentAgenda: r.endorsesCurrentAgenda,
  joinedAt: r.joinedAt ? r.joinedAt.toISOString() : null,
  memberCount: r.memberCount,
});

const VIEW_SELECT = `
  SELECT p.id, o.id AS "organisationId", o.name AS "organisationName", p.kind, p.status,
         COALESCE(p.sector, o.sector) AS sector,
         p.endorsed_agenda_version AS "endorsedAgendaVersion", p.endorsed_at AS "endorsedAt",
         (p.endorsed_agenda_version IS NOT NULL AND p.endorsed_agenda_version = c.current_agenda_version) AS "endorsesCurrentAgenda",
         p.joined_at AS "joinedAt",
         (SELECT count(*)::int FROM memberships mb
           WHERE mb.collaboration_id = p.collaboration_id AND mb.partner_id = p.id) AS "memberCount"
    FROM partners p
    JOIN organisations o ON o.id = p.organisation_id
    JOIN collaborations c ON c.id = p.collaboration_id`;

/** Collaborations (read), organisations and partners. Every tenant query is scoped by collaboration_id. */
@Injectable()
export class PartnersRepository {
  /** `share` keeps the agenda version from moving until the transaction ends. */
  collaboration(m: EntityManager, id: string, lock?: 'share'): Promise<CollaborationRow | null> {
    return sqlOne<CollaborationRow>(
      m,
      `SELECT ${COLLABORATION_COLUMNS} FROM collaborations c WHERE c.id = $1 ${lock === 'share' ? 'FOR SHARE' : ''}`,
      [id],
    );
  }

  collaborationByJoinCode(m: EntityManager, joinCode: string): Promise<CollaborationRow | null> {
    return sqlOne<CollaborationRow>(
      m,
      `SELECT ${COLLABORATION_COLUMNS} FROM collaborations c WHERE c.join_code = $1`,
      [joinCode],
    );
  }

  findOrganisation(m: EntityManager, id: string): Promise<OrganisationRow | null> {
    return sqlOne<OrganisationRow>(m, `SELECT id, name, sector FROM organisations WHERE id = $1`, [id]);
  }

  insertOrganisation(m: EntityManager, name: string, sector: string | null): Promise<OrganisationRow> {
    return sqlOne<OrganisationRow>(
      m,
      `INSERT INTO organisations (name, sector) VALUES ($1, $2) RETURNING id, name, sector`,
      [name, sector],
    ) as Promise<OrganisationRow>;
  }

  /** `lock` takes the partner row FOR UPDATE. */
  find(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
    lock = false,
  ): Promise<PartnerRow | null> {
    return sqlOne<PartnerRow>(
      m,
      `SELECT ${PARTNER_COLUMNS} FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.id = $2 ${lock ? 'FOR UPDATE OF p' : ''}`,
      [collaborationId, partnerId],
    );
  }

  findBackbone(m: EntityManager, collaborationId: string): Promise<PartnerRow | null> {
    return sqlOne<PartnerRow>(
      m,
      `SELECT ${PARTNER_COLUMNS} FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.kind = 'backbone' ORDER BY p.created_at LIMIT 1`,
      [collaborationId],
    );
  }

  findByOrganisation(
    m: EntityManager,
    collaborationId: string,
    organisationId: string,
  ): Promise<PartnerRow | null> {
    return sqlOne<PartnerRow>(
      m,
      `SELECT ${PARTNER_COLUMNS} FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.organisation_id = $2 FOR UPDATE OF p`,
      [collaborationId, organisationId],
    );
  }

  /** A partner of this collaboration whose organisation has this name (case-insensitive), in one of the statuses. */
  findByOrganisationName(
    m: EntityManager,
    collaborationId: string,
    name: string,
    statuses: PartnerStatus[],
  ): Promise<PartnerRow | null> {
    return sqlOne<PartnerRow>(
      m,
      `SELECT ${PARTNER_COLUMNS} FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND lower(o.name) = lower($2) AND p.status = ANY($3::text[]) LIMIT 1`,
      [collaborationId, name, statuses],
    );
  }

  /** The join request this person is still waiting on, if any. */
  pendingRequestBy(m: EntityManager, collaborationId: string, userId: string): Promise<PartnerRow | null> {
    return sqlOne<PartnerRow>(
      m,
      `SELECT ${PARTNER_COLUMNS} FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.requested_by = $2 AND p.status = 'pending' LIMIT 1`,
      [collaborationId, userId],
    );
  }

  async insert(
    m: EntityManager,
    p: {
      collaborationId: string;
      organisationId: string;
      kind: PartnerKind;
      status: PartnerStatus;
      sector: string | null;
      requestedBy?: string | null;
      requestMessage?: string | null;
    },
  ): Promise<PartnerRow> {
    const row = await sqlOne<{ id: string }>(
      m,
      `INSERT INTO partners (collaboration_id, organisation_id, kind, status, sector, requested_by, request_message)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        p.collaborationId,
        p.organisationId,
        p.kind,
        p.status,
        p.sector,
        p.requestedBy ?? null,
        p.requestMessage ?? null,
      ],
    );
    return (await this.find(m, p.collaborationId, row!.id)) as PartnerRow;
  }

  async setStatus(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
    status: PartnerStatus,
  ): Promise<void> {
    await m.query(
      `UPDATE partners SET status = $3, updated_at = now() WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, partnerId, status],
    );
  }

  /** Active from now on (joined_at restarts when it was not active). */
  async activate(m: EntityManager, collaborationId: string, partnerId: string): Promise<void> {
    await m.query(
      `UPDATE partners
          SET joined_at = CASE WHEN status = 'active' THEN joined_at ELSE now() END, status = 'active', updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, partnerId],
    );
  }

  async endorse(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
    version: number,
    userId: string,
  ): Promise<void> {
    await m.query(
      `UPDATE partners SET endorsed_agenda_version = $3, endorsed_at = now(), endorsed_by = $4, updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, partnerId, version, userId],
    );
  }

  async list(m: EntityManager, collaborationId: string, statuses?: PartnerStatus[]): Promise<PartnerView[]> {
    const rows = await sqlRows<PartnerViewRow>(
      m,
      `${VIEW_SELECT} WHERE p.collaboration_id = $1 AND ($2::text[] IS NULL OR p.status = ANY($2::text[]))
        ORDER BY CASE p.kind WHEN 'backbone' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, lower(o.name), p.id`,
      [collaborationId, statuses ?? null],
    );
    return rows.map(toView);
  }

  async view(m: EntityManager, collaborationId: string, partnerId: string): Promise<PartnerView | null> {
    const row = await sqlOne<PartnerViewRow>(
      m,
      `${VIEW_SELECT} WHERE p.collaboration_id = $1 AND p.id = $2`,
      [collaborationId, partnerId],
    );
    return row ? toView(row) : null;
  }
}
