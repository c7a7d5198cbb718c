import { BACKBONE_ROLES, PARTNER_ROLES, ROLE_LABELS, type Role } from '@constellation/shared';
import type { PartnerKind } from '../../../database/entities/partner.entity';

/** The roles a member of each kind of partner can hold. */
export const ROLES_BY_KIND: Record<PartnerKind, readonly Role[]> = {
  backbone: BACKBONE_ROLES,
  partner: PARTNER_ROLES,
  funder: ['funder'],
};

export const KIND_LABELS: Record<PartnerKind, string> = {
  backbone: 'the backbone organisation',
  partner: 'a partner organisation',
  funder: 'a funder',
};

export function roleFitsKind(role: Role, kind: PartnerKind): boolean {
  return ROLES_BY_KIND[kind].includes(role);
}

/** "must be one of Partner admin (partner_admin), … for a member of a funder" */
export function roleMismatchMessage(kind: PartnerKind): string {
  const allowed = ROLES_BY_KIND[kind].map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ');
  return `must be ${ROLES_BY_KIND[kind].length > 1 ? 'one of ' : ''}${allowed} for someone of ${KIND_LABELS[kind]}`;
}

/** The partner kind an invitation role creates for a new organisation. */
export function kindForRole(role: Role): PartnerKind {
  if (role === 'funder') return 'funder';
  if (role === 'backbone_admin' || role === 'backbone_staff') return 'backbone';
  return 'partner';
}

/** Roles an invitation can carry (backbone admins are made by promotion, not invitation). */
export type InvitableRole = Exclude<Role, 'backbone_admin'>;
