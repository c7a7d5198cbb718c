import type {
  CreateInvitationInput,
  InvitationStatus,
  InvitationView,
  JoinRequestView,
  MemberView,
  PartnerStatus,
  PartnerView,
  UpdateMemberInput,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { InvitationStatus, PartnerStatus };
export type Partner = PartnerView;
/** An invitation; `acceptUrl` only in the answer that created it. */
export type Invitation = InvitationView;
export type JoinRequest = JoinRequestView;
export type Member = MemberView;

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
