import type { DecisionCreateInput, DecisionDecideInput, DecisionStanceInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { agendaKeys } from '../../agenda/hooks/use-agenda';
import { collaborationKeys } from '../../collaborations/hooks/use-collaborations';
import { indicatorKeys } from '../../indicators/hooks/use-indicators';
import { createDecision, decide, getDecision, listDecisions, setStance, withdrawStance } from '../api/decisions-api';

export const decisionKeys = {
  all: (cid: string) => ['decisions', cid] as const,
  list: (cid: string) => ['decisions', cid, 'list'] as const,
  detail: (cid: string, id: string) => ['decisions', cid, 'detail', id] as const,
};

export function useDecisions(cid: string) {
  return useQuery({ queryKey: decisionKeys.list(cid), queryFn: () => listDecisions(cid), select: (d) => d.items });
}

export function useDecision(cid: string, id: string) {
  return useQuery({ queryKey: decisionKeys.detail(cid, id), queryFn: () => getDecision(cid, id), enabled: !!id });
}

export function useDecisionMutations(cid: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: decisionKeys.all(cid) });
  return {
    create: useMutation({ mutationFn: (body: DecisionCreateInput) => createDecision(cid, body), onSuccess: done }),
    stance: useMutation({ mutationFn: ({ id, body }: { id: string; body: DecisionStanceInput }) => setStance(cid, id, body), onSuccess: done }),
    withdraw: useMutation({ mutationFn: (id: string) => withdrawStance(cid, id), onSuccess: done }),
    decide: useMutation({
      mutationFn: ({ id, body }: { id: string; body: DecisionDecideInput }) => decide(cid, id, body),
      onSuccess: async () => {
        await done();
        // An accepted change moved an indicator or the agenda.
        await qc.invalidateQueries({ queryKey: indicatorKeys.all(cid) });
        await qc.invalidateQueries({ queryKey: collaborationKeys.detail(cid) });
        await qc.invalidateQueries({ queryKey: agendaKeys.current(cid) });
        await qc.invalidateQueries({ queryKey: agendaKeys.versions(cid) });
      },
    }),
  };
}
