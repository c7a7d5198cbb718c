import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@constellation/shared';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { UserEntity } from '../../database/entities';
import type { PartnerKind } from '../../database/entities/partner.entity';

export interface MembershipRow {
  collaborationId: string;
  name: string;
  slug: string;
  status: 'active' | 'archived';
  role: Role;
  partnerId: string;
  partnerKind: PartnerKind;
  organisationId: string;
  organisationName: string;
}

const isUniqueViolation = (err: unknown, constraint: string) =>
  err instanceof QueryFailedError &&
  (err.driverError as { code?: string; constraint?: string } | undefined)?.code === '23505' &&
  (err.driverError as { constraint?: string }).constraint === constraint;

/** Users (a reference table, not tenant-scoped) and the person's memberships across collaborations. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findByEmail(email: string, m: EntityManager = this.ds.manager): Promise<UserEntity | null> {
    return m.getRepository(UserEntity).findOneBy({ email: email.toLowerCase() });
  }

  findById(id: string, m: EntityManager = this.ds.manager): Promise<UserEntity | null> {
    return m.getRepository(UserEntity).findOneBy({ id });
  }

  /** The new user, or null when the email is already registered (also under a race). */
  async insert(
    m: EntityManager,
    input: { email: string; name: string; passwordHash: string },
  ): Promise<UserEntity | null> {
    try {
      // A savepoint, so a unique violation leaves the surrounding transaction usable.
      return await m.transaction(async (inner) => {
        const repo = inner.getRepository(UserEntity);
        const user = repo.create({
          email: input.email.toLowerCase(),
          name: input.name,
          passwordHash: input.passwordHash,
        });
        return repo.save(user);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) return null;
      throw err;
    }
  }

  async updatePassword(m: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await m.getRepository(UserEntity).update({ id: userId }, { passwordHash });
  }

  /** Memberships through partners that are active (not invited, pending, left or rejected). */
  async activeMemberships(userId: string): Promise<MembershipRow[]> {
    const rows: Array<{
      collaboration_id: string;
      name: string;
      slug: string;
      status: MembershipRow['status'];
      role: Role;
      partner_id: string;
      partner_kind: PartnerKind;
      organisation_id: string;
      organisation_name: string;
    }> = await this.ds.query(
      `SELECT m.collaboration_id, c.name, c.slug, c.status, m.role,
              p.id AS partner_id, p.kind AS partner_kind,
              o.id AS organisation_id, o.name AS organisation_name
         FROM memberships m
         JOIN partners p ON p.collaboration_id = m.collaboration_id AND p.id = m.partner_id
         JOIN collaborations c ON c.id = m.collaboration_id
         JOIN organisations o ON o.id = p.organisation_id
        WHERE m.user_id = $1 AND p.status = 'active'
        ORDER BY c.status = 'archived', lower(c.name), c.id`,
      [userId],
    );
    return rows.map((r) => ({
      collaborationId: r.collaboration_id,
      name: r.name,
      slug: r.slug,
      status: r.status,
      role: r.role,
      partnerId: r.partner_id,
      partnerKind: r.partner_kind,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
    }));
  }
}
