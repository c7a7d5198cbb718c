import type { DecisionCreateInput, DecisionDecideInput, DecisionStanceInput, DecisionSummaryView, DecisionView } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { DecisionSummaryView, DecisionView } from '@constellation/shared';

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}/decisions`;

export const listDecisions = (cid: string) => api.get<{ items: DecisionSummaryView[] }>(base(cid));
export const getDecision = (cid: string, id: string) => api.get<DecisionView>(`${base(cid)}/${encodeURIComponent(id)}`);
export const createDecision = (cid: string, body: DecisionCreateInput) => api.post<DecisionView>(base(cid), body);
export const setStance = (cid: string, id: string, body: DecisionStanceInput) =>
  api.put<DecisionView>(`${base(cid)}/${encodeURIComponent(id)}/stance`, body);
export const withdrawStance = (cid: string, id: string) => api.delete<DecisionView>(`${base(cid)}/${encodeURIComponent(id)}/stance`);
export const decide = (cid: string, id: string, body: DecisionDecideInput) =>
  api.post<DecisionView>(`${base(cid)}/${encodeURIComponent(id)}/decide`, body);
