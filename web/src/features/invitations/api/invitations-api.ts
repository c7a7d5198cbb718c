import type { AcceptInvitationInput, Role } from '@constellation/shared';
import { api } from '../../../lib/api-client';
import type { AgendaVersion, Goal } from '../../collaborations/api/collaborations-api';

export interface InvitationPreview {
  status: string;
  email: string;
  role: Role;
  organisation: { name: string } | null;
  collaboration: { id: string; name: string; slug: string };
  invitedBy: { name: string } | null;
  expiresAt: string;
  /** A personal note from the person who invited. */
  message?: string | null;
  /** Accepting must send endorsedAgendaVersion (partner organisations). */
  requiresEndorsement?: boolean;
  agenda: AgendaVersion;
  goals: Goal[];
}

export interface AcceptResult {
  collaborationId: string;
  partnerId: string | null;
  role: Role;
}

export const getInvitation = (token: string) =>
  api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`, { allow401: true });
export const acceptInvitation = (token: string, body: AcceptInvitationInput) =>
  api.post<AcceptResult>(`/invitations/${encodeURIComponent(token)}/accept`, body);
