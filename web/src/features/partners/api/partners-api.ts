import type { CreateInvitationInput, Role, UpdateMemberInput } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type PartnerStatus = 'invited' | 'active' | 'left' | 'pending' | 'rejected' | string;

export interface Partner {
  id: string;
  organisation: { id: string; name: string };
  kind: 'backbone' | 'partner' | 'funder' | string;
  status: PartnerStatus;
  sector: string | null;
  endorsedAgendaVersion: number | null;
  endorsedAt: string | null;
  endorsesCurrentAgenda: boolean;
  joinedAt: string | null;
  memberCount: number;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  organisation: { id: string; name: string } | null;
  partnerId: string | null;
  status: InvitationStatus;
  expiresAt: string;
  invitedBy: { id: string; name: string } | null;
  createdAt: string;
  /** Only in the answer to creating it. */
  acceptUrl?: string;
}

export interface JoinRequest {
  partnerId: string;
  organisation: { id: string; name: string };
  sector: string | null;
  requestedBy: { id: string; name: string; email: string };
  message: string | null;
  createdAt: string;
}

export interface Member {
  membershipId: string;
  user: { id: string; name: string; email: string };
  role: Role;
  partner: { id: string; organisationName: string; kind: string } | null;
  createdAt: string;
}

const base = (id: string) => `/collaborations/${encodeURIComponent(id)}`;
const seg = encodeURIComponent;

export const listPartners = (cid: string) => api.get<{ items: Partner[] }>(`${base(cid)}/partners`);
export const removePartner = (cid: string, partnerId: string) => api.delete(`${base(cid)}/partners/${seg(partnerId)}`);

export const listInvitations = (cid: string) => api.get<{ items: Invitation[] }>(`${base(cid)}/invitations`);
export const createInvitation = (cid: string, body: CreateInvitationInput) => api.post<Invitation>(`${base(cid)}/invitations`, body);
export const createOwnOrgInvitation = (cid: string, partnerId: string, body: CreateInvitationInput) =>
  api.post<Invitation>(`${base(cid)}/partners/${seg(partnerId)}/invitations`, body);
export const revokeInvitation = (cid: string, invitationId: string) =>
  api.post<Invitation>(`${base(cid)}/invitations/${seg(invitationId)}/revoke`);

export const listJoinRequests = (cid: string) => api.get<{ items: JoinRequest[] }>(`${base(cid)}/join-requests`);
export const decideJoinRequest = (cid: string, partnerId: string, decision: 'approve' | 'reject', reason?: string) =>
  api.post<Partner>(`${base(cid)}/join-requests/${seg(partnerId)}/decision`, reason ? { decision, reason } : { decision });

export const listMembers = (cid: string) => api.get<{ items: Member[] }>(`${base(cid)}/members`);
export const updateMember = (cid: string, membershipId: string, body: UpdateMemberInput) =>
  api.patch<Member>(`${base(cid)}/members/${seg(membershipId)}`, body);
export const removeMember = (cid: string, membershipId: string) => api.delete(`${base(cid)}/members/${seg(membershipId)}`);
