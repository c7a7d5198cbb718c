import type { SaveAgendaInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { collaborationKeys } from '../../collaborations/hooks/use-collaborations';
import { partnerKeys } from '../../partners/hooks/use-partners';
import { endorseAgenda, getAgenda, listAgendaVersions, saveAgenda } from '../api/agenda-api';

export const agendaKeys = {
  current: (id: string) => ['agenda', id] as const,
  versions: (id: string) => ['agenda-versions', id] as const,
};

export function useAgenda(collaborationId: string) {
  return useQuery({ queryKey: agendaKeys.current(collaborationId), queryFn: () => getAgenda(collaborationId) });
}

export function useAgendaVersions(collaborationId: string) {
  return useQuery({
    queryKey: agendaKeys.versions(collaborationId),
    queryFn: () => listAgendaVersions(collaborationId),
    select: (d) => d.items,
  });
}

export function useSaveAgenda(collaborationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveAgendaInput) => saveAgenda(collaborationId, body),
    onSuccess: async (version) => {
      qc.setQueryData(agendaKeys.current(collaborationId), version);
      await Promise.all([
        qc.invalidateQueries({ queryKey: agendaKeys.versions(collaborationId) }),
        qc.invalidateQueries({ queryKey: collaborationKeys.detail(collaborationId) }),
        qc.invalidateQueries({ queryKey: partnerKeys.partners(collaborationId) }),
      ]);
    },
  });
}

export function useEndorseAgenda(collaborationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ partnerId, version }: { partnerId: string; version: number }) => endorseAgenda(collaborationId, partnerId, version),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: agendaKeys.versions(collaborationId) }),
        qc.invalidateQueries({ queryKey: partnerKeys.partners(collaborationId) }),
      ]),
  });
}
