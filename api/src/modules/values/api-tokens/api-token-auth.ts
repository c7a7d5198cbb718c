import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { API_TOKEN_PREFIX, type ApiTokenPrincipal } from './api-token-principal';

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Resolves a bearer token for the global guard: only the SHA-256 of a token is stored; a revoked
 * token, a token of a partner that left, or anything malformed resolves to null.
 */
@Injectable()
export class ApiTokenAuth {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async resolve(token: string): Promise<ApiTokenPrincipal | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
    const rows: Array<{ id: string; name: string; collaboration_id: string; partner_id: string }> = await this.ds.query(
      `UPDATE api_tokens t SET last_used_at = now()
         FROM partners p
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL
          AND p.collaboration_id = t.collaboration_id AND p.id = t.partner_id AND p.status = 'active'
        RETURNING t.id, t.name, t.collaboration_id, t.partner_id`,
      [sha256Hex(token)],
    ).then((r: unknown) => (Array.isArray(r) && Array.isArray(r[0]) ? (r[0] as never) : (r as never)));
    const row = rows[0];
    return row ? { id: row.id, name: row.name, collaborationId: row.collaboration_id, partnerId: row.partner_id } : null;
  }
}
