import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type EndorseInput, type PartnerView, roleHas } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { conflict, notFound } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import type { PartnerStatus } from '../../../database/entities/partner.entity';
import { AuditService } from '../../audit/audit.service';
import { collaborationForWrite } from '../common/collaboration-gate';
import { lockScope } from '../common/sql';
import { InvitationsRepository } from '../invitations/invitations.repository';
import { MembersRepository } from '../members/members.repository';
import { type PartnerRow, PartnersRepository } from './partners.repository';

const snapshot = (p: PartnerRow) => ({
  id: p.id,
  organisationId: p.organisationId,
  organisationName: p.organisationName,
  kind: p.kind,
  status: p.status,
  endorsedAgendaVersion: p.endorsedAgendaVersion,
  endorsedAt: p.endorsedAt,
  joinedAt: p.joinedAt,
});

/** The partners of a collaboration: list, endorsement of the common agenda, removal. */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly partners: PartnersRepository,
    private readonly members: MembersRepository,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Those who manage partners see every status; everyone else sees the organisations that have joined. */
  async list(ctx: RequestContext): Promise<{ items: PartnerView[] }> {
    const member = requireMember(ctx);
    const statuses: PartnerStatus[] | undefined = roleHas(member.role, 'partners.manage')
      ? undefined
      : ['active'];
    return { items: await this.partners.list(this.ds.manager, member.collaborationId, statuses) };
  }

  /**
   * Endorse the current agenda for one's own organisation (backbone admins may record it for any
   * partner). Another organisation's partner answers 404; an outdated version 409.
   */
  async endorse(ctx: RequestContext, partnerId: string, input: EndorseInput): Promise<PartnerView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    return this.ds.transaction(async (m) => {
      // FOR SHARE: the agenda version cannot change between the check and the commit.
      const collaboration = await collaborationForWrite(this.partners, m, cid);
      const before = await this.partners.find(m, cid, partnerId, true);
      if (!before || (member.role !== 'backbone_admin' && before.id !== member.partnerId))
        throw notFound('Partner not found');
      if (before.status !== 'active') {
        throw conflict(
          `${before.organisationName} has not joined the collaboration, so it cannot endorse the agenda yet`,
        );
      }
      const current = collaboration.currentAgendaVersion;
      if (input.agendaVersion !== current) {
        throw conflict(`The agenda changed since you read it: please read version ${current}`, [
          { path: 'agendaVersion', message: `must be the current version, ${current}` },
        ]);
      }
      if (before.endorsedAgendaVersion !== current) {
        await this.partners.endorse(m, cid, partnerId, current, user.id);
        const after = (await this.partners.find(m, cid, partnerId)) as PartnerRow;
        await this.audit.record(
          ctx,
          {
            action: 'partner.endorse',
            entity: 'partner',
            entityId: partnerId,
            before: snapshot(before),
            after: snapshot(after),
          },
          m,
        );
      }
      return (await this.partners.view(m, cid, partnerId))!;
    });
  }

  /** The partner leaves: status 'left', its memberships end, its unused invitations are withdrawn. */
  async remove(ctx: RequestContext, partnerId: string): Promise<void> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    await this.ds.transaction(async (m) => {
      await collaborationForWrite(this.partners, m, cid);
      await lockScope(m, 'members', cid);
      const before = await this.partners.find(m, cid, partnerId, true);
      if (!before) throw notFound('Partner not found');
      if (before.kind === 'backbone')
        throw conflict('The backbone organisation cannot be removed from its collaboration');
      if (before.status === 'left') return;
      const endedMemberships = await this.members.deleteByPartner(m, cid, partnerId);
      const revokedInvitations = await this.invitations.revokeUnusedForPartner(m, cid, partnerId);
      await this.partners.setStatus(m, cid, partnerId, 'left');
      const after = (await this.partners.find(m, cid, partnerId)) as PartnerRow;
      await this.audit.record(
        ctx,
        {
          action: 'partner.remove',
          entity: 'partner',
          entityId: partnerId,
          before: { ...snapshot(before), memberships: endedMemberships },
          after: { ...snapshot(after), memberships: [], revokedInvitations },
        },
        m,
      );
    });
  }
}
