import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CreateApiTokenInput, roleHas } from '@constellation/shared';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { notFound } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { CollaborationWriteLock } from '../../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../../collaborations/common/db-errors';
import { sha256Hex } from './api-token-auth';
import { API_TOKEN_PREFIX } from './api-token-principal';
import { type ApiTokenRow, ApiTokensRepository } from './api-tokens.repository';

export interface ApiTokenView {
  id: string;
  partnerId: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toView = (r: ApiTokenRow): ApiTokenView => ({ ...r, createdAt: iso(r.createdAt)!, lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt) });

/**
 * API tokens for partner systems: `cst_` + 32 random bytes (base64url), shown once, stored as a
 * SHA-256 with a short prefix for recognition. Partner admins manage their own organisation's
 * tokens; backbone admins (partners.manage) any partner's. Another organisation's → 404.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tokens: ApiTokensRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  private async partnerScope(ctx: RequestContext, partnerId: string): Promise<string> {
    const member = requireMember(ctx);
    const anyPartner = roleHas(member.role, 'partners.manage');
    if (!anyPartner && member.partnerId !== partnerId) throw notFound('Partner not found');
    if (!(await this.tokens.partnerExists(this.ds.manager, member.collaborationId, partnerId))) throw notFound('Partner not found');
    return member.collaborationId;
  }

  async list(ctx: RequestContext, partnerId: string): Promise<{ items: ApiTokenView[] }> {
    const cid = await this.partnerScope(ctx, partnerId);
    return { items: (await this.tokens.list(this.ds.manager, cid, partnerId)).map(toView) };
  }

  async create(ctx: RequestContext, partnerId: string, body: CreateApiTokenInput): Promise<ApiTokenView & { token: string }> {
    const cid = await this.partnerScope(ctx, partnerId);
    const user = requireUser(ctx);
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    try {
      return await this.ds.transaction(async (m) => {
        await this.writeLock.lock(m, cid);
        const row = await this.tokens.insert(m, { collaborationId: cid, partnerId, name: body.name, hash: sha256Hex(token), prefix: token.slice(0, 12), userId: user.id });
        await this.audit.record(ctx, { action: 'api_token.create', entity: 'api_token', entityId: row.id, after: { partnerId, name: row.name, prefix: row.prefix } }, m);
        return { ...toView(row), token };
      });
    } catch (err) {
      translateDbError(err);
    }
  }

  async revoke(ctx: RequestContext, partnerId: string, tokenId: string): Promise<void> {
    const cid = await this.partnerScope(ctx, partnerId);
    await this.ds.transaction(async (m) => {
      const before = await this.tokens.one(m, cid, partnerId, tokenId);
      if (!before) throw notFound('API token not found');
      await this.tokens.revoke(m, cid, partnerId, tokenId);
      await this.audit.record(ctx, { action: 'api_token.revoke', entity: 'api_token', entityId: tokenId, before: { name: before.name, prefix: before.prefix } }, m);
    });
  }
}
