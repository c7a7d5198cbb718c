import type { CreateInvitationInput, UpdateMemberInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../../auth/hooks/use-me';
import { collaborationKeys } from '../../collaborations/hooks/use-collaborations';
import {
  createInvitation,
  createOwnOrgInvitation,
  decideJoinRequest,
  listInvitations,
  listJoinRequests,
  listMembers,
  listPartners,
  removeMember,
  removePartner,
  revokeInvitation,
  updateMember,
} from '../api/partners-api';

export const partnerKeys = {
  partners: (id: string) => ['partners', id] as const,
  invitations: (id: string) => ['invitations', id] as const,
  joinRequests: (id: string) => ['join-requests', id] as const,
  members: (id: string) => ['members', id] as const,
};

export function usePartners(cid: string, enabled = true) {
  return useQuery({ queryKey: partnerKeys.partners(cid), queryFn: () => listPartners(cid), select: (d) => d.items, enabled });
}
export function useInvitations(cid: string, enabled = true) {
  return useQuery({ queryKey: partnerKeys.invitations(cid), queryFn: () => listInvitations(cid), select: (d) => d.items, enabled });
}
export function useJoinRequests(cid: string, enabled = true) {
  return useQuery({ queryKey: partnerKeys.joinRequests(cid), queryFn: () => listJoinRequests(cid), select: (d) => d.items, enabled });
}
export function useMembers(cid: string, enabled = true) {
  return useQuery({ queryKey: partnerKeys.members(cid), queryFn: () => listMembers(cid), select: (d) => d.items, enabled });
}

function useInvalidateAll(cid: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: partnerKeys.partners(cid) }),
      qc.invalidateQueries({ queryKey: partnerKeys.invitations(cid) }),
      qc.invalidateQueries({ queryKey: partnerKeys.joinRequests(cid) }),
      qc.invalidateQueries({ queryKey: partnerKeys.members(cid) }),
      qc.invalidateQueries({ queryKey: collaborationKeys.list }),
    ]);
}

export function useCreateInvitation(cid: string, ownPartnerId?: string | null) {
  const invalidate = useInvalidateAll(cid);
  return useMutation({
    mutationFn: (body: CreateInvitationInput) => (ownPartnerId ? createOwnOrgInvitation(cid, ownPartnerId, body) : createInvitation(cid, body)),
    onSuccess: invalidate,
  });
}

export function useRevokeInvitation(cid: string) {
  const invalidate = useInvalidateAll(cid);
  return useMutation({ mutationFn: (invitationId: string) => revokeInvitation(cid, invitationId), onSuccess: invalidate });
}

export function useDecideJoinRequest(cid: string) {
  const invalidate = useInvalidateAll(cid);
  return useMutation({
    mutationFn: ({ partnerId, decision, reason }: { partnerId: string; decision: 'approve' | 'reject'; reason?: string }) =>
      decideJoinRequest(cid, partnerId, decision, reason),
    onSuccess: invalidate,
  });
}

export function useRemovePartner(cid: string) {
  const invalidate = useInvalidateAll(cid);
  return useMutation({ mutationFn: (partnerId: string) => removePartner(cid, partnerId), onSuccess: invalidate });
}

export function useUpdateMember(cid: string) {
  const invalidate = useInvalidateAll(cid);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ membershipId, body }: { membershipId: string; body: UpdateMemberInput }) => updateMember(cid, membershipId, body),
    onSuccess: async () => {
      await invalidate();
      await qc.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useRemoveMember(cid: string) {
  const invalidate = useInvalidateAll(cid);
  return useMutation({ mutationFn: (membershipId: string) => removeMember(cid, membershipId), onSuccess: invalidate });
}
