import { Injectable } from '@nestjs/common';
import type { JoinRequestView } from '@constellation/shared';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '../common/sql';

interface JoinRequestRow {
  partnerId: string;
  organisationId: string;
  organisationName: string;
  sector: string | null;
  requesterId: string | null;
  requesterName: string | null;
  requesterEmail: string | null;
  message: string | null;
  createdAt: Date;
}

/** Organisations waiting for the backbone to decide on their request to join. */
@Injectable()
export class JoinRequestsRepository {
  async listPending(m: EntityManager, collaborationId: string): Promise<JoinRequestView[]> {
    const rows = await sqlRows<JoinRequestRow>(
      m,
      `SELECT p.id AS "partnerId", o.id AS "organisationId", o.name AS "organisationName",
              COALESCE(p.sector, o.sector) AS sector,
              u.id AS "requesterId", u.name AS "requesterName", u.email AS "requesterEmail",
              p.request_message AS message, p.created_at AS "createdAt"
         FROM partners p
         JOIN organisations o ON o.id = p.organisation_id
         LEFT JOIN users u ON u.id = p.requested_by
        WHERE p.collaboration_id = $1 AND p.status = 'pending'
        ORDER BY p.created_at, p.id`,
      [collaborationId],
    );
    return rows.map((r) => ({
      partnerId: r.partnerId,
      organisation: { id: r.organisationId, name: r.organisationName },
      sector: r.sector,
      requestedBy: r.requesterId
        ? { id: r.requesterId, name: r.requesterName!, email: r.requesterEmail! }
        : null,
      message: r.message,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
