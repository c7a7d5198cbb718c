import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CollaborationMember } from '../../common/request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

@Injectable()
export class MembershipsLookup {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether a collaboration with this id exists (for auditing refused access against it). */
  async collaborationExists(collaborationId: string): Promise<boolean> {
    if (!isUuid(collaborationId)) return false;
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM collaborations WHERE id = $1`, [collaborationId]);
    return rows.length > 0;
  }

  /** The user's membership in a collaboration, or null (also for a malformed id). */
  async find(collaborationId: string, userId: string): Promise<CollaborationMember | null> {
    if (!isUuid(collaborationId)) return null;
    const rows: Array<{ id: string; partner_id: string; role: CollaborationMember['role'] }> = await this.ds.query(
      `SELECT m.id, m.partner_id, m.role
         FROM memberships m
         JOIN partners p ON p.collaboration_id = m.collaboration_id AND p.id = m.partner_id
        WHERE m.collaboration_id = $1 AND m.user_id = $2 AND p.status = 'active'`,
      [collaborationId, userId],
    );
    const r = rows[0];
    return r ? { collaborationId, membershipId: r.id, partnerId: r.partner_id, role: r.role } : null;
  }
}
