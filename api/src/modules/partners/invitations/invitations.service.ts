import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateInvitationInput,
  type CreatePartnerInvitationInput,
  type InvitationView,
  roleHas,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { randomToken, sha256 } from '../../access/sessions.service';
import { AuditService } from '../../audit/audit.service';
import { MailQueue } from '../../mail/redis.provider';
import { collaborationForWrite } from '../common/collaboration-gate';
import { enqueueAfterCommit } from '../common/mail-text';
import {
  type InvitableRole,
  KIND_LABELS,
  kindForRole,
  roleFitsKind,
  roleMismatchMessage,
} from '../common/roles';
import { lockScope } from '../common/sql';
import { MembersRepository } from '../members/members.repository';
import { type PartnerRow, PartnersRepository } from '../partners/partners.repository';
import { invitationEmail } from './invitation-email';
import { InvitationsRepository, toInvitationView } from './invitations.repository';

export type CreatedInvitation = InvitationView & { acceptUrl: string; emailQueued: boolean };

const GONE_STATUSES = new Set(['left', 'rejected']);

/** Backbone and partner admins invite people; the backbone lists and revokes invitations. */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('Invitations');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationsRepository,
    private readonly partners: PartnersRepository,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
    private readonly mail: MailQueue,
  ) {}

  /**
   * POST /collaborations/:id/invitations (partners.manage): an organisation's contact
   * (new organisation or an existing one), a funder, or backbone staff (backbone admins only).
   */
  async inviteToCollaboration(ctx: RequestContext, input: CreateInvitationInput): Promise<CreatedInvitation> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    if (input.role === 'backbone_staff' && !roleHas(member.role, 'members.manage')) {
      throw forbidden('Only backbone admins can invite backbone staff');
    }
    return this.issue(ctx, input, async (m) => {
      if (input.role === 'backbone_staff') {
        const backbone = await this.partners.findBackbone(m, cid);
        if (!backbone) throw notFound('This collaboration has no backbone organisation');
        if (input.organisationId && input.organisationId !== backbone.organisationId) {
          throw badRequest('Backbone staff join the backbone organisation', [
            {
              path: 'organisationId',
              message: 'must be the backbone organisation (or left out) for backbone staff',
            },
          ]);
        }
        return backbone;
      }
      const kind = kindForRole(input.role);
      if (input.organisationId) {
        const organisation = await this.partners.findOrganisation(m, input.organisationId);
        if (!organisation) {
          throw new AppError(HttpStatus.NOT_FOUND, 'Organisation not found', [
            { path: 'organisationId', message: 'does not match any organisation' },
          ]);
        }
        const existing = await this.partners.findByOrganisation(m, cid, organisation.id);
        if (!existing) {
          const created = await this.partners.insert(m, {
            collaborationId: cid,
            organisationId: organisation.id,
            kind,
            status: 'invited',
            sector: input.sector ?? null,
          });
          await this.auditPartner(ctx, m, 'partner.invite', null, created);
          return created;
        }
        if (existing.kind !== kind) {
          throw conflict(
            `${existing.organisationName} takes part as ${KIND_LABELS[existing.kind]}; invite its people with a role that fits`,
            [{ path: 'role', message: roleMismatchMessage(existing.kind) }],
          );
        }
        if (GONE_STATUSES.has(existing.status)) {
          await this.partners.setStatus(m, cid, existing.id, 'invited');
          const reopened = { ...existing, status: 'invited' as const };
          await this.auditPartner(ctx, m, 'partner.invite', existing, reopened);
          return reopened;
        }
        return existing;
      }
      const name = input.organisationName?.trim();
      if (!name) {
        throw badRequest(
          'Name the organisation you are inviting, or choose one that is already on Constellation',
          [
            {
              path: 'organisationName',
              message: 'is required for a new organisation (or give organisationId)',
            },
          ],
        );
      }
      const taken = await this.partners.findByOrganisationName(m, cid, name, [
        'invited',
        'pending',
        'active',
      ]);
      if (taken) {
        throw conflict(
          `${taken.organisationName} already takes part in this collaboration (${taken.status}); invite its people from its page`,
          [{ path: 'organisationName', message: 'already takes part in this collaboration' }],
        );
      }
      const organisation = await this.partners.insertOrganisation(m, name, input.sector ?? null);
      const created = await this.partners.insert(m, {
        collaborationId: cid,
        organisationId: organisation.id,
        kind,
        status: 'invited',
        sector: input.sector ?? null,
      });
      await this.auditPartner(ctx, m, 'partner.invite', null, created);
      return created;
    });
  }

  /**
   * POST /collaborations/:id/partners/:partnerId/invitations (members.manage_own_org): a colleague
   * into one organisation. Partner admins only into their own; backbone admins into any partner.
   */
  async inviteToPartner(
    ctx: RequestContext,
    partnerId: string,
    input: CreatePartnerInvitationInput,
  ): Promise<CreatedInvitation> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    return this.issue(ctx, input, async (m) => {
      const partner = await this.partners.find(m, cid, partnerId, true);
      if (!partner) throw notFound('Partner not found');
      if (member.role !== 'backbone_admin' && partner.id !== member.partnerId) {
        throw forbidden('You can invite people only into your own organisation');
      }
      if (!roleFitsKind(input.role, partner.kind)) {
        throw badRequest(
          `${partner.organisationName} is ${KIND_LABELS[partner.kind]}: that role does not fit`,
          [{ path: 'role', message: roleMismatchMessage(partner.kind) }],
        );
      }
      if (input.organisationId && input.organisationId !== partner.organisationId) {
        throw badRequest('The invitation is for this partner organisation', [
          { path: 'organisationId', message: "must be this partner's organisation (or left out)" },
        ]);
      }
      if (GONE_STATUSES.has(partner.status)) {
        throw conflict(`${partner.organisationName} no longer takes part in this collaboration`);
      }
      return partner;
    });
  }

  async list(ctx: RequestContext): Promise<{ items: InvitationView[] }> {
    const member = requireMember(ctx);
    return { items: await this.invitations.list(this.ds.manager, member.collaborationId) };
  }

  /** Withdraws an unused invitation; revoking twice is harmless; an accepted one is 409. */
  async revoke(ctx: RequestContext, invitationId: string): Promise<InvitationView> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    return this.ds.transaction(async (m) => {
      await collaborationForWrite(this.partners, m, cid);
      const before = await this.invitations.find(m, cid, invitationId, true);
      if (!before) throw notFound('Invitation not found');
      if (before.status === 'accepted') {
        throw conflict(`${before.email} already accepted this invitation; remove the member instead`);
      }
      if (before.status === 'revoked') return toInvitationView(before);
      await this.invitations.revoke(m, cid, invitationId);
      const after = (await this.invitations.find(m, cid, invitationId))!;
      await this.audit.record(
        ctx,
        {
          action: 'invitation.revoke',
          entity: 'invitation',
          entityId: invitationId,
          before: toInvitationView(before),
          after: toInvitationView(after),
        },
        m,
      );
      return toInvitationView(after);
    });
  }

  /**
   * One transaction: resolve (or create) the partner, refuse duplicates, store the token's
   * hash, audit. Then queue the email with the link; the answer carries the link once.
   */
  private async issue(
    ctx: RequestContext,
    input: { email: string; role: InvitableRole; message?: string },
    resolvePartner: (m: EntityManager) => Promise<PartnerRow>,
  ): Promise<CreatedInvitation> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    const token = randomToken();
    const acceptUrl = `${this.config.publicUrl}/invitations/${token}`;

    const { view, collaboration } = await this.ds.transaction(async (m) => {
      const collaboration = await collaborationForWrite(this.partners, m, cid);
      // One invitation write at a time per collaboration: duplicate checks and new partners stay consistent.
      await lockScope(m, 'invitations', cid);
      const partner = await resolvePartner(m);
      if (input.role === 'partner_contributor' && partner.status !== 'active') {
        throw conflict(
          `${partner.organisationName} has not joined yet: invite its partner admin first, who endorses the common agenda for the organisation`,
          [
            {
              path: 'role',
              message: 'partner_contributor needs an organisation that has joined; use partner_admin',
            },
          ],
        );
      }
      const existingUser = await this.members.findUserByEmail(m, input.email);
      if (existingUser && (await this.members.findByUser(m, cid, existingUser.id))) {
        throw conflict(`${input.email} is already a member of this collaboration`, [
          { path: 'email', message: 'is already a member of this collaboration' },
        ]);
      }
      if (await this.invitations.hasPending(m, cid, partner.id, input.email)) {
        throw conflict(
          `${input.email} already has a pending invitation to ${partner.organisationName}; revoke it to send a new one`,
          [{ path: 'email', message: 'already has a pending invitation for this organisation' }],
        );
      }
      const id = await this.invitations.insert(m, {
        collaborationId: cid,
        email: input.email,
        partnerId: partner.id,
        role: input.role,
        tokenHash: sha256(token),
        message: input.message?.trim() ? input.message.trim() : null,
        invitedBy: user.id,
        expiresAt: new Date(Date.now() + this.config.invitationTtlDays * 24 * 3600_000),
      });
      const view = toInvitationView((await this.invitations.find(m, cid, id))!);
      await this.audit.record(
        ctx,
        { action: 'invitation.create', entity: 'invitation', entityId: id, before: null, after: view },
        m,
      );
      return { view, collaboration };
    });

    const emailQueued = await enqueueAfterCommit(
      () =>
        this.mail.send(
          invitationEmail({
            to: view.email,
            inviterName: user.name,
            collaborationName: collaboration.name,
            organisationName: view.organisation.name,
            role: view.role,
            message: view.message,
            acceptUrl,
            expiresAt: new Date(view.expiresAt),
          }),
        ),
      this.logger,
      'invitation',
    );
    return { ...view, acceptUrl, emailQueued };
  }

  private async auditPartner(
    ctx: RequestContext,
    m: EntityManager,
    action: string,
    before: PartnerRow | null,
    after: PartnerRow,
  ) {
    const snap = (p: PartnerRow | null) =>
      p && {
        id: p.id,
        organisationId: p.organisationId,
        organisationName: p.organisationName,
        kind: p.kind,
        status: p.status,
      };
    await this.audit.record(
      ctx,
      { action, entity: 'partner', entityId: after.id, before: snap(before), after: snap(after) },
      m,
    );
  }
}
