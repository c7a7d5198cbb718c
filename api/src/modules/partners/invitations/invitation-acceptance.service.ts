import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AcceptInvitationInput, InvitationPreview } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { badRequest, conflict, forbidden, gone, notFound } from '../../../common/errors';
import { type RequestContext, requireUser } from '../../../common/request-context';
import { sha256 } from '../../access/sessions.service';
import { AuditService } from '../../audit/audit.service';
import { readableDate } from '../common/mail-text';
import { isUniqueViolation } from '../common/sql';
import { MembersRepository } from '../members/members.repository';
import { type CollaborationRow, type PartnerRow, PartnersRepository } from '../partners/partners.repository';
import { type InvitationRow, InvitationsRepository } from './invitations.repository';

/** Tokens are 32 random bytes in base64url (43 characters); anything else cannot be one. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

export interface AcceptedInvitation {
  collaborationId: string;
  partnerId: string;
  role: InvitationRow['role'];
}

/** The invitee's side: read the invitation (public, by token) and accept it (signed in). */
@Injectable()
export class InvitationAcceptanceService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly partners: PartnersRepository,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
  ) {}

  /** GET /invitations/:token: what the invitee is joining, with the current agenda and goals. */
  async preview(token: string): Promise<InvitationPreview> {
    const m = this.ds.manager;
    const invitation = await this.findByToken(m, token, false);
    this.assertUsable(invitation);
    const collaboration = (await this.partners.collaboration(
      m,
      invitation.collaborationId,
    )) as CollaborationRow;
    const partner = (await this.partners.find(
      m,
      invitation.collaborationId,
      invitation.partnerId,
    )) as PartnerRow;
    this.assertJoinable(collaboration, partner);
    const [agenda, goals] = await Promise.all([
      this.invitations.agenda(m, collaboration.id, collaboration.currentAgendaVersion),
      this.invitations.goals(m, collaboration.id),
    ]);
    if (!agenda)
      throw new Error(
        `Collaboration ${collaboration.id} has no agenda version ${collaboration.currentAgendaVersion}`,
      );
    return {
      status: 'pending',
      email: invitation.email,
      role: invitation.role,
      organisation: { name: invitation.organisationName },
      collaboration: { id: collaboration.id, name: collaboration.name, slug: collaboration.slug },
      invitedBy: { name: invitation.invitedByName },
      message: invitation.message,
      expiresAt: invitation.expiresAt.toISOString(),
      requiresEndorsement: this.requiresEndorsement(invitation, partner),
      agenda,
      goals,
    };
  }

  /**
   * POST /invitations/:token/accept. One transaction with the invitation row locked FOR UPDATE,
   * so two concurrent accepts make one membership and the second sees the invitation used.
   */
  async accept(
    ctx: RequestContext,
    token: string,
    input: AcceptInvitationInput,
  ): Promise<AcceptedInvitation> {
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      const invitation = await this.findByToken(m, token, true);
      this.assertUsable(invitation);
      if (invitation.email !== user.email.toLowerCase()) {
        throw forbidden(
          `This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`,
        );
      }
      const cid = invitation.collaborationId;
      // FOR SHARE: the agenda version cannot change between the check and the commit.
      const collaboration = (await this.partners.collaboration(m, cid, 'share')) as CollaborationRow;
      const before = (await this.partners.find(m, cid, invitation.partnerId, true)) as PartnerRow;
      this.assertJoinable(collaboration, before);
      if (await this.members.findByUser(m, cid, user.id)) {
        throw conflict(`You are already a member of ${collaboration.name}`);
      }

      const current = collaboration.currentAgendaVersion;
      let endorses = false;
      if (invitation.role === 'partner_admin') {
        const version = input.endorsedAgendaVersion;
        if (version === undefined) {
          if (this.requiresEndorsement(invitation, before)) {
            throw badRequest(
              `Read the common agenda and endorse it to join: send the version you read (${current})`,
              [
                {
                  path: 'endorsedAgendaVersion',
                  message: `is required: endorse version ${current} of the common agenda to join`,
                },
              ],
            );
          }
        } else if (version !== current) {
          throw conflict(`The agenda changed since you read it: please read version ${current}`, [
            { path: 'endorsedAgendaVersion', message: `must be the current version, ${current}` },
          ]);
        } else {
          endorses = true;
        }
      }

      await this.partners.activate(m, cid, before.id);
      if (endorses) await this.partners.endorse(m, cid, before.id, current, user.id);
      let membershipId: string;
      try {
        membershipId = await this.members.insert(m, cid, user.id, before.id, invitation.role);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`You are already a member of ${collaboration.name}`);
        throw err;
      }
      await this.invitations.markAccepted(m, cid, invitation.id, user.id);
      const after = (await this.partners.find(m, cid, before.id)) as PartnerRow;

      const snap = (p: PartnerRow) => ({
        id: p.id,
        organisationName: p.organisationName,
        kind: p.kind,
        status: p.status,
        endorsedAgendaVersion: p.endorsedAgendaVersion,
        joinedAt: p.joinedAt,
      });
      await this.audit.record(
        ctx,
        {
          action: 'invitation.accept',
          entity: 'invitation',
          entityId: invitation.id,
          collaborationId: cid,
          before: { status: invitation.status, partner: snap(before) },
          after: {
            status: 'accepted',
            partner: snap(after),
            membership: { id: membershipId, userId: user.id, role: invitation.role },
          },
        },
        m,
      );
      if (endorses) {
        await this.audit.record(
          ctx,
          {
            action: 'partner.endorse',
            entity: 'partner',
            entityId: before.id,
            collaborationId: cid,
            before: { endorsedAgendaVersion: before.endorsedAgendaVersion },
            after: { endorsedAgendaVersion: current },
          },
          m,
        );
      }
      return { collaborationId: cid, partnerId: before.id, role: invitation.role };
    });
  }

  private async findByToken(m: EntityManager, token: string, lock: boolean): Promise<InvitationRow> {
    const invitation = TOKEN_SHAPE.test(token)
      ? await this.invitations.findByTokenHash(m, sha256(token), lock)
      : null;
    if (!invitation)
      throw notFound(
        'This invitation link is not valid. Check that you copied the whole link from the email.',
      );
    return invitation;
  }

  /** 410 with a sentence saying why the link no longer works. */
  private assertUsable(i: InvitationRow): void {
    if (i.status === 'accepted')
      throw gone('This invitation has already been used. Sign in to open the collaboration.');
    if (i.status === 'revoked') {
      throw gone(
        `This invitation was withdrawn. Ask ${i.invitedByName} for a new one if you still want to join.`,
      );
    }
    if (i.status === 'expired') {
      throw gone(
        `This invitation expired on ${readableDate(i.expiresAt)}. Ask ${i.invitedByName} to send a new one.`,
      );
    }
  }

  private assertJoinable(c: CollaborationRow, p: PartnerRow): void {
    if (c.status !== 'active') throw gone(`${c.name} has been archived and no longer takes new members.`);
    if (p.status === 'left' || p.status === 'rejected') {
      throw gone(
        `${p.organisationName} no longer takes part in ${c.name}, so this invitation cannot be used.`,
      );
    }
  }

  /** A partner admin joining an organisation that has not endorsed the agenda endorses it by accepting. */
  private requiresEndorsement(i: InvitationRow, p: PartnerRow): boolean {
    return i.role === 'partner_admin' && (p.status !== 'active' || p.endorsedAgendaVersion === null);
  }
}
