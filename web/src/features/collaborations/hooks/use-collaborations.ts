import type { UpdateCollaborationInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../../auth/hooks/use-me';
import {
  archiveCollaboration,
  createCollaboration,
  getCollaboration,
  listCollaborations,
  requestToJoin,
  unarchiveCollaboration,
  updateCollaboration,
} from '../api/collaborations-api';

export const collaborationKeys = {
  list: ['collaborations'] as const,
  detail: (id: string) => ['collaboration', id] as const,
};

export function useCollaborations() {
  return useQuery({ queryKey: collaborationKeys.list, queryFn: listCollaborations, select: (d) => d.items });
}

export function useCollaboration(id: string | undefined) {
  return useQuery({
    queryKey: collaborationKeys.detail(id ?? ''),
    queryFn: () => getCollaboration(id!),
    enabled: !!id,
  });
}

export function useCreateCollaboration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createCollaboration,
    onSuccess: async (detail) => {
      qc.setQueryData(collaborationKeys.detail(detail.id), detail);
      await Promise.all([
        qc.invalidateQueries({ queryKey: meQueryKey }),
        qc.invalidateQueries({ queryKey: collaborationKeys.list }),
      ]);
    },
  });
}

export function useUpdateCollaboration(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCollaborationInput) => updateCollaboration(id, body),
    onSuccess: async (detail) => {
      qc.setQueryData(collaborationKeys.detail(id), detail);
      await Promise.all([
        qc.invalidateQueries({ queryKey: meQueryKey }),
        qc.invalidateQueries({ queryKey: collaborationKeys.list }),
      ]);
    },
  });
}

export function useArchiveCollaboration(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (archive: boolean) => (archive ? archiveCollaboration(id) : unarchiveCollaboration(id)),
    onSuccess: async (detail) => {
      qc.setQueryData(collaborationKeys.detail(id), detail);
      await Promise.all([
        qc.invalidateQueries({ queryKey: meQueryKey }),
        qc.invalidateQueries({ queryKey: collaborationKeys.list }),
      ]);
    },
  });
}

export function useRequestToJoin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: requestToJoin,
    onSuccess: () => qc.invalidateQueries({ queryKey: collaborationKeys.list }),
  });
}
