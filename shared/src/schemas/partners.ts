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

export const acceptInvitationSchema = z.strictObject({
  /** The agenda version the invitee read and endorses (partners only). */
  endorsedAgendaVersion: z.number().int().min(1).optional(),
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

export const endorseSchema = z.strictObject({
  agendaVersion: z.number().int().min(1),
});

export const joinRequestSchema = z.strictObject({
  joinCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, { message: 'must be the 8-character join code' }),
  organisationName: nonEmptyText(200),
  sector: z.enum(SECTORS).optional(),
  message: optionalText(2000).optional(),
});
export type JoinRequestInput = z.infer<typeof joinRequestSchema>;

export const decideJoinRequestSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: optionalText(1000).optional(),
});

export const updateMemberSchema = z.strictObject({
  role: z.enum(['backbone_admin', 'backbone_staff', 'partner_admin', 'partner_contributor', 'funder']),
});
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

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
