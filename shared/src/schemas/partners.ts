import { z } from 'zod';
import { email, nonEmptyText, optionalText, uuid } from './common';

export const SECTORS = [
  'education',
  'health',
  'housing',
  'employment',
  'public_sector',
  'library_culture',
  'business',
  'funder',
  'community',
  'faith',
  'other',
] as const;

/** Roles an invitation can grant. */
export const INVITABLE_ROLES = ['backbone_staff', 'partner_admin', 'partner_contributor', 'funder'] as const;

export const createInvitationSchema = z.strictObject({
  email,
  /** For a new organisation: its name. Ignored when organisationId is given. */
  organisationName: optionalText(200).optional(),
  /** An organisation already in the platform (e.g. one partner admin inviting a colleague). */
  organisationId: uuid.optional(),
  sector: z.enum(SECTORS).optional(),
  role: z.enum(INVITABLE_ROLES),
  message: optionalText(2000).optional(),
});
export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;

/** Roles a partner admin can give a colleague of their own organisation. */
export const PARTNER_INVITABLE_ROLES = ['partner_admin', 'partner_contributor'] as const;

/** A colleague invited into one partner organisation (POST …/partners/:partnerId/invitations). */
export const createPartnerInvitationSchema = createInvitationSchema.extend({
  role: z.enum(PARTNER_INVITABLE_ROLES, { message: `must be one of ${PARTNER_INVITABLE_ROLES.join(', ')}` }),
});
export type CreatePartnerInvitationInput = z.infer<typeof createPartnerInvitationSchema>;

export const acceptInvitationSchema = z.strictObject({
  /** The agenda version the invitee read and endorses (partners only). */
  endorsedAgendaVersion: z.number().int().min(1).optional(),
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

export const endorseSchema = z.strictObject({
  agendaVersion: z.number().int().min(1),
});
export type EndorseInput = z.infer<typeof endorseSchema>;

export const joinRequestSchema = z.strictObject({
  joinCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{8}$/, { message: 'must be the 8-character join code' }),
  organisationName: nonEmptyText(200),
  sector: z.enum(SECTORS).optional(),
  message: optionalText(2000).optional(),
});
export type JoinRequestInput = z.infer<typeof joinRequestSchema>;

export const decideJoinRequestSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: optionalText(1000).optional(),
});
export type DecideJoinRequestInput = z.infer<typeof decideJoinRequestSchema>;

export const updateMemberSchema = z.strictObject({
  role: z.enum(['backbone_admin', 'backbone_staff', 'partner_admin', 'partner_contributor', 'funder']),
});
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

/* Answers of the partners, invitations and members routes (see docs/API.md). Dates are ISO strings. */
export type PartnerKind = 'backbone' | 'partner' | 'funder';
export type PartnerStatus = 'invited' | 'pending' | 'active' | 'left' | 'rejected';
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface PartnerView {
  id: string;
  organisation: { id: string; name: string };
  kind: PartnerKind;
  status: PartnerStatus;
  sector: string | null;
  endorsedAgendaVersion: number | null;
  endorsedAt: string | null;
  endorsesCurrentAgenda: boolean;
  joinedAt: string | null;
  memberCount: number;
}

export interface InvitationView {
  id: string;
  email: string;
  role: (typeof INVITABLE_ROLES)[number];
  organisation: { id: string; name: string };
  partnerId: string;
  status: InvitationStatus;
  message: string | null;
  expiresAt: string;
  invitedBy: { id: string; name: string };
  createdAt: string;
  /** Only in the answer that created it. */
  acceptUrl?: string;
}

export interface MemberView {
  membershipId: string;
  user: { id: string; name: string; email: string };
  role: (typeof updateMemberSchema.shape.role.options)[number];
  partner: { id: string; organisationName: string; kind: PartnerKind };
  createdAt: string;
}

export interface JoinRequestView {
  partnerId: string;
  organisation: { id: string; name: string };
  sector: string | null;
  requestedBy: { id: string; name: string; email: string } | null;
  message: string | null;
  createdAt: string;
}

export const auditQuerySchema = z.strictObject({
  entity: optionalText(60).optional(),
  action: optionalText(60).optional(),
  actorId: uuid.optional(),
  outcome: z.enum(['success', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** GET /invitations/:token — what the invitee reads before accepting. */
export interface InvitationPreview {
  status: 'pending';
  email: string;
  role: (typeof INVITABLE_ROLES)[number];
  organisation: { name: string };
  collaboration: { id: string; name: string; slug: string };
  invitedBy: { name: string };
  message: string | null;
  expiresAt: string;
  /** True when accepting must send endorsedAgendaVersion (= agenda.version). */
  requiresEndorsement: boolean;
  agenda: {
    version: number;
    problemStatement: string;
    vision: string;
    principles: string[];
    geography: string;
    form: string;
    fiscalYearStartMonth: number;
    timeZone: string;
    requiresApproval: boolean;
    changeNote: string;
    author: { id: string; name: string };
    createdAt: string;
  };
  goals: Array<{
    id: string;
    title: string;
    description: string;
    targetDate: string;
    position: number;
    strategies: Array<{ id: string; name: string; description: string; position: number }>;
  }>;
}
