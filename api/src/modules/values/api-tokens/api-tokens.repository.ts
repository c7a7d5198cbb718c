import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../../collaborations/common/sql';

export interface ApiTokenRow {
  id: string;
  partnerId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `t.id, t.partner_id AS "partnerId", t.name, t.token_prefix AS prefix, t.created_at AS "createdAt",
  json_build_object('id', u.id, 'name', u.name) AS "createdBy", t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt"`;

@Injectable()
export class ApiTokensRepository {
  /** An active organisation of the collaboration that reports values (a partner or the backbone; never a funder). */
  partnerExists(m: EntityManager, collaborationId: string, partnerId: string): Promise<{ id: string } | null> {
    return queryOne(
      m,
      `SELECT id FROM partners WHERE collaboration_id = $1 AND id = $2 AND status = 'active' AND kind <> 'funder'`,
      [collaborationId, partnerId],
    );
  }

  list(m: EntityManager, collaborationId: string, partnerId: string): Promise<ApiTokenRow[]> {
    return queryRows<ApiTokenRow>(
      m,
      `SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
        WHERE t.collaboration_id = $1 AND t.partner_id = $2 ORDER BY t.created_at DESC, t.id`,
      [collaborationId, partnerId],
    );
  }

  async insert(m: EntityManager, row: { collaborationId: string; partnerId: string; name: string; hash: string; prefix: string; userId: string }): Promise<ApiTokenRow> {
    const [{ id }] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO api_tokens (collaboration_id, partner_id, name, token_hash, token_prefix, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [row.collaborationId, row.partnerId, row.name, row.hash, row.prefix, row.userId],
    );
    return (await this.one(m, row.collaborationId, row.partnerId, id!))!;
  }

  one(m: EntityManager, collaborationId: string, partnerId: string, id: string): Promise<ApiTokenRow | null> {
    return queryOne<ApiTokenRow>(
      m,
      `SELECT ${COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
        WHERE t.collaboration_id = $1 AND t.partner_id = $2 AND t.id = $3`,
      [collaborationId, partnerId, id],
    );
  }

  async revoke(m: EntityManager, collaborationId: string, partnerId: string, id: string): Promise<number> {
    return execute(
      m,
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE collaboration_id = $1 AND partner_id = $2 AND id = $3`,
      [collaborationId, partnerId, id],
    );
  }
}
