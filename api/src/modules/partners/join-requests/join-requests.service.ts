import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DecideJoinRequestInput,
  JoinRequestInput,
  JoinRequestView,
  PartnerView,
} from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { AppError, conflict, notFound } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { AuditService } from '../../audit/audit.service';
import { MailQueue } from '../../mail/redis.provider';
import { collaborationForWrite } from '../common/collaboration-gate';
import { enqueueAfterCommit, escapeHtml, simpleHtml } from '../common/mail-text';
import { isUniqueViolation, lockScope } from '../common/sql';
import { MembersRepository, type UserRow } from '../members/members.repository';
import { type PartnerRow, PartnersRepository } from '../partners/partners.repository';
import { JoinRequestsRepository } from './join-requests.repository';

export interface JoinRequestCreated {
  collaboration: { id: string; name: string };
  partnerId: string;
  status: 'pending';
}

/** An organisation asks to join with the collaboration's code; the backbone approves or rejects. */
@Injectable()
export class JoinRequestsService {
  private readonly logger = new Logger('JoinRequests');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly joinRequests: JoinRequestsRepository,
    private readonly partners: PartnersRepository,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
    private readonly mail: MailQueue,
  ) {}

  /** POST /collaborations/join: a new organisation, its partner row 'pending'. */
  async request(ctx: RequestContext, input: JoinRequestInput): Promise<JoinRequestCreated> {
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      const collaboration = await this.partners.collaborationByJoinCode(m, input.joinCode);
      if (!collaboration || collaboration.status !== 'active') {
        throw new AppError(
          HttpStatus.NOT_FOUND,
          'No collaboration has this join code. Check it with the backbone team.',
          [{ path: 'joinCode', message: 'does not match any collaboration' }],
        );
      }
      const cid = collaboration.id;
      // One request at a time per collaboration, so a double click cannot file two.
      await lockScope(m, 'join-requests', cid);
      if (await this.members.findByUser(m, cid, user.id)) {
        throw conflict(`You are already a member of ${collaboration.name}`, [
          { path: 'joinCode', message: 'you are already a member' },
        ]);
      }
      const pending = await this.partners.pendingRequestBy(m, cid, user.id);
      if (pending) {
        throw conflict(
          `You already asked to join ${collaboration.name} for ${pending.organisationName}; the backbone team will decide`,
          [{ path: 'joinCode', message: 'you already have a pending request' }],
        );
      }
      const active = await this.partners.findByOrganisationName(m, cid, input.organisationName, ['active']);
      if (active) {
        throw conflict(
          `${active.organisationName} already takes part in ${collaboration.name}: ask its partner admin to invite you`,
          [{ path: 'organisationName', message: 'already takes part in this collaboration' }],
        );
      }
      const organisation = await this.partners.insertOrganisation(
        m,
        input.organisationName,
        input.sector ?? null,
      );
      const partner = await this.partners.insert(m, {
        collaborationId: cid,
        organisationId: organisation.id,
        kind: 'partner',
        status: 'pending',
        sector: input.sector ?? null,
        requestedBy: user.id,
        requestMessage: input.message?.trim() ? input.message.trim() : null,
      });
      await this.audit.record(
        ctx,
        {
          action: 'join_request.create',
          entity: 'partner',
          entityId: partner.id,
          collaborationId: cid,
          before: null,
          after: {
            organisationId: organisation.id,
            organisationName: organisation.name,
            status: 'pending',
            message: partner.requestMessage,
          },
        },
        m,
      );
      return {
        collaboration: { id: cid, name: collaboration.name },
        partnerId: partner.id,
        status: 'pending' as const,
      };
    });
  }

  async list(ctx: RequestContext): Promise<{ items: JoinRequestView[] }> {
    const member = requireMember(ctx);
    return { items: await this.joinRequests.listPending(this.ds.manager, member.collaborationId) };
  }

  /** approve → the partner is active and the requester its partner admin; reject → 'rejected'. */
  async decide(ctx: RequestContext, partnerId: string, input: DecideJoinRequestInput): Promise<PartnerView> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const { view, requester, collaborationName } = await this.ds.transaction(async (m) => {
      const collaboration = await collaborationForWrite(this.partners, m, cid);
      const before = await this.partners.find(m, cid, partnerId, true);
      if (!before || before.requestedBy === null) throw notFound('Join request not found');
      if (before.status !== 'pending') {
        throw conflict(
          `This request has already been decided: ${before.organisationName} is ${before.status}`,
        );
      }
      const requester = await this.members.findUser(m, before.requestedBy);
      if (input.decision === 'approve') {
        if (!requester) throw conflict('The person who asked no longer has an account; reject this request');
        if (await this.members.findByUser(m, cid, requester.id)) {
          throw conflict(
            `${requester.name} is already a member of this collaboration; reject this request instead`,
          );
        }
        await this.partners.activate(m, cid, partnerId);
        try {
          await this.members.insert(m, cid, requester.id, partnerId, 'partner_admin');
        } catch (err) {
          if (isUniqueViolation(err))
            throw conflict(`${requester.name} is already a member of this collaboration`);
          throw err;
        }
      } else {
        await this.partners.setStatus(m, cid, partnerId, 'rejected');
      }
      const after = (await this.partners.find(m, cid, partnerId)) as PartnerRow;
      await this.audit.record(
        ctx,
        {
          action: `join_request.${input.decision}`,
          entity: 'partner',
          entityId: partnerId,
          before: {
            status: before.status,
            organisationName: before.organisationName,
            requestedBy: before.requestedBy,
          },
          after: {
            status: after.status,
            joinedAt: after.joinedAt,
            reason: input.reason ?? null,
            membership:
              input.decision === 'approve' ? { userId: requester!.id, role: 'partner_admin' } : null,
          },
        },
        m,
      );
      return {
        view: (await this.partners.view(m, cid, partnerId))!,
        requester,
        collaborationName: collaboration.name,
      };
    });
    if (requester) await this.notify(requester, collaborationName, view, input);
    return view;
  }

  /** Tells the requester the decision (queued after the commit; a queue outage is logged). */
  private notify(
    to: UserRow,
    collaborationName: string,
    partner: PartnerView,
    input: DecideJoinRequestInput,
  ) {
    const approved = input.decision === 'approve';
    const link = `${this.config.publicUrl}/`;
    const lines = approved
      ? [
          `Your request to join "${collaborationName}" for ${partner.organisation.name} was approved. You are the organisation's partner admin.`,
          'Sign in to read the common agenda, endorse it for your organisation and invite your colleagues.',
        ]
      : [
          `Your request to join "${collaborationName}" for ${partner.organisation.name} was not approved.`,
          ...(input.reason ? [`The reason given: ${input.reason}`] : []),
        ];
    const text = [
      'Hello,',
      '',
      ...lines.flatMap((l) => [l, '']),
      ...(approved ? [link, ''] : []),
      '— Constellation',
    ].join('\n');
    return enqueueAfterCommit(
      () =>
        this.mail.send({
          to: to.email,
          subject: `${collaborationName}: your request to join was ${approved ? 'approved' : 'not approved'}`
            .replace(/\s+/g, ' ')
            .slice(0, 300),
          text,
          html: simpleHtml(
            ['Hello,', ...lines.map(escapeHtml)],
            approved ? { href: link, label: 'Open Constellation' } : undefined,
          ),
          kind: 'join_request_decision',
        }),
      this.logger,
      'join request decision',
    );
  }
}
