import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type MemberView, PARTNER_ROLES, type Role, type UpdateMemberInput } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { badRequest, conflict, forbidden, notFound } from '../../../common/errors';
import {
  type CollaborationMember,
  type RequestContext,
  requireMember,
} from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { KIND_LABELS, roleFitsKind, roleMismatchMessage } from '../common/roles';
import { collaborationForWrite } from '../common/collaboration-gate';
import { lockScope } from '../common/sql';
import { PartnersRepository } from '../partners/partners.repository';
import { type MemberRow, MembersRepository, toMemberView } from './members.repository';

/**
 * People and their roles. Backbone admins change any role; partner admins only people of their
 * own organisation and only to partner roles; the last backbone admin stays (409).
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly members: MembersRepository,
    private readonly partners: PartnersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: MemberView[] }> {
    const member = requireMember(ctx);
    return { items: await this.members.list(this.ds.manager, member.collaborationId) };
  }

  async updateRole(ctx: RequestContext, membershipId: string, input: UpdateMemberInput): Promise<MemberView> {
    const actor = requireMember(ctx);
    const cid = actor.collaborationId;
    return this.ds.transaction(async (m) => {
      const target = await this.lockTarget(m, cid, membershipId);
      this.authorise(actor, target, input.role);
      if (!roleFitsKind(input.role, target.partnerKind)) {
        throw badRequest(
          `${target.organisationName} is ${KIND_LABELS[target.partnerKind]}: that role does not fit`,
          [{ path: 'role', message: roleMismatchMessage(target.partnerKind) }],
        );
      }
      if (target.role === input.role) return toMemberView(target);
      await this.keepOneBackboneAdmin(
        m,
        cid,
        target,
        `${target.userName} is the last backbone admin: make someone else backbone admin first`,
      );
      await this.members.updateRole(m, cid, membershipId, input.role);
      const after = (await this.members.find(m, cid, membershipId))!;
      await this.audit.record(
        ctx,
        {
          action: 'member.role_change',
          entity: 'membership',
          entityId: membershipId,
          before: { userId: target.userId, partnerId: target.partnerId, role: target.role },
          after: { userId: after.userId, partnerId: after.partnerId, role: after.role },
        },
        m,
      );
      return toMemberView(after);
    });
  }

  async remove(ctx: RequestContext, membershipId: string): Promise<void> {
    const actor = requireMember(ctx);
    const cid = actor.collaborationId;
    await this.ds.transaction(async (m) => {
      const target = await this.lockTarget(m, cid, membershipId);
      this.authorise(actor, target);
      await this.keepOneBackboneAdmin(
        m,
        cid,
        target,
        `${target.userName} is the last backbone admin and cannot be removed: make someone else backbone admin first`,
      );
      await this.members.delete(m, cid, membershipId);
      await this.audit.record(
        ctx,
        {
          action: 'member.remove',
          entity: 'membership',
          entityId: membershipId,
          before: {
            userId: target.userId,
            email: target.userEmail,
            partnerId: target.partnerId,
            role: target.role,
          },
          after: null,
        },
        m,
      );
    });
  }

  /** Serialises membership changes in the collaboration, then locks the target row. */
  private async lockTarget(
    m: EntityManager,
    collaborationId: string,
    membershipId: string,
  ): Promise<MemberRow> {
    await collaborationForWrite(this.partners, m, collaborationId);
    await lockScope(m, 'members', collaborationId);
    const target = await this.members.find(m, collaborationId, membershipId, true);
    if (!target || target.partnerStatus !== 'active') throw notFound('Member not found');
    return target;
  }

  private authorise(actor: CollaborationMember, target: MemberRow, newRole?: Role): void {
    if (actor.role === 'backbone_admin') return;
    if (actor.role !== 'partner_admin')
      throw forbidden('Your role in this collaboration does not allow this');
    if (target.partnerId !== actor.partnerId)
      throw forbidden('You can manage only the people of your own organisation');
    if (newRole !== undefined && !PARTNER_ROLES.includes(newRole)) {
      throw forbidden('Partner admins can give only the roles partner_admin and partner_contributor');
    }
  }

  private async keepOneBackboneAdmin(
    m: EntityManager,
    collaborationId: string,
    target: MemberRow,
    message: string,
  ): Promise<void> {
    if (target.role !== 'backbone_admin') return;
    if ((await this.members.countBackboneAdmins(m, collaborationId)) <= 1) {
      throw conflict(message, [
        { path: 'role', message: 'the collaboration needs at least one backbone admin' },
      ]);
    }
  }
}
