import { AgendaVersionEntity } from './agenda-version.entity';
import { AuditEventEntity } from './audit-event.entity';
import { CollaborationEntity } from './collaboration.entity';
import { GoalEntity } from './goal.entity';
import { InvitationEntity } from './invitation.entity';
import { MembershipEntity } from './membership.entity';
import { OrganisationEntity } from './organisation.entity';
import { PartnerEntity } from './partner.entity';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { SessionEntity } from './session.entity';
import { StrategyEntity } from './strategy.entity';
import { UserEntity } from './user.entity';

export {
  AgendaVersionEntity,
  AuditEventEntity,
  CollaborationEntity,
  GoalEntity,
  InvitationEntity,
  MembershipEntity,
  OrganisationEntity,
  PartnerEntity,
  PasswordResetTokenEntity,
  SessionEntity,
  StrategyEntity,
  UserEntity,
};

export const ENTITIES = [
  AgendaVersionEntity,
  AuditEventEntity,
  CollaborationEntity,
  GoalEntity,
  InvitationEntity,
  MembershipEntity,
  OrganisationEntity,
  PartnerEntity,
  PasswordResetTokenEntity,
  SessionEntity,
  StrategyEntity,
  UserEntity,
];
