/**
 * Roles and permissions: defined once here, used by the api guard and by the web app
 * to decide what to show. A role holds permissions within ONE collaboration.
 */
export const ROLES = ['backbone_admin', 'backbone_staff', 'partner_admin', 'partner_contributor', 'funder'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  backbone_admin: 'Backbone admin',
  backbone_staff: 'Backbone staff',
  partner_admin: 'Partner admin',
  partner_contributor: 'Partner contributor',
  funder: 'Funder',
};

export const PERMISSIONS = [
  /** See the collaboration, its agenda, goals and strategies. */
  'collaboration.read',
  /** Edit name and settings; archive. */
  'collaboration.manage',
  /** Save a new version of the common agenda. */
  'agenda.edit',
  /** Create, edit, delete goals and strategies. */
  'goals.manage',
  /** See the list of partners and their status. */
  'partners.read',
  /** Invite organisations (partners, funders), approve join requests, remove partners. */
  'partners.manage',
  /** See the people in the collaboration and their roles. */
  'members.read',
  /** Change anyone's role, remove members, invite backbone staff. */
  'members.manage',
  /** Invite and manage users of one's OWN organisation (partner admins). */
  'members.manage_own_org',
  /** Endorse the common agenda on behalf of one's own organisation. */
  'agenda.endorse',
  /** Read the audit log. */
  'audit.read',
  /** Create, edit and retire indicators, dimensions and targets; import and export indicator sets. */
  'indicators.manage',
  /** See indicator values: all partners' for the backbone, one's own organisation's for partners. */
  'values.read',
  /** Enter, revise and submit values for one's OWN organisation. */
  'values.write',
  /** Approve or return submitted values, close and reopen periods, see every partner's values. */
  'values.review',
  /** Set which indicators an organisation reports (partner admins: their own organisation). */
  'commitments.manage',
  /** Log and update activities (partners: their own organisation's). */
  'activities.manage',
  /** Create and revoke API tokens for partner systems (partner admins: their own organisation). */
  'tokens.manage',
  /** Publish read-only public dashboards of chosen indicators (all-partner aggregates) at a revocable link, and revoke them. */
  'sharing.manage',
  /** Post to the updates feed, edit and delete one's own posts, react to posts. */
  'updates.post',
  /** Pin and unpin updates; delete anyone's update. */
  'updates.manage',
  /** Write learning-log entries (and edit or delete one's own; the backbone edits any). */
  'learning.write',
  /** Open a shared-decision proposal (backbone and partner admins). */
  'decisions.propose',
  /** Support or object to a proposal. */
  'decisions.discuss',
  /** Record the decision on a proposal (accept and apply it, or reject it). */
  'decisions.decide',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: Permission[] = [...PERMISSIONS];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  backbone_admin: ALL,
  backbone_staff: [
    'collaboration.read',
    'agenda.edit',
    'goals.manage',
    'partners.read',
    'partners.manage',
    'members.read',
    'indicators.manage',
    'values.read',
    'values.review',
    'commitments.manage',
    'activities.manage',
    'sharing.manage',
    'updates.post',
    'updates.manage',
    'learning.write',
    'decisions.propose',
    'decisions.discuss',
    'decisions.decide',
  ],
  partner_admin: [
    'collaboration.read',
    'partners.read',
    'members.read',
    'members.manage_own_org',
    'agenda.endorse',
    'values.read',
    'values.write',
    'commitments.manage',
    'activities.manage',
    'tokens.manage',
    'updates.post',
    'learning.write',
    'decisions.propose',
    'decisions.discuss',
  ],
  partner_contributor: [
    'collaboration.read',
    'partners.read',
    'members.read',
    'values.read',
    'values.write',
    'activities.manage',
    'updates.post',
    'learning.write',
    'decisions.discuss',
  ],
  funder: ['collaboration.read', 'partners.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

/** Roles an organisation's contact can be invited with. */
export const PARTNER_ROLES: Role[] = ['partner_admin', 'partner_contributor'];
export const BACKBONE_ROLES: Role[] = ['backbone_admin', 'backbone_staff'];
