/** Every entity file; ENTITIES (for the data source) is derived from their exported classes. */
import * as activity_entity from './activity.entity';
import * as agenda_version_entity from './agenda-version.entity';
import * as api_token_entity from './api-token.entity';
import * as audit_event_entity from './audit-event.entity';
import * as collaboration_entity from './collaboration.entity';
import * as commitment_entity from './commitment.entity';
import * as dimension_entity from './dimension.entity';
import * as goal_entity from './goal.entity';
import * as indicator_value_entity from './indicator-value.entity';
import * as indicator_entity from './indicator.entity';
import * as invitation_entity from './invitation.entity';
import * as membership_entity from './membership.entity';
import * as organisation_entity from './organisation.entity';
import * as partner_entity from './partner.entity';
import * as password_reset_token_entity from './password-reset-token.entity';
import * as progress_entity from './progress.entity';
import * as rollup_entity from './rollup.entity';
import * as session_entity from './session.entity';
import * as shared_dashboard_entity from './shared-dashboard.entity';
import * as strategy_entity from './strategy.entity';
import * as user_entity from './user.entity';

export * from './activity.entity';
export * from './agenda-version.entity';
export * from './api-token.entity';
export * from './audit-event.entity';
export * from './collaboration.entity';
export * from './commitment.entity';
export * from './dimension.entity';
export * from './goal.entity';
export * from './indicator-value.entity';
export * from './indicator.entity';
export * from './invitation.entity';
export * from './membership.entity';
export * from './organisation.entity';
export * from './partner.entity';
export * from './password-reset-token.entity';
export * from './progress.entity';
export * from './rollup.entity';
export * from './session.entity';
export * from './shared-dashboard.entity';
export * from './strategy.entity';
export * from './user.entity';

/** Every entity class (entity files export only classes and types at runtime). */
export const ENTITIES = [
  ...Object.values(activity_entity),
  ...Object.values(agenda_version_entity),
  ...Object.values(api_token_entity),
  ...Object.values(audit_event_entity),
  ...Object.values(collaboration_entity),
  ...Object.values(commitment_entity),
  ...Object.values(dimension_entity),
  ...Object.values(goal_entity),
  ...Object.values(indicator_value_entity),
  ...Object.values(indicator_entity),
  ...Object.values(invitation_entity),
  ...Object.values(membership_entity),
  ...Object.values(organisation_entity),
  ...Object.values(partner_entity),
  ...Object.values(password_reset_token_entity),
  ...Object.values(progress_entity),
  ...Object.values(rollup_entity),
  ...Object.values(session_entity),
  ...Object.values(shared_dashboard_entity),
  ...Object.values(strategy_entity),
  ...Object.values(user_entity),
];
