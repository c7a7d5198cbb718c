import { Injectable } from '@nestjs/common';
import type { InvitationPreview, InvitationStatus, InvitationView } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import type { InvitableRole } from '../common/roles';
import { sqlOne, sqlRows } from '../common/sql';

export interface InvitationRow {
  id: string;
  collaborationId: string;
  email: string;
  role: InvitableRole;
  partnerId: string;
  organisationId: string;
  organisationName: string;
  status: InvitationStatus;
  message: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  invitedById: string;
  invitedByName: string;
  createdAt: Date;
}

/** The status is computed, never stored: accepted and revoked win over expiry. */
const INVITATION_SELECT = `
  SELECT i.id, i.collaboration_id AS "collaborationId", i.email, i.role, i.partner_id AS "partnerId",
         o.id AS "organisationId", o.name AS "organisationName",
         CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
              WHEN i.revoked_at IS NOT NULL THEN 'revoked'
              WHEN i.expires_at <= now() THEN 'expired'
              ELSE 'pending' END AS status,
         i.message, i.expires_at AS "expiresAt", i.accepted_at AS "acceptedAt", i.revoked_at AS "revokedAt",
         u.id AS "invitedById", u.name AS "invitedByName", i.created_at AS "createdAt"
    FROM invitations i
    JOIN partners p ON p.collaboration_id = i.collaboration_id AND p.id = i.partner_id
    JOIN organisations o ON o.id = p.organisation_id
    JOIN users u ON u.id = i.invited_by`;

export const toInvitationView = (r: InvitationRow): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  organisation: { id: r.organisationId, name: r.organisationName },
  partnerId: r.partnerId,
  status: r.status,
  message: r.message,
  expiresAt: r.expiresAt.toISOString(),
  invitedBy: { id: r.invitedById, name: r.invitedByName },
  createdAt: r.createdAt.toISOString(),
});

/** Invitations, plus the read-only agenda and goals an invitee is shown. */
@Injectable()
export class InvitationsRepository {
  async insert(
    m: EntityManager,
    i: {
      collaborationId: string;
      email: string;
      partnerId: string;
      role: InvitableRole;
      tokenHash: string;
      message: string | null;
      invitedBy: string;
      expiresAt: Date;
    },
  ): Promise<string> {
    const row = await sqlOne<{ id: string }>(
      m,
      `INSERT INTO invitations (collaboration_id, email, partner_id, role, token_hash, message, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [i.collaborationId, i.email, i.partnerId, i.role, i.tokenHash, i.message, i.invitedBy, i.expiresAt],
    );
    return row!.id;
  }

  /** `lock` takes the invitation row FOR UPDATE. */
  find(m: EntityManager, collaborationId: string, id: string, lock = false): Promise<InvitationRow | null> {
    return sqlOne<InvitationRow>(
      m,
      `${INVITATION_SELECT} WHERE i.collaboration_id = $1 AND i.id = $2 ${lock ? 'FOR UPDATE OF i' : ''}`,
      [collaborationId, id],
    );
  }

  /** The only query not scoped by collaboration: the token is what identifies it. */
  findByTokenHash(m: EntityManager, tokenHash: string, lock = false): Promise<InvitationRow | null> {
    return sqlOne<InvitationRow>(
      m,
      `${INVITATION_SELECT} WHERE i.token_hash = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
      [tokenHash],
    );
  }

  async list(m: EntityManager, collaborationId: string): Promise<InvitationView[]> {
    const rows = await sqlRows<InvitationRow>(
      m,
      `${INVITATION_SELECT} WHERE i.collaboration_id = $1 ORDER BY i.created_at DESC, i.id`,
      [collaborationId],
    );
    return rows.map(toInvitationView);
  }

  async hasPending(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
    email: string,
  ): Promise<boolean> {
    const row = await sqlOne<{ id: string }>(
      m,
      `SELECT id FROM invitations
        WHERE collaboration_id = $1 AND partner_id = $2 AND email = $3
          AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        LIMIT 1`,
      [collaborationId, partnerId, email],
    );
    return row !== null;
  }

  async markAccepted(m: EntityManager, collaborationId: string, id: string, userId: string): Promise<void> {
    await m.query(
      `UPDATE invitations SET accepted_at = now(), accepted_by = $3 WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, id, userId],
    );
  }

  async revoke(m: EntityManager, collaborationId: string, id: string): Promise<void> {
    await m.query(
      `UPDATE invitations SET revoked_at = now() WHERE collaboration_id = $1 AND id = $2 AND revoked_at IS NULL`,
      [collaborationId, id],
    );
  }

  /** Withdraws every invitation into a partner that has not been used yet; returns their ids. */
  async revokeUnusedForPartner(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
  ): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      m,
      `UPDATE invitations SET revoked_at = now()
        WHERE collaboration_id = $1 AND partner_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
        RETURNING id`,
      [collaborationId, partnerId],
    );
    return rows.map((r) => r.id);
  }

  agenda(
    m: EntityManager,
    collaborationId: string,
    version: number,
  ): Promise<InvitationPreview['agenda'] | null> {
    return sqlOne(
      m,
      `SELECT a.version, a.problem_statement AS "problemStatement", a.vision, a.principles, a.geography, a.form,
              a.fiscal_year_start_month AS "fiscalYearStartMonth", a.time_zone AS "timeZone",
              a.requires_approval AS "requiresApproval", a.change_note AS "changeNote",
              json_build_object('id', u.id, 'name', u.name) AS author, a.created_at AS "createdAt"
         FROM agenda_versions a JOIN users u ON u.id = a.author_id
        WHERE a.collaboration_id = $1 AND a.version = $2`,
      [collaborationId, version],
    );
  }

  goals(m: EntityManager, collaborationId: string): Promise<InvitationPreview['goals']> {
    return sqlRows(
      m,
      `SELECT g.id, g.title, g.description, to_char(g.target_date, 'YYYY-MM-DD') AS "targetDate", g.position,
              COALESCE((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'description', s.description,
                                                          'position', s.position) ORDER BY s.position, s.created_at, s.id)
                          FROM strategies s WHERE s.collaboration_id = g.collaboration_id AND s.goal_id = g.id), '[]'::json) AS strategies
         FROM goals g
        WHERE g.collaboration_id = $1
        ORDER BY g.position, g.created_at, g.id`,
      [collaborationId],
    );
  }
}
