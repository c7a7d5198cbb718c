import { ActivityEntity, ActivityIndicatorEntity, ActivityUpdateEntity } from './activity.entity';
import { ApiTokenEntity, IdempotencyKeyEntity } from './api-token.entity';
import { CommitmentEntity } from './commitment.entity';
import { DimensionCategoryEntity, DimensionEntity } from './dimension.entity';
import {
  IndicatorDimensionEntity,
  IndicatorEntity,
  IndicatorRevisionEntity,
  IndicatorTargetEntity,
} from './indicator.entity';
import { IndicatorValueEntity, OutboxEntity, PeriodLockEntity, ValueRevisionEntity } from './indicator-value.entity';
import { AgendaVersionEntity } from './agenda-version.entity';
import { AuditEventEntity } from './audit-event.entity';
import { CollaborationEntity } from './collaboration.entity';
import { GoalEntity } from './goal.entity';
import { InvitationEntity } from './invitation.entity';
import { MembershipEntity } from './membership.entity';
import { OrganisationEntity } from './organisation.entity';
import { PartnerEntity } from './partner.entity';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { IndicatorTrajectoryEntity, ProgressEntity, WinEntity } from './progress.entity';
import { RollupEntity } from './rollup.entity';
import { SessionEntity } from './session.entity';
import { StrategyEntity } from './strategy.entity';
import { UserEntity } from './user.entity';

export {
  ActivityEntity,
  ActivityIndicatorEntity,
  ActivityUpdateEntity,
  ApiTokenEntity,
  IdempotencyKeyEntity,
  CommitmentEntity,
  DimensionCategoryEntity,
  DimensionEntity,
  IndicatorDimensionEntity,
  IndicatorEntity,
  IndicatorRevisionEntity,
  IndicatorTargetEntity,
  IndicatorValueEntity,
  OutboxEntity,
  PeriodLockEntity,
  ValueRevisionEntity,
  AgendaVersionEntity,
  AuditEventEntity,
  CollaborationEntity,
  GoalEntity,
  InvitationEntity,
  MembershipEntity,
  OrganisationEntity,
  PartnerEntity,
  PasswordResetTokenEntity,
  RollupEntity,
  SessionEntity,
  StrategyEntity,
  UserEntity,
  ProgressEntity,
  WinEntity,
  IndicatorTrajectoryEntity,
};

export const ENTITIES = [
  ActivityEntity,
  ActivityIndicatorEntity,
  ActivityUpdateEntity,
  ApiTokenEntity,
  IdempotencyKeyEntity,
  CommitmentEntity,
  DimensionCategoryEntity,
  DimensionEntity,
  IndicatorDimensionEntity,
  IndicatorEntity,
  IndicatorRevisionEntity,
  IndicatorTargetEntity,
  IndicatorValueEntity,
  OutboxEntity,
  PeriodLockEntity,
  ValueRevisionEntity,
  AgendaVersionEntity,
  AuditEventEntity,
  CollaborationEntity,
  GoalEntity,
  InvitationEntity,
  MembershipEntity,
  OrganisationEntity,
  PartnerEntity,
  PasswordResetTokenEntity,
  RollupEntity,
  SessionEntity,
  StrategyEntity,
  UserEntity,
  ProgressEntity,
  WinEntity,
  IndicatorTrajectoryEntity,
];
