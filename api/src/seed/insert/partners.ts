import type { Role } from '@constellation/shared';
import { MembershipEntity, PartnerEntity } from '../../database/entities';
import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { demoId } from '../demo/ids';
import { JOIN_REQUEST, MEMBER_ORGANISATIONS, OPEN_INVITATION } from '../demo/organisations';
import { partnerAdminOf, PEOPLE } from '../demo/people';
import type { SeedStep } from './context';
import {
  endorsedAt,
  invitationAt,
  invitedAt,
  joinedAt,
  joinRequestAt,
  later,
  personAddedAt,
} from './timeline';

/**
 * Partner rows (backbone, partners, funders as active; the join request as pending; the
 * invited organisation as invited) and everyone's membership.
 */
export const partnersStep: SeedStep = {
  name: 'partners',
  async run({ m, clock }) {
    const active = MEMBER_ORGANISATIONS.map((org) => {
      const joined = joinedAt(clock, org);
      const endorsed = endorsedAt(clock, org);
      const endorser = org.endorsed ? partnerAdminOf(org.key) : undefined;
      if (org.endorsed && !endorser)
        throw new Error(`demo organisation ${org.key} endorses but has no admin`);
      return {
        collaborationId: DEMO_COLLABORATION_ID,
        id: demoId('partner', org.key),
        organisationId: demoId('organisation', org.key),
        kind: org.kind,
        status: 'active' as const,
        sector: org.partnerSector ?? org.sector,
        endorsedAgendaVersion: org.endorsed?.version ?? null,
        endorsedAt: endorsed,
        endorsedBy: endorser ? demoId('user', endorser.key) : null,
        joinedAt: joined,
        requestedBy: null,
        requestMessage: null,
        createdAt: invitedAt(clock, org),
        updatedAt: endorsed ? later(joined, endorsed) : joined,
      };
    });
    const requestedAt = joinRequestAt(clock);
    const pending = {
      collaborationId: DEMO_COLLABORATION_ID,
      id: demoId('partner', JOIN_REQUEST.key),
      organisationId: demoId('organisation', JOIN_REQUEST.key),
      kind: 'partner' as const,
      status: 'pending' as const,
      sector: JOIN_REQUEST.sector,
      endorsedAgendaVersion: null,
      endorsedAt: null,
      endorsedBy: null,
      joinedAt: null,
      requestedBy: demoId('user', JOIN_REQUEST.requestedBy),
      requestMessage: JOIN_REQUEST.message,
      createdAt: requestedAt,
      updatedAt: requestedAt,
    };
    const invitedOn = invitationAt(clock);
    const invited = {
      collaborationId: DEMO_COLLABORATION_ID,
      id: demoId('partner', OPEN_INVITATION.key),
      organisationId: demoId('organisation', OPEN_INVITATION.key),
      kind: 'partner' as const,
      status: 'invited' as const,
      sector: OPEN_INVITATION.sector,
      endorsedAgendaVersion: null,
      endorsedAt: null,
      endorsedBy: null,
      joinedAt: null,
      requestedBy: null,
      requestMessage: null,
      createdAt: invitedOn,
      updatedAt: invitedOn,
    };
    await m.insert(PartnerEntity, [...active, pending, invited]);

    const memberships = PEOPLE.filter(
      (person): person is typeof person & { role: Role } => person.role !== null,
    ).map((person) => {
      const createdAt = personAddedAt(clock, person);
      return {
        collaborationId: DEMO_COLLABORATION_ID,
        id: demoId('membership', person.key),
        userId: demoId('user', person.key),
        partnerId: demoId('partner', person.organisation),
        role: person.role,
        createdAt,
        updatedAt: createdAt,
      };
    });
    await m.insert(MembershipEntity, memberships);

    const count = (pred: (x: (typeof active)[number]) => boolean) => active.filter(pred).length;
    const byRole: Record<string, number> = {};
    for (const ms of memberships) byRole[ms.role] = (byRole[ms.role] ?? 0) + 1;
    return [
      {
        entity: 'partner',
        entityId: null,
        after: {
          backbone: count((p) => p.kind === 'backbone'),
          partners: count((p) => p.kind === 'partner'),
          funders: count((p) => p.kind === 'funder'),
          pendingJoinRequests: 1,
          invited: 1,
        },
      },
      { entity: 'membership', entityId: null, after: { count: memberships.length, byRole } },
    ];
  },
};
