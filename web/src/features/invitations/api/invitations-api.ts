import type { AcceptInvitationInput, InvitationPreview, Role } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { InvitationPreview };

export interface AcceptResult {
  collaborationId: string;
  partnerId: string | null;
  role: Role;
}

export const getInvitation = (token: string) =>
  api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`, { allow401: true });
export const acceptInvitation = (token: string, body: AcceptInvitationInput) =>
  api.post<AcceptResult>(`/invitations/${encodeURIComponent(token)}/accept`, body);
