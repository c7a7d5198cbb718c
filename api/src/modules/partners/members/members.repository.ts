import { Injectable } from '@nestjs/common';
import type { MemberView, Role } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import type { PartnerKind, PartnerStatus } from '../../../database/entities/partner.entity';
import { sqlOne, sqlRows } from '../common/sql';

export interface MemberRow {
  membershipId: string;
  userId: string;
  userName: string;
  userEmail: string;
  role: Role;
  partnerId: string;
  organisationName: string;
  partnerKind: PartnerKind;
  partnerStatus: PartnerStatus;
  createdAt: Date;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
}

const MEMBER_SELECT = `
  SELECT mb.id AS "membershipId", u.id AS "userId", u.name AS "userName", u.email AS "userEmail", mb.role,
         p.id AS "partnerId", o.name AS "organisationName", p.kind AS "partnerKind", p.status AS "partnerStatus",
         mb.created_at AS "createdAt"
    FROM memberships mb
    JOIN users u ON u.id = mb.user_id
    JOIN partners p ON p.collaboration_id = mb.collaboration_id AND p.id = mb.partner_id
    JOIN organisations o ON o.id = p.organisation_id`;

export const toMemberView = (r: MemberRow): MemberView => ({
  membershipId: r.membershipId,
  user: { id: r.userId, name: r.userName, email: r.userEmail },
  role: r.role,
  partner: { id: r.partnerId, organisationName: r.organisationName, kind: r.partnerKind },
  createdAt: r.createdAt.toISOString(),
});

/** Memberships (tenant-scoped) and the users they point at. */
@Injectable()
export class MembersRepository {
  /** People whose membership counts: their partner is active. */
  async list(m: EntityManager, collaborationId: string): Promise<MemberView[]> {
    const rows = await sqlRows<MemberRow>(
      m,
      `${MEMBER_SELECT}
        WHERE mb.collaboration_id = $1 AND p.status = 'active'
        ORDER BY CASE p.kind WHEN 'backbone' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, lower(o.name), lower(u.name), mb.id`,
      [collaborationId],
    );
    return rows.map(toMemberView);
  }

  /** `lock` takes the membership row FOR UPDATE. */
  find(
    m: EntityManager,
    collaborationId: string,
    membershipId: string,
    lock = false,
  ): Promise<MemberRow | null> {
    return sqlOne<MemberRow>(
      m,
      `${MEMBER_SELECT} WHERE mb.collaboration_id = $1 AND mb.id = $2 ${lock ? 'FOR UPDATE OF mb' : ''}`,
      [collaborationId, membershipId],
    );
  }

  findByUser(m: EntityManager, collaborationId: string, userId: string): Promise<MemberRow | null> {
    return sqlOne<MemberRow>(m, `${MEMBER_SELECT} WHERE mb.collaboration_id = $1 AND mb.user_id = $2`, [
      collaborationId,
      userId,
    ]);
  }

  async insert(
    m: EntityManager,
    collaborationId: string,
    userId: string,
    partnerId: string,
    role: Role,
  ): Promise<string> {
    const row = await sqlOne<{ id: string }>(
      m,
      `INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, $4) RETURNING id`,
      [collaborationId, userId, partnerId, role],
    );
    return row!.id;
  }

  async updateRole(
    m: EntityManager,
    collaborationId: string,
    membershipId: string,
    role: Role,
  ): Promise<void> {
    await m.query(
      `UPDATE memberships SET role = $3, updated_at = now() WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, membershipId, role],
    );
  }

  async delete(m: EntityManager, collaborationId: string, membershipId: string): Promise<void> {
    await m.query(`DELETE FROM memberships WHERE collaboration_id = $1 AND id = $2`, [
      collaborationId,
      membershipId,
    ]);
  }

  /** Ends every membership through one partner; returns who they were. */
  deleteByPartner(
    m: EntityManager,
    collaborationId: string,
    partnerId: string,
  ): Promise<Array<{ id: string; userId: string; role: Role }>> {
    return sqlRows(
      m,
      `DELETE FROM memberships WHERE collaboration_id = $1 AND partner_id = $2 RETURNING id, user_id AS "userId", role`,
      [collaborationId, partnerId],
    );
  }

  async countBackboneAdmins(m: EntityManager, collaborationId: string): Promise<number> {
    const row = await sqlOne<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM memberships mb
         JOIN partners p ON p.collaboration_id = mb.collaboration_id AND p.id = mb.partner_id
        WHERE mb.collaboration_id = $1 AND mb.role = 'backbone_admin' AND p.status = 'active'`,
      [collaborationId],
    );
    return row?.n ?? 0;
  }

  findUserByEmail(m: EntityManager, email: string): Promise<UserRow | null> {
    return sqlOne<UserRow>(m, `SELECT id, name, email FROM users WHERE email = lower($1)`, [email]);
  }

  findUser(m: EntityManager, id: string): Promise<UserRow | null> {
    return sqlOne<UserRow>(m, `SELECT id, name, email FROM users WHERE id = $1`, [id]);
  }
}
